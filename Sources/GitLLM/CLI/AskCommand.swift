import ArgumentParser

/// `git llm ask`.
struct AskCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ask",
    abstract: "Ask a question through the router and stream the answer.",
    discussion: """
      The question goes down the task's chain (routing.ask unless --task or --model says \
      otherwise), with retries and fallback; secrets are scrubbed before a remote provider. \
      -v says which provider and model answered.

      Examples:
        git llm ask "what does a .gitattributes -diff do?"
        git llm ask --model builtin --format json "hello"
      """)

  @OptionGroup var global: GlobalOptions

  @Argument(help: "The question.")
  var question: String

  @Option(help: "The task whose routing chain to use.")
  var task = "ask"

  @Option(name: .customLong("model"), help: "Use this model alias alone instead of the task's chain.")
  var alias: String?

  @Flag(help: "Print the answer when it is complete instead of as it arrives.")
  var noStream = false

  @Option(help: "text or json (json implies --no-stream).")
  var format: AskJob.Format = .text

  func validate() throws {
    if question.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("the question is empty") }
  }

  func run() async throws {
    try await AskJob(
      directory: global.startDirectory, overrides: global.overrides, question: question, task: task, alias: alias,
      stream: !noStream, format: format, verbose: global.verbose, quiet: global.quiet
    ).run()
  }
}

extension AskJob.Format: ExpressibleByArgument {}
