import Foundation

/// How an attempt ended, turned into the run's final state and what run.json keeps of it.
struct RunOutcome {
  var exitCode: Int32?
  var problem: String?

  static func decide(
    _ outcome: RunOutcome, cancelled: Bool, adapterExists: Bool
  ) -> (state: RunState, message: String?) {
    if cancelled { return (.cancelled, "stopped by `git llm finetune cancel`; `git llm finetune resume` continues it") }
    if let problem = outcome.problem { return (.failed, problem) }
    switch outcome.exitCode {
    case 0?:
      return adapterExists ? (.succeeded, nil) : (.failed, "training exited 0 but wrote no adapter/adapter_model.safetensors")
    case 2?: return (.failed, "train.py refused its arguments or the dataset (exit 2); see the log tail")
    case 137?:
      return (.failed, "training was killed (exit 137: out of memory, or the process was killed); `git llm finetune resume` continues")
    case 143?, 130?:
      return (.failed, "training was stopped by a signal after saving a checkpoint; `git llm finetune resume` continues")
    case let code?: return (.failed, "training failed with exit status \(code); see the log tail")
    case nil: return (.failed, "training ended and its exit status is unknown")
    }
  }

  /// The last `count` non-empty lines of `path` after `offset` bytes.
  static func tail(of path: String, from offset: Int, count: Int = 20) -> [String] {
    guard let data = FileManager.default.contents(atPath: path) else { return [] }
    let start = min(max(offset, 0), data.count)
    let text = String(decoding: data[data.index(data.startIndex, offsetBy: start)...], as: UTF8.self)
    let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    return Array(lines.suffix(count))
  }
}
