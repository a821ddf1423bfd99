import Foundation

/// Decodes bytes a commit declares to be in `encoding` (its `encoding` header) into text.
///
/// Git stores commit messages in whatever encoding the committer used and records it in the
/// header; iconv does the conversion. Anything that fails to convert falls back to UTF-8 with
/// U+FFFD, so no history ever stops a walk.
enum TextDecoding {
  static func decode(_ bytes: [UInt8], encoding: String?) -> String {
    guard let encoding, !isUTF8(encoding) else { return String(decoding: bytes, as: UTF8.self) }
    return convert(bytes, from: encoding) ?? String(decoding: bytes, as: UTF8.self)
  }

  private static func isUTF8(_ name: String) -> Bool {
    let lowered = name.lowercased()
    return lowered == "utf-8" || lowered == "utf8"
  }

  private static func convert(_ bytes: [UInt8], from encoding: String) -> String? {
    let descriptor = iconv_open("UTF-8", encoding)
    guard let descriptor, descriptor != UnsafeMutableRawPointer(bitPattern: -1) else { return nil }
    defer { iconv_close(descriptor) }
    var input = bytes.map { CChar(bitPattern: $0) }
    var output = [CChar](repeating: 0, count: bytes.count * 4 + 16)
    let converted: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
      output.withUnsafeMutableBufferPointer { outBuffer in
        var inPointer = inBuffer.baseAddress
        var inLeft = inBuffer.count
        var outPointer = outBuffer.baseAddress
        var outLeft = outBuffer.count
        let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
        if result == -1 || inLeft != 0 { return nil }
        return outBuffer.count - outLeft
      }
    }
    guard let converted else { return nil }
    return String(decoding: output.prefix(converted).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
