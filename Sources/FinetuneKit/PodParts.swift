import Yams

/// What both job kinds put in the training pod: the normalised job and its env, mounts, volume.
struct PodParts {
  static let volumeName = "data"

  let job: ClusterJob
  let name: String
  let nodes: Int
  let gpus: Int

  init(_ job: ClusterJob) {
    self.job = job
    name = KubernetesName.jobName(job.name)
    nodes = max(1, job.nodes)
    gpus = max(0, job.gpusPerNode)
  }

  var metadata: Node {
    YAMLNodes.map([
      ("name", YAMLNodes.string(name)),
      ("namespace", job.namespace.map { YAMLNodes.string(KubernetesName.namespace($0)) }),
      ("labels", labels),
    ])
  }

  var labels: Node? { YAMLNodes.stringMap(job.labels.mapValues(KubernetesName.labelValue)) }

  var env: Node {
    var entries = [YAMLNodes.map([("name", YAMLNodes.string("HF_HOME")), ("value", YAMLNodes.string(job.huggingFaceHome))])]
    if job.passHFToken {
      // A reference to a Secret: the token's value never enters the manifest.
      let ref = YAMLNodes.map([
        ("name", YAMLNodes.string(ClusterJob.hfTokenSecret)),
        ("key", YAMLNodes.string(ClusterJob.hfTokenSecretKey)),
        ("optional", YAMLNodes.bool(true)),
      ])
      entries.append(
        YAMLNodes.map([("name", YAMLNodes.string("HF_TOKEN")), ("valueFrom", YAMLNodes.map([("secretKeyRef", ref)]))]))
    }
    return Node(entries)
  }

  /// `nvidia.com/gpu` limits, nil on a CPU-only run.
  var resources: Node? {
    gpus == 0 ? nil : YAMLNodes.map([("limits", YAMLNodes.map([("nvidia.com/gpu", YAMLNodes.int(gpus))]))])
  }

  var volumeMounts: Node {
    Node([YAMLNodes.map([("name", YAMLNodes.string(Self.volumeName)), ("mountPath", YAMLNodes.string(job.mountPath))])])
  }

  var volumes: Node {
    let claim = YAMLNodes.map([("claimName", YAMLNodes.string(job.volumeClaim))])
    return Node([YAMLNodes.map([("name", YAMLNodes.string(Self.volumeName)), ("persistentVolumeClaim", claim)])])
  }
}
