/// Starter files written by `git llm config init`.
public enum ConfigTemplate {
  /// The commented starter `.git-llm.yaml`. It only sets keys a committed file may set (no
  /// endpoints, keys or container settings) and validates as is.
  public static let repositoryFile: String = """
    # git-llm settings shared by everyone who clones this repository.
    # Reference: docs/configuration.md; see the merged result with 'git llm config show --origin'.
    # Endpoints, API keys, headers, provider types and container settings are trusted-only: put
    # them in ~/.config/git-llm/config.yaml or .git/git-llm.yaml, not here.
    version: 1

    review:
      # Exit non-zero when a finding is at least this severe: none, info, low, medium, high, critical.
      fail_on: none
      # Paths never sent for review (globs).
      exclude: []
      # Extra guidance for reviewers of this codebase.
      instructions: ""

    hooks:
      # Block a commit on findings at least this severe (none never blocks).
      block_on: high
      # Let the commit through if the hook itself fails or times out.
      fail_open: true
      timeout: 20s

    # Which model aliases handle which task, tried in order. Aliases are defined under 'models'.
    # routing:
    #   review: [ollama.default, builtin]

    debt:
      since: "6 months"
      top: 20

    """
}
