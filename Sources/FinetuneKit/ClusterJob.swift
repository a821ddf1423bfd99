import Foundation

/// The Kubeflow job kinds a cluster run can be written as.
/// `pytorchjob` is Training Operator v1 (`kubeflow.org/v1`); `trainjob` is Kubeflow Trainer v2
/// (`trainer.kubeflow.org/v1alpha1`), which replaces it.
public enum ClusterJobKind: String, CaseIterable, Sendable {
  case pyTorchJob = "pytorchjob"
  case trainJob = "trainjob"
}

/// One training run as a Kubernetes job: the same image, command and arguments as a container
/// run, with the dataset and outputs on a PersistentVolumeClaim instead of bind mounts.
public struct ClusterJob: Sendable, Equatable {
  /// The job's name; `KubernetesManifest` turns it into a valid name whatever it holds.
  public var name: String
  /// nil: the manifest has no namespace and kubectl uses the current context's.
  public var namespace: String?
  /// A reference the cluster can pull, e.g. `registry.example.com/git-llm-finetune:0123abcd`.
  public var image: String
  public var command: [String]
  /// The training script's arguments, with paths under `mountPath`.
  public var arguments: [String]
  /// 0: CPU only, no `nvidia.com/gpu` limit.
  public var gpusPerNode: Int
  /// PyTorchJob: one Master and `nodes - 1` Workers; TrainJob: `numNodes`.
  public var nodes: Int
  /// An existing PersistentVolumeClaim holding the dataset and receiving the outputs.
  public var volumeClaim: String
  public var mountPath: String
  /// true: `HF_TOKEN` comes from the Secret `hf-token` (key `token`, optional), never a literal.
  public var passHFToken: Bool
  public var labels: [String: String]

  public init(
    name: String, namespace: String? = nil, image: String, command: [String], arguments: [String],
    gpusPerNode: Int = 0, nodes: Int = 1, volumeClaim: String, mountPath: String = "/data",
    passHFToken: Bool = false, labels: [String: String] = [:]
  ) {
    self.name = name
    self.namespace = namespace
    self.image = image
    self.command = command
    self.arguments = arguments
    self.gpusPerNode = gpusPerNode
    self.nodes = nodes
    self.volumeClaim = volumeClaim
    self.mountPath = mountPath
    self.passHFToken = passHFToken
    self.labels = labels
  }

  /// The Secret the token comes from; documented in docs/finetune-kubernetes.md.
  public static let hfTokenSecret = "hf-token"
  public static let hfTokenSecretKey = "token"

  /// Where the Hugging Face cache lives, on the volume so later runs reuse downloaded models.
  public var huggingFaceHome: String {
    let base = mountPath.hasSuffix("/") ? String(mountPath.dropLast()) : mountPath
    return base + "/cache/huggingface"
  }
}
