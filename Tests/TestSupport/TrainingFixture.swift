import Foundation
import Synchronization

/// What the training-run tests need beyond git: the finetune venv's python (to make a tiny
/// random Llama once per test process) and a local base image for the training image (no
/// registry here). `scripts/run-tests` sets both (`GIT_LLM_TEST_FINETUNE_PYTHON`,
/// `GIT_LLM_TEST_BASE_IMAGE`); without them the tests skip, except in CI, where they fail.
public enum TrainingFixture {
  public static var python: String? { value("GIT_LLM_TEST_FINETUNE_PYTHON") }
  public static var baseImage: String? { value("GIT_LLM_TEST_BASE_IMAGE") }
  /// A python with llama-cpp-python (the test LLM server's venv), to serve a deployed adapter.
  public static var llamaCppPython: String? { value("GIT_LLM_TEST_LLAMA_CPP_PYTHON") }

  public static var isRequired: Bool { TestLLMServer.isRequired }

  /// The checkout these tests were built from.
  public static let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  private static func value(_ name: String) -> String? {
    guard let text = ProcessInfo.processInfo.environment[name], !text.isEmpty else { return nil }
    return text
  }

  /// A tiny random Llama with a trained tokenizer (docker/finetune/make_tiny_model.py), made once
  /// per test process.
  public static func tinyModel() throws -> String {
    try made.withLock { folder in
      if let folder { return folder }
      let out = try makeModel(positions: 512)
      folder = out
      return out
    }
  }

  /// A tiny model of its own that takes `positions` tokens (a review prompt needs thousands).
  public static func makeModel(positions: Int) throws -> String {
    do {
      let python = try python ?? { throw FixtureError.command("GIT_LLM_TEST_FINETUNE_PYTHON is not set") }()
      let out = try makeTemporaryFolder() + "/tiny-model"
      let result = try run(
        python, [sourceRoot + "/docker/finetune/make_tiny_model.py", out, "--positions", String(positions)],
        environment: ["HF_HUB_OFFLINE": "1"])
      guard result.status == 0 else { throw FixtureError.command("make_tiny_model.py: \(result.stderr)") }
      return out
    }
  }

  private static let made = Mutex<String?>(nil)
}
