import ConfigKit
import Foundation
import GitKit
import HooksKit
import OutputKit

/// The work behind `git llm hooks install|uninstall|status`; HooksKit does the file work.
public enum HookJobs {
  public enum Format: String, Sendable, CaseIterable { case text, json }

  /// Install flags other than the hook names.
  public struct InstallFlags: Sendable {
    public var force, printOnly, configHooks, direct: Bool
    public init(force: Bool, printOnly: Bool, configHooks: Bool, direct: Bool) {
      (self.force, self.printOnly, self.configHooks, self.direct) = (force, printOnly, configHooks, direct)
    }
  }

  public static func install(directory: String, overrides: [String], hooks names: [String], options: InstallFlags, quiet: Bool) throws {
    if options.printOnly && options.configHooks {
      throw CommandFailure(.usage, "--print and --config-hooks do not go together; pick one")
    }
    let app = try Composition.load(directory: directory, overrides: overrides, quiet: quiet)
    app.reportWarnings()
    let locations = try locations(app.context)
    var hooks = try parse(names)
    if hooks.isEmpty { hooks = HookName.enabled(in: app.config.hooks) }
    guard !hooks.isEmpty else {
      throw CommandFailure(
        .usage, "no hook is turned on in the configuration (hooks.pre_commit and friends); name one with --hook pre-commit")
    }
    let request = InstallOptions(
      hooks: hooks, force: options.force, printOnly: options.printOnly, configHooks: options.configHooks, ignoreManagers: options.direct)
    try print(perform { () throws(HooksError) in try HooksInstaller.install(request, at: locations) }, quiet: quiet)
  }

  public static func uninstall(directory: String, hooks names: [String], force: Bool, quiet: Bool) throws {
    let locations = try locations(directory: directory)
    let hooks = try parse(names)
    try print(
      perform { () throws(HooksError) in try HooksUninstaller.uninstall(hooks.isEmpty ? nil : hooks, force: force, at: locations) },
      quiet: quiet)
  }

  public static func status(directory: String, overrides: [String], hooks names: [String], format: Format, quiet: Bool) throws {
    let app = try Composition.load(directory: directory, overrides: overrides, quiet: quiet)
    app.reportWarnings()
    let locations = try locations(app.context)
    let hooks = try parse(names)
    let status = HooksStatus.inspect(
      hooks.isEmpty ? HookName.allCases : hooks, enabled: HookName.enabled(in: app.config.hooks), at: locations,
      environment: ProcessInfo.processInfo.environment)
    let out = OutputStream()
    switch format {
    case .text: out.write(status.text(locations))
    case .json:
      out.write(json(status).serialized())
      out.write("\n")
    }
    out.flush()
  }

  /// The `--format json` answer of `hooks status` (docs/hooks.md).
  static func json(_ status: HooksStatus) -> JSON {
    .object([
      ("hooks_directory", .string(status.hooksDirectory)),
      ("core_hooks_path", status.configuredHooksPath.map(JSON.string) ?? .null),
      ("manager", status.manager.map(JSON.string) ?? .null),
      ("enabled", .bool(status.disabledBy == nil)),
      ("disabled_by", status.disabledBy.map(JSON.string) ?? .null),
      (
        "hooks",
        .array(
          status.entries.map { entry in
            .object([
              ("name", .string(entry.hook.rawValue)), ("enabled_in_config", .bool(entry.enabledInConfig)),
              ("state", .string(entry.state.rawValue)), ("path", .string(entry.path)),
              ("runs", .array(entry.steps.map(JSON.string))),
            ])
          })
      ),
    ])
  }

  /// Hook names from `--hook`, in order, without repeats.
  static func parse(_ names: [String]) throws -> [HookName] {
    var hooks: [HookName] = []
    for name in names {
      guard let hook = HookName(rawValue: name) else {
        let known = HookName.allCases.map(\.rawValue).joined(separator: ", ")
        throw CommandFailure(.usage, "unknown hook '\(name)' in --hook; use one of \(known)")
      }
      if !hooks.contains(hook) { hooks.append(hook) }
    }
    return hooks
  }

  private static func locations(directory: String) throws -> HookLocations {
    do {
      return try HookLocations.discover(from: directory)
    } catch {
      throw CommandFailure(.usage, "\(directory) is not in a git repository; run git llm hooks inside one or pass -C <path>")
    }
  }

  private static func locations(_ context: ConfigContext) throws -> HookLocations {
    guard let repository = context.repository else {
      throw CommandFailure(.usage, "not in a git repository; run git llm hooks inside one or pass -C <path>")
    }
    return HookLocations(repository: repository)
  }

  private static func perform(_ body: () throws(HooksError) -> HooksReport) throws -> HooksReport {
    do {
      return try body()
    } catch {
      throw CommandFailure(error.kind == .refused ? .usage : .incomplete, error.description)
    }
  }

  private static func print(_ report: HooksReport, quiet: Bool) throws {
    if !quiet { for warning in report.warnings { Diagnostics.warning(warning) } }
    let out = OutputStream()
    for line in report.lines { out.write(line + "\n") }
    if let snippet = report.snippet { out.write("\n" + snippet) }
    out.flush()
    if let refusal = report.refusal { throw CommandFailure(.usage, refusal) }
  }
}
