import Foundation
import OutputKit

/// Where a command's report goes: `-o FILE` (written atomically, relative to where the command
/// runs, "wrote FILE" on stderr) or stdout, always ending with a line feed.
struct ReportDestination {
  var output: String?
  var directory: String
  var quiet: Bool

  /// Refuses an `-o` that can't be written before any work is done: an empty name, a folder, or a
  /// file in a folder that doesn't exist (which is not created, so a typo leaves nothing behind).
  func check() throws {
    guard let output else { return }
    guard !output.isEmpty else { throw CommandFailure(.usage, "-o needs a file name, e.g. -o report.txt") }
    let path = self.path(output)
    var status = stat()
    if stat(path, &status) == 0 {
      if (status.st_mode & S_IFMT) == S_IFDIR {
        throw CommandFailure(.usage, "-o \(output) is a folder; pass a file name, e.g. -o \(output)/report.txt")
      }
      return
    }
    let folder = (path as NSString).deletingLastPathComponent
    var folderStatus = stat()
    guard stat(folder.isEmpty ? "/" : folder, &folderStatus) == 0, (folderStatus.st_mode & S_IFMT) == S_IFDIR else {
      throw CommandFailure(.usage, "-o \(output): the folder \(folder) does not exist; create it first or pass another path")
    }
  }

  func write(_ text: String) throws {
    if let output {
      try check()
      try AtomicFile.write(Data(text.utf8), to: path(output), creatingFolders: false)
      if !quiet { Diagnostics.note("wrote \(output)") }
    } else {
      let out = OutputStream()
      out.write(text)
      if !text.hasSuffix("\n") { out.write("\n") }
      out.flush()
    }
  }

  private func path(_ output: String) -> String {
    output.hasPrefix("/") ? output : directory + "/" + output
  }
}
