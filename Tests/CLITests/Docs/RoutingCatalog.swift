import HooksKit
import ProvidersKit

@testable import ReviewKit
@testable import RoutingKit

/// Routing, review-preparation and hook errors.
enum RoutingCatalog {
  /// `RoutingFailure` is a struct: its three forms are told apart by what it holds.
  static func explain(_ failure: RoutingFailure) -> Explanation {
    if failure.afterPartialAnswer {
      return Explanation(
        code: "routing.brokeOff", meaning: "The streamed answer stopped part-way; what was shown is incomplete.",
        fix: "Ask again; the attempts say which provider broke off and why.")
    }
    if failure.attempts.isEmpty {
      return Explanation(
        code: "routing.noChain", meaning: "The task has no routing chain (a custom task, or an emptied `routing.<task>`).",
        fix: "Set `routing.<task>` to a list of model aliases.")
    }
    return Explanation(
      code: "routing.noAnswer", meaning: "Every model of the chain failed or was skipped; each attempt is listed with its reason.",
      fix: "Fix the first reason (see Providers above), or add `builtin` at the end of the chain.")
  }

  static let codes: Set<String> = ["routing.brokeOff", "routing.noChain", "routing.noAnswer"]

  static var entries: [CatalogEntry] {
    let attempt = RouteAttempt(
      alias: "ollama.default", provider: "ollama", model: "qwen2.5-coder:7b",
      outcome: .failed(.unreachable("Couldn't connect to server")), duration: .zero)
    let cloud = RouteAttempt(
      alias: "claude.sonnet", provider: "claude", model: "claude-sonnet-4-5", outcome: .failed(.remoteForbidden(provider: "claude")),
      duration: .zero)
    let failures = [
      RoutingFailure(task: "ask", attempts: [attempt, cloud], afterPartialAnswer: false),
      RoutingFailure(task: "summary", attempts: [], afterPartialAnswer: false),
      RoutingFailure(
        task: "ask",
        attempts: [
          RouteAttempt(
            alias: "ollama.default", provider: "ollama", model: "qwen2.5-coder:7b",
            outcome: .failed(.timeout(.idle)), duration: .zero)
        ], afterPartialAnswer: true),
    ]
    return failures.map { failure in
      let (lines, status) = ErrorSections.printed(failure)
      return CatalogEntry(lines: lines, status: status, explanation: explain(failure))
    }
  }

  static func explain(_ failure: ReviewEngine.Failure) -> Explanation {
    switch failure {
    case .instructionsFile:
      return Explanation(
        code: "review.instructionsFile",
        meaning: "`review.instructions_file` names a file outside the work tree or one that cannot be read.",
        fix: "Name a file inside the repository, create it, or clear the key.")
    }
  }

  static let reviewSamples: [ReviewEngine.Failure] = [
    .instructionsFile("review.instructions_file '../rules.md' is outside the work tree; name a file inside the repository"),
    .instructionsFile("review.instructions_file 'REVIEW.md' cannot be read; create it or clear the key"),
  ]

  static func explain(_ failure: BatchReview.Failure) -> Explanation {
    switch failure {
    case .noBatchModel:
      return Explanation(
        code: "batch.noBatchModel",
        meaning: "Batches are Anthropic's Message Batches API; no model of `routing.review` is on an Anthropic provider.",
        fix: "Put an Anthropic model first in `routing.review`, or pass `--model ALIAS`.")
    case .remoteForbidden:
      return Explanation(
        code: "batch.remoteForbidden",
        meaning: "The batch would go to a remote provider while `privacy.allow_remote` is false; nothing was sent.",
        fix: "Review without `--batch` on a local model, or allow remote providers in a layer you control.")
    case .unknownBatch:
      return Explanation(
        code: "batch.unknownBatch", meaning: "`--collect` names a batch id that is not recorded under `.git/llm/batches`.",
        fix: "Use the id that `--detach` printed.")
    }
  }

  static let batchSamples: [BatchReview.Failure] = [.noBatchModel, .remoteForbidden("claude"), .unknownBatch("msgbatch_01")]

  static func explain(_ error: UnknownHookError) -> Explanation {
    Explanation(
      code: "hooks.unknownHook", meaning: "A hook script asked git-llm to run a hook it does not implement.",
      fix: "Reinstall the hooks with `git llm hooks install`.")
  }
}
