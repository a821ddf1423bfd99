import ConfigKit
import Foundation
import GitKit
import Synchronization
import TestSupport
import Testing

/// Every number a user can hand the binary, on a flag, in `-c` or in a `GIT_LLM_…` variable, at
/// the values that break arithmetic: no value may crash it (a trap exits by signal, which a shell
/// reports as 132, 134 or 139), and a refused value gets an error line naming the flag or key.
///
/// The numeric flags are found in the binary itself (`--experimental-dump-help`, then a probe of
/// each option with a value that is no number), so a new flag is covered without editing this file.
@Suite("No number crashes the binary")
struct NumericInputTests {
  static let extremes = [
    "0", "-1", "-0", "2147483648", "4294967296", "9223372036854775807", "9223372036854775808",
    String(repeating: "9", count: 40), "1e308", "nan", "inf", "-inf",
  ]

  /// Flags a run of `command` gets as well: no wait on a model, and a dataset folder of its own
  /// (cases run side by side).
  static func extraFlags(_ command: String, _ fixture: TinyRepository) -> [String] {
    switch command {
    case "debt": ["--no-model"]
    case "finetune": ["--out", fixture.repo.scratch("dataset-" + UUID().uuidString)]
    case "review": ["--no-cache", "--no-log"]
    default: []
    }
  }

  @Test func theNumericFlagsAreFoundInTheBinary() throws {
    let flags = try NumericFlags.find()
    let names = Set(flags.map { "\($0.command.joined(separator: " ")) \($0.flag)" })
    // The ones that crashed before; the probe must see at least these.
    for known in [
      "diff --unified", "doctor --timeout", "logs --max-count", "commits --max-count", "debt --top", "debt --jobs",
      "finetune dataset --jobs", "finetune dataset --max-pairs", "finetune dataset --val-ratio",
    ] {
      #expect(names.contains(known), "\(known) not among \(names.sorted())")
    }
    #expect(!names.contains("debt --since"), "a text option is not numeric")
  }

  @Test func everyNumericFlagTakesEveryExtremeValue() throws {
    let fixture = try TinyRepository()
    let cases = try NumericFlags.find().flatMap { flag in Self.extremes.map { (flag, $0) } }
    let failures = Runner.map(cases) { flag, value -> String? in
      let arguments = flag.command + Self.extraFlags(flag.command[0], fixture) + ["\(flag.flag)=\(value)"]
      return check(try? fixture.cli.run(arguments, in: fixture.repo.path), naming: flag.flag, arguments)
    }
    let problems = failures.compactMap { $0 ?? nil }
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }

  @Test func everyNumericConfigKeyTakesEveryExtremeValue() throws {
    let fixture = try TinyRepository()
    let keys = NumericKeys.all
    #expect(keys.contains("review.context_lines") && keys.contains("models.ollama.default.context_window"))
    let failures = Runner.map(Self.extremes) { value -> [String] in
      var problems: [String] = []
      // Every key at once: each refused one must be named on a line of its own.
      let overrides = keys.flatMap { ["-c", "\($0)=\(value)"] }
      let shown = try? fixture.cli.run(["config", "show"] + overrides, in: fixture.repo.path)
      let environment = Dictionary(uniqueKeysWithValues: keys.map { (NumericKeys.variable(for: $0), value) })
      let fromEnvironment = try? fixture.cli.run(["config", "show"], in: fixture.repo.path, environment: environment)
      var accepted: [String] = []
      for (label, result) in [("-c", shown), ("environment", fromEnvironment)] {
        guard let result, (0...3).contains(result.status) else {
          problems.append("config show (\(label)) with \(value): \(result.map { "exit \($0.status)" } ?? "did not run")")
          continue
        }
        let errors = result.stderrLines.filter(isErrorLine)
        let refused = keys.filter { key in errors.contains { $0.contains("'\(key)'") } }
        if label == "-c" { accepted = keys.filter { !refused.contains($0) } }
        if !refused.isEmpty && result.status != 2 { problems.append("\(label) \(value): refused \(refused) but exit \(result.status)") }
        if refused.count != errors.count {
          problems.append("\(label) \(value): \(errors.count) error lines for \(refused.count) keys:\n\(result.stderr)")
        }
      }
      // What was taken is used: each command that reads these keys runs with all of them.
      let taken = accepted.flatMap { ["-c", "\($0)=\(value)"] }
      for command in [["review", "--format", "json", "HEAD~1..HEAD"], ["debt"], ["finetune", "dataset"]] where !taken.isEmpty {
        let result = try? fixture.cli.run(command + Self.extraFlags(command[0], fixture) + taken, in: fixture.repo.path)
        if let problem = check(result, naming: nil, command + taken) { problems.append(problem) }
      }
      return problems
    }
    let problems = failures.flatMap { $0 ?? ["a case did not run"] }
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }
}

/// A problem with one run, or nil: it must exit 0 to 3, and a refusal (2) must say in one error
/// line what it refused (`naming`, when given).
private func check(_ result: ProcessResult?, naming name: String?, _ arguments: [String]) -> String? {
  guard let result else { return "\(arguments): did not run" }
  guard (0...3).contains(result.status) else { return "\(arguments): exit \(result.status)\n\(result.stderr.prefix(400))" }
  guard result.status == 2, let name else { return nil }
  let errors = result.stderrLines.filter(isErrorLine)
  guard errors.count == 1, errors[0].contains(name) else { return "\(arguments): wanted one error line naming \(name):\n\(result.stderr)" }
  return nil
}

/// git-llm's error lines (argument-parser's own errors are reworded into the same form).
private func isErrorLine(_ line: String) -> Bool { line.hasPrefix("git-llm: error:") }

/// A repository of two commits, one file, with its own HOME; every case runs in it.
struct TinyRepository: Sendable {
  let cli: CLI
  let repo: GitFixture

  init() throws {
    cli = try CLI()
    repo = try GitFixture()
    try repo.write("a.swift", "let a = 1\n")
    try repo.commitAll("one")
    try repo.write("a.swift", "let a = 2\n// TODO: tidy\n")
    try repo.commitAll("two")
  }
}

/// One numeric option of one command, as the binary describes itself.
struct NumericFlag: Sendable {
  let command: [String]
  let flag: String
}

enum NumericFlags {
  /// Options of every command whose value the parser converts (it refuses "x" as invalid for the
  /// option) and that offer no list of values (those are enums).
  static func find() throws -> [NumericFlag] {
    let cli = try CLI()
    let dump = try cli.run(["--experimental-dump-help"], in: cli.home)
    let root = try #require(try JSONSerialization.jsonObject(with: dump.stdout) as? [String: Any])
    var candidates: [NumericFlag] = []
    func walk(_ command: [String: Any], _ path: [String]) {
      for argument in command["arguments"] as? [[String: Any]] ?? [] where argument["kind"] as? String == "option" {
        guard argument["allValues"] == nil, let names = argument["names"] as? [[String: Any]],
          let long = names.first(where: { $0["kind"] as? String == "long" })?["name"] as? String
        else { continue }
        candidates.append(NumericFlag(command: path, flag: "--" + long))
      }
      for sub in command["subcommands"] as? [[String: Any]] ?? [] {
        if let name = sub["commandName"] as? String, name != "help" { walk(sub, path + [name]) }
      }
    }
    walk(try #require(root["command"] as? [String: Any]), [])
    // The unknown option stops every probe before the command runs.
    let converted = Runner.map(candidates) { candidate -> NumericFlag? in
      guard !candidate.command.isEmpty,
        let result = try? cli.run(candidate.command + ["\(candidate.flag)=x", "--no-such-option-probe"], in: cli.home)
      else { return nil }
      return result.stderr.contains("the value 'x' is invalid for '\(candidate.flag)") ? candidate : nil
    }
    return converted.compactMap { $0 ?? nil }
  }
}

enum NumericKeys {
  /// Every configuration key that holds a number or a duration, with the built-in provider and
  /// model names standing in for `*`.
  static var all: [String] {
    ConfigSchema.keys.filter { key in
      key.typeName.hasPrefix("integer") || key.typeName.hasPrefix("number") || key.typeName == "duration"
    }.map { key in
      key.path.replacingOccurrences(of: "providers.*", with: "providers.ollama")
        .replacingOccurrences(of: "models.*", with: "models.ollama.default")
    }
  }

  /// The `GIT_LLM_…` variable for a key: upper case, every other character `_`.
  static func variable(for key: String) -> String {
    "GIT_LLM_" + String(key.uppercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
  }
}

/// Runs independent cases a few at a time (each is a process of its own), on GitKit's worker
/// threads; results in input order.
enum Runner {
  static func map<Input: Sendable, Output: Sendable>(_ inputs: [Input], _ body: @Sendable (Input) throws -> Output) -> [Output?] {
    let results = Mutex<[Output?]>(Array(repeating: nil, count: inputs.count))
    WorkerThreads.forEach(4) { worker in
      for index in stride(from: worker, to: inputs.count, by: 4) {
        let output = try? body(inputs[index])
        results.withLock { $0[index] = output }
      }
    }
    return results.withLock { $0 }
  }
}
