import MCPServerKit

/// The tools `git llm mcp` offers, with their arguments (the input schemas clients see). Each
/// mirrors a command; docs/mcp.md lists them.
enum MCPToolSpecs {
  static let repository = ToolParameter(
    "repository", .string, "The repository to work in (a folder inside it); relative paths start where the server runs. Default: there.")

  static let review = ToolSpec(
    name: "review",
    description: """
      Review a change with git-llm's routed models (as `git llm review --format json`): a commit or range, \
      or the staged change with staged: true, or else the work tree. Returns the findings JSON: findings \
      (path, lines, severity, category, title, explanation, suggestion), coverage and whether the review \
      is complete. Secrets are scrubbed before anything leaves the machine.
      """,
    parameters: [
      ToolParameter("range", .string, "A commit or range as git takes it: HEAD~3.., A..B, A...B, a tag, @{u}."),
      ToolParameter("staged", .boolean, "Review the index against HEAD (what the next commit holds)."),
      ToolParameter("paths", .strings, "Only these paths (relative to the repository argument's folder); each must match a changed file."),
      ToolParameter("model", .string, "Review with this model alias alone instead of routing.review."),
      repository,
    ])

  static let debt = ToolSpec(
    name: "debt",
    description: """
      Rank technical-debt hotspots from history (as `git llm debt --format json`): files that change most \
      and are most complex, each assessed by the tech_debt model chain unless no_model is true.
      """,
    parameters: [
      ToolParameter("paths", .strings, "Only files under these paths."),
      ToolParameter("since", .string, "How far back to read: \"6 months\", \"2 weeks ago\", a date (default: debt.since)."),
      ToolParameter("top", .integer(minimum: 1), "How many hotspots to list (default: debt.top)."),
      ToolParameter("no_model", .boolean, "Rank from history only; ask no model."),
      repository,
    ])

  static let commitMessage = ToolSpec(
    name: "commit_message",
    description: "Draft a commit message for the staged change (as `git llm commit-msg`). Returns the message text.",
    parameters: [repository])

  static let providers = ToolSpec(
    name: "providers",
    description: """
      The configured model providers (as `git llm providers --format json`): where each is, local or remote, \
      which tasks route to it; with check: true, whether it answers, how fast, and its models.
      """,
    parameters: [
      ToolParameter("check", .boolean, "Contact each provider (a remote one only when privacy.allow_remote allows)."), repository,
    ])

  static let finetuneStatus = ToolSpec(
    name: "finetune_status",
    description: """
      Fine-tuning runs of the repository: without run, the list of runs (as `git llm finetune list --json`); \
      with run, that run's run.json (as `git llm finetune status <run> --json`).
      """,
    parameters: [ToolParameter("run", .string, "A run id or a unique prefix; \"latest\" for the newest run."), repository])

  static let all = [review, debt, commitMessage, providers, finetuneStatus]
}
