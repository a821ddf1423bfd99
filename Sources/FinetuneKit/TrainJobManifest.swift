import Yams

/// Kubeflow Trainer v2: the `torch-distributed` runtime supplies the pod; the TrainJob sets the
/// image, command, arguments, env and resources through `spec.trainer`, and adds the volume
/// through `spec.runtimePatches`.
///
/// `runtimePatches` replaced `podTemplateOverrides` in Trainer v2.2 (kubeflow/trainer#3309,
/// merged 2026-03-11); the schema these manifests are tested against is
/// kubeflow/trainer@0f13bb7a01973a1717651000c746d634bd4161e9
/// manifests/base/crds/trainer.kubeflow.org_trainjobs.yaml.
enum TrainJobManifest {
  static let runtime = "torch-distributed"
  /// The replicated job and container the torch runtimes name `node`.
  static let nodeJob = "node"
  /// Who owns the patch entry; the API keys patches by it.
  static let patchManager = "git-llm"

  static func document(_ parts: PodParts) -> Node {
    YAMLNodes.map([
      ("apiVersion", YAMLNodes.string("trainer.kubeflow.org/v1alpha1")),
      ("kind", YAMLNodes.string("TrainJob")),
      ("metadata", parts.metadata),
      (
        "spec",
        YAMLNodes.map([
          ("runtimeRef", runtimeRef), ("trainer", trainer(parts)), ("runtimePatches", Node([patch(parts)])),
        ])
      ),
    ])
  }

  static var runtimeRef: Node {
    YAMLNodes.map([
      ("name", YAMLNodes.string(runtime)),
      ("apiGroup", YAMLNodes.string("trainer.kubeflow.org")),
      ("kind", YAMLNodes.string("ClusterTrainingRuntime")),
    ])
  }

  static func trainer(_ parts: PodParts) -> Node {
    YAMLNodes.map([
      ("numNodes", YAMLNodes.int(parts.nodes)),
      ("image", YAMLNodes.string(parts.job.image)),
      ("command", YAMLNodes.strings(parts.job.command)),
      ("args", YAMLNodes.strings(parts.job.arguments)),
      // The API refuses env on the `node` container through patches; it goes here.
      ("env", parts.env),
      ("resourcesPerNode", parts.resources),
    ])
  }

  /// runtimePatches[].trainingRuntimeSpec.template (JobSet) .spec.replicatedJobs[node]
  /// .template (Job) .spec.template (Pod): the claim as a volume, mounted into `node`.
  static func patch(_ parts: PodParts) -> Node {
    let container = YAMLNodes.map([("name", YAMLNodes.string(nodeJob)), ("volumeMounts", parts.volumeMounts)])
    let pod = YAMLNodes.map([
      ("metadata", parts.labels.map { YAMLNodes.map([("labels", $0)]) }),
      ("spec", YAMLNodes.map([("containers", Node([container])), ("volumes", parts.volumes)])),
    ])
    let job = YAMLNodes.map([("spec", YAMLNodes.map([("template", pod)]))])
    let replicated = YAMLNodes.map([("name", YAMLNodes.string(nodeJob)), ("template", job)])
    let jobSet = YAMLNodes.map([("spec", YAMLNodes.map([("replicatedJobs", Node([replicated]))]))])
    return YAMLNodes.map([
      ("manager", YAMLNodes.string(patchManager)),
      ("trainingRuntimeSpec", YAMLNodes.map([("template", jobSet)])),
    ])
  }
}
