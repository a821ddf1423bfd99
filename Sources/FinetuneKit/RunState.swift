/// Where a training run is in its life: queued → preparing → running → succeeded | failed |
/// cancelled. A run that was cancelled or failed can be resumed, which puts it back in the queue.
public enum RunState: String, Codable, CaseIterable, Sendable, Comparable {
  case queued
  case preparing
  case running
  case succeeded
  case failed
  case cancelled

  /// Nothing more happens to the run unless it is resumed.
  public var isFinished: Bool { self == .succeeded || self == .failed || self == .cancelled }

  /// Waiting for, or holding, its runner.
  public var isActive: Bool { !isFinished }

  private var order: Int { RunState.allCases.firstIndex(of: self) ?? 0 }
  public static func < (lhs: RunState, rhs: RunState) -> Bool { lhs.order < rhs.order }
}
