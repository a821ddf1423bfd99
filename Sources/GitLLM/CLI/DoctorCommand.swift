import ArgumentParser

/// `git llm doctor`.
struct DoctorCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "doctor",
    abstract: "Show library versions, the repository, the config files found and which providers answer.",
    discussion: "Example: git llm doctor")

  @OptionGroup var global: GlobalOptions

  @Option(help: "Seconds to wait for each provider.")
  var timeout = 2.0

  func validate() throws {
    try NumberChecks.check(timeout, "--timeout", NumberLimits.probeSeconds)
  }

  func run() async throws {
    if await !Doctor.run(directory: global.startDirectory, overrides: global.overrides, probeTimeout: timeout) {
      throw CommandFailure(.usage)
    }
  }
}
