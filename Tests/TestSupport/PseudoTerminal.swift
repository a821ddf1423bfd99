import Foundation

// Glibc's module map hides these (they need _XOPEN_SOURCE); the C library has them.
@_silgen_name("posix_openpt") private func posixOpenpt(_ flags: Int32) -> Int32
@_silgen_name("grantpt") private func grantPseudoTerminal(_ fd: Int32) -> Int32
@_silgen_name("unlockpt") private func unlockPseudoTerminal(_ fd: Int32) -> Int32
@_silgen_name("ptsname") private func pseudoTerminalName(_ fd: Int32) -> UnsafeMutablePointer<CChar>?

/// Runs a program with its stderr on a pseudo-terminal (stdout a pipe), the way a user's shell
/// runs it in a terminal: for what a program draws only when stderr is a terminal. `stderr` is
/// everything the terminal received (the terminal turns "\n" into "\r\n").
public func runWithTerminalStderr(
  _ executable: String, _ arguments: [String], in directory: String, environment: [String: String]
) throws -> ProcessResult {
  let (process, master, out) = try startOnTerminal(
    executable, arguments, in: directory, environment: environment, stdinOnTerminal: false, stdoutOnTerminal: false)
  defer { close(master) }
  let screen = ReadBox()
  let group = DispatchGroup()
  group.enter()
  DispatchQueue.global().async {
    var collected = Data()
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = read(master, &buffer, buffer.count)
      if count <= 0 { break }
      collected.append(contentsOf: buffer[0..<count])
    }
    screen.set(collected)
    group.leave()
  }
  let stdoutData = out?.fileHandleForReading.readDataToEndOfFile() ?? Data()
  process.waitUntilExit()
  group.wait()
  return ProcessResult(status: process.terminationStatus, stdout: stdoutData, stderr: String(decoding: screen.get(), as: UTF8.self))
}

/// Starts a program with stderr on a new pseudo-terminal, and stdin and stdout there too or not
/// (stdin from /dev/null, stdout a pipe). Returns the terminal's master, for the caller to read
/// and close: only the child holds the terminal, so reading the master ends (EIO) when it exits.
func startOnTerminal(
  _ executable: String, _ arguments: [String], in directory: String, environment: [String: String],
  stdinOnTerminal: Bool, stdoutOnTerminal: Bool
) throws -> (process: Process, master: Int32, stdout: Pipe?) {
  let (master, terminal) = try openPseudoTerminal()
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  process.currentDirectoryURL = URL(fileURLWithPath: directory)
  process.environment = environment
  let handle = FileHandle(fileDescriptor: terminal, closeOnDealloc: false)
  let out = stdoutOnTerminal ? nil : Pipe()
  process.standardInput = stdinOnTerminal ? handle : FileHandle.nullDevice
  process.standardError = handle
  process.standardOutput = out ?? handle
  do {
    try process.run()
  } catch {
    close(terminal)
    close(master)
    throw error
  }
  close(terminal)
  try? out?.fileHandleForWriting.close()
  return (process, master, out)
}

/// A new pseudo-terminal: its master (the user's side) and its slave (the program's side).
func openPseudoTerminal() throws -> (master: Int32, terminal: Int32) {
  let master = posixOpenpt(O_RDWR | O_NOCTTY)
  guard master >= 0 else { throw TestHTTPServerError.socket("posix_openpt", errno) }
  guard grantPseudoTerminal(master) == 0, unlockPseudoTerminal(master) == 0, let name = pseudoTerminalName(master) else {
    close(master)
    throw TestHTTPServerError.socket("ptsname", errno)
  }
  let terminal = open(String(cString: name), O_RDWR | O_NOCTTY)
  guard terminal >= 0 else {
    close(master)
    throw TestHTTPServerError.socket("open pty", errno)
  }
  return (master, terminal)
}
