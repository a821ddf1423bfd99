import Foundation

/// What /proc says about a process: enough to tell a live process from a reused pid.
enum ProcessTable {
  /// The start time in clock ticks since boot (field 22 of /proc/PID/stat); nil off Linux or
  /// when the process is gone.
  static func startTime(of pid: Int32) -> UInt64? {
    guard let fields = statFields(pid), fields.count > 19 else { return nil }
    return UInt64(fields[19])
  }

  static func isZombie(_ pid: Int32) -> Bool { statFields(pid)?.first == "Z" }

  /// The fields after the command name, which may itself hold spaces and parentheses.
  private static func statFields(_ pid: Int32) -> [Substring]? {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = text.lastIndex(of: ")")
    else { return nil }
    return text[text.index(after: close)...].split(separator: " ")
  }
}
