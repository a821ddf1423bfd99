import Testing
import Yams

@testable import FinetuneKit

/// The validator must be able to say no, or the schema tests prove nothing.
@Suite("CRD schema validator")
struct SchemaValidatorTests {
  private func violations(_ kind: ClusterJobKind, replacing old: String, with new: String) throws -> [String] {
    let text = KubernetesManifest.render(ManifestFixtures.job(gpus: 4, nodes: 2, token: true), kind: kind)
    #expect(text.contains(old), "the mutation must change something")
    let broken = text.replacingOccurrences(of: old, with: new)
    return try ManifestFixtures.schema(kind).violations(of: ManifestFixtures.parse(broken))
  }

  @Test func misspelledFieldsAreUnknown() throws {
    let pytorch = try violations(.pyTorchJob, replacing: "volumeMounts:", with: "volumeMount:")
    #expect(pytorch.contains(".spec.pytorchReplicaSpecs.Master.template.spec.containers[0]: unknown field 'volumeMount'"))
    let train = try violations(.trainJob, replacing: "numNodes:", with: "numNode:")
    #expect(train == [".spec.trainer: unknown field 'numNode'"])
  }

  @Test func wrongTypesAreCaught() throws {
    let replicas = try violations(.pyTorchJob, replacing: "replicas: 1", with: "replicas: '1'")
    #expect(replicas.contains(".spec.pytorchReplicaSpecs.Master.replicas: must be an integer"))
    let gpus = try violations(.trainJob, replacing: "nvidia.com/gpu: 4", with: "nvidia.com/gpu: four")
    #expect(gpus.count == 1)
    #expect(gpus.first?.hasPrefix(".spec.trainer.resourcesPerNode.limits.nvidia.com/gpu: 'four' does not match") == true)
    let optional = try violations(.pyTorchJob, replacing: "optional: true", with: "optional: 'yes'")
    #expect(
      optional.contains(
        ".spec.pytorchReplicaSpecs.Master.template.spec.containers[0].env[1].valueFrom.secretKeyRef.optional: must be a boolean"))
    let args = try violations(.trainJob, replacing: "- '3'", with: "- 3")
    #expect(args == [".spec.trainer.args[5]: must be a string"])
  }

  @Test func missingRequiredFieldsAndDuplicatesAreCaught() throws {
    let claim = try violations(.pyTorchJob, replacing: "claimName: git-llm-finetune", with: "claim: git-llm-finetune")
    #expect(
      claim.contains(".spec.pytorchReplicaSpecs.Worker.template.spec.volumes[0].persistentVolumeClaim: missing required field 'claimName'"))
    #expect(claim.contains(".spec.pytorchReplicaSpecs.Worker.template.spec.volumes[0].persistentVolumeClaim: unknown field 'claim'"))
    let runtime = try violations(.trainJob, replacing: "  runtimeRef:", with: "  runtimeReference:")
    #expect(runtime.contains(".spec: missing required field 'runtimeRef'"))
    let env = try violations(.trainJob, replacing: "name: HF_TOKEN", with: "name: HF_HOME")
    #expect(env == [".spec.trainer.env: duplicate entries for the list-map keys"])
    let manager = try violations(.trainJob, replacing: "manager: git-llm", with: "manager: ''")
    #expect(manager == [".spec.runtimePatches[0].manager: shorter than 1"])
  }
}
