import ArgumentParser
import GitKit

/// Range checks for numeric flags, run in `validate()`: a number typed on the command line is
/// outside data, and one past what the code below can take (a count that overflows, a NaN
/// timeout) must stop with a usage error naming the flag, not trap later.
enum NumberChecks {
  /// `value` (when given) must lie in `range`; `Int.max` as the upper bound reads "or more".
  static func check(_ value: Int?, _ flag: String, _ range: ClosedRange<Int>) throws {
    guard let value, !range.contains(value) else { return }
    throw ValidationError("\(flag) must be \(describe(range)); got \(value)")
  }

  /// `value` (when given) must be a finite number in `range`.
  static func check(_ value: Double?, _ flag: String, _ range: ClosedRange<Double>) throws {
    guard let value, !(value.isFinite && range.contains(value)) else { return }
    throw ValidationError("\(flag) must be a number from \(number(range.lowerBound)) to \(number(range.upperBound)); got \(value)")
  }

  private static func describe(_ range: ClosedRange<Int>) -> String {
    range.upperBound == Int.max ? "\(range.lowerBound) or more" : "from \(range.lowerBound) to \(range.upperBound)"
  }

  private static func number(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
  }
}

/// The accepted ranges that more than one flag shares, or that say why they stop where they do.
enum NumberLimits {
  /// `-U`: git's own limit (a C int), which libgit2's 32-bit field also holds.
  static let contextLines = 0...DiffOptions.maxContextLines
  /// `--jobs`: a thread and a repository handle each; past this they only cost memory.
  static let jobs = 1...1024
  /// `doctor --timeout`, in seconds: an hour is already longer than any provider needs to answer.
  static let probeSeconds = 0.0...3600.0
}
