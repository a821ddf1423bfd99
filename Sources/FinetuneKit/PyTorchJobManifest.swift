import Yams

/// Training Operator v1: a Master pod, plus Workers when the run spans more than one node.
enum PyTorchJobManifest {
  /// The operator finds the training container by this name.
  static let containerName = "pytorch"

  static func document(_ parts: PodParts) -> Node {
    var replicas: [(String, Node?)] = [("Master", replica(parts, count: 1))]
    if parts.nodes > 1 { replicas.append(("Worker", replica(parts, count: parts.nodes - 1))) }
    return YAMLNodes.map([
      ("apiVersion", YAMLNodes.string("kubeflow.org/v1")),
      ("kind", YAMLNodes.string("PyTorchJob")),
      ("metadata", parts.metadata),
      ("spec", YAMLNodes.map([("pytorchReplicaSpecs", YAMLNodes.map(replicas))])),
    ])
  }

  static func replica(_ parts: PodParts, count: Int) -> Node {
    let container = YAMLNodes.map([
      ("name", YAMLNodes.string(containerName)),
      ("image", YAMLNodes.string(parts.job.image)),
      ("command", YAMLNodes.strings(parts.job.command)),
      ("args", YAMLNodes.strings(parts.job.arguments)),
      ("env", parts.env),
      ("resources", parts.resources),
      ("volumeMounts", parts.volumeMounts),
    ])
    let pod = YAMLNodes.map([("containers", Node([container])), ("volumes", parts.volumes)])
    let template = YAMLNodes.map([("metadata", parts.labels.map { YAMLNodes.map([("labels", $0)]) }), ("spec", pod)])
    return YAMLNodes.map([
      ("replicas", YAMLNodes.int(count)),
      // OnFailure restarts a crashed pod in place, next to the checkpoints it left on the volume.
      ("restartPolicy", YAMLNodes.string("OnFailure")),
      ("template", template),
    ])
  }
}
