/// A JSON value whose objects keep their keys in the order written: the review's JSON and SARIF
/// output promise a documented key order, which dictionaries and `JSONEncoder` do not keep.
/// (GitLLM has its own writer; ReviewKit cannot import it.)
indirect enum ReportJSON: Sendable {
  case null
  case bool(Bool)
  case int(Int)
  case string(String)
  case array([ReportJSON])
  case object([(String, ReportJSON)])

  /// A string, or null when absent.
  static func optional(_ value: String?) -> ReportJSON { value.map(ReportJSON.string) ?? .null }
  /// An integer, or null when absent.
  static func optional(_ value: Int?) -> ReportJSON { value.map(ReportJSON.int) ?? .null }

  /// Indented by two spaces, one value per line, ending without a line feed.
  var pretty: String {
    var out: [UInt8] = []
    write(to: &out, level: 0)
    return String(decoding: out, as: UTF8.self)
  }

  private func write(to out: inout [UInt8], level: Int) {
    switch self {
    case .null: out += "null".utf8
    case .bool(let value): out += (value ? "true" : "false").utf8
    case .int(let value): out += String(value).utf8
    case .string(let value): ReportJSON.writeString(value, to: &out)
    case .array(let items):
      if items.isEmpty { out += "[]".utf8; return }
      out.append(UInt8(ascii: "["))
      for (index, item) in items.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        ReportJSON.newline(&out, level + 1)
        item.write(to: &out, level: level + 1)
      }
      ReportJSON.newline(&out, level)
      out.append(UInt8(ascii: "]"))
    case .object(let pairs):
      if pairs.isEmpty { out += "{}".utf8; return }
      out.append(UInt8(ascii: "{"))
      for (index, pair) in pairs.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        ReportJSON.newline(&out, level + 1)
        ReportJSON.writeString(pair.0, to: &out)
        out += ": ".utf8
        pair.1.write(to: &out, level: level + 1)
      }
      ReportJSON.newline(&out, level)
      out.append(UInt8(ascii: "}"))
    }
  }

  private static func newline(_ out: inout [UInt8], _ level: Int) {
    out.append(0x0A)
    out += repeatElement(UInt8(ascii: " "), count: 2 * level)
  }

  private static func writeString(_ value: String, to out: inout [UInt8]) {
    let hex = Array("0123456789abcdef".utf8)
    out.append(UInt8(ascii: "\""))
    for byte in value.utf8 {
      switch byte {
      case 0x22: out += "\\\"".utf8
      case 0x5C: out += "\\\\".utf8
      case 0x0A: out += "\\n".utf8
      case 0x0D: out += "\\r".utf8
      case 0x09: out += "\\t".utf8
      case 0x00..<0x20, 0x7F:
        out += "\\u00".utf8
        out.append(hex[Int(byte >> 4)])
        out.append(hex[Int(byte & 0xF)])
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}
