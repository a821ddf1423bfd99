import Foundation
import Testing

@testable import ConfigKit
@testable import GitKit
@testable import GitLLM
@testable import HTTPKit
@testable import HarvestKit
@testable import HooksKit
@testable import OutputKit
@testable import ProvidersKit
@testable import ReviewKit
@testable import RoutingKit

/// Every error type git-llm throws reads as its own message wherever it is shown: printed by the
/// CLI, or quoted through `localizedDescription` in a log, a note or a finding. None may fall back
/// to Foundation's generic "The operation couldn't be completed" text.
@Suite("Error messages users read")
struct ErrorMessageTests {
  /// Representative cases of every `Error` type in Sources.
  static var samples: [any Error] {
    let attempt = RouteAttempt(alias: "local.m", provider: "local", model: "m", outcome: .failed(.cancelled), duration: .zero)
    return [
      GitError.notARepository(path: "/tmp/x"), GitError.unknownRevision(spec: "nope", reason: "not found"),
      GitError.unsupported("sha256 repositories"), GitError.pathspec(spec: "a[", reason: "bad pattern"),
      GitError.library(code: -1, function: "git_diff", message: "out of memory"),
      ConfigError.syntax(location: "a.yaml:1:1", message: "bad"), ConfigError.io(path: "/x", detail: "gone"),
      ConfigError.invalid([.duplicateKey(location: "a.yaml:2:1", key: "k"), .badOverride(text: "k=…", detail: "no")]),
      Substitution.Problem.missing(variable: "TOKEN"), Substitution.Problem.malformed("unclosed ${"),
      OverrideProblem(detail: "list items must be plain values"),
      HooksError.refused("a pre-commit hook is already installed; pass --force"), HooksError.io("cannot write"),
      ReviewEngine.Failure.instructionsFile("review.instructions_file is missing"),
      FindingValidator.MalformedAnswer(reason: "no JSON object in it"),
      BatchReview.Failure.noBatchModel, BatchReview.Failure.remoteForbidden("anthropic"), BatchReview.Failure.unknownBatch("b1"),
      ProviderError.unreachable("connection refused"), ProviderError.timeout(.firstByte), ProviderError.cancelled,
      ProviderError.rateLimited(retryAfter: .seconds(3), message: "slow down"), ProviderError.remoteForbidden(provider: "openai"),
      RoutingFailure(task: "review", attempts: [], afterPartialAnswer: false),
      RoutingFailure(task: "review", attempts: [attempt], afterPartialAnswer: true),
      SinceDate.Failure.notASpanOrDate, SinceDate.Failure.tooFarBack,
      HarvestError.foreignFiles(folder: "/out", names: ["a.txt"]), HarvestError.badSince("someday"),
      HarvestError.incrementalMismatch("train.jsonl changed"),
      HTTPError.transport(code: 7, message: "could not connect"), HTTPError.timeout(.idle), HTTPError.cancelled,
      HTTPError.responseTooLarge(limit: 1024), HTTPError.setup("libcurl is missing"),
      StreamFramingError.lineTooLong(limit: 10), StreamFramingError.eventTooLarge(limit: 10),
      AtomicFileError(path: "/out/report.json", reason: "permission denied"),
      CommandFailure(.usage, "--top must be at least 1"), CommandFailure(.findings),
    ]
  }

  @Test("every error type has its own message, never Foundation's generic one")
  func ownMessages() {
    for error in Self.samples {
      let text = error.localizedDescription
      #expect(!text.contains("operation couldn"), "\(type(of: error)): \(text)")
      #expect(!text.isEmpty, "\(type(of: error))")
      #expect((error as? LocalizedError)?.errorDescription == text, "\(type(of: error)) is not a LocalizedError")
    }
  }

  @Test("the CLI prints each of git-llm's own errors through one path, with a line to read")
  func printedThroughOnePath() {
    for error in Self.samples where !(error is CommandFailure) {
      guard let presentation = GitLLMMain.presentation(of: error) else {
        Issue.record("\(type(of: error)) is left to ArgumentParser")
        continue
      }
      #expect(!presentation.lines.isEmpty, "\(type(of: error))")
      for line in presentation.lines { #expect(!line.contains("operation couldn"), "\(line)") }
      #expect(presentation.status != .ok, "\(type(of: error))")
    }
    // A command failure that prints nothing (findings at the threshold) keeps its status.
    let findings = GitLLMMain.presentation(of: CommandFailure(.findings))
    #expect(findings?.lines == [] && findings?.status == .findings)
  }
}
