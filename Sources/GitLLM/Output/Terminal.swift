import Foundation

/// When to colour output.
public enum ColorChoice: String, Sendable, CaseIterable {
  case auto, always, never
}

/// Facts about where output goes, decided once per run.
public struct Terminal: Sendable {
  /// Whether results written to stdout should carry ANSI colour.
  public let colorsStdout: Bool
  /// Whether stderr is an interactive terminal (for progress bars).
  public let stderrIsInteractive: Bool
  /// Whether progress lines and bars may be drawn on stderr: on a terminal that is not
  /// `TERM=dumb`, and never under `NO_COLOR` (which asks for plain output).
  public let showsProgress: Bool

  /// Colour only on a terminal that is not `TERM=dumb`, never under `NO_COLOR`, unless forced.
  public init(choice: ColorChoice, environment: [String: String] = ProcessInfo.processInfo.environment) {
    let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
    let dumb = environment["TERM"] == "dumb"
    switch choice {
    case .always: colorsStdout = true
    case .never: colorsStdout = false
    case .auto: colorsStdout = !noColor && !dumb && isatty(STDOUT_FILENO) == 1
    }
    stderrIsInteractive = !dumb && isatty(STDERR_FILENO) == 1
    showsProgress = Self.showsProgress(stderrIsTerminal: isatty(STDERR_FILENO) == 1, environment: environment)
  }

  static func showsProgress(stderrIsTerminal: Bool, environment: [String: String]) -> Bool {
    stderrIsTerminal && environment["TERM"] != "dumb" && (environment["NO_COLOR"] ?? "").isEmpty
  }
}

/// The few ANSI styles the output uses.
enum Style: String {
  case bold = "\u{1B}[1m"
  case red = "\u{1B}[31m"
  case green = "\u{1B}[32m"
  case cyan = "\u{1B}[36m"
  case yellow = "\u{1B}[33m"
  case reset = "\u{1B}[m"
}
