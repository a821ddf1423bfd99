import Foundation
import RoutingKit
import Synchronization

/// The one status line a review keeps on a terminal's stderr, redrawn in place: how many units
/// are done and, while a request is out, which model it waits for and for how long ("waiting for
/// ollama.default (qwen2.5-coder:7b) 12s"), so a slow or stalled server is visible as such.
/// Drawn only when `enabled` (stderr a terminal, not TERM=dumb, no NO_COLOR, no --quiet).
final class ReviewStatusLine: Sendable {
  private struct State {
    var done = 0
    var total = 0
    var waiting: String?
    /// The line on the terminal now, if any.
    var drawn: String?
  }

  private let state = Mutex(State())
  private let enabled: Bool
  private let write: @Sendable (String) -> Void

  init(enabled: Bool, write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
    self.enabled = enabled
    self.write = write
  }

  /// For `ReviewEngine.progress`.
  func progress(_ done: Int, _ total: Int) {
    update {
      $0.done = done
      $0.total = total
      if done == total { $0.waiting = nil }  // nothing is out any more
    }
  }

  func waiting(_ pending: [PendingRequest], now: ContinuousClock.Instant) {
    update { $0.waiting = Self.describe(pending, now: now) }
  }

  /// Removes the line, so that what follows starts on a clean line.
  func clear() {
    guard enabled else { return }
    state.withLock { current in
      if current.drawn != nil { write("\r\u{1B}[K") }
      current.drawn = nil
    }
  }

  /// Asks the router four times a second what it is waiting for, until cancelled (the line
  /// changes only when the text does).
  func watch(_ router: Router) -> Task<Void, Never> {
    guard enabled else { return Task {} }
    return Task {
      let clock = ContinuousClock()
      while !Task.isCancelled {
        try? await Task.sleep(for: .milliseconds(250))
        if Task.isCancelled { break }
        waiting(await router.pending(), now: clock.now)
      }
    }
  }

  private func update(_ change: (inout State) -> Void) {
    guard enabled else { return }
    state.withLock { current in
      change(&current)
      let line = Self.render(done: current.done, total: current.total, waiting: current.waiting)
      guard line != current.drawn else { return }
      write(line.map { "\r" + $0 + "\u{1B}[K" } ?? "\r\u{1B}[K")
      current.drawn = line
    }
  }

  /// The oldest request still out, and how many more there are; nothing for the first second,
  /// which a healthy server often needs anyway.
  static func describe(_ pending: [PendingRequest], now: ContinuousClock.Instant) -> String? {
    guard let oldest = pending.first else { return nil }
    let seconds = (now - oldest.since).components.seconds
    guard seconds >= 1 else { return nil }
    let more = pending.count > 1 ? " (+\(pending.count - 1) more)" : ""
    return "waiting for \(oldest.alias) (\(oldest.model)) \(seconds)s\(more)"
  }

  static func render(done: Int, total: Int, waiting: String?) -> String? {
    var parts: [String] = []
    if total > 1 && done < total {
      let width = 24
      let filled = width * done / total
      parts.append(
        "reviewing [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(done)/\(total) units")
    }
    if let waiting { parts.append(waiting) }
    return parts.isEmpty ? nil : "git-llm: " + parts.joined(separator: ", ")
  }
}
