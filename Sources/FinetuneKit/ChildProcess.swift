import Foundation
import Synchronization

/// Programs git-llm runs for training (container engines, python): run to completion with their
/// output collected, or started detached in their own session.
public enum ChildProcess {
  public struct Result: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String

    /// The last non-empty line of stderr (else stdout): what an error message quotes.
    public var lastLine: String {
      let lines = (stderr + "\n" + stdout).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
      return lines.last { !$0.isEmpty } ?? "exit status \(status)"
    }
  }

  /// The full path of `program` on PATH (or `program` itself when it has a slash).
  public static func locate(_ program: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
    if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
    for folder in (path ?? "/usr/bin:/bin").split(separator: ":") {
      let candidate = "\(folder)/\(program)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// Runs `arguments[0]` (found on PATH) to completion; stdout and stderr are read together so a
  /// full pipe never stalls the child. `passStderr` shows the child's stderr as it comes instead.
  public static func run(
    _ arguments: [String], environment: [String: String] = [:], input: Data? = nil, passStderr: Bool = false
  ) throws(FinetuneError) -> Result {
    guard let program = arguments.first, let executable = locate(program) else {
      throw .engineMissing(arguments.first ?? "")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = Array(arguments.dropFirst())
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe(), err = Pipe(), stdin = Pipe()
    process.standardOutput = out
    process.standardError = passStderr ? FileHandle.standardError : err
    process.standardInput = input == nil ? FileHandle.nullDevice : stdin
    do { try process.run() } catch { throw .engineFailed(program, error.localizedDescription) }
    if let input {
      stdin.fileHandleForWriting.write(input)
      try? stdin.fileHandleForWriting.close()
    }
    let errors = CollectedBytes()
    let reading = DispatchGroup()
    if !passStderr {
      reading.enter()
      Thread.detachNewThread {
        let data = err.fileHandleForReading.readDataToEndOfFile()
        errors.bytes.withLock { $0 = data }
        reading.leave()
      }
    }
    let output = out.fileHandleForReading.readDataToEndOfFile()
    reading.wait()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
      stderr: String(decoding: errors.bytes.withLock { $0 }, as: UTF8.self))
  }

  /// Starts `arguments` in its own session with stdin from /dev/null and stdout and stderr
  /// appended to `logPath`, and does not wait: it outlives this process.
  public static func spawnDetached(
    _ arguments: [String], logPath: String, environment: [String: String] = [:]
  ) throws(FinetuneError) -> ProcessStamp {
    guard let program = arguments.first, let executable = locate(program) else {
      throw .engineMissing(arguments.first ?? "")
    }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    #if os(Linux)
      // POSIX_SPAWN_SETSID (glibc 2.26+): its own session, so no terminal signal reaches it.
      posix_spawnattr_setflags(&attributes, 0x80)
    #endif
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let cArguments = ([executable] + arguments.dropFirst()).map { strdup($0) } + [nil]
    defer { cArguments.forEach { free($0) } }
    let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let cEnvironment = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { cEnvironment.forEach { free($0) } }
    var pid: pid_t = 0
    let status = posix_spawn(&pid, executable, &actions, &attributes, cArguments, cEnvironment)
    guard status == 0 else { throw .engineFailed(program, String(cString: strerror(status))) }
    // Reaped by a thread so it never lingers as a zombie while this process lives on.
    let child = pid
    let stamp = ProcessStamp(pid: child, started: ProcessTable.startTime(of: child))
    Thread.detachNewThread {
      var code: Int32 = 0
      waitpid(child, &code, 0)
    }
    return stamp
  }
}

/// Bytes a reader thread hands to the waiting one.
private final class CollectedBytes: Sendable {
  let bytes = Mutex(Data())
}
