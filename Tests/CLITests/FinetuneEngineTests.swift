import Foundation
import TestSupport
import Testing

/// The same training through an engine API socket: podman's service speaks both podman's remote
/// API (`--host unix://…`, handled as a remote host: data copied in and out) and Docker's (the
/// docker CLI with DOCKER_HOST, so `--runner auto` finds a docker daemon that answers).
@Suite("git llm finetune: engines over a socket", .serialized)
struct FinetuneEngineTests {
  /// `podman system service` on a socket of its own, stopped when the test ends.
  final class EngineService {
    let socket: String
    private let process = Process()

    init() throws {
      socket = try makeTemporaryFolder() + "/engine.sock"
      process.executableURL = URL(fileURLWithPath: Podman.which("podman") ?? "/usr/bin/podman")
      process.arguments = ["system", "service", "--time=0", "unix://" + socket]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      for _ in 0..<100 where !FileManager.default.fileExists(atPath: socket) { Thread.sleep(forTimeInterval: 0.1) }
    }

    deinit {
      process.terminate()
      process.waitUntilExit()
    }
  }

  @Test(.enabled(if: Podman.canTrainInContainers))
  func aRemoteHostGetsTheDataCopiedInAndTheAdapterBack() throws {
    let service = try EngineService()
    let training = try TrainingRepo()
    let host = "unix://" + service.socket
    let result = try training.run(
      training.imageOverrides + ["finetune", "run", "--runner", "podman", "--host", host] + (try training.trainArguments(steps: 3)))
    #expect(result.status == 0, "\(result.stderr)")
    let id = TrainingRepo.id(result)
    let record = try training.record(id)
    #expect(record["state"] as? String == "succeeded")
    #expect(record["host"] as? String == host)
    let command = try #require(record["command"] as? [String])
    #expect(Array(command.prefix(4)) == ["podman", "--url", host, "create"])
    #expect(!command.contains { $0.contains(":/dataset") })
    // Copied back from the container into the run folder.
    #expect(FileManager.default.fileExists(atPath: training.runsFolder + "/\(id)/adapter/adapter_model.safetensors"))
    #expect(training.steps(id) == [1, 2, 3])
    #expect(try Podman.run(["container", "exists", "git-llm-finetune-" + id]).status != 0)
  }

  @Test(.enabled(if: Podman.canTrainInContainers && Podman.which("docker") != nil))
  func autoPicksADockerDaemonThatAnswers() throws {
    let service = try EngineService()
    let training = try TrainingRepo()
    let result = try training.run(
      training.imageOverrides + ["finetune", "run"] + (try training.trainArguments(steps: 2)),
      environment: ["DOCKER_HOST": "unix://" + service.socket])
    #expect(result.status == 0, "\(result.stderr)")
    let id = TrainingRepo.id(result)
    let record = try training.record(id)
    #expect(record["runner"] as? String == "docker")
    // A local socket is this machine: the dataset is mounted, read-only.
    #expect(record["host"] == nil || record["host"] is NSNull)
    #expect((record["command"] as? [String])?.first == "docker")
    #expect((record["command"] as? [String])?.contains(training.repo.path + "/.git/llm/dataset:/dataset:ro") == true)
    #expect(record["state"] as? String == "succeeded")
  }
}
