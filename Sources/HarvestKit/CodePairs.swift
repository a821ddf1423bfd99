import ConfigKit
import FileSelectionKit
import Foundation
import GitKit

/// `code` pairs: documented functions and types of one commit's tree → "write the function that …".
///
/// The tree read is the newest commit of the training slice (the head when nothing is held out),
/// so that code first written in the validation or test commits never leaks into training.
enum CodePairs {
  /// The code pairs of `commit`'s tree, prepared, with what the file filters and pair checks
  /// dropped. Files are read and parsed on every core.
  static func harvest(
    gitDirectory: String, commit: CommitInfo, options: HarvestOptions, attributes: AttributeCache, workers: Int
  ) throws(GitError) -> CommitYield {
    let files = try Repository(historyOf: gitDirectory).treeFiles(ofCommit: commit.id).filter {
      $0.mode != .symlink && CodeSymbolExtractor.language(forPath: $0.path.text) != nil
    }
    let repositories = PerWorker(workers: workers) {
      Result { () throws(GitError) in try Repository(historyOf: gitDirectory) }
    }
    let filter = FileFilter(excludes: options.excludes)
    let screen = PairScreen(maxTokens: options.maxTokens, format: options.format)
    let results = ParallelMap.run(count: files.count, workers: workers) { worker, index -> Result<CommitYield, GitError> in
      repositories.with(worker) { opened in
        opened.map { repository in
          var yield = CommitYield()
          switch read(files[index], repository: repository, commit: commit, filter: filter, options: options, attributes: attributes) {
          case .dropped(let reason): yield.fileDrops.add(reason)
          case .pairs(let pairs): for pair in pairs { yield.add(pair.kind, screen.prepare(pair)) }
          }
          return yield
        }
      }
    }
    var total = CommitYield()
    for result in results { total.merge(try result.get()) }
    return total
  }

  private enum FileRead {
    case pairs([TrainingPair])
    case dropped(DropReason)
  }

  private static func read(
    _ file: TreeFile, repository: Repository, commit: CommitInfo, filter: FileFilter, options: HarvestOptions,
    attributes: AttributeCache
  ) -> FileRead {
    let path = file.path.text
    guard let bytes = repository.blob(file.id)?.bytes else { return .pairs([]) }
    if let reason = filter.skipReason(treeFile: file, bytes: bytes, attribute: attributes.value) { return .dropped(DropReason(reason)) }
    guard let source = repository.blobText(file.id, encoding: commit.encoding) else { return .dropped(.nonUTF8) }
    if TextScan.hasLine(in: source, longerThan: options.maxLineLength) { return .dropped(.longLines) }
    return .pairs(CodeSymbolExtractor.symbols(path: path, source: source).map { pair($0, path: path, commit: commit) })
  }

  /// The template: the documentation (what the function does) and its signature → its definition.
  static func pair(_ symbol: DocumentedSymbol, path: String, commit: CommitInfo) -> TrainingPair {
    let documentation = symbol.documentation.trimmingWhitespace
    let user = """
      Write the \(symbol.language) \(symbol.kind) `\(symbol.name)` in \(path) that does this:

      \(documentation)

      Signature: `\(symbol.signature.trimmingWhitespace)`
      """
    let fence = symbol.language.lowercased()
    let assistant = "```\(fence)\n\(symbol.definition)\(symbol.definition.hasSuffix("\n") ? "" : "\n")```"
    return TrainingPair(
      kind: .code, system: PairTemplates.codeSystem, user: user, assistant: assistant,
      commit: commit.id.hex, time: commit.committer.time)
  }
}
