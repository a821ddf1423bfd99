/// Escapes for the places report text ends up. Paths come from git and findings from a model:
/// neither may smuggle terminal escapes, workflow commands or markup into the output.
enum ReportEscaping {
  /// Text safe to print on a terminal: control characters (ESC, CR, C1 controls…) become U+FFFD
  /// so a finding cannot move the cursor, recolour or rewrite earlier lines. Tabs stay, and so do
  /// line feeds unless `singleLine`, which turns them into spaces.
  static func terminal(_ text: String, singleLine: Bool = false) -> String {
    var out = String.UnicodeScalarView()
    let scalars = Array(text.unicodeScalars)
    for (index, scalar) in scalars.enumerated() {
      switch scalar.value {
      // The CR of a CRLF is a line end, not an attack; drop it.
      case 0x0D where index + 1 < scalars.count && scalars[index + 1] == "\n": continue
      case 0x0A: out.append(singleLine ? " " : scalar)
      case 0x09: out.append(scalar)
      case 0x00..<0x20, 0x7F..<0xA0: out.append("\u{FFFD}")
      default: out.append(scalar)
      }
    }
    return String(out)
  }

  /// A workflow-command property value (`file=`, `title=`), as GitHub's toolkit escapes it.
  static func workflowProperty(_ text: String) -> String {
    workflowMessage(text).replacingAll(":", with: "%3A").replacingAll(",", with: "%2C")
  }

  /// A workflow-command message (after `::`): `%`, CR and LF are encoded, so one command stays
  /// one line and a finding cannot start a command of its own.
  static func workflowMessage(_ text: String) -> String {
    text.replacingAll("%", with: "%25").replacingAll("\r", with: "%0D").replacingAll("\n", with: "%0A")
  }

  /// A repository-relative path as a relative URI reference (RFC 3986): unreserved characters and
  /// `/` stay, everything else (spaces, `:`, `#`, `%`, non-ASCII as UTF-8) is percent-encoded.
  static func uriPath(_ path: String) -> String {
    let hex = Array("0123456789ABCDEF".utf8)
    var out: [UInt8] = []
    for byte in path.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
        out.append(byte)
      default:
        out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Markdown inline text shown literally: the ASCII punctuation that starts emphasis, code, links,
  /// HTML, entities, strikethrough or math on GitHub is backslash-escaped (`|` too, so it is safe
  /// in a table cell; `@` and `#` so model text cannot mention people or link issues), and line
  /// breaks become spaces unless `keepLines`.
  static func markdown(_ text: String, keepLines: Bool = false) -> String {
    var out = String.UnicodeScalarView()
    // Scalar by scalar: a combining mark after `|` makes one Character, but GitHub still sees `|`.
    for scalar in terminal(text, singleLine: !keepLines).unicodeScalars {
      if "\\`*_[]<>#|~&@$".unicodeScalars.contains(scalar) { out.append("\\") }
      out.append(scalar)
    }
    return String(out)
  }

  /// A Markdown code span holding `text` literally, safe in a table cell: the fence is longer than
  /// any run of backticks inside, and `|` is escaped (GitHub splits cells before code spans).
  static func codeSpan(_ text: String) -> String {
    let body = terminal(text, singleLine: true).replacingAll("|", with: "\\|")
    let fence = String(repeating: "`", count: longestRun(of: "`", in: body) + 1)
    // A space on both sides when the text starts or ends with a backtick, which CommonMark strips.
    let pad = body.hasPrefix("`") || body.hasSuffix("`") ? " " : ""
    return fence + pad + body + pad + fence
  }

  /// The fence for a fenced code block holding `text`: longer than any backtick run inside.
  static func codeFence(for text: String) -> String {
    String(repeating: "`", count: max(3, longestRun(of: "`", in: text) + 1))
  }

  static func longestRun(of target: Unicode.Scalar, in text: String) -> Int {
    var longest = 0, current = 0
    for scalar in text.unicodeScalars {
      current = scalar == target ? current + 1 : 0
      longest = max(longest, current)
    }
    return longest
  }
}

extension String {
  /// Every occurrence of the scalar `target` replaced; Foundation-free, as ReviewKit does not
  /// import it. Scalars, not Characters: "\r\n" is one Character, and its "\r" must still match.
  func replacingAll(_ target: Unicode.Scalar, with replacement: String) -> String {
    var out = String.UnicodeScalarView()
    for scalar in unicodeScalars {
      if scalar == target { out.append(contentsOf: replacement.unicodeScalars) } else { out.append(scalar) }
    }
    return String(out)
  }
}

extension ReportEscaping {
  /// Text inside HTML (a `<summary>`), where Markdown is not parsed but tags, entities, mentions
  /// and issue links are: `&`, `<`, `>`, `"`, `@` and `#` become character references.
  static func html(_ text: String) -> String {
    var out = ""
    for scalar in terminal(text, singleLine: true).unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "@": out += "&#64;"
      case "#": out += "&#35;"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
