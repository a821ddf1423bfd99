import ConfigKit
import Foundation
import GitKit
import HTTPKit
import ProvidersKit
import RoutingKit

/// The work behind `git llm doctor`: versions, the repository, config files and providers.
public enum Doctor {
  /// Prints the report; returns false when something needs fixing (the config does not load).
  public static func run(directory: String, overrides: [String], probeTimeout: Double) async -> Bool {
    let out = OutputStream()
    defer { out.flush() }
    out.write("git-llm \(GitLLMVersion.current)\n")
    let gitFeatures = GitLibrary.features.joined(separator: ", ")
    out.write("libgit2 \(GitLibrary.version)\(gitFeatures.isEmpty ? "" : " (\(gitFeatures))")\n")
    out.write("libcurl \(CurlLibrary.version)\(CurlLibrary.tlsBackend.map { " (\($0))" } ?? "")\n")

    let app: Composition
    do {
      // Quiet: the report lists the configuration's warnings itself, on stdout.
      app = try Composition.load(directory: directory, overrides: overrides, quiet: true)
    } catch {
      out.write("config: error: \(error)\n")
      return false
    }
    out.write(repositoryLine(app.repository))
    out.write("config files:\n")
    for file in app.context.loaded.files {
      let state = file.exists ? (file.layer == .repository ? (file.trusted ? "found, trusted" : "found, untrusted") : "found") : "not found"
      out.write("  \(file.layer.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(file.path)  (\(state))\n")
    }
    for warning in app.context.loaded.warnings { out.write("  warning: \(warning)\n") }
    out.write("providers:\n")
    out.flush()
    let (config, providers) = (app.config, app.providers)
    for name in config.providers.keys.sorted() {
      guard let settings = config.providers[name], let provider = providers[name] else { continue }
      let state = await probe(provider, settings: settings, config: config, timeout: probeTimeout)
      out.write(
        "  \(name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(settings.type.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(state)\n"
      )
      out.flush()
    }
    return true
  }

  private static func repositoryLine(_ repository: Repository?) -> String {
    guard let repository else { return "repository: none here (configuration from user files only)\n" }
    let kind = repository.isBare ? "bare" : repository.isLinkedWorktree ? "linked worktree" : "work tree"
    let place = repository.workTreeRoot ?? repository.gitDirectory
    let branch = repository.currentBranch.map { "branch \($0)" } ?? "detached HEAD"
    let shallow = repository.isShallow ? ", shallow" : ""
    return "repository: \(place) (\(kind)\(shallow), \(branch), hooks in \(repository.hooksDirectory))\n"
  }

  /// One provider's status through its own health check; a remote one is contacted only when
  /// privacy allows. Waits at most `timeout` seconds.
  private static func probe(_ provider: any ChatProvider, settings: ProviderConfig, config: Config, timeout: Double) async -> String {
    let place = settings.type == .builtin ? "built in" : settings.baseURL
    if provider.isRemote && !config.privacy.allowRemote {
      return "\(place)  not contacted (remote, and privacy.allow_remote is false)"
    }
    let health = await withTaskGroup(of: ProviderHealth?.self) { group in
      group.addTask { await provider.health() }
      group.addTask {
        try? await Task.sleep(for: .milliseconds(Int(timeout * 1000)))
        return nil
      }
      let first = await group.next() ?? nil
      group.cancelAll()
      return first
    }
    guard let health else { return "\(place)  no answer within \(timeout) s" }
    let milliseconds = health.latency.components.seconds * 1000 + health.latency.components.attoseconds / 1_000_000_000_000_000
    return health.reachable ? "\(place)  answers (\(milliseconds) ms): \(health.detail)" : "\(place)  does not answer: \(health.detail)"
  }
}
