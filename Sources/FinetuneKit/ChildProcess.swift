import Foundation

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

  /// Runs `arguments[0]` (found on PATH) to completion and collects what it printed;
  /// `passStderr` sends all it prints to this process's stderr instead (a build's progress).
  public static func run(
    _ arguments: [String], environment: [String: String] = [:], input: Data? = nil, passStderr: Bool = false
  ) throws(FinetuneError) -> Result {
    guard let program = arguments.first, let executable = locate(program) else {
      throw .engineMissing(arguments.first ?? "")
    }
    // Output goes to files, and the child is waited for with waitpid: a container engine's
    // monitor process inherits the child's descriptors and lives as long as the container, so
    // neither a pipe's end nor Foundation's Process (which watches an inherited descriptor) would
    // come back before the container ends.
    let base = NSTemporaryDirectory() + "git-llm-child-" + UUID().uuidString
    defer {
      try? FileManager.default.removeItem(atPath: base + ".in")
      try? FileManager.default.removeItem(atPath: base + ".out")
      try? FileManager.default.removeItem(atPath: base + ".err")
    }
    var inputPath = "/dev/null"
    if let input {
      inputPath = base + ".in"
      guard FileManager.default.createFile(atPath: inputPath, contents: input) else {
        throw .engineFailed(program, "could not write \(inputPath)")
      }
    }
    let pid = try spawn(
      [executable] + arguments.dropFirst(), environment: environment, detached: false,
      outputs: (input: inputPath, stdout: passStderr ? nil : base + ".out", stderr: passStderr ? nil : base + ".err", append: false))
    var code: Int32 = 0
    while waitpid(pid, &code, 0) < 0 && errno == EINTR {}
    let exited = code & 0x7f == 0
    let status = exited ? (code >> 8) & 0xff : 128 + (code & 0x7f)
    let output = FileManager.default.contents(atPath: base + ".out") ?? Data()
    let errors = FileManager.default.contents(atPath: base + ".err") ?? Data()
    return Result(status: status, stdout: String(decoding: output, as: UTF8.self), stderr: String(decoding: errors, as: UTF8.self))
  }

  /// Starts `arguments` in its own session with stdin from /dev/null and stdout and stderr
  /// appended to `logPath`, and does not wait: it outlives this process.
  public static func spawnDetached(
    _ arguments: [String], logPath: String, environment: [String: String] = [:], unsetting: Set<String> = []
  ) throws(FinetuneError) -> ProcessStamp {
    guard let program = arguments.first, let executable = locate(program) else {
      throw .engineMissing(arguments.first ?? "")
    }
    let pid = try spawn(
      [executable] + arguments.dropFirst(), environment: environment, unsetting: unsetting, detached: true,
      outputs: (input: "/dev/null", stdout: logPath, stderr: nil, append: true))
    let child = pid
    let stamp = ProcessStamp(pid: child, started: ProcessTable.startTime(of: child))
    Thread.detachNewThread {
      var code: Int32 = 0
      waitpid(child, &code, 0)
    }
    return stamp
  }

  /// posix_spawn with stdin from `input`, stdout to a file (nil: this process's stderr) and stderr
  /// to another (nil: the same file when detached, this process's stderr otherwise); `detached`
  /// gives it its own session.
  private static func spawn(
    _ arguments: [String], environment: [String: String], unsetting: Set<String> = [], detached: Bool,
    outputs: (input: String, stdout: String?, stderr: String?, append: Bool)
  ) throws(FinetuneError) -> pid_t {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    #if os(Linux)
      // POSIX_SPAWN_SETSID (glibc 2.26+; Swift does not see the _GNU_SOURCE constant): its own
      // session, so it outlives this process and no terminal signal reaches it.
      if detached { posix_spawnattr_setflags(&attributes, 0x80) }
    #endif
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    // Only 0, 1 and 2 go to the child: a descriptor it inherited by accident (a caller's pipe)
    // would keep that caller waiting for as long as a detached run lives.
    for descriptor in inheritedDescriptors() { posix_spawn_file_actions_addclose(&actions, descriptor) }
    let mode = O_WRONLY | O_CREAT | (outputs.append ? O_APPEND : O_TRUNC)
    posix_spawn_file_actions_addopen(&actions, 0, outputs.input, O_RDONLY, 0)
    if let stdout = outputs.stdout {
      posix_spawn_file_actions_addopen(&actions, 1, stdout, mode, 0o644)
    } else {
      posix_spawn_file_actions_adddup2(&actions, 2, 1)
    }
    if let stderr = outputs.stderr {
      posix_spawn_file_actions_addopen(&actions, 2, stderr, mode, 0o644)
    } else if detached {
      posix_spawn_file_actions_adddup2(&actions, 1, 2)
    }
    let cArguments = arguments.map { strdup($0) } + [nil]
    defer { cArguments.forEach { free($0) } }
    let merged = ProcessInfo.processInfo.environment.filter { !unsetting.contains($0.key) }.merging(environment) { $1 }
    let cEnvironment = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { cEnvironment.forEach { free($0) } }
    var pid: pid_t = 0
    let status = posix_spawn(&pid, arguments[0], &actions, &attributes, cArguments, cEnvironment)
    guard status == 0 else { throw .engineFailed(arguments[0], String(cString: strerror(status))) }
    return pid
  }

  /// This process's open descriptors above 2.
  private static func inheritedDescriptors() -> [Int32] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    return names.compactMap { Int32($0) }.filter { $0 > 2 && fcntl($0, F_GETFD) >= 0 }
  }
}
