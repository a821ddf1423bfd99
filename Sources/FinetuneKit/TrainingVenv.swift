import ConfigKit
import Foundation

/// The venv `--runner local` trains in: made under the user cache from the same pinned
/// requirements as the image, and reinstalled only when they change.
public struct TrainingVenv: Sendable {
  public let path: String
  public let share: ShareFolder

  public init(path: String, share: ShareFolder) {
    self.path = path
    self.share = share
  }

  /// `GIT_LLM_FINETUNE_VENV`, else `$XDG_CACHE_HOME/git-llm/finetune-venv` (~/.cache when unset).
  public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    if let path = environment["GIT_LLM_FINETUNE_VENV"], !path.isEmpty { return path }
    return UserCache.folder(environment: environment) + "/finetune-venv"
  }

  var python: String { path + "/bin/python" }
  var stampPath: String { path + "/.git-llm-requirements.sha256" }

  /// Creates or updates the venv; `say` reports the slow steps.
  /// `withGPU` adds requirements-gpu.txt (bitsandbytes, for QLoRA).
  public func prepare(withGPU: Bool = false, say: (String) -> Void) throws(FinetuneError) {
    guard let requirements = FileManager.default.contents(atPath: share.requirements) else { throw .shareFolderMissing }
    let files = [share.requirements] + (withGPU ? [share.trainingScripts + "/requirements-gpu.txt"] : [])
    let want = SHA256.hex(Array(requirements) + Array((withGPU ? "gpu" : "").utf8))
    if !FileManager.default.isExecutableFile(atPath: python) {
      say("creating the training venv \(path)")
      let made = try ChildProcess.run(["python3", "-m", "venv", path])
      guard made.status == 0 else { throw .venvFailed("python3 -m venv: \(made.lastLine) (Debian: apt-get install python3-venv)") }
    }
    if (try? String(contentsOfFile: stampPath, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) != want {
      try install(files, say: say)
      try? (want + "\n").write(toFile: stampPath, atomically: true, encoding: .utf8)
    }
    try converters()
  }

  private func install(_ files: [String], say: (String) -> Void) throws(FinetuneError) {
    say("installing the training requirements into \(path) (the first time: a few minutes)")
    let installed = try ChildProcess.run(
      [python, "-m", "pip", "install", "--disable-pip-version-check", "-q"] + files.flatMap { ["-r", $0] })
    guard installed.status == 0 else { throw .venvFailed("pip install -r \(files.joined(separator: " -r ")): \(installed.lastLine)") }
  }

  /// llama.cpp's GGUF converters (for `finetune deploy`) in VENV/llama.cpp, from the pinned
  /// llama-cpp-python sdist (fetch_converters.py keeps them when they are already the pin's).
  private func converters() throws(FinetuneError) {
    let pin = (try? String(contentsOfFile: share.trainingScripts + "/requirements-convert.txt", encoding: .utf8))?
      .split(whereSeparator: \.isNewline).first { !$0.hasPrefix("#") && !$0.isEmpty }.map(String.init)
    let have = try? String(contentsOfFile: path + "/llama.cpp/SOURCE", encoding: .utf8)
    if let pin, have?.trimmingCharacters(in: .whitespacesAndNewlines) == pin.trimmingCharacters(in: .whitespaces) { return }
    let sdists = UserCache.folder() + "/sdist"
    let fetched = try ChildProcess.run(
      [python, share.trainingScripts + "/fetch_converters.py", "--find", sdists, "--download", sdists, "--extract", path + "/llama.cpp"])
    guard fetched.status == 0 else { throw .venvFailed("llama.cpp's converters: \(fetched.lastLine)") }
  }
}

/// git-llm's folder in the user cache.
public enum UserCache {
  public static func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return cache + "/git-llm" }
    return (environment["HOME"] ?? NSHomeDirectory()) + "/.cache/git-llm"
  }
}
