import GitKit
import ProvidersKit

/// Packs the reviewable files into units that fit a model's context budget: small files
/// together, a large file split at hunk boundaries, a single hunk too large for any model cut
/// at line boundaries (and flagged). Token counts are estimates (`TokenEstimate`, deliberately
/// generous); providers' reported usage corrects the figures in the report.
public struct ReviewPacker: Sendable {
  /// Tokens available for the diff text of one unit.
  public let budget: Int

  public init(budget: Int) { self.budget = max(256, budget) }

  /// The budget for a model window: what is left after the system prompt, the request's own
  /// wording and the answer.
  public static func budget(window: Int, systemPrompt: String, answerReserve: Int) -> Int {
    window - TokenEstimate.tokens(in: systemPrompt) - answerReserve - 200
  }

  public func pack(_ files: [FileChange]) -> [ReviewUnit] {
    var units: [ReviewUnit] = []
    var pending: [(ReviewUnit.File, String)] = []
    var pendingTokens = 0

    func flush() {
      guard !pending.isEmpty else { return }
      units.append(Self.unit(pending.map(\.0), text: pending.map(\.1).joined(), partial: false, oversized: false))
      pending = []
      pendingTokens = 0
    }

    for file in files.sorted(by: { $0.path < $1.path }) {
      let text = Self.patch(file, hunks: file.hunks)
      let tokens = TokenEstimate.tokens(in: text)
      if tokens <= budget {
        if pendingTokens + tokens > budget { flush() }
        pending.append((Self.unitFile(file, hunks: file.hunks), text))
        pendingTokens += tokens
        continue
      }
      flush()
      units += split(file)
    }
    flush()
    return units
  }

  /// A file too large for one unit: its hunks in as few units as fit, each with the file header.
  private func split(_ file: FileChange) -> [ReviewUnit] {
    var units: [ReviewUnit] = []
    var hunks: [Hunk] = []
    var tokens = TokenEstimate.tokens(in: Self.patch(file, hunks: []))
    func flush(oversized: Bool = false) {
      guard !hunks.isEmpty else { return }
      units.append(
        Self.unit([Self.unitFile(file, hunks: hunks)], text: Self.patch(file, hunks: hunks), partial: true, oversized: oversized))
      hunks = []
      tokens = TokenEstimate.tokens(in: Self.patch(file, hunks: []))
    }
    for hunk in file.hunks {
      let hunkTokens = TokenEstimate.tokens(in: Self.hunkText(hunk))
      if hunkTokens > budget {
        flush()
        for piece in Self.cut(hunk, budget: budget) {
          hunks = [piece]
          flush(oversized: true)
        }
        continue
      }
      if tokens + hunkTokens > budget { flush() }
      hunks.append(hunk)
      tokens += hunkTokens
    }
    flush()
    return units
  }

  /// Cuts a hunk into pieces of at most `budget` tokens, each with a correct `@@` header.
  static func cut(_ hunk: Hunk, budget: Int) -> [Hunk] {
    var pieces: [Hunk] = []
    var lines: [DiffLine] = []
    var size = 0
    // The old line a piece without old lines follows (git writes "-N,0": insert after line N).
    var lastOld = hunk.oldCount == 0 ? hunk.oldStart : hunk.oldStart - 1
    var lastNew = hunk.newCount == 0 ? hunk.newStart : hunk.newStart - 1
    func emit() {
      guard !lines.isEmpty else { return }
      let oldStart = lines.compactMap(\.oldLine).first ?? lastOld
      let newStart = lines.compactMap(\.newLine).first ?? lastNew
      lastOld = lines.compactMap(\.oldLine).last ?? lastOld
      lastNew = lines.compactMap(\.newLine).last ?? lastNew
      let oldCount = lines.filter { $0.kind != .added }.count
      let newCount = lines.filter { $0.kind != .removed }.count
      let header = "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@"
      pieces.append(
        Hunk(oldStart: oldStart, oldCount: oldCount, newStart: newStart, newCount: newCount, header: GitBytes(header), lines: lines))
      lines = []
      size = 0
    }
    for line in hunk.lines {
      let cost = (line.content.bytes.count + 4) / 3
      if size + cost > budget { emit() }
      lines.append(line)
      size += cost
    }
    emit()
    return pieces
  }

  static func patch(_ file: FileChange, hunks: [Hunk]) -> String {
    var copy = file
    copy.hunks = hunks
    copy.typeChangeParts = []
    var out: [UInt8] = []
    PatchFormat.write(copy, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  static func hunkText(_ hunk: Hunk) -> String {
    hunk.header.text + "\n" + hunk.lines.map { " " + $0.content.text + "\n" }.joined()
  }

  static func unitFile(_ file: FileChange, hunks: [Hunk]) -> ReviewUnit.File {
    var added: [Int] = []
    var newLines: [Int: String] = [:]
    for line in hunks.flatMap(\.lines) {
      guard let number = line.newLine else { continue }
      newLines[number] = line.content.text
      if line.kind == .added { added.append(number) }
    }
    return ReviewUnit.File(path: file.path.text, addedLines: added, newLines: newLines)
  }

  static func unit(_ files: [ReviewUnit.File], text: String, partial: Bool, oversized: Bool) -> ReviewUnit {
    ReviewUnit(id: String(ContentHash.hex(text).prefix(12)), files: files, diffText: text, isPartial: partial, oversizedHunk: oversized)
  }
}
