/// Writes the diff model as the unified patch `git diff` prints (no colour, default prefixes),
/// byte for byte for text files, so the output can be applied with `git apply`.
public enum PatchFormat {
  /// Appends the whole diff to `out`.
  public static func write(_ diff: Diff, abbreviation: Int = 7, to out: inout [UInt8]) {
    for file in diff.files { write(file, abbreviation: abbreviation, to: &out) }
  }

  /// Appends one file's patch; a type change is printed as a deletion and an addition, as git does.
  public static func write(_ file: FileChange, abbreviation: Int = 7, to out: inout [UInt8]) {
    if file.status == .typeChanged && !file.typeChangeParts.isEmpty {
      for part in file.typeChangeParts { write(part, abbreviation: abbreviation, to: &out) }
      return
    }
    let oldLabel = quoted(prefix: "a/", file.oldPath)
    let newLabel = quoted(prefix: "b/", file.newPath)
    out += "diff --git ".utf8
    out += oldLabel
    out.append(0x20)
    out += newLabel
    out.append(0x0A)
    switch file.status {
    case .added: out += "new file mode \(file.newMode.octal)\n".utf8
    case .deleted: out += "deleted file mode \(file.oldMode.octal)\n".utf8
    default:
      if file.oldMode != file.newMode {
        out += "old mode \(file.oldMode.octal)\nnew mode \(file.newMode.octal)\n".utf8
      }
    }
    if file.status == .renamed || file.status == .copied, let similarity = file.similarity {
      let verb = file.status == .renamed ? "rename" : "copy"
      out += "similarity index \(similarity)%\n\(verb) from ".utf8
      out += quoted(prefix: "", file.oldPath)
      out += "\n\(verb) to ".utf8
      out += quoted(prefix: "", file.newPath)
      out.append(0x0A)
    }
    if file.oldID != file.newID {
      let old = file.oldShortID ?? file.oldID.abbreviated(abbreviation)
      let new = file.newShortID ?? file.newID.abbreviated(abbreviation)
      out += "index \(old)..\(new)".utf8
      if file.oldMode == file.newMode { out += " \(file.newMode.octal)".utf8 }
      out.append(0x0A)
    }
    let minus = file.status == .added ? Array("/dev/null".utf8) : oldLabel
    let plus = file.status == .deleted ? Array("/dev/null".utf8) : newLabel
    if file.isBinary {
      if file.oldID != file.newID {
        out += "Binary files ".utf8
        out += minus
        out += " and ".utf8
        out += plus
        out += " differ\n".utf8
      }
      return
    }
    guard !file.hunks.isEmpty else { return }
    out += "--- ".utf8
    out += minus
    // git ends a label that contains a space with a tab, so that tools can find where it stops.
    if file.status != .added && file.oldPath.bytes.contains(0x20) { out.append(0x09) }
    out += "\n+++ ".utf8
    out += plus
    if file.status != .deleted && file.newPath.bytes.contains(0x20) { out.append(0x09) }
    out.append(0x0A)
    for hunk in file.hunks {
      out += hunk.header.bytes
      out.append(0x0A)
      for line in hunk.lines {
        switch line.kind {
        case .context: out.append(0x20)
        case .added: out.append(UInt8(ascii: "+"))
        case .removed: out.append(UInt8(ascii: "-"))
        }
        out += line.content.bytes
        out.append(0x0A)
        if line.missingNewline { out += "\\ No newline at end of file\n".utf8 }
      }
    }
  }

  /// A path as git prints it under `core.quotePath=true` (the default): wrapped in double quotes
  /// with C escapes and octal for control and non-ASCII bytes, else bare.
  public static func quoted(prefix: String, _ path: GitBytes) -> [UInt8] {
    let needsQuotes = path.bytes.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0x22 || $0 == 0x5C || $0 >= 0x80 }
    guard needsQuotes else { return Array(prefix.utf8) + path.bytes }
    var out: [UInt8] = [0x22]
    out += prefix.utf8
    for byte in path.bytes {
      switch byte {
      case 0x07: out += "\\a".utf8
      case 0x08: out += "\\b".utf8
      case 0x09: out += "\\t".utf8
      case 0x0A: out += "\\n".utf8
      case 0x0B: out += "\\v".utf8
      case 0x0C: out += "\\f".utf8
      case 0x0D: out += "\\r".utf8
      case 0x22: out += "\\\"".utf8
      case 0x5C: out += "\\\\".utf8
      case 0x00..<0x20, 0x7F...0xFF:
        out.append(0x5C)
        out.append(0x30 + (byte >> 6))
        out.append(0x30 + ((byte >> 3) & 7))
        out.append(0x30 + (byte & 7))
      default: out.append(byte)
      }
    }
    out.append(0x22)
    return out
  }
}
