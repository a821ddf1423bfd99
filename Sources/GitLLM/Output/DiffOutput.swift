import GitKit
import OutputKit

/// The ways `git llm diff` can print the diff model.
public enum DiffFormat: String, Sendable, CaseIterable {
  /// The unified patch `git diff` prints.
  case patch
  /// The documented JSON model (docs/json.md).
  case json
  /// `git diff --numstat` lines: added, removed, path.
  case numstat
  /// `git diff --name-status` lines.
  case nameStatus = "name-status"
}

/// Renders a diff in each `DiffFormat`.
public enum DiffOutput {
  /// What was compared, for the JSON header.
  public struct Source: Sendable {
    public var kind: String
    public var spec: String?
    public var base: ObjectID?
    public var head: ObjectID?
    public init(kind: String, spec: String?, base: ObjectID?, head: ObjectID?) {
      self.kind = kind
      self.spec = spec
      self.base = base
      self.head = head
    }
  }

  public static func write(_ diff: Diff, format: DiffFormat, source: Source, color: Bool, to out: OutputStream) {
    switch format {
    case .patch:
      if color {
        var plain: [UInt8] = []
        PatchFormat.write(diff, to: &plain)
        out.write(colorized(plain))
      } else {
        for file in diff.files { out.append { PatchFormat.write(file, to: &$0) } }
      }
    case .json:
      out.write(json(diff, source: source).serialized())
      out.write([0x0A])
    case .numstat:
      for file in diff.files {
        let counts = file.isBinary ? "-\t-\t" : "\(file.additions)\t\(file.deletions)\t"
        out.append { buffer in
          buffer += counts.utf8
          if file.status == .renamed || file.status == .copied {
            buffer += compactRename(file.oldPath.bytes, file.newPath.bytes)
          } else {
            buffer += PatchFormat.quoted(prefix: "", file.path)
          }
          buffer.append(0x0A)
        }
      }
    case .nameStatus:
      for file in diff.files {
        out.append { buffer in
          buffer += statusLetter(file).utf8
          buffer.append(0x09)
          if file.status == .renamed || file.status == .copied {
            buffer += PatchFormat.quoted(prefix: "", file.oldPath)
            buffer.append(0x09)
          }
          buffer += PatchFormat.quoted(prefix: "", file.path)
          buffer.append(0x0A)
        }
      }
    }
  }

  /// A rename as `git diff --numstat` writes it: `src/{old.py => new.py}`, sharing the folders
  /// both paths have in common (git's pprint_rename); paths that need quoting are written whole.
  static func compactRename(_ old: [UInt8], _ new: [UInt8]) -> [UInt8] {
    let quotedOld = PatchFormat.quoted(prefix: "", GitBytes(old)), quotedNew = PatchFormat.quoted(prefix: "", GitBytes(new))
    if quotedOld != old || quotedNew != new { return quotedOld + Array(" => ".utf8) + quotedNew }
    // Index `count` stands for the C string's terminating NUL, which git's loop compares too.
    func at(_ bytes: [UInt8], _ index: Int) -> UInt8 { index < bytes.count ? bytes[index] : 0 }
    var prefix = 0, index = 0
    while index < old.count && index < new.count && old[index] == new[index] {
      if old[index] == UInt8(ascii: "/") { prefix = index + 1 }
      index += 1
    }
    var suffix = 0
    var oldIndex = old.count, newIndex = new.count
    let adjust = prefix > 0 ? 1 : 0
    while prefix - adjust <= oldIndex && prefix - adjust <= newIndex && oldIndex >= 0 && newIndex >= 0
      && at(old, oldIndex) == at(new, newIndex)
    {
      if at(old, oldIndex) == UInt8(ascii: "/") { suffix = old.count - oldIndex }
      oldIndex -= 1
      newIndex -= 1
    }
    let oldMiddle = max(0, old.count - prefix - suffix), newMiddle = max(0, new.count - prefix - suffix)
    var out: [UInt8] = []
    let braces = prefix + suffix > 0
    if braces { out += old[0..<prefix] + [UInt8(ascii: "{")] }
    out += old[prefix..<(prefix + oldMiddle)]
    out += " => ".utf8
    out += new[prefix..<(prefix + newMiddle)]
    if braces { out += [UInt8(ascii: "}")] + old[(old.count - suffix)...] }
    return out
  }

  /// git's one-letter status, with the similarity score for renames and copies ("R093").
  static func statusLetter(_ file: FileChange) -> String {
    func score(_ letter: String) -> String {
      let value = file.similarity ?? 0
      return letter + (value < 10 ? "00" : value < 100 ? "0" : "") + String(value)
    }
    switch file.status {
    case .added: return "A"
    case .deleted: return "D"
    case .modified, .modeChanged: return "M"
    case .renamed: return score("R")
    case .copied: return score("C")
    case .typeChanged: return "T"
    }
  }

  /// The JSON document described in docs/json.md.
  public static func json(_ diff: Diff, source: Source) -> JSON {
    .object([
      ("schema", .string("git-llm/diff")),
      ("version", .int(1)),
      (
        "source",
        .object([
          ("kind", .string(source.kind)),
          ("spec", source.spec.map(JSON.string) ?? .null),
          ("base", source.base.map { .string($0.hex) } ?? .null),
          ("head", source.head.map { .string($0.hex) } ?? .null),
        ])
      ),
      (
        "stats",
        .object([
          ("files", .int(diff.files.count)),
          ("additions", .int(diff.additions)),
          ("deletions", .int(diff.deletions)),
        ])
      ),
      ("files", .array(diff.files.map(fileJSON))),
    ])
  }

  static func fileJSON(_ file: FileChange) -> JSON {
    var pairs: [(String, JSON)] = [("status", .string(file.status.rawValue))]
    pairs.appendText("path", file.path)
    pairs.appendText("old_path", file.oldPath)
    pairs.appendText("new_path", file.newPath)
    pairs += [
      ("old_mode", file.oldMode == .absent ? .null : .string(file.oldMode.octal)),
      ("new_mode", file.newMode == .absent ? .null : .string(file.newMode.octal)),
      ("old_kind", .string(file.oldMode.kind)),
      ("new_kind", .string(file.newMode.kind)),
      ("old_id", .string(file.oldID.hex)),
      ("new_id", .string(file.newID.hex)),
      ("similarity", file.similarity.map(JSON.int) ?? .null),
      ("binary", .bool(file.isBinary)),
      ("submodule", .bool(file.isSubmodule)),
      ("symlink", .bool(file.isSymlink)),
      ("additions", .int(file.additions)),
      ("deletions", .int(file.deletions)),
      ("hunks", .array(file.hunks.map(hunkJSON))),
    ]
    return .object(pairs)
  }

  static func hunkJSON(_ hunk: Hunk) -> JSON {
    var pairs: [(String, JSON)] = []
    pairs.appendText("header", hunk.header)
    pairs += [
      ("old_start", .int(hunk.oldStart)), ("old_lines", .int(hunk.oldCount)),
      ("new_start", .int(hunk.newStart)), ("new_lines", .int(hunk.newCount)),
      (
        "lines",
        .array(
          hunk.lines.map { line in
            var fields: [(String, JSON)] = [
              ("kind", .string(line.kind.rawValue)),
              ("old_line", line.oldLine.map(JSON.int) ?? .null),
              ("new_line", line.newLine.map(JSON.int) ?? .null),
            ]
            fields.appendText("text", line.content)
            if line.missingNewline { fields.append(("no_newline_at_end", .bool(true))) }
            return .object(fields)
          })
      ),
    ]
    return .object(pairs)
  }

  /// Colours a plain patch the way `git diff` does on a terminal.
  static func colorized(_ patch: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(patch.count + patch.count / 8)
    var inHeader = false
    for line in patch.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast() {
      let text = Array(line)
      let style: Style?
      if text.starts(with: Array("diff --git ".utf8)) {
        inHeader = true; style = .bold
      } else if text.starts(with: Array("@@".utf8)) {
        inHeader = false; style = .cyan
      } else if inHeader {
        style = .bold
      } else if text.first == UInt8(ascii: "+") {
        style = .green
      } else if text.first == UInt8(ascii: "-") {
        style = .red
      } else {
        style = nil
      }
      if let style { out += style.rawValue.utf8 + text + Style.reset.rawValue.utf8 } else { out += text }
      out.append(0x0A)
    }
    return out
  }
}
