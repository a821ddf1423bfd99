import FinetuneKit
import Foundation

/// `--runner kubernetes --dry-run`: the run as a Kubeflow Training job for the same image and
/// train.py arguments, with the dataset and outputs on a PersistentVolumeClaim
/// (docs/finetune-kubernetes.md).
enum ClusterManifest {
  static let claim = "git-llm-finetune"
  static let mountPath = "/data"

  static func render(_ record: RunRecord, kind: ClusterJobKind, share: ShareFolder) throws -> String {
    let image: String
    if let configured = record.image?.name {
      image = configured
    } else {
      let recipe = ImageRecipe(share: share, baseImage: record.baseImage, withBitsAndBytes: true)
      image = recipe.tag(hash: try recipe.contentHash())
    }
    let gpus =
      GPUSelection.parse(record.gpus.requested).map { request -> Int in
        switch request {
        case .none: return 0
        case .auto, .all: return 1
        case .devices(let list): return list.count
        }
      } ?? 0
    let selection = GPUSelection(requested: record.gpus.requested, devices: nil, count: gpus)
    let launcher = selection.launcher(python: "/opt/git-llm-finetune/venv/bin/python", script: "/opt/git-llm-finetune/train.py")
    let model = record.modelFolder == nil ? record.training.baseModel : mountPath + "/model"
    let arguments =
      Array(launcher.dropFirst(launcher.count > 2 ? 1 : 2))
      + record.training.trainArguments(
        dataset: mountPath + "/dataset", model: model, output: mountPath + "/runs/" + record.id, resume: true)
    let job = ClusterJob(
      name: "git-llm-finetune-" + record.id, namespace: nil, image: image,
      command: launcher.count > 2 ? [launcher[0]] : launcher, arguments: arguments, gpusPerNode: gpus, nodes: 1,
      volumeClaim: claim, mountPath: mountPath, passHFToken: true, labels: ["org.git-llm.run": record.id])
    do {
      try job.validate()
    } catch {
      throw CommandFailure(.usage, error.description)
    }
    return KubernetesManifest.render(job, kind: kind)
  }
}
