import ConfigKit

/// A git hook git-llm can install.
public enum HookName: String, CaseIterable, Sendable, Codable {
  case preCommit = "pre-commit"
  case prepareCommitMsg = "prepare-commit-msg"
  case prePush = "pre-push"
  case postMerge = "post-merge"

  /// What git-llm's part of the hook does, for status and help.
  public var purpose: String {
    switch self {
    case .preCommit: return "reviews the staged change"
    case .prepareCommitMsg: return "drafts the commit message"
    case .prePush: return "reviews the pushed range"
    case .postMerge: return "fine-tune trigger after a merge"
    }
  }

  /// Whether git reads the hook's stdin (pre-push gets the refs being pushed).
  public var readsStandardInput: Bool { self == .prePush }

  /// The command git-llm's part runs; husky lines and config hooks use it too.
  public var runCommand: String { "git-llm hook run \(rawValue)" }

  /// Whether the configuration turns this hook on (`hooks.pre_commit` and friends).
  public func isEnabled(in config: HooksConfig) -> Bool {
    switch self {
    case .preCommit: return config.preCommit
    case .prepareCommitMsg: return config.prepareCommitMsg
    case .prePush: return config.prePush
    case .postMerge: return config.postMerge
    }
  }

  /// The hooks the configuration turns on, in a stable order.
  public static func enabled(in config: HooksConfig) -> [HookName] {
    allCases.filter { $0.isEnabled(in: config) }
  }
}
