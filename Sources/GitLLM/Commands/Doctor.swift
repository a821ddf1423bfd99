import ConfigKit
import Foundation
import GitKit
import HTTPKit

/// The work behind `git llm doctor`: versions, the repository, config files and providers.
public enum Doctor {
  /// Prints the report; returns false when something needs fixing (the config does not load).
  public static func run(directory: String, overrides: [String], probeTimeout: Double) -> Bool {
    let out = OutputStream()
    defer { out.flush() }
    out.write("git-llm \(GitLLMVersion.current)\n")
    let gitFeatures = GitLibrary.features.joined(separator: ", ")
    out.write("libgit2 \(GitLibrary.version)\(gitFeatures.isEmpty ? "" : " (\(gitFeatures))")\n")
    out.write("libcurl \(CurlLibrary.version)\(CurlLibrary.tlsBackend.map { " (\($0))" } ?? "")\n")

    let context: ConfigContext
    do {
      context = try ConfigContext.load(directory: directory, overrides: overrides)
    } catch {
      out.write("config: error: \(error)\n")
      return false
    }
    out.write(repositoryLine(context.repository))
    out.write("config files:\n")
    for file in context.loaded.files {
      let state = file.exists ? (file.layer == .repository ? (file.trusted ? "found, trusted" : "found, untrusted") : "found") : "not found"
      out.write("  \(file.layer.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(file.path)  (\(state))\n")
    }
    for warning in context.loaded.warnings { out.write("  warning: \(warning)\n") }
    out.write("providers:\n")
    out.flush()
    let config = context.loaded.config
    for name in config.providers.keys.sorted() {
      guard let provider = config.providers[name] else { continue }
      out.write("  \(name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(provider.type.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(probe(provider, config: config, timeout: probeTimeout))\n")
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

  /// One provider's status; contacts it only when privacy allows.
  private static func probe(_ provider: ProviderConfig, config: Config, timeout: Double) -> String {
    if provider.type == .builtin { return "ok (built in, offline)" }
    if provider.isRemote && !config.privacy.allowRemote {
      return "\(provider.baseURL)  not contacted (remote, and privacy.allow_remote is false)"
    }
    do {
      let answer = try HTTPProbe.get(provider.baseURL, timeout: timeout)
      return "\(provider.baseURL)  answers (HTTP \(answer.status), \(Int(answer.seconds * 1000)) ms)"
    } catch {
      return "\(provider.baseURL)  does not answer: \(error)"
    }
  }
}
