import Foundation
import TestSupport
import Testing

/// Real training runs through the binary: the tiny random Llama, a few CPU steps, in the local
/// venv and in podman containers built from docker/fine-tuning.Dockerfile on a local base image.
@Suite("git llm finetune: real runs", .serialized)
struct FinetuneTrainingTests {
  @Test(.enabled(if: Podman.canTrain))
  func localRunnerTrainsEndToEnd() throws {
    let training = try TrainingRepo()
    let token = "hf_QWERTYUIOPASDFGHJKLZXCVBNM123456"
    let result = try training.run(
      ["finetune", "run", "--runner", "local"] + (try training.trainArguments(steps: 4)), environment: ["HF_TOKEN": token])
    #expect(result.status == 0, "\(result.stderr)")
    let id = TrainingRepo.id(result)
    #expect(try training.state(id) == "succeeded")
    let folder = training.runsFolder + "/" + id
    #expect(FileManager.default.fileExists(atPath: folder + "/adapter/adapter_model.safetensors"))
    #expect(FileManager.default.fileExists(atPath: folder + "/adapter/adapter_config.json"))
    #expect(training.steps(id) == [1, 2, 3, 4])
    // Not a terminal: the log's lines came through on stderr, and the summary names the adapter.
    #expect(result.stderr.contains("train: step 4/4"))
    #expect(result.stderr.contains("succeeded") && result.stderr.contains(folder + "/adapter"))
    let status = try training.run(["finetune", "status", String(id.prefix(15))])
    #expect(status.status == 0)
    #expect(status.output.contains("state: succeeded") && status.output.contains("progress: step 4/4"))
    let logs = try training.run(["finetune", "logs", id])
    #expect(logs.output.contains("train: done: 4 steps"))
    let record = try training.record(id)
    #expect(record["exit_code"] as? Int == 0)
    #expect(record["runner"] as? String == "local")
    #expect((record["command"] as? [String])?.contains("--max-steps") == true)
    // HF_TOKEN reaches train.py's environment and nothing the run writes.
    for name in ["run.json", "train.log", "metrics.jsonl", "result.json"] {
      let text = (try? String(contentsOfFile: folder + "/" + name, encoding: .utf8)) ?? ""
      #expect(!text.contains(token), "\(name)")
    }
    #expect(!result.output.contains(token) && !result.stderr.contains(token))
  }

  @Test(.enabled(if: Podman.canTrain))
  func evalComparesTheAdapterWithItsBase() throws {
    let training = try TrainingRepo()
    let trained = try training.run(["finetune", "run", "--runner", "local"] + (try training.trainArguments(steps: 4)))
    let id = TrainingRepo.id(trained)
    let result = try training.run(["finetune", "eval", id, "--max-samples", "2", "--max-new-tokens", "8"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.output.hasPrefix("metric "))
    #expect(result.output.contains("perplexity") && result.output.contains("95% interval"))
    #expect(result.output.contains("the adapter beats its base") || result.output.contains("does not beat its base"))
    let data = try #require(FileManager.default.contents(atPath: training.runsFolder + "/\(id)/eval.json"))
    let eval = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let metrics = try #require(eval["metrics"] as? [String: [String: Any]])
    #expect(metrics["perplexity"]?["base"] is Double && metrics["perplexity"]?["adapter"] is Double)
    let json = try training.run(["finetune", "eval", id, "--max-samples", "1", "--max-new-tokens", "4", "--format", "json"])
    #expect((try? JSONSerialization.jsonObject(with: json.stdout)) is [String: Any])
    let markdown = try training.run(["finetune", "eval", id, "--max-samples", "1", "--max-new-tokens", "4", "--format", "markdown"])
    #expect(markdown.output.hasPrefix("| metric | base | adapter |"))
    // A run with no adapter has nothing to evaluate.
    let failed = try training.run(["finetune", "run", "--runner", "local", "--max-length", "16"] + (try training.trainArguments(steps: 2)))
    let refused = try training.run(["finetune", "eval", TrainingRepo.id(failed)])
    #expect(refused.status == 2)
    #expect(refused.stderrLines.first?.contains("no adapter to evaluate") == true)
  }

  @Test(.enabled(if: Podman.canTrain))
  func aMergeThatCrossesTheThresholdStartsExactlyOneRun() throws {
    let training = try TrainingRepo()
    let first = try training.run(["finetune", "run", "--runner", "local"] + (try training.trainArguments(steps: 2)))
    #expect(first.status == 0, "\(first.stderr)")
    try training.cli.writeUserConfig(
      "finetune:\n  runner: local\n  base_model: \"\(try TrainingFixture.tinyModel())\"\n  retrain_after_commits: 3\n  epochs: 1\n"
        + "hooks:\n  post_merge: true\n")
    let hook = training.repo.path + "/.git/hooks/post-merge"
    try "#!/bin/sh\nexec git-llm hook run post-merge \"$@\"\n".write(toFile: hook, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
    let bin = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().path
    let environment = training.environment.merging([
      "PATH": bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"), "GIT_AUTHOR_NAME": "A",
      "GIT_AUTHOR_EMAIL": "a@x", "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@x",
    ]) { $1 }
    func merge(_ branch: String, commits: Int) throws -> ProcessResult {
      var script = "git checkout -q -b \(branch) && "
      for index in 0..<commits {
        script +=
          "echo 'def \(branch)_\(index)(): return \(index)' > \(branch)_\(index).py && git add . && git commit -q -m 'Add \(branch) \(index)' && "
      }
      script += "git checkout -q main && git merge -q --no-ff -m 'Merge \(branch)' \(branch)"
      return try training.cli.run(["-c", script], in: training.repo.path, environment: environment, shell: true)
    }
    let small = try merge("two", commits: 2)
    #expect(small.status == 0, "\(small.stderr)")
    #expect(small.stderr.contains("not retraining yet: 2 of 3 new commits"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: training.runsFolder).count == 1)
    let big = try merge("four", commits: 4)
    #expect(big.status == 0, "\(big.stderr)")
    #expect(big.stderr.contains("started `git llm finetune` in the background"), "\(big.stderr)")
    #expect(training.wait(seconds: 60) { ((try? FileManager.default.contentsOfDirectory(atPath: training.runsFolder)) ?? []).count == 2 })
    // A merge while that run is queued or running starts nothing.
    let again = try merge("more", commits: 3)
    #expect(again.stderr.contains("is still queued or running"), "\(again.stderr)")
    let runs = try FileManager.default.contentsOfDirectory(atPath: training.runsFolder).sorted()
    #expect(runs.count == 2)
    let log = try String(contentsOfFile: training.repo.path + "/.git/llm/finetune/retrain.log", encoding: .utf8)
    #expect(log.contains("not retraining yet") && log.contains("started") && log.contains("still queued or running"))
    if let second = runs.last { _ = try training.run(["finetune", "cancel", second]) }
  }

  @Test(.enabled(if: Podman.canTrain))
  func onATerminalARunShowsAProgressBar() throws {
    let training = try TrainingRepo()
    let result = try training.cli.runOnTerminal(
      ["finetune", "run", "--runner", "local"] + (try training.trainArguments(steps: 3)), in: training.repo.path,
      environment: training.environment)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("\r\u{1B}[K"))
    #expect(result.stderr.contains("git-llm: training ") && result.stderr.contains("step 3/3"))
    // The bar replaces the log's lines there.
    #expect(!result.stderr.contains("train: step 1/3"))
    let noColor = try training.cli.runOnTerminal(
      ["finetune", "logs", TrainingRepo.id(result), "-f"], in: training.repo.path, environment: ["NO_COLOR": "1"])
    #expect(!noColor.stderr.contains("\u{1B}["))
  }

  @Test(.enabled(if: Podman.canTrain))
  func finetuneWithoutASubcommandHarvestsThenStartsARun() throws {
    let training = try TrainingRepo()
    let result = try training.run(
      ["-c", "finetune.runner=local", "-c", "finetune.base_model=" + (try TrainingFixture.tinyModel()), "finetune"]
        + [])
    #expect(result.status == 0, "\(result.stderr)")
    let id = TrainingRepo.id(result)
    #expect(result.output.contains("/train.jsonl"))
    #expect(result.stderr.contains("git llm finetune logs \(id) -f"))
    // Cut short: the defaults would train three whole epochs.
    #expect(try training.run(["finetune", "cancel", id]).status == 0)
    #expect(["cancelled", "succeeded"].contains(try training.state(id)))
  }

  @Test(.enabled(if: Podman.canTrainInContainers))
  func aContainerRunTrainsAndRecordsItsImage() throws {
    let training = try TrainingRepo()
    let result = try training.run(
      training.imageOverrides + ["finetune", "run", "--runner", "podman"] + (try training.trainArguments(steps: 3)))
    #expect(result.status == 0, "\(result.stderr)")
    let id = TrainingRepo.id(result)
    let record = try training.record(id)
    #expect(record["state"] as? String == "succeeded")
    let image = try #require(record["image"] as? [String: Any])
    let hash = try #require(image["content_hash"] as? String)
    #expect(image["name"] as? String == "git-llm-finetune:" + hash.prefix(16))
    let label = try Podman.run([
      "image", "inspect", "--format", "{{index .Labels \"org.git-llm.content-hash\"}}", image["name"] as? String ?? "",
    ])
    #expect(label.output.trimmingCharacters(in: .whitespacesAndNewlines) == hash)
    #expect(FileManager.default.fileExists(atPath: training.runsFolder + "/\(id)/adapter/adapter_model.safetensors"))
    #expect(training.steps(id) == [1, 2, 3])
    // The dataset went in read-only, and the container is gone once the run is recorded.
    #expect((record["command"] as? [String])?.contains(training.repo.path + "/.git/llm/dataset:/dataset:ro") == true)
    #expect(try Podman.run(["container", "exists", "git-llm-finetune-" + id]).status != 0)
    let list = try training.run(["finetune", "list"])
    #expect(list.output.contains(id) && list.output.contains("succeeded"))
  }

  @Test(.enabled(if: Podman.canTrainInContainers))
  func evalAndDeployRunInTheRunsContainer() throws {
    let training = try TrainingRepo()
    let trained = try training.run(
      training.imageOverrides + ["finetune", "run", "--runner", "podman"] + (try training.trainArguments(steps: 3)))
    let id = TrainingRepo.id(trained)
    let evaluated = try training.run(
      training.imageOverrides + ["finetune", "eval", id, "--max-samples", "1", "--max-new-tokens", "4", "--format", "json"])
    #expect(evaluated.status == 0, "\(evaluated.stderr)")
    #expect(FileManager.default.fileExists(atPath: training.runsFolder + "/\(id)/eval.json"))
    #expect((try? JSONSerialization.jsonObject(with: evaluated.stdout)) is [String: Any])
    let deployed = try training.run(training.imageOverrides + ["finetune", "deploy", id, "--to", "llamacpp", "--name", "x", "--force"])
    #expect(deployed.status == 0, "\(deployed.stderr)")
    for name in ["adapter.gguf", "base.gguf"] {
      #expect(FileManager.default.fileExists(atPath: training.runsFolder + "/\(id)/gguf/" + name))
    }
  }

  @Test(.enabled(if: Podman.canTrainInContainers))
  func aFailedRunKeepsItsExitCodeAndLogTail() throws {
    let training = try TrainingRepo()
    // Every record is longer than 16 tokens: train.py refuses the dataset (exit 2).
    let result = try training.run(
      training.imageOverrides + ["finetune", "run", "--runner", "podman", "--max-length", "16"] + (try training.trainArguments(steps: 3)))
    #expect(result.status == 3)
    let id = TrainingRepo.id(result)
    let record = try training.record(id)
    #expect(record["state"] as? String == "failed")
    #expect(record["exit_code"] as? Int == 2)
    let tail = try #require(record["log_tail"] as? [String])
    #expect(tail.contains { $0.contains("max-length") || $0.contains("--max-length") })
    let status = try training.run(["finetune", "status", id])
    #expect(status.status == 3)
    #expect(status.output.contains("state: failed") && status.output.contains("exit code: 2") && status.output.contains("log tail:"))
  }

  @Test(.enabled(if: Podman.canTrainInContainers))
  func cancelStopsAtACheckpointAndResumeContinuesTheStep() throws {
    let training = try TrainingRepo()
    let started = try training.run(
      training.imageOverrides + ["finetune", "run", "--runner", "podman", "--detach"]
        + (try training.trainArguments(steps: 150, saveSteps: 2)))
    #expect(started.status == 0, "\(started.stderr)")
    let id = TrainingRepo.id(started)
    #expect(training.wait { training.hasCheckpoint(id) })
    let cancelled = try training.run(["finetune", "cancel", id])
    #expect(cancelled.status == 0, "\(cancelled.stderr)")
    #expect(try training.state(id) == "cancelled")
    let stoppedAt = training.step(id)
    #expect(stoppedAt < 150)
    let resumed = try training.run(training.imageOverrides + ["finetune", "resume", id])
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(try training.state(id) == "succeeded")
    let steps = training.steps(id)
    #expect(steps.last == 150)
    // The global step went on from the checkpoint: no second step 1, and the attempts are counted.
    #expect(steps.filter { $0 == 1 }.count == 1)
    #expect(try training.record(id)["attempts"] as? Int == 2)
  }

  @Test(.enabled(if: Podman.canTrainInContainers))
  func statusReattachesWhenTheCommandAndItsSupervisorDie() throws {
    let training = try TrainingRepo()
    let started = try training.run(
      training.imageOverrides + ["finetune", "run", "--runner", "podman", "--detach"]
        + (try training.trainArguments(steps: 120, saveSteps: 10)))
    let id = TrainingRepo.id(started)
    #expect(training.wait { training.step(id) >= 1 })
    #expect(try training.state(id) == "running")
    let supervisor = try #require((try training.record(id)["supervisor"] as? [String: Any])?["pid"] as? Int)
    kill(pid_t(supervisor), SIGKILL)
    // The container trains on by its name; `logs -f` starts a new supervisor and follows to the end.
    let followed = try training.run(["finetune", "logs", id, "-f"])
    #expect(followed.status == 0, "\(followed.stderr)")
    #expect(try training.state(id) == "succeeded")
    #expect(followed.output.components(separatedBy: "train: step 120/120").count - 1 >= 1)
    let log = try String(contentsOfFile: training.runsFolder + "/\(id)/train.log", encoding: .utf8)
    // Re-attaching rewrote the attempt's log once: no line twice.
    let stepLines = log.split(separator: "\n").filter { $0.hasPrefix("train: step 3/120 ") && !$0.contains("eval_loss") }
    #expect(stepLines.count == 1, "\(log)")
  }

  @Test(.enabled(if: Podman.canTrainInContainers))
  func aKilledContainerFailsAndResumesFromItsCheckpoint() throws {
    let training = try TrainingRepo()
    let started = try training.run(
      training.imageOverrides + ["finetune", "run", "--runner", "podman", "--detach"]
        + (try training.trainArguments(steps: 150, saveSteps: 2)))
    let id = TrainingRepo.id(started)
    #expect(training.wait { training.hasCheckpoint(id) && training.step(id) >= 3 })
    try Podman.run(["kill", "git-llm-finetune-" + id])
    #expect(training.wait(seconds: 60) { training.finished(id) })
    let status = try training.run(["finetune", "status", id])
    #expect(status.status == 3)
    #expect(status.output.contains("state: failed") && status.output.contains("exit code: 137"))
    let resumed = try training.run(training.imageOverrides + ["finetune", "resume", id])
    #expect(resumed.status == 0, "\(resumed.stderr)")
    let steps = training.steps(id)
    #expect(steps.last == 150)
    #expect(steps.filter { $0 == 1 }.count == 1)
  }

  @Test(.enabled(if: Podman.canTrainInContainers))
  func twoRunsWaitInOrder() throws {
    let training = try TrainingRepo()
    let arguments =
      training.imageOverrides + ["finetune", "run", "--runner", "podman", "--detach"] + (try training.trainArguments(steps: 3))
    let first = TrainingRepo.id(try training.run(arguments))
    let second = TrainingRepo.id(try training.run(arguments))
    let list = try training.run(["finetune", "list"])
    #expect(list.output.contains(second + "\tqueued (1 ahead)"), "\(list.output)")
    #expect(training.wait { training.finished(first) && training.finished(second) })
    let a = try #require(try training.record(first)["timestamps"] as? [String: String])
    let b = try #require(try training.record(second)["timestamps"] as? [String: String])
    #expect(try training.state(first) == "succeeded" && (try training.state(second)) == "succeeded")
    #expect(try #require(b["running"]) >= (try #require(a["finished"])))
  }
}
