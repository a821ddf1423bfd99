import Foundation
import TestSupport
import Testing

/// `git llm finetune run --dry-run` and the commands' usage errors: nothing trains here.
@Suite("git llm finetune run: spec and usage")
struct FinetuneRunCommandTests {
  private func spec(_ result: ProcessResult) throws -> (run: [String: Any], command: [String]) {
    let object = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    return (try #require(object["run"] as? [String: Any]), try #require(object["command"] as? [String]))
  }

  @Test func dryRunPrintsTheSpecAndTheCommandAndStartsNothing() throws {
    let training = try TrainingRepo(commits: 8)
    let result = try training.run(
      ["finetune", "run", "--runner", "podman", "--base-model", "Org/Model-1B", "--epochs", "2", "--lora-r", "8", "--dry-run"],
      environment: ["HF_TOKEN": "hf_abcdefghijklmnopqrstuvwxyz123456"])
    #expect(result.status == 0, "\(result.stderr)")
    let (run, command) = try spec(result)
    #expect(run["state"] as? String == "queued")
    #expect(run["runner"] as? String == "podman")
    let training1 = try #require(run["training"] as? [String: Any])
    #expect(training1["base_model"] as? String == "Org/Model-1B")
    #expect(training1["epochs"] as? Double == 2)
    #expect(training1["lora_r"] as? Int == 8)
    let dataset = try #require(run["dataset"] as? [String: Any])
    #expect((dataset["sha256"] as? String)?.count == 64)
    #expect((dataset["records"] as? [String: Int])?["train"] ?? 0 > 0)
    #expect(Array(command.prefix(3)) == ["podman", "run", "-d"])
    #expect(command.contains(training.repo.path + "/.git/llm/dataset:/dataset:ro"))
    #expect(command.contains("--lora-r") && command.contains("Org/Model-1B"))
    // The token goes by name only: its value is in no output.
    #expect(command.contains("HF_TOKEN"))
    #expect(!result.output.contains("hf_abcdefghijklmnopqrstuvwxyz123456"))
    #expect(!FileManager.default.fileExists(atPath: training.runsFolder))
  }

  @Test func aRemoteHostGetsTheDataCopiedInNotMounted() throws {
    let training = try TrainingRepo(commits: 8)
    let result = try training.run(
      ["finetune", "run", "--runner", "docker", "--host", "ssh://me@gpu-box", "--base-model", "Org/M", "--gpus", "none", "--dry-run"])
    #expect(result.status == 0, "\(result.stderr)")
    let (run, command) = try spec(result)
    #expect(run["host"] as? String == "ssh://me@gpu-box")
    #expect(Array(command.prefix(4)) == ["docker", "-H", "ssh://me@gpu-box", "create"])
    #expect(!command.contains { $0.hasSuffix(":/dataset:ro") })
  }

  @Test func gpuFlagsForDockerAndPodman() throws {
    let training = try TrainingRepo(commits: 8)
    let docker = try spec(
      try training.run(["finetune", "run", "--runner", "docker", "--base-model", "Org/M", "--gpus", "0,1", "--dry-run"]))
    let flags = docker.command
    let gpus = try #require(flags.firstIndex(of: "--gpus"))
    #expect(flags[gpus + 1] == "\"device=0,1\"")
    // Two GPUs: one process each under accelerate.
    #expect(flags.contains("--entrypoint") && flags.contains("--multi_gpu"))
    #expect(flags[try #require(flags.firstIndex(of: "--num_processes")) + 1] == "2")
    let podman = try spec(try training.run(["finetune", "run", "--runner", "podman", "--base-model", "Org/M", "--gpus", "1", "--dry-run"]))
    let device = try #require(podman.command.firstIndex(of: "--device"))
    #expect(podman.command[device + 1] == "nvidia.com/gpu=1")
    #expect(!podman.command.contains("--multi_gpu"))
  }

  @Test func kubernetesDryRunWritesAJobManifest() throws {
    let training = try TrainingRepo(commits: 8)
    let pytorch = try training.run(["finetune", "run", "--runner", "kubernetes", "--base-model", "Org/M", "--gpus", "all", "--dry-run"])
    #expect(pytorch.status == 0, "\(pytorch.stderr)")
    #expect(pytorch.output.contains("apiVersion: kubeflow.org/v1"))
    #expect(pytorch.output.contains("kind: PyTorchJob"))
    #expect(pytorch.output.contains("nvidia.com/gpu"))
    let trainJob = try training.run(
      ["finetune", "run", "--runner", "kubernetes", "--job-kind", "trainjob", "--base-model", "Org/M", "--dry-run"])
    #expect(trainJob.status == 0, "\(trainJob.stderr)")
    #expect(trainJob.output.contains("kind: TrainJob"))
    let refused = try training.run(["finetune", "run", "--runner", "kubernetes", "--base-model", "Org/M"])
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("--dry-run"))
  }

  @Test(.enabled(if: Podman.available && !FileManager.default.fileExists(atPath: "/etc/cdi/nvidia.yaml")))
  func gpusOnAnEngineWithoutTheNVIDIARuntimeAreRefusedBeforeQueueing() throws {
    let training = try TrainingRepo(commits: 8)
    let result = try training.run(["finetune", "run", "--runner", "podman", "--base-model", "Org/M", "--gpus", "all"])
    #expect(result.status == 2)
    #expect(result.stderrLines.first?.contains("nvidia-ctk cdi generate") == true, "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: training.runsFolder))
  }

  @Test func badInputIsOneLineAndExitTwo() throws {
    let training = try TrainingRepo(commits: 8)
    let cases: [([String], String)] = [
      (["finetune", "run", "--dataset", "nowhere", "--base-model", "Org/M", "--dry-run"], "git llm finetune dataset"),
      (["finetune", "run", "--gpus", "first", "--dry-run"], "--gpus"),
      (["finetune", "run", "--base-model", "./no-such-model", "--dry-run"], "no-such-model"),
      (["finetune", "run", "--host", "gpu-box", "--dry-run"], "ssh://"),
      (["finetune", "run", "--epochs", "0", "--dry-run"], "--epochs"),
      (["finetune", "status"], "no training runs yet"),
      (["finetune", "logs", "2020"], "no training run '2020'"),
      (["finetune", "resume", "x"], "no training run 'x'"),
    ]
    for (arguments, expected) in cases {
      let result = try training.run(arguments)
      #expect(result.status == 2, "\(arguments): \(result.stderr)")
      #expect(result.stderrLines.first?.contains(expected) == true, "\(arguments): \(result.stderr)")
      #expect(result.stderrLines.filter { !$0.contains("hint:") }.count == 1, "\(arguments): \(result.stderr)")
    }
    #expect(!FileManager.default.fileExists(atPath: training.runsFolder))
  }
}
