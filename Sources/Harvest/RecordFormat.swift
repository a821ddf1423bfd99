import ConfigKit
import Foundation

/// One JSON line per pair, in the layout the chosen format names.
///
/// - chat: `{"messages":[{"content":…,"role":"system"},{…"user"},{…"assistant"}]}`, what TRL's
///   SFTTrainer and axolotl's chat_template datasets read;
/// - alpaca: `{"input":…,"instruction":…,"output":…}`, the system prompt as the instruction;
/// - completion: `{"completion":…,"prompt":…}`, the prompt being the system prompt, a blank line
///   and the user's turn.
/// Keys are sorted, so a record is byte-for-byte stable.
enum RecordFormat {
  private struct Message: Encodable {
    let role: String
    let content: String
  }
  private struct Chat: Encodable { let messages: [Message] }
  private struct Alpaca: Encodable {
    let instruction: String
    let input: String
    let output: String
  }
  private struct Completion: Encodable {
    let prompt: String
    let completion: String
  }

  static func line(_ pair: TrainingPair, format: DatasetFormat) -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let encoded: Data?
    switch format {
    case .chat:
      encoded = try? encoder.encode(Chat(messages: [
        Message(role: "system", content: pair.system), Message(role: "user", content: pair.user),
        Message(role: "assistant", content: pair.assistant),
      ]))
    case .alpaca:
      encoded = try? encoder.encode(Alpaca(instruction: pair.system, input: pair.user, output: pair.assistant))
    case .completion:
      encoded = try? encoder.encode(Completion(prompt: pair.system + "\n\n" + pair.user, completion: pair.assistant))
    }
    // Encoding plain strings cannot fail; an empty object keeps the line count honest if it ever did.
    var data = encoded ?? Data("{}".utf8)
    data.append(0x0A)
    return data
  }
}
