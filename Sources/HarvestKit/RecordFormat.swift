import ConfigKit
import Foundation
import OutputKit

/// One JSON line per pair, in the layout the chosen format names.
///
/// - chat: `{"messages":[{"content":…,"role":"system"},{…"user"},{…"assistant"}]}`, what TRL's
///   SFTTrainer and axolotl's chat_template datasets read;
/// - alpaca: `{"input":…,"instruction":…,"output":…}`, the system prompt as the instruction;
/// - completion: `{"completion":…,"prompt":…}`, the prompt being the system prompt, a blank line
///   and the user's turn.
/// Keys are sorted, so a record is byte-for-byte stable.
enum RecordFormat {
  static func line(_ pair: TrainingPair, format: DatasetFormat) -> [UInt8] {
    let record: JSON
    switch format {
    case .chat:
      func message(_ role: String, _ content: String) -> JSON { .object([("content", .string(content)), ("role", .string(role))]) }
      record = .object([
        (
          "messages",
          .array([
            message("system", pair.system), message("user", pair.user), message("assistant", pair.assistant),
          ])
        )
      ])
    case .alpaca:
      record = .object([("input", .string(pair.user)), ("instruction", .string(pair.system)), ("output", .string(pair.assistant))])
    case .completion:
      record = .object([("completion", .string(pair.assistant)), ("prompt", .string(pair.system + "\n\n" + pair.user))])
    }
    var line = record.serialized(pretty: false)
    line.append(0x0A)
    return line
  }

  /// The system prompt, user turn and answer of a record this harvest wrote in `format`, or nil
  /// for a line that is not one (an incremental run dedups new pairs against these).
  static func pair(fromLine line: some Collection<UInt8>, format: DatasetFormat) -> (system: String, user: String, assistant: String)? {
    guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { return nil }
    switch format {
    case .chat:
      guard let messages = object["messages"] as? [[String: Any]], messages.count == 3,
        let system = messages[0]["content"] as? String, let user = messages[1]["content"] as? String,
        let assistant = messages[2]["content"] as? String
      else { return nil }
      return (system, user, assistant)
    case .alpaca:
      guard let system = object["instruction"] as? String, let user = object["input"] as? String,
        let assistant = object["output"] as? String
      else { return nil }
      return (system, user, assistant)
    case .completion:
      guard let prompt = object["prompt"] as? String, let assistant = object["completion"] as? String else { return nil }
      // The prompt is "system, blank line, user"; every system prompt is one of the templates'.
      for system in PairTemplates.systemPrompts where prompt.hasPrefix(system + "\n\n") {
        return (system, String(prompt.dropFirst(system.count + 2)), assistant)
      }
      return ("", prompt, assistant)
    }
  }
}
