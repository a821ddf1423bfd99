import ArgumentParser

/// `git llm`: the root of the command tree. Git runs `git-llm` from PATH as `git llm …`.
public struct RootCommand: AsyncParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "git-llm",
    abstract: "Language models in your git workflow: review, hooks, tech debt and fine-tuning.",
    discussion: """
      Run as `git llm <command>` once git-llm is on PATH. Results go to stdout, progress and \
      diagnostics to stderr. The options every command takes (-C, -c, --color, -v, -q) may \
      also come before its name, as with git: git llm -C ../app -c review.fail_on=high review.

      Exit status: 0 ok; 1 findings at or above the threshold; 2 usage or configuration error; \
      3 incomplete (part of the work could not be done, never to be read as clean).
      """,
    version: "git-llm \(GitLLMVersion.described)",
    subcommands: [
      DiffCommand.self, CommitsCommand.self, ConfigCommand.self, DoctorCommand.self, SetupCommand.self, ProvidersCommand.self,
      AskCommand.self,
      ReviewCommand.self, LogsCommand.self, CommitMsgCommand.self, HookCommand.self,
      HooksCommand.self, CompletionsCommand.self, FinetuneCommand.self, DebtCommand.self, McpCommand.self,
    ])

  public init() {}
}
