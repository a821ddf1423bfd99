import Yams

/// Writes a ClusterJob as a Kubeflow job manifest for `kubectl apply -f`.
public enum KubernetesManifest {
  /// YAML text, ending with a newline. The name is made a valid DNS label whatever `job.name`
  /// holds; call `job.validate()` first for the parts that cannot be repaired (claim, image).
  public static func render(_ job: ClusterJob, kind: ClusterJobKind) -> String {
    let parts = PodParts(job)
    let document: Node
    switch kind {
    case .pyTorchJob: document = PyTorchJobManifest.document(parts)
    case .trainJob: document = TrainJobManifest.document(parts)
    }
    do {
      let text = try Yams.serialize(node: document, width: -1, allowUnicode: true)
      return text.hasSuffix("\n") ? text : text + "\n"
    } catch {
      // Unreachable for nodes built here; a comment makes `kubectl apply` fail loudly instead.
      return "# git-llm could not write this manifest: \(error)\n"
    }
  }

  /// The name the manifest will carry, for the CLI to print next to it.
  public static func jobName(_ job: ClusterJob) -> String { KubernetesName.jobName(job.name) }
}
