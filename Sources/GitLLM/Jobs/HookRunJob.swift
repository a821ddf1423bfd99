import ConfigKit
import FileSelectionKit
import Foundation
import GitKit
import HooksKit

/// What git-llm does inside a git hook (`git-llm hook run <name>`, called by the scripts that
/// `git llm hooks install` puts in place). The policy (fail open, `hooks.block_on`,
/// `hooks.timeout` and the background continuation) is HooksKit's `HookRunner`; this job builds
/// its side effects and prints what it says on stderr, which git shows.
public struct HookRunJob: Sendable {
  public var hook: String
  public var arguments: [String]
  public var directory: String
  public var environment: [String: String]

  public init(hook: String, arguments: [String], directory: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
    self.hook = hook
    self.arguments = arguments
    self.directory = directory
    self.environment = environment
  }

  public func run() async throws -> ExitStatus {
    if HookRunner<HookReviewActions>.isSwitchedOff(environment) { return .ok }
    // Notes from the providers are shown: a hook runs without -q.
    let app = try Composition.load(directory: directory, overrides: [], quiet: false)
    guard let repository = app.repository else { return .ok }
    let actions = HookReviewActions(app: app, repository: repository, directory: directory, environment: environment)
    let runner = HookRunner(hook: hook, arguments: arguments, config: app.config, actions: actions, say: Self.show)
    let operation = repository.operationInProgress
    do {
      switch try await runner.run(operationInProgress: operation == .none ? nil : operation.rawValue) {
      case .pass: return .ok
      case .block: return .findings
      }
    } catch let failure as UnknownHookError {
      throw CommandFailure(.usage, failure.description)
    }
  }

  /// What the runner says, in git-llm's voice on stderr.
  static func show(_ message: HookMessage) {
    switch message {
    case .note(let line): Diagnostics.note(line)
    case .warning(let line): Diagnostics.warning(line)
    case .error(let line): Diagnostics.error(line)
    case .report(let text): FileHandle.standardError.write(Data(text.utf8))
    }
  }
}
