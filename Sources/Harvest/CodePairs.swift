import ConfigKit
import Foundation
import GitKit
import ReviewKit

/// `code` pairs: documented functions and types of one commit's tree → "write the function that …".
///
/// The tree read is the newest commit of the training slice (the head when nothing is held out),
/// so that code first written in the validation or test commits never leaks into training.
enum CodePairs {
  struct Outcome {
    var pairs: [TrainingPair] = []
    var fileDrops = DropCounts()
  }

  static func harvest(repository: Repository, commit: CommitInfo, options: HarvestOptions) throws(GitError) -> Outcome {
    let filter = FileFilter(excludes: options.excludes)
    var outcome = Outcome()
    for file in try repository.treeFiles(ofCommit: commit.id) where file.mode != .symlink {
      let path = file.path.text
      guard CodeSymbolExtractor.language(forPath: path) != nil else { continue }
      guard let bytes = repository.blob(file.id)?.bytes else { continue }
      if let reason = filter.skipReason(asAdded(file, bytes), attribute: { repository.attribute($0, for: $1) }) {
        outcome.fileDrops.add(DropReason(fileSkip: reason))
        continue
      }
      guard let source = repository.blobText(file.id, encoding: commit.encoding) else {
        outcome.fileDrops.add(.nonUTF8)
        continue
      }
      if ChangeReader.hasLongLine(source, limit: options.maxLineLength) {
        outcome.fileDrops.add(.longLines)
        continue
      }
      for symbol in CodeSymbolExtractor.symbols(path: path, source: source) {
        outcome.pairs.append(pair(symbol, path: path, commit: commit))
      }
    }
    return outcome
  }

  /// The template: the documentation (what the function does) and its signature → its definition.
  static func pair(_ symbol: DocumentedSymbol, path: String, commit: CommitInfo) -> TrainingPair {
    let documentation = symbol.documentation.trimmingCharacters(in: .whitespacesAndNewlines)
    let user = """
      Write the \(symbol.language) \(symbol.kind) `\(symbol.name)` in \(path) that does this:

      \(documentation)

      Signature: `\(symbol.signature.trimmingCharacters(in: .whitespacesAndNewlines))`
      """
    let fence = symbol.language.lowercased()
    let assistant = "```\(fence)\n\(symbol.definition)\(symbol.definition.hasSuffix("\n") ? "" : "\n")```"
    return TrainingPair(
      kind: .code, system: PairTemplates.codeSystem, user: user, assistant: assistant,
      commit: commit.id.hex, time: commit.committer.time)
  }

  /// The file as if the commit had added it, so the review's rules (binary, lock, vendored,
  /// generated, minified) judge it the same way: a few of its first lines stand in for the hunk.
  private static func asAdded(_ file: TreeFile, _ bytes: [UInt8]) -> FileChange {
    let isBinary = bytes.prefix(8000).contains(0)
    let lines = bytes.prefix(64 * 1024).split(separator: 0x0A, omittingEmptySubsequences: false).prefix(5)
    let hunkLines = lines.enumerated().map { index, line in
      DiffLine(kind: .added, oldLine: nil, newLine: index + 1, content: GitBytes(Array(line)))
    }
    let hunk = Hunk(oldStart: 0, oldCount: 0, newStart: 1, newCount: hunkLines.count, header: "", lines: hunkLines)
    return FileChange(
      status: .added, oldPath: file.path, newPath: file.path, oldMode: .absent, newMode: file.mode,
      oldID: .zero, newID: file.id, isBinary: isBinary, hunks: isBinary ? [] : [hunk])
  }
}
