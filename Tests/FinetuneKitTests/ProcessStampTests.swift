import Foundation
import Testing

@testable import FinetuneKit

@Suite("ProcessStamp: a live process, told apart from a reused pid")
struct ProcessStampTests {
  @Test func thisProcessIsAlive() throws {
    let stamp = ProcessStamp.current()
    #expect(stamp.pid == getpid())
    #expect(stamp.started != nil)
    #expect(stamp.isAlive)
  }

  @Test func aProcessThatExitedIsNotAlive() throws {
    let stamp = try FinetuneFixtures.finishedProcess()
    #expect(stamp.started != nil)
    #expect(!stamp.isAlive)
  }

  @Test func aWrongStartTimeIsAnotherProcess() throws {
    let current = ProcessStamp.current()
    let started = try #require(current.started)
    #expect(!ProcessStamp(pid: current.pid, started: started + 1).isAlive)
    #expect(!ProcessStamp(pid: current.pid, started: 0).isAlive)
  }

  @Test func noStartTimeTrustsThePid() {
    #expect(ProcessStamp(pid: getpid(), started: nil).isAlive)
  }

  @Test func aZombieIsNotAlive() throws {
    // A child that exited but was not reaped keeps its pid; it is no longer running.
    var pid: pid_t = 0
    let arguments: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
    defer { arguments.forEach { free($0) } }
    #expect(posix_spawn(&pid, "/bin/true", nil, nil, arguments, nil) == 0)
    let started = ProcessTable.startTime(of: pid)
    var waited = siginfo_t()
    // Wait for the exit without reaping, so the zombie stays for the check.
    #expect(waitid(P_PID, id_t(pid), &waited, WEXITED | WNOWAIT) == 0)
    #expect(ProcessTable.isZombie(pid))
    #expect(!ProcessStamp(pid: pid, started: started).isAlive)
    var status: Int32 = 0
    waitpid(pid, &status, 0)
  }
}
