import ConfigKit

/// The review a hook runs: within `hooks.timeout`, blocking on `hooks.block_on`.
extension HookRunner {
  func review(_ target: HookTarget) async -> HookVerdict {
    if target == .staged, let earlier = actions.finishedInBackground() { reportBackground(earlier) }
    let review: Actions.Review
    do {
      review = try actions.prepare(target)
    } catch {
      return failOpen("could not read the change (\(error))")
    }
    if review.isEmpty { return .pass }
    // An unchanged change is answered from the cache at once: no deadline to watch, and the run
    // is not recorded again (its findings are those of the run that filled the cache).
    let cached = review.isFullyCached()
    guard let outcome = cached ? try? await review.run() : await withinTimeout(review) else {
      return timedOut(target, review)
    }
    if !cached { actions.record(outcome) }
    return verdict(outcome)
  }

  /// The review's outcome, or nil when `hooks.timeout` passed first (the review is cancelled).
  func withinTimeout(_ review: Actions.Review) async -> Actions.Review.Outcome? {
    let budget = config.hooks.timeout.duration
    let sleep = self.sleep
    return await withTaskGroup(of: Actions.Review.Outcome?.self) { group in
      group.addTask { try? await review.run() }
      group.addTask {
        try? await sleep(budget)
        return nil
      }
      let first = await group.next() ?? nil
      group.cancelAll()
      return first
    }
  }

  /// A staged review goes on in the background (its findings show at the next commit); a pushed
  /// range, or a background that could not start, fails open.
  func timedOut(_ target: HookTarget, _ review: Actions.Review) -> HookVerdict {
    let overran = "the review did not finish within hooks.timeout (\(config.hooks.timeout.text))"
    guard target == .staged, actions.continueInBackground(review) else { return failOpen(overran) }
    say(.warning("\(overran); it goes on in the background: its findings show at your next commit and in git llm review --last"))
    return .pass
  }

  /// Shows the report when there is something to see, then blocks on findings at or above
  /// `hooks.block_on`; an incomplete review fails open.
  func verdict(_ outcome: Actions.Review.Outcome) -> HookVerdict {
    let summary = actions.summary(of: outcome)
    if summary.builtinOnly && reviewChainNamesAModel {
      if summary.providerFailures.isEmpty {
        let tried = summary.attempts.filter { !$0.contains(": answered") }
        say(.note("no model answered, so the built-in rules reviewed this \(hook)\(tried.first.map { " (\($0))" } ?? "")"))
      } else {
        say(.note("no model answered, so the built-in rules reviewed this \(hook)"))
        for line in summary.providerFailures { say(.note(line)) }
      }
    }
    if summary.hasNews { say(.report(actions.render(outcome))) }
    let blockOn = config.hooks.blockOn
    if blockOn != .none, let highest = summary.highestSeverity, highest >= blockOn {
      let count = summary.severities.filter { $0 >= blockOn }.count
      say(
        .error(
          "\(count) finding\(count == 1 ? "" : "s") at or above \(blockOn.rawValue) (hooks.block_on); fix them, or commit with --no-verify (or GIT_LLM=0) to skip the review"
        ))
      return .block
    }
    if !summary.isComplete {
      return failOpen("part of the change could not be reviewed (\(summary.failedFiles.joined(separator: ", ")))")
    }
    return .pass
  }

  /// Whether `routing.review` names a model at all; when it names only the built-in rules, their
  /// answering is what was asked for and needs no note.
  var reviewChainNamesAModel: Bool {
    config.chain(for: "review").contains { alias in
      config.models[alias].map { config.providers[$0.provider]?.type != .builtin } ?? false
    }
  }

  /// One line about the background review of an earlier commit, so its findings are not missed.
  func reportBackground(_ summary: HookReviewSummary) {
    guard summary.hasNews else { return }
    let count = summary.severities.count
    let highest = summary.highestSeverity.map { ", highest \($0.rawValue)" } ?? ""
    let state = summary.isComplete ? "" : " (incomplete)"
    say(
      .note(
        "the background review of an earlier commit found \(count) finding\(count == 1 ? "" : "s")\(highest)\(state); see git llm review --last"
      ))
  }
}
