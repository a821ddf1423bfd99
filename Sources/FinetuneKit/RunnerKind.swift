/// What runs the training script: a container engine, a venv on this machine, or (manifest only)
/// a Kubernetes cluster.
public enum RunnerKind: String, Codable, CaseIterable, Sendable {
  case docker
  case podman
  case local
  case kubernetes

  /// The engine's program, for the container runners.
  public var engineProgram: String? {
    switch self {
    case .docker: return "docker"
    case .podman: return "podman"
    case .local, .kubernetes: return nil
    }
  }
}

/// `--runner`: a runner, or `auto` (docker when its daemon answers, else podman).
public enum RunnerChoice: String, CaseIterable, Sendable {
  case auto
  case docker
  case podman
  case local
  case kubernetes
}
