/// A JSON value whose objects keep their keys in the order written, so documented output (the
/// diff model, review reports, SARIF) is stable from run to run and easy to read; dictionaries and
/// `JSONEncoder` do not keep an order.
public indirect enum JSON: Sendable, Equatable {
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case array([JSON])
  case object([(String, JSON)])

  public static func == (lhs: JSON, rhs: JSON) -> Bool {
    var left: [UInt8] = [], right: [UInt8] = []
    lhs.write(to: &left, indent: nil, level: 0)
    rhs.write(to: &right, indent: nil, level: 0)
    return left == right
  }

  /// A string, or null when absent.
  public static func optional(_ value: String?) -> JSON { value.map(JSON.string) ?? .null }
  /// An integer, or null when absent.
  public static func optional(_ value: Int?) -> JSON { value.map(JSON.int) ?? .null }

  /// Indented by two spaces, one value per line, without a final line feed.
  public var pretty: String { String(decoding: serialized(pretty: true), as: UTF8.self) }

  /// The serialized text; `pretty` indents by two spaces.
  public func serialized(pretty: Bool = true) -> [UInt8] {
    var out: [UInt8] = []
    write(to: &out, indent: pretty ? 2 : nil, level: 0)
    return out
  }

  func write(to out: inout [UInt8], indent: Int?, level: Int) {
    switch self {
    case .null: out += "null".utf8
    case .bool(let value): out += (value ? "true" : "false").utf8
    case .int(let value): out += String(value).utf8
    case .double(let value): out += (value.isFinite ? String(value) : "null").utf8
    case .string(let value): JSON.writeString(value, to: &out)
    case .array(let items):
      if items.isEmpty { out += "[]".utf8; return }
      out.append(UInt8(ascii: "["))
      for (index, item) in items.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        JSON.newline(&out, indent, level + 1)
        item.write(to: &out, indent: indent, level: level + 1)
      }
      JSON.newline(&out, indent, level)
      out.append(UInt8(ascii: "]"))
    case .object(let pairs):
      if pairs.isEmpty { out += "{}".utf8; return }
      out.append(UInt8(ascii: "{"))
      for (index, pair) in pairs.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        JSON.newline(&out, indent, level + 1)
        JSON.writeString(pair.0, to: &out)
        out += (indent == nil ? ":" : ": ").utf8
        pair.1.write(to: &out, indent: indent, level: level + 1)
      }
      JSON.newline(&out, indent, level)
      out.append(UInt8(ascii: "}"))
    }
  }

  private static func newline(_ out: inout [UInt8], _ indent: Int?, _ level: Int) {
    guard let indent else { return }
    out.append(0x0A)
    out += repeatElement(UInt8(ascii: " "), count: indent * level)
  }

  static func writeString(_ value: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    var value = value
    value.withUTF8 { bytes in
      // Runs of bytes that need no escape are copied whole: dataset records are megabytes of code.
      var runStart = 0
      for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
        runStart = index + 1
        switch byte {
        case 0x22: out += "\\\"".utf8
        case 0x5C: out += "\\\\".utf8
        case 0x0A: out += "\\n".utf8
        case 0x0D: out += "\\r".utf8
        case 0x09: out += "\\t".utf8
        default:
          out += "\\u00".utf8
          out.append(hexDigits[Int(byte >> 4)])
          out.append(hexDigits[Int(byte & 0xF)])
        }
      }
      out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
    }
    out.append(UInt8(ascii: "\""))
  }

  private static let hexDigits = Array("0123456789abcdef".utf8)
}
