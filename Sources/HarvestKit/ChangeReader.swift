import FileSelectionKit
import GitKit

/// Reads one commit's diff and file texts through libgit2 and applies the file filters.
///
/// One reader per worker thread: it owns its own `Repository`, since libgit2 handles are not
/// `Sendable`; what it returns is plain values.
struct ChangeReader {
  let repository: Repository
  let options: HarvestOptions
  let filter: FileFilter
  private let attributes: AttributeCache

  init(gitDirectory: String, options: HarvestOptions, attributes: AttributeCache) throws(GitError) {
    repository = try Repository(historyOf: gitDirectory)
    self.options = options
    filter = FileFilter(excludes: options.excludes)
    self.attributes = attributes
  }

  /// What became of one commit.
  enum Outcome: Sendable {
    case kept(CommitChange, fileDrops: DropCounts)
    case dropped(DropReason, fileDrops: DropCounts)
  }

  func read(_ commit: CommitInfo) throws(GitError) -> Outcome {
    let diff = try repository.diff(.commits(base: commit.parents.first, head: commit.id))
    var drops = DropCounts()
    if diff.files.isEmpty { return .dropped(.empty, fileDrops: drops) }
    var kept: [ChangedFile] = []
    for file in diff.files {
      // The history-only repository diffed without the work tree's attributes; a `-diff` file
      // (or `binary`) is left out as the review leaves it out.
      if !file.isBinary && attributes.value("diff", file.path.text) == .unset {
        drops.add(.binary)
        continue
      }
      if let reason = filter.skipReason(file, attribute: attributes.value) {
        drops.add(DropReason(reason))
        continue
      }
      switch changedFile(file, encoding: commit.encoding) {
      case .kept(let changed): kept.append(changed)
      case .dropped(let reason): drops.add(reason)
      }
    }
    if kept.isEmpty { return .dropped(.noUsableFiles, fileDrops: drops) }
    let change = CommitChange(commit: commit, files: kept)
    if kept.count > options.maxFiles { return .dropped(.tooManyFiles, fileDrops: drops) }
    if change.changedLines > options.maxChangedLines { return .dropped(.tooManyLines, fileDrops: drops) }
    return .kept(change, fileDrops: drops)
  }

  private func changedFile(_ file: FileChange, encoding: String?) -> FileRead {
    var before: String?, after: String?
    if file.status != .added {
      guard let text = repository.blobText(file.oldID, encoding: encoding) else { return .dropped(.nonUTF8) }
      before = text
    }
    if file.status != .deleted {
      guard let text = repository.blobText(file.newID, encoding: encoding) else { return .dropped(.nonUTF8) }
      after = text
    }
    let limit = options.maxLineLength
    if [before, after].contains(where: { $0.map { TextScan.hasLine(in: $0, longerThan: limit) } ?? false }) {
      return .dropped(.longLines)
    }
    var patch: [UInt8] = []
    PatchFormat.write(file, to: &patch)
    let regions = file.hunks.map { hunk in
      Region(
        before: Self.side(hunk, keeping: .removed), after: Self.side(hunk, keeping: .added),
        oldStart: hunk.oldStart, newStart: hunk.newStart)
    }
    return .kept(
      ChangedFile(
        path: file.path.text, status: file.status, before: before, after: after,
        patch: String(decoding: patch, as: UTF8.self), regions: regions,
        additions: file.additions, deletions: file.deletions))
  }

  private enum FileRead {
    case kept(ChangedFile)
    case dropped(DropReason)
  }

  /// One side of a hunk: its context lines and the lines of `kind`.
  private static func side(_ hunk: Hunk, keeping kind: DiffLine.Kind) -> String {
    var bytes: [UInt8] = []
    for line in hunk.lines where line.kind == .context || line.kind == kind {
      bytes += line.content.bytes
      bytes.append(0x0A)
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
