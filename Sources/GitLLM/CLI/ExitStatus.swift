/// The exit statuses every command uses (docs/cli.md).
public enum ExitStatus: Int32, Sendable {
  /// Done, nothing at or above the threshold.
  case ok = 0
  /// Findings at or above the `--fail-on` / `hooks.block_on` threshold.
  case findings = 1
  /// The command line or the configuration is wrong; nothing was done.
  case usage = 2
  /// Part of the work could not be done; never to be read as a clean result.
  case incomplete = 3
}
