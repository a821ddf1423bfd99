import Testing

@testable import FinetuneKit

@Suite("Cluster job validation")
struct ClusterJobValidationTests {
  private func error(_ change: (inout ClusterJob) -> Void) -> String? {
    var job = ManifestFixtures.job(gpus: 1)
    change(&job)
    do {
      try job.validate()
      return nil
    } catch {
      return error.description
    }
  }

  @Test func aGoodJobPasses() {
    #expect(error { _ in } == nil)
    #expect(error { $0.namespace = "ml-team" } == nil)
  }

  @Test func whatTheManifestCannotRepairIsAOneLineError() {
    #expect(
      error { $0.volumeClaim = "My Claim" }
        == "kubernetes job: 'My Claim' is not a PersistentVolumeClaim name (lowercase letters, digits, '-' and '.'); pass the name of an existing claim"
    )
    #expect(error { $0.image = " " }?.hasPrefix("kubernetes job: the training image is empty;") == true)
    #expect(
      error { $0.namespace = "ML_Team" }
        == "kubernetes job: 'ML_Team' is not a namespace name (lowercase letters, digits and '-', at most 63)")
    #expect(error { $0.mountPath = "data" } == "kubernetes job: mount path 'data' must be absolute and have no ':'; use /data")
    #expect(error { $0.nodes = 0 } == "kubernetes job: nodes is 0; use 1 or more")
    #expect(error { $0.gpusPerNode = -1 } == "kubernetes job: GPUs per node is -1; use 0 (CPU only) or more")
    #expect(error { $0.command = [] } == "kubernetes job: the command is empty; pass the training script's command line")
    #expect(error { $0.labels["bad key!"] = "x" }?.contains("'bad key!' is not a label key") == true)
  }

  @Test func huggingFaceCacheLivesOnTheVolume() {
    var job = ManifestFixtures.job()
    #expect(job.huggingFaceHome == "/data/cache/huggingface")
    job.mountPath = "/mnt/train/"
    #expect(job.huggingFaceHome == "/mnt/train/cache/huggingface")
  }
}
