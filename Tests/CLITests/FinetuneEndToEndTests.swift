import Foundation
import TestSupport
import Testing

/// History to a model that reviews: harvest, train, evaluate, deploy to llama.cpp, then
/// `git llm review` through an OpenAI-compatible provider at llama-cpp-python's server with the
/// adapter loaded (`--lora_path`).
@Suite("git llm finetune: history to a reviewing model", .serialized)
struct FinetuneEndToEndTests {
  @Test(.enabled(if: (Podman.canTrain && TrainingFixture.llamaCppPython != nil) || TrainingFixture.isRequired))
  func harvestTrainEvaluateDeployAndReview() throws {
    let training = try TrainingRepo()
    let model4k = try TrainingFixture.makeModel(positions: 4096)
    let trained = try training.run(
      ["finetune", "run", "--runner", "local", "--base-model", model4k, "--max-steps", "8", "--logging-steps", "4"])
    #expect(trained.status == 0, "\(trained.stderr)")
    let id = TrainingRepo.id(trained)
    let evaluated = try training.run(["finetune", "eval", id, "--max-samples", "2", "--max-new-tokens", "8"])
    #expect(evaluated.status == 0, "\(evaluated.stderr)")
    // A few steps on a tiny model may not beat the base: --force is what a user would pass then.
    let deployed = try training.run(["finetune", "deploy", id, "--to", "llamacpp", "--name", "repo-reviewer", "--force"])
    #expect(deployed.status == 0, "\(deployed.stderr)")
    let line = deployed.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init)
    let model = try #require(line.firstIndex(of: "-m").map { line[$0 + 1] })
    let lora = try #require(line.firstIndex(of: "--lora").map { line[$0 + 1] })
    #expect(line.first == "llama-server" && line.contains("--alias"))
    #expect(deployed.stderr.contains("to review with it: models.fine_tuned"), "\(deployed.stderr)")
    let record = try training.record(id)
    let deployment = try #require((record["deployments"] as? [[String: Any]])?.first)
    #expect(deployment["target"] as? String == "llamacpp" && deployment["name"] as? String == "repo-reviewer")
    #expect(try training.run(["finetune", "list"]).output.contains("llamacpp:repo-reviewer"))

    let python = try #require(TrainingFixture.llamaCppPython)
    let port = try TestHTTPServer.unusedPort()
    let server = Process()
    server.executableURL = URL(fileURLWithPath: python)
    server.arguments = [
      "-m", "llama_cpp.server", "--model", model, "--lora_path", lora, "--model_alias", "repo-reviewer", "--host", "127.0.0.1",
      "--port", String(port), "--n_ctx", "4096", "--verbose", "False",
    ]
    server.standardOutput = FileHandle.nullDevice
    server.standardError = FileHandle.nullDevice
    try server.run()
    // SIGKILL: uvicorn waits on open connections after a TERM.
    defer {
      kill(server.processIdentifier, SIGKILL)
      server.waitUntilExit()
    }
    let url = "http://127.0.0.1:\(port)/v1"
    #expect(training.wait(seconds: 120) { (try? TestSupport.run("/usr/bin/curl", ["-sf", url + "/models"]))?.status == 0 })
    try training.cli.writeUserConfig(
      """
      providers:
        ollama: {base_url: "http://127.0.0.1:\(try TestHTTPServer.unusedPort())"}
        local: {type: openai, base_url: "\(url)"}
      models:
        fine_tuned: {provider: local, model: repo-reviewer, context_window: 4096, max_output_tokens: 256}
      routing:
        review: [fine_tuned, builtin]
      fallback: {max_retries: 0}
      """)
    try training.repo.write("src/m0.py", "def offset_0(x):\n    return x - 0  # changed\n")
    _ = try training.repo.commitAll("Change offset_0")
    let review = try training.run(["review", "HEAD~1..", "--format", "json"])
    #expect([0, 1].contains(review.status), "\(review.stderr)")
    let report = try #require(try JSONSerialization.jsonObject(with: review.stdout) as? [String: Any], "\(review.output)")
    #expect(report["findings"] is [Any], "\(report.keys.sorted())")
    // The deployed model was asked (whether its tiny answer passed validation or not).
    #expect(review.stderr.contains("fine_tuned") || review.output.contains("repo-reviewer"), "\(review.stderr)")
  }

  @Test(.enabled(if: Podman.canTrain))
  func deployToOllamaUploadsTheAdapterAndPointsTheAlias() throws {
    let training = try TrainingRepo()
    let trained = try training.run(["finetune", "run", "--runner", "local"] + (try training.trainArguments(steps: 2)))
    let id = TrainingRepo.id(trained)
    let ollama = try FakeOllama()
    try training.cli.writeUserConfig(
      "providers:\n  ollama: {base_url: \"\(ollama.url)\"}\nfinetune:\n  deploy: {ollama_url: \"\(ollama.url)\"}\n")
    // Not evaluated: refused without --force; no --from: refused before anything is converted.
    let unevaluated = try training.run(["finetune", "deploy", id, "--name", "repo-reviewer", "--from", "tiny-base"])
    #expect(unevaluated.status == 2 && unevaluated.stderr.contains("has not been evaluated"))
    let noBase = try training.run(["finetune", "deploy", id, "--name", "repo-reviewer", "--force"])
    #expect(noBase.status == 2 && noBase.stderr.contains("--from"))
    let deployed = try training.run(
      ["finetune", "deploy", id, "--name", "repo-reviewer", "--from", "tiny-base", "--force", "--set-alias"])
    #expect(deployed.status == 0, "\(deployed.stderr)")
    #expect(deployed.output == "ollama run repo-reviewer\n")
    let adapter = training.runsFolder + "/\(id)/gguf/adapter.gguf"
    let digest = "sha256:" + SHA256Hex.of(try Data(contentsOf: URL(fileURLWithPath: adapter)))
    let create = try #require(ollama.creates.first)
    #expect(create["from"] as? String == "tiny-base")
    #expect(create["adapters"] as? [String: String] == ["adapter.gguf": digest])
    #expect(ollama.blobs.withLock { $0[digest] } == (try Data(contentsOf: URL(fileURLWithPath: adapter))))
    let deployment = try #require((try training.record(id)["deployments"] as? [[String: Any]])?.first)
    #expect(deployment["url"] as? String == ollama.url && deployment["base"] as? String == "tiny-base")
    let local = try String(contentsOfFile: training.repo.path + "/.git/git-llm.yaml", encoding: .utf8)
    #expect(local.contains("fine_tuned:\n    provider: \"ollama\"\n    model: \"repo-reviewer\""))
  }
}
