import Foundation

/// A throwaway git repository in a temp folder, built with the git CLI (tests may use git to
/// build fixtures and as an oracle; product code reads repositories only through libgit2).
public final class GitFixture: @unchecked Sendable {
  /// The work tree (or the bare repository's folder).
  public let path: String
  private let root: String

  /// Makes an empty repository (`bare` for one without a work tree).
  public init(bare: Bool = false, initialBranch: String = "main") throws {
    root = try makeTemporaryFolder()
    path = root + "/repo"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    try git(["init", "-q", "-b", initialBranch] + (bare ? ["--bare"] : []))
  }

  /// Wraps an existing folder (a clone or worktree made by another fixture), deleted with `owner`.
  public init(existing path: String, owner root: String) {
    self.path = path
    self.root = root
  }

  deinit { try? FileManager.default.removeItem(atPath: root) }

  /// A sibling folder inside this fixture's temp area, removed with it.
  public func scratch(_ name: String) -> String { root + "/" + name }

  /// Runs git in the repository with a fixed identity and clock; returns stdout.
  @discardableResult
  public func git(_ arguments: [String], in directory: String? = nil, environment extra: [String: String] = [:]) throws -> String {
    String(decoding: try gitData(arguments, in: directory, environment: extra), as: UTF8.self)
  }

  /// Runs git and returns stdout as raw bytes (for byte-exact comparisons).
  public func gitData(_ arguments: [String], in directory: String? = nil, environment extra: [String: String] = [:]) throws -> Data {
    let result = try run("/usr/bin/env", ["git"] + arguments, in: directory ?? path, environment: fixtureEnvironment.merging(extra) { $1 })
    guard result.status == 0 else {
      throw FixtureError.command("git \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)")
    }
    return result.stdout
  }

  /// Writes a file (creating folders) in the work tree.
  public func write(_ relative: String, _ content: String) throws { try write(relative, Data(content.utf8)) }

  public func write(_ relative: String, _ data: Data) throws {
    let url = URL(fileURLWithPath: path + "/" + relative)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try data.write(to: url)
  }

  /// Writes a file whose name is raw bytes (e.g. Latin-1), which Foundation's String paths can't express.
  public func write(rawName: [UInt8], _ data: Data) throws {
    let full = Array((path + "/").utf8) + rawName + [0]
    let fd = full.withUnsafeBufferPointer { buffer in
      buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
    }
    guard fd >= 0 else { throw FixtureError.command("could not create raw-named file") }
    defer { close(fd) }
    _ = data.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
  }

  /// Stages everything and commits with `message`; returns the new commit id.
  @discardableResult
  public func commitAll(_ message: String, environment: [String: String] = [:]) throws -> String {
    try git(["add", "-A"])
    try git(["commit", "-q", "--allow-empty", "-m", message], environment: environment)
    return try git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// The id a revision names, per git.
  public func revParse(_ revision: String) throws -> String {
    try git(["rev-parse", "--verify", "-q", revision + "^{commit}"]).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  private var fixtureEnvironment: [String: String] {
    [
      "GIT_AUTHOR_NAME": "Ada Lovelace", "GIT_AUTHOR_EMAIL": "ada@example.com",
      "GIT_COMMITTER_NAME": "Charles Babbage", "GIT_COMMITTER_EMAIL": "charles@example.com",
      "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_PAGER": "cat",
      "PAGER": "cat", "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0",
    ]
  }
}

public enum FixtureError: Error, CustomStringConvertible {
  case command(String)
  public var description: String {
    switch self {
    case .command(let text): return text
    }
  }
}

/// The outcome of a child process.
public struct ProcessResult: Sendable {
  public let status: Int32
  public let stdout: Data
  public let stderr: String
  public var output: String { String(decoding: stdout, as: UTF8.self) }
}

/// Runs a program to completion, collecting stdout and stderr (read concurrently so a full pipe
/// never deadlocks).
public func run(
  _ executable: String, _ arguments: [String], in directory: String? = nil,
  environment: [String: String] = [:], stdin: Data? = nil, inheritEnvironment: Bool = true
) throws -> ProcessResult {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
  var env = inheritEnvironment ? ProcessInfo.processInfo.environment : [:]
  for key in env.keys where key.hasPrefix("GIT_") && key != "GIT_EXEC_PATH" { env.removeValue(forKey: key) }
  env.merge(environment) { $1 }
  process.environment = env
  let out = Pipe(), err = Pipe(), input = Pipe()
  process.standardOutput = out
  process.standardError = err
  process.standardInput = input
  try process.run()
  if let stdin { input.fileHandleForWriting.write(stdin) }
  try? input.fileHandleForWriting.close()
  let collected = ReadBox()
  let group = DispatchGroup()
  group.enter()
  DispatchQueue.global().async {
    collected.set(err.fileHandleForReading.readDataToEndOfFile())
    group.leave()
  }
  let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
  group.wait()
  process.waitUntilExit()
  return ProcessResult(status: process.terminationStatus, stdout: stdoutData, stderr: String(decoding: collected.get(), as: UTF8.self))
}

final class ReadBox: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()
  func set(_ value: Data) { lock.lock(); data = value; lock.unlock() }
  func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
}

/// A new empty folder under the system temp folder.
public func makeTemporaryFolder() throws -> String {
  let base = NSTemporaryDirectory() + "git-llm-tests-" + UUID().uuidString
  try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
  // Resolve symlinks (/tmp on some systems) so paths compare equal to what libgit2 reports.
  return URL(fileURLWithPath: base).resolvingSymlinksInPath().path
}
