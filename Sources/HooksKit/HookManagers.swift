import Foundation

/// A hook manager already in charge of a repository's hooks, which git-llm joins instead of
/// fighting over the hooks folder.
public enum HookManager: Equatable, Sendable {
  /// husky owns `core.hooksPath`; `folder` is the `.husky` folder holding the user's scripts.
  case husky(folder: String)
  /// lefthook's config file (or its installed hook, when the config is elsewhere).
  case lefthook(evidence: String)
  /// The pre-commit framework's `.pre-commit-config.yaml`.
  case preCommit(config: String)

  public var name: String {
    switch self {
    case .husky: return "husky"
    case .lefthook: return "lefthook"
    case .preCommit: return "pre-commit"
    }
  }

  /// Finds the manager in charge, if any. husky first: it is the only one that owns
  /// `core.hooksPath`, so its scripts are the ones git really runs.
  public static func detect(_ locations: HookLocations) -> HookManager? {
    if locations.configuredHooksPath != nil {
      let url = URL(fileURLWithPath: locations.hooksDirectory).standardizedFileURL
      if url.lastPathComponent == ".husky" { return .husky(folder: url.path) }
      if url.lastPathComponent == "_", url.deletingLastPathComponent().lastPathComponent == ".husky" {
        return .husky(folder: url.deletingLastPathComponent().path)
      }
    }
    if let root = locations.workTreeRoot {
      for name in ["lefthook.yml", ".lefthook.yml", "lefthook.yaml", ".lefthook.yaml"]
      where FileOps.state(root + "/" + name).exists {
        return .lefthook(evidence: root + "/" + name)
      }
    }
    for hook in HookName.allCases {
      let path = locations.hookPath(hook)
      if let data = FileOps.read(path), data.count < 1 << 16, String(decoding: data, as: UTF8.self).contains("lefthook") {
        return .lefthook(evidence: path)
      }
    }
    if let root = locations.workTreeRoot, FileOps.state(root + "/.pre-commit-config.yaml").exists {
      return .preCommit(config: root + "/.pre-commit-config.yaml")
    }
    return nil
  }

  /// The line git-llm appends to `.husky/<hook>`. Guarded so a missing git-llm or GIT_LLM=0 never
  /// fails the hook (husky runs these with `sh -e`, where a failing last command blocks).
  public static func huskyLine(_ hook: HookName) -> String {
    #"if [ "${GIT_LLM-}" != 0 ] && command -v git-llm >/dev/null 2>&1; then \#(hook.runCommand) "$@"; fi # git-llm"#
  }

  /// The lefthook.yml jobs to add for `hooks`.
  public static func lefthookSnippet(_ hooks: [HookName]) -> String {
    hooks.map { hook in
      var job = "\(hook.rawValue):\n  commands:\n    git-llm:\n      run: \(hook.runCommand) {0}\n"
      if hook.readsStandardInput { job += "      use_stdin: true\n" }
      return job
    }.joined(separator: "\n")
  }

  /// The `.pre-commit-config.yaml` entries for `hooks`, using the ids of this repository's
  /// `.pre-commit-hooks.yaml` (as a local hook, which needs no repository URL or rev). Only
  /// prepare-commit-msg gets a file name: pre-commit passes the message file that way.
  public static func preCommitSnippet(_ hooks: [HookName]) -> String {
    var text = "repos:\n  - repo: local\n    hooks:\n"
    for hook in hooks {
      let id = preCommitID(hook)
      let stage = hook.rawValue
      text += """
              - id: \(id)
                name: git-llm \(hook.rawValue)
                entry: \(hook.runCommand)
                language: system
                pass_filenames: \(hook == .prepareCommitMsg)
                always_run: true
                stages: [\(stage)]

        """
    }
    return text
  }
}
