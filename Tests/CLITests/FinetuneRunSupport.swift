import Foundation
import TestSupport
import Testing

/// A repository with a harvested dataset, and helpers to start and watch training runs through
/// the real binary.
struct TrainingRepo {
  let cli: CLI
  let repo: GitFixture

  init(commits: Int = 24) throws {
    cli = try CLI()
    repo = try GitFixture()
    for index in 0..<commits {
      try repo.write("src/m\(index).py", "def offset_\(index)(x):\n    return x + \(index)\n")
      try repo.commitAll("Add offset_\(index) to shift values by \(index)")
    }
    let harvested = try cli.run(["finetune", "dataset", "--kinds", "commit_message,edit"], in: repo.path)
    guard harvested.status == 0 else { throw FixtureError.command("finetune dataset: \(harvested.stderr)") }
  }

  var runsFolder: String { repo.path + "/.git/llm/finetune/runs" }

  /// The environment every real run gets: the tests' venv for `--runner local`.
  var environment: [String: String] {
    var environment = ["HF_HUB_OFFLINE": "1"]
    if let python = TrainingFixture.python {
      environment["GIT_LLM_FINETUNE_VENV"] = URL(fileURLWithPath: python).deletingLastPathComponent().deletingLastPathComponent().path
    }
    return environment
  }

  /// `-c` overrides that make podman build the image on the tests' local base image.
  var imageOverrides: [String] {
    TrainingFixture.baseImage.map { ["-c", "finetune.container.base_image=\($0)"] } ?? []
  }

  @discardableResult
  func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> ProcessResult {
    try cli.run(arguments, in: repo.path, environment: environment.merging(extra) { $1 })
  }

  /// A small, quick training: the tiny model, a few steps, a metrics line each step.
  func trainArguments(steps: Int, saveSteps: Int? = nil) throws -> [String] {
    var arguments = ["--base-model", try TrainingFixture.tinyModel(), "--max-steps", String(steps), "--logging-steps", "1"]
    if let saveSteps { arguments += ["--save-steps", String(saveSteps)] }
    return arguments
  }

  func record(_ id: String) throws -> [String: Any] {
    let data = try #require(FileManager.default.contents(atPath: runsFolder + "/\(id)/run.json"))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  func state(_ id: String) throws -> String { try record(id)["state"] as? String ?? "" }

  /// The highest step metrics.jsonl has reached.
  func step(_ id: String) -> Int {
    let text = (try? String(contentsOfFile: runsFolder + "/\(id)/metrics.jsonl", encoding: .utf8)) ?? ""
    return text.split(separator: "\n").compactMap { line -> Int? in
      guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
      return object["step"] as? Int
    }.max() ?? 0
  }

  func steps(_ id: String) -> [Int] {
    let text = (try? String(contentsOfFile: runsFolder + "/\(id)/metrics.jsonl", encoding: .utf8)) ?? ""
    return text.split(separator: "\n").compactMap { line -> Int? in
      guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], object["loss"] is Double
      else { return nil }
      return object["step"] as? Int
    }
  }

  func hasCheckpoint(_ id: String) -> Bool {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: runsFolder + "/\(id)/checkpoints")) ?? []
    return names.contains { name in
      name.hasPrefix("checkpoint-") && FileManager.default.fileExists(atPath: runsFolder + "/\(id)/checkpoints/\(name)/trainer_state.json")
    }
  }

  /// Waits (up to `seconds`) for `condition`; false when it never held.
  func wait(seconds: Double = 600, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if try condition() { return true }
      Thread.sleep(forTimeInterval: 0.5)
    }
    return try condition()
  }

  func finished(_ id: String) -> Bool {
    ["succeeded", "failed", "cancelled"].contains((try? state(id)) ?? "")
  }

  /// The run id a `run`/`resume` printed (its last stdout line).
  static func id(_ result: ProcessResult) -> String {
    result.output.split(separator: "\n").last.map(String.init) ?? ""
  }
}

enum Podman {
  static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/podman") || which("podman") != nil }

  static func which(_ program: String) -> String? {
    (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(program)" }.first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }

  @discardableResult
  static func run(_ arguments: [String]) throws -> ProcessResult {
    try TestSupport.run(which("podman") ?? "/usr/bin/podman", arguments)
  }

  /// Training needs a venv python (for the tiny model) and, for containers, a base image.
  static var canTrain: Bool { TrainingFixture.python != nil || TrainingFixture.isRequired }
  static var canTrainInContainers: Bool {
    (TrainingFixture.python != nil && TrainingFixture.baseImage != nil && available) || TrainingFixture.isRequired
  }
}
