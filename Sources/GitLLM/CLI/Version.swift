import CBuildInfo

/// The release this binary is, and the commit it was built from.
public enum GitLLMVersion {
  public static let current = "0.1.0"

  /// The commit `make build` embedded ("abc1234", with "-dirty" for uncommitted changes), or nil
  /// for a plain `swift build`, which is not told (Package.swift, GIT_LLM_COMMIT).
  public static let commit: String? = {
    let value = String(cString: git_llm_build_commit())
    return value.isEmpty ? nil : value
  }()

  /// What `--version` and `doctor` print: "0.1.0 (abc1234)", or "0.1.0 (unknown commit)".
  public static var described: String { "\(current) (\(commit ?? "unknown commit"))" }
}
