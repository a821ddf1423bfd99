import ArgumentParser

/// `git llm providers`.
struct ProvidersCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "providers",
    abstract: "List the configured providers: where, local or remote, which tasks route to them.",
    discussion: """
      With --check, each provider is contacted (a remote one only when privacy.allow_remote \
      allows): whether it answers, how fast, and the models it offers.

      Examples:
        git llm providers
        git llm providers --check --format json
      """)

  @OptionGroup var global: GlobalOptions

  @Flag(help: "Contact each provider: reachable, latency, models.")
  var check = false

  @Option(help: "text or json.")
  var format: ProviderJobs.ListFormat = .text

  func run() async throws {
    try await ProviderJobs.list(
      directory: global.startDirectory, overrides: global.overrides, check: check, format: format, quiet: global.quiet)
  }
}

extension ProviderJobs.ListFormat: ExpressibleByArgument {}
