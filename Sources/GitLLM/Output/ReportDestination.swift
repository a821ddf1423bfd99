import Foundation
import OutputKit

/// Where a command's report goes: `-o FILE` (written atomically, relative to where the command
/// runs, "wrote FILE" on stderr) or stdout, always ending with a line feed.
struct ReportDestination {
  var output: String?
  var directory: String
  var quiet: Bool

  func write(_ text: String) throws {
    if let output {
      try AtomicFile.write(Data(text.utf8), to: output.hasPrefix("/") ? output : directory + "/" + output)
      if !quiet { Diagnostics.note("wrote \(output)") }
    } else {
      let out = OutputStream()
      out.write(text)
      if !text.hasSuffix("\n") { out.write("\n") }
      out.flush()
    }
  }
}
