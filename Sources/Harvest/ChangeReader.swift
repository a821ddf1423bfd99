import GitKit
import ReviewKit

/// Reads one commit's diff and file texts through libgit2 and applies the file filters.
///
/// One reader per worker thread: it owns its own `Repository`, since libgit2 handles are not
/// `Sendable`; what it returns is plain values.
struct ChangeReader {
  let repository: Repository
  let options: HarvestOptions
  let filter: FileFilter

  init(gitDirectory: String, options: HarvestOptions) throws(GitError) {
    repository = try Repository(at: gitDirectory)
    self.options = options
    filter = FileFilter(excludes: options.excludes)
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
      if let reason = filter.skipReason(file, attribute: { repository.attribute($0, for: $1) }) {
        drops.add(DropReason(fileSkip: reason))
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
    if [before, after].contains(where: { $0.map { Self.hasLongLine($0, limit: limit) } ?? false }) {
      return .dropped(.longLines)
    }
    var patch: [UInt8] = []
    PatchFormat.write(file, to: &patch)
    let regions = file.hunks.map { hunk in
      Region(
        before: Self.side(hunk, keeping: .removed), after: Self.side(hunk, keeping: .added),
        oldStart: hunk.oldStart, newStart: hunk.newStart)
    }
    return .kept(ChangedFile(
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
    hunk.lines.filter { $0.kind == .context || $0.kind == kind }.map { $0.content.text + "\n" }.joined()
  }

  static func hasLongLine(_ text: String, limit: Int) -> Bool {
    var run = 0
    for byte in text.utf8 {
      if byte == 0x0A { run = 0; continue }
      // Count characters, not bytes: skip UTF-8 continuation bytes.
      if byte & 0xC0 != 0x80 { run += 1 }
      if run > limit { return true }
    }
    return false
  }
}
