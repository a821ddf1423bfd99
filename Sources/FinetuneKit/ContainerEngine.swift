import Foundation

/// docker or podman, on this machine or on a remote host: the command lines git-llm runs, built
/// in one place so `--dry-run` prints exactly what a run does.
public struct ContainerEngine: Sendable, Equatable {
  public let runner: RunnerKind
  /// `ssh://user@host`, `tcp://…` or `unix://…`; nil for the engine's own default.
  public let host: String?

  public init(runner: RunnerKind, host: String?) {
    self.runner = runner
    self.host = host
  }

  public var program: String { runner.engineProgram ?? "podman" }

  /// Remote engines cannot see this machine's folders: data is copied in and out instead.
  public var isRemote: Bool { host != nil }

  /// The program and its host flag: docker `-H`, podman `--url`.
  public var prefix: [String] {
    guard let host else { return [program] }
    return runner == .docker ? [program, "-H", host] : [program, "--url", host]
  }

  public func command(_ arguments: [String]) -> [String] { prefix + arguments }

  public func run(_ arguments: [String], passStderr: Bool = false) throws(FinetuneError) -> ChildProcess.Result {
    try ChildProcess.run(command(arguments), passStderr: passStderr)
  }

  /// Whether the engine answers: docker's daemon (or a remote one), podman itself.
  public func answers() -> Bool {
    guard ChildProcess.locate(program) != nil else { return false }
    let probe = runner == .docker ? ["version", "--format", "{{.Server.Version}}"] : ["version", "--format", "{{.Version}}"]
    return (try? run(probe))?.status == 0
  }

  /// The runner `auto` picks: docker when its daemon answers, else podman when installed.
  public static func automatic(host: String?) throws(FinetuneError) -> ContainerEngine {
    let docker = ContainerEngine(runner: .docker, host: host)
    if docker.answers() { return docker }
    let podman = ContainerEngine(runner: .podman, host: host)
    if podman.answers() { return podman }
    throw .noEngine
  }

  /// Whether GPUs can reach a container: docker's NVIDIA runtime, podman's CDI devices.
  public func hasGPURuntime(cdiFolders: [String] = ["/etc/cdi", "/var/run/cdi"]) -> Bool {
    if runner == .docker {
      guard let info = try? run(["info", "--format", "{{json .Runtimes}}"]), info.status == 0 else { return false }
      return info.stdout.contains("nvidia")
    }
    return cdiFolders.contains { folder in
      let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
      return names.contains { name in
        (try? String(contentsOfFile: folder + "/" + name, encoding: .utf8))?.contains("nvidia.com/gpu") == true
      }
    }
  }

  /// The id and content-hash label of `image`, or nil when the engine does not have it.
  public func inspectImage(_ image: String) -> (id: String, hash: String?)? {
    let format = "{{.Id}} {{index .Config.Labels \"\(ImageRecipe.hashLabel)\"}}"
    guard let result = try? run(["image", "inspect", "--format", format, image]), result.status == 0 else { return nil }
    let parts = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init)
    guard let id = parts.first else { return nil }
    return (id, parts.count > 1 && parts[1] != "<no value>" ? parts[1] : nil)
  }

  /// A container's status (`running`, `exited`, `created` …) and exit code; nil when it is gone.
  public func inspectContainer(_ name: String) -> (status: String, exitCode: Int32)? {
    guard let result = try? run(["container", "inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", name]),
      result.status == 0
    else { return nil }
    let parts = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
    guard parts.count == 2, let code = Int32(parts[1]) else { return nil }
    return (String(parts[0]), code)
  }
}
