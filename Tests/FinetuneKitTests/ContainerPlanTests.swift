import Foundation
import TestSupport
import Testing

@testable import FinetuneKit

@Suite("ContainerPlan: the engine commands of a training attempt", .serialized)
struct ContainerPlanTests {
  let runFolder: String
  let dataset: String

  init() throws {
    runFolder = try makeTemporaryFolder()
    dataset = try makeTemporaryFolder()
  }

  func plan(
    runner: RunnerKind = .podman, host: String? = nil, modelFolder: String? = nil, gpus: GPUSelection = .cpu,
    passHFToken: Bool = false, resume: Bool = false, user: String? = nil
  ) -> ContainerPlan {
    ContainerPlan(
      engine: ContainerEngine(runner: runner, host: host), image: "git-llm-finetune:0123456789abcdef", runID: "20250101-000000-abcd",
      runFolder: runFolder, dataset: dataset, modelFolder: modelFolder, training: FinetuneFixtures.training, gpus: gpus,
      passHFToken: passHFToken, resume: resume, user: user)
  }

  /// The value after `flag`, for each time `flag` appears.
  func values(of flag: String, in command: [String]) -> [String] {
    command.indices.dropLast().filter { command[$0] == flag }.map { command[$0 + 1] }
  }

  @Test func localEngineRunsDetachedWithBindMounts() {
    let command = plan(runner: .docker).createCommand
    #expect(Array(command.prefix(3)) == ["docker", "run", "-d"])
    #expect(values(of: "--name", in: command) == ["git-llm-finetune-20250101-000000-abcd"])
    #expect(values(of: "--label", in: command) == ["org.git-llm.run=20250101-000000-abcd"])
    let mounts = values(of: "-v", in: command)
    #expect(mounts.contains("\(dataset):/dataset:ro"))
    #expect(mounts.contains("\(runFolder):/out"))
    #expect(mounts.contains("git-llm-hf-cache:/cache"))
    #expect(command.contains("git-llm-finetune:0123456789abcdef"))
  }

  @Test func localModelFolderIsMountedReadOnlyWithoutNetwork() throws {
    let model = try makeTemporaryFolder()
    let command = plan(modelFolder: model).createCommand
    #expect(values(of: "-v", in: command).contains("\(model):/model:ro"))
    #expect(values(of: "--network", in: command) == ["none"])
    #expect(values(of: "-e", in: command).contains("HF_HUB_OFFLINE=1"))
    #expect(values(of: "--base-model", in: command) == ["/model"])
  }

  @Test func hubModelIsDownloadedOverTheNetwork() {
    let command = plan().createCommand
    #expect(!values(of: "-v", in: command).contains { $0.contains(":/model") })
    #expect(!command.contains("--network"))
    #expect(!command.contains("HF_HUB_OFFLINE=1"))
    #expect(values(of: "--base-model", in: command) == ["Qwen/Qwen2.5-0.5B"])
  }

  @Test func hfTokenIsPassedByNameOnly() {
    let secret = "hf_unit_test_secret_value"
    setenv("HF_TOKEN", secret, 1)
    defer { unsetenv("HF_TOKEN") }
    let withToken = plan(passHFToken: true)
    let everything = [withToken.createCommand] + withToken.copyInCommands + [withToken.logsCommand]
    #expect(values(of: "-e", in: withToken.createCommand).contains("HF_TOKEN"))
    #expect(!everything.joined().contains { $0.contains(secret) })
    #expect(!withToken.createCommand.contains { $0.hasPrefix("HF_TOKEN=") })
    let remote = plan(host: "ssh://u@h", passHFToken: true)
    #expect(!remote.createCommand.contains { $0.contains(secret) })
    #expect(!plan().createCommand.contains("HF_TOKEN"))
  }

  @Test func userIsPassedWhenGiven() {
    #expect(values(of: "--user", in: plan(runner: .docker, user: "1000:1000").createCommand) == ["1000:1000"])
    #expect(!plan(runner: .docker).createCommand.contains("--user"))
  }

  @Test func localEngineNeedsNoCopies() {
    let local = plan(resume: true)
    #expect(local.copyInCommands.isEmpty)
    #expect(local.startCommand == nil)
    #expect(local.copyOutCommand == nil)
    #expect(local.metricsCopyCommand == nil)
    #expect(local.logsCommand == ["podman", "logs", "-f", "git-llm-finetune-20250101-000000-abcd"])
    #expect(local.stopCommand == ["podman", "stop", "-t", "120", "git-llm-finetune-20250101-000000-abcd"])
    #expect(local.removeCommand == ["podman", "rm", "-f", "git-llm-finetune-20250101-000000-abcd"])
  }

  @Test func remotePodmanUsesURLAndCreates() {
    let remote = plan(runner: .podman, host: "unix:///x")
    let command = remote.createCommand
    #expect(Array(command.prefix(4)) == ["podman", "--url", "unix:///x", "create"])
    #expect(!command.contains("run"))
    #expect(!command.contains("-d"))
  }

  @Test func remoteDockerUsesHostFlag() {
    let remote = plan(runner: .docker, host: "ssh://u@h")
    #expect(Array(remote.createCommand.prefix(4)) == ["docker", "-H", "ssh://u@h", "create"])
    #expect(remote.startCommand == ["docker", "-H", "ssh://u@h", "start", "git-llm-finetune-20250101-000000-abcd"])
    #expect(remote.copyOutCommand == ["docker", "-H", "ssh://u@h", "cp", "git-llm-finetune-20250101-000000-abcd:/out/.", runFolder])
    #expect(
      remote.metricsCopyCommand == [
        "docker", "-H", "ssh://u@h", "cp", "git-llm-finetune-20250101-000000-abcd:/out/metrics.jsonl", runFolder + "/metrics.jsonl",
      ])
  }

  @Test func remoteEngineCopiesInsteadOfBindMounting() throws {
    let model = try makeTemporaryFolder()
    let remote = plan(runner: .docker, host: "ssh://u@h", modelFolder: model)
    let mounts = values(of: "-v", in: remote.createCommand)
    #expect(mounts == ["git-llm-hf-cache:/cache"])
    #expect(!remote.createCommand.contains { $0.contains(dataset) || $0.contains(runFolder) || $0.contains(model) })
    let container = "git-llm-finetune-20250101-000000-abcd"
    #expect(
      remote.copyInCommands == [
        ["docker", "-H", "ssh://u@h", "cp", dataset + "/.", "\(container):/dataset"],
        ["docker", "-H", "ssh://u@h", "cp", model + "/.", "\(container):/model"],
      ])
    #expect(plan(runner: .docker, host: "ssh://u@h").copyInCommands.count == 1)
  }

  @Test func remoteResumeCopiesCheckpointsAndMetricsThatExist() throws {
    let container = "git-llm-finetune-20250101-000000-abcd"
    let prefix = ["podman", "--url", "unix:///x", "cp"]
    let datasetCopy = prefix + [dataset + "/.", "\(container):/dataset"]
    #expect(plan(host: "unix:///x", resume: true).copyInCommands == [datasetCopy])
    try FileManager.default.createDirectory(atPath: runFolder + "/checkpoints", withIntermediateDirectories: true)
    try Data("{}\n".utf8).write(to: URL(fileURLWithPath: runFolder + "/metrics.jsonl"))
    #expect(
      plan(host: "unix:///x", resume: true).copyInCommands == [
        datasetCopy,
        prefix + [runFolder + "/checkpoints", "\(container):/out/checkpoints"],
        prefix + [runFolder + "/metrics.jsonl", "\(container):/out/metrics.jsonl"],
      ])
    // Without resume, what an earlier attempt left behind stays out of the container.
    #expect(plan(host: "unix:///x", resume: false).copyInCommands == [datasetCopy])
  }

  @Test func singleGPUKeepsTheImageEntrypoint() {
    let one = GPUSelection(requested: "0", devices: [0], count: 1)
    let command = plan(runner: .docker, gpus: one).createCommand
    #expect(!command.contains("--entrypoint"))
    #expect(values(of: "--gpus", in: command) == ["\"device=0\""])
    let image = command.firstIndex(of: "git-llm-finetune:0123456789abcdef")
    #expect(image.map { command[$0 + 1] } == "--dataset")
  }

  @Test func multiGPUEntersThroughAccelerate() throws {
    let two = GPUSelection(requested: "0,1", devices: [0, 1], count: 2)
    let command = plan(runner: .podman, gpus: two).createCommand
    #expect(values(of: "--entrypoint", in: command) == ["/opt/git-llm-finetune/venv/bin/python"])
    let image = try #require(command.firstIndex(of: "git-llm-finetune:0123456789abcdef"))
    let entrypoint = try #require(command.firstIndex(of: "--entrypoint"))
    #expect(entrypoint < image)
    #expect(
      Array(command[(image + 1)...].prefix(7)) == [
        "-m", "accelerate.commands.launch", "--multi_gpu", "--num_processes", "2", "/opt/git-llm-finetune/train.py", "--dataset",
      ])
    #expect(values(of: "--device", in: command) == ["nvidia.com/gpu=0", "nvidia.com/gpu=1"])
  }

  @Test func resumeOnlyWhenAsked() {
    #expect(plan(resume: true).trainArguments.last == "--resume-if-possible")
    #expect(!plan(resume: false).trainArguments.contains("--resume-if-possible"))
    #expect(plan(resume: true).createCommand.last == "--resume-if-possible")
    #expect(!plan().createCommand.contains("--resume-if-possible"))
  }

  @Test func trainArgumentsUseContainerPaths() {
    let arguments = plan().trainArguments
    #expect(values(of: "--dataset", in: arguments) == ["/dataset"])
    #expect(values(of: "--output", in: arguments) == ["/out"])
  }
}
