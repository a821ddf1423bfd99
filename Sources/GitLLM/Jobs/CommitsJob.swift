import GitKit
import OutputKit

/// Output formats of `git llm commits`.
public enum CommitsFormat: String, Sendable, CaseIterable {
  case text, json, jsonl
}

/// Walks a range and prints each commit as it is read.
public struct CommitsJob {
  public var directory: String
  public var spec: String
  public var format: CommitsFormat
  public var options: HistoryOptions

  public func run() throws {
    let repository = try Repository(discoveringFrom: directory)
    let range = try repository.resolveRange(spec)
    // Paths only in older history are fine here, as with git log, so only the reading is checked.
    var options = options
    options.paths = try repository.topRelativePathspecs(options.paths, from: directory)
    let out = OutputStream()
    if format == .json { out.write("[") }
    var first = true
    if options.limit != 0 {
      try repository.walkHistory(including: range.included, excluding: range.excluded, options: options) { commit in
        switch format {
        case .text:
          out.write("\(commit.id.abbreviated()) \(commit.summary)\n")
        case .json:
          out.write(first ? "\n  " : ",\n  ")
          out.write(Self.json(commit).serialized(pretty: false))
        case .jsonl:
          out.write(Self.json(commit).serialized(pretty: false))
          out.write([0x0A])
        }
        first = false
        return true
      }
    }
    if format == .json { out.write(first ? "]\n" : "\n]\n") }
    out.flush()
  }

  /// One commit in the documented JSON form (docs/json.md).
  public static func json(_ commit: CommitInfo) -> JSON {
    func person(_ signature: Signature) -> JSON {
      .object([
        ("name", .string(signature.name)), ("email", .string(signature.email)),
        ("date", .string(signature.isoDate)), ("timestamp", .int(Int(signature.time))),
      ])
    }
    var pairs: [(String, JSON)] = [
      ("id", .string(commit.id.hex)),
      ("parents", .array(commit.parents.map { .string($0.hex) })),
      ("merge", .bool(commit.isMerge)),
      ("author", person(commit.author)),
      ("committer", person(commit.committer)),
      ("encoding", commit.encoding.map(JSON.string) ?? .null),
      ("summary", .string(commit.summary)),
      ("message", .string(commit.message)),
      ("history_cut", .bool(commit.historyCut)),
    ]
    if commit.encoding == nil && !commit.rawMessage.isValidUTF8 {
      pairs.insert(("message_base64", .string(Base64.encode(commit.rawMessage.bytes))), at: pairs.count - 1)
    }
    return .object(pairs)
  }
}
