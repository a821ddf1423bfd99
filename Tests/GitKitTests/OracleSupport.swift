import Foundation
import GitKit
import TestSupport
import Testing

/// Compares what GitKit reads with what the git CLI prints for the same diff.
enum Oracle {
  /// Our patch bytes for a selection.
  static func patch(_ repository: Repository, _ selection: DiffSelection, options: DiffOptions = DiffOptions()) throws -> String {
    var out: [UInt8] = []
    PatchFormat.write(try repository.diff(selection, options: options), to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// `git diff` output for the same arguments, with colour and external tools off.
  static func gitPatch(_ fixture: GitFixture, _ arguments: [String]) throws -> String {
    String(decoding: try fixture.gitData(["diff", "--no-color", "--no-ext-diff", "-M"] + arguments), as: UTF8.self)
  }

  /// Per-file (added, removed, paths) from the model, in `git diff --numstat -M` form.
  static func numstat(_ diff: Diff) -> [String] {
    diff.files.map { file in
      let counts = file.isBinary ? "-\t-" : "\(file.additions)\t\(file.deletions)"
      let path =
        file.status == .renamed || file.status == .copied
        ? "\(file.oldPath.text) => \(file.newPath.text)" : file.path.text
      return "\(counts)\t\(path)"
    }
  }

  static func gitNumstat(_ fixture: GitFixture, _ arguments: [String]) throws -> [String] {
    // -z keeps paths unquoted; reassemble "old => new" for renames the way numstat shows them.
    let raw = try fixture.gitData(["diff", "--numstat", "-z", "-M"] + arguments)
    var fields = raw.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    var lines: [String] = []
    while !fields.isEmpty {
      let head = fields.removeFirst()
      if head.isEmpty { continue }
      let columns = head.split(separator: "\t", omittingEmptySubsequences: false)
      if columns.count == 3 && columns[2].isEmpty {
        let old = fields.removeFirst(), new = fields.removeFirst()
        lines.append("\(columns[0])\t\(columns[1])\t\(old) => \(new)")
      } else {
        lines.append(head)
      }
    }
    return lines
  }

  /// Asserts numstat and the patch text agree with git for `selection` / `arguments`.
  static func expectAgreement(
    _ fixture: GitFixture, _ selection: DiffSelection, gitArguments: [String],
    options: DiffOptions = DiffOptions(), sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let repository = try Repository(at: fixture.path)
    let diff = try repository.diff(selection, options: options)
    let extra = options.findCopies ? ["-C"] : []
    let ourNumstat = numstat(diff).sorted()
    let gitNumstat = try gitNumstat(fixture, extra + gitArguments).sorted()
    #expect(ourNumstat == gitNumstat, sourceLocation: sourceLocation)
    let ourPatch = try patch(repository, selection, options: options)
    let gitPatch = try gitPatch(fixture, extra + gitArguments)
    #expect(ourPatch == gitPatch, sourceLocation: sourceLocation)
  }
}
