internal import CGit2
import Foundation

/// Which two sides to compare.
public enum DiffSelection: Sendable, Equatable {
  /// Two commits; a nil base is the empty tree (the root commit's own change).
  case commits(base: ObjectID?, head: ObjectID)
  /// The index against HEAD (against the empty tree on an unborn branch), like `git diff --cached`.
  case staged
  /// The work tree against the index, like `git diff`.
  case worktree
  /// A commit (nil: the empty tree) against a tree object: a staged change written out with
  /// `Repository.writeIndexTree()`, read after the index has moved on.
  case tree(base: ObjectID?, tree: ObjectID)
}

/// Knobs for reading a diff. The defaults are git's own (`git diff` with rename detection).
public struct DiffOptions: Sendable {
  /// Lines of context around each change.
  public var contextLines: Int = 3
  /// The most context lines git takes (`-U` is a C int); libgit2's field is 32 bits, so more is clamped to this.
  public static let maxContextLines = Int(Int32.max)
  /// Also find copies (`git diff -C`): a new file similar to one modified in the same change.
  public var findCopies: Bool = false
  /// Limit the diff to these pathspecs (git's pathspec syntax); empty means everything.
  public var paths: [String] = []

  public init(contextLines: Int = 3, findCopies: Bool = false, paths: [String] = []) {
    self.contextLines = contextLines
    self.findCopies = findCopies
    self.paths = paths
  }
}

extension Repository {
  /// Reads a diff into the value model: every file with its status, modes, ids and hunks.
  public func diff(_ selection: DiffSelection, options: DiffOptions = DiffOptions()) throws(GitError) -> Diff {
    try rawDiff(selection, options: options).use { raw throws(GitError) in
      try findRenames(raw, options: options)
      let count = git_diff_num_deltas(raw)
      var files: [FileChange] = []
      files.reserveCapacity(count)
      for index in 0..<count {
        var file = try fileChange(raw, index: index)
        if file.similarity != nil { file.similarity = gitSimilarity(of: file) }
        files.append(file)
      }
      return Diff(files: joiningTypeChanges(files))
    }
  }

  private func rawDiff(_ selection: DiffSelection, options: DiffOptions) throws(GitError) -> OwnedDiff {
    var opts = git_diff_options()
    try check(git_diff_options_init(&opts, UInt32(GIT_DIFF_OPTIONS_VERSION)), "git_diff_options_init")
    opts.context_lines = UInt32(clamping: min(max(0, options.contextLines), DiffOptions.maxContextLines))
    // git slides ambiguous hunks to the most readable position (diff.indentHeuristic, on by
    // default since git 2.14); libgit2 does so only when asked.
    if configString("diff.indentHeuristic")?.lowercased() != "false" { opts.flags |= GIT_DIFF_INDENT_HEURISTIC.rawValue }
    let pathspec = CStringArray(options.paths)
    return try pathspec.withStrArray { array throws(GitError) in
      if !options.paths.isEmpty { opts.pathspec = array }
      switch selection {
      case .commits(let base, let head):
        let oldTree = try base.map { id throws(GitError) in try tree(ofCommit: id) }
        let newTree = try tree(ofCommit: head)
        return try withExtendedLifetime(oldTree) { () throws(GitError) in
          try newTree.use { new throws(GitError) in
            try OwnedDiff.make("git_diff_tree_to_tree") { git_diff_tree_to_tree(&$0, pointer, oldTree?.use { $0 }, new, &opts) }
          }
        }
      case .staged:
        if isBare { throw .unsupported("--staged needs a work tree; this repository is bare") }
        let headTree = try headCommit().map { id throws(GitError) in try tree(ofCommit: id) }
        return try withExtendedLifetime(headTree) { () throws(GitError) in
          try OwnedDiff.make("git_diff_tree_to_index") { git_diff_tree_to_index(&$0, pointer, headTree?.use { $0 }, nil, &opts) }
        }
      case .tree(let base, let id):
        let oldTree = try base.map { id throws(GitError) in try tree(ofCommit: id) }
        let newTree = try tree(id)
        return try withExtendedLifetime(oldTree) { () throws(GitError) in
          try newTree.use { new throws(GitError) in
            try OwnedDiff.make("git_diff_tree_to_tree") { git_diff_tree_to_tree(&$0, pointer, oldTree?.use { $0 }, new, &opts) }
          }
        }
      case .worktree:
        if isBare { throw .unsupported("--worktree needs a work tree; this repository is bare") }
        return try OwnedDiff.make("git_diff_index_to_workdir") { git_diff_index_to_workdir(&$0, pointer, nil, &opts) }
      }
    }
  }

  private func findRenames(_ diff: OpaquePointer, options: DiffOptions) throws(GitError) {
    var find = git_diff_find_options()
    try check(git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION)), "git_diff_find_options_init")
    find.flags = GIT_DIFF_FIND_RENAMES.rawValue
    if options.findCopies { find.flags |= GIT_DIFF_FIND_COPIES.rawValue }
    // git's default rename limit is 1000 pairs (libgit2's is 200); diff.renameLimit overrides both.
    find.rename_limit = configString("diff.renameLimit").flatMap { Int($0) } ?? 1000
    try check(git_diff_find_similar(diff, &find), "git_diff_find_similar")
  }

  func tree(ofCommit id: ObjectID) throws(GitError) -> OwnedTree {
    try withCommit(id) { commit throws(GitError) in
      try OwnedTree.make("git_commit_tree") { git_commit_tree(&$0, commit) }
    }
  }

  private func fileChange(_ diff: OpaquePointer, index: Int) throws(GitError) -> FileChange {
    // Owned before anything can throw: a delta without a patch used to leak the patch.
    try OwnedPatch.make("git_patch_from_diff", missing: "no patch for delta \(index)") { git_patch_from_diff(&$0, diff, index) }
      .use { patch throws(GitError) in try fileChange(patch: patch, index: index) }
  }

  private func fileChange(patch: OpaquePointer, index: Int) throws(GitError) -> FileChange {
    guard let delta = git_patch_get_delta(patch)?.pointee else {
      throw .library(code: -1, function: "git_patch_from_diff", message: "no patch for delta \(index)")
    }
    let oldMode = FileMode(rawValue: UInt32(delta.old_file.mode))
    let newMode = FileMode(rawValue: UInt32(delta.new_file.mode))
    let hunks = try readHunks(patch)
    var status: FileChange.Status
    switch delta.status {
    case GIT_DELTA_ADDED, GIT_DELTA_UNTRACKED: status = .added
    case GIT_DELTA_DELETED: status = .deleted
    case GIT_DELTA_RENAMED: status = .renamed
    case GIT_DELTA_COPIED: status = .copied
    case GIT_DELTA_TYPECHANGE: status = .typeChanged
    default: status = .modified
    }
    if status == .modified && hunks.isEmpty && oldMode != newMode && ObjectID(delta.old_file.id) == ObjectID(delta.new_file.id) {
      status = .modeChanged
    }
    let renamedOrCopied = status == .renamed || status == .copied
    var file = FileChange(
      status: status,
      oldPath: GitBytes(cString: delta.old_file.path),
      newPath: GitBytes(cString: delta.new_file.path),
      oldMode: status == .added ? .absent : oldMode,
      newMode: status == .deleted ? .absent : newMode,
      oldID: ObjectID(delta.old_file.id),
      newID: ObjectID(delta.new_file.id),
      similarity: renamedOrCopied ? Int(delta.similarity) : nil,
      isBinary: delta.flags & GIT_DIFF_FLAG_BINARY.rawValue != 0,
      hunks: hunks)
    file.oldShortID = abbreviation.shortID(file.oldID)
    file.newShortID = abbreviation.shortID(file.newID)
    return file
  }

  private func readHunks(_ patch: OpaquePointer) throws(GitError) -> [Hunk] {
    let hunkCount = git_patch_num_hunks(patch)
    var hunks: [Hunk] = []
    hunks.reserveCapacity(hunkCount)
    for hunkIndex in 0..<hunkCount {
      var hunkPointer: UnsafePointer<git_diff_hunk>?
      var lineCount = 0
      try check(git_patch_get_hunk(&hunkPointer, &lineCount, patch, hunkIndex), "git_patch_get_hunk")
      guard let raw = hunkPointer?.pointee else { continue }
      var header = withUnsafeBytes(of: raw.header) { Array($0.prefix(raw.header_len)) }
      // git cuts the function context at 80 bytes and then trims trailing whitespace; libgit2
      // trims before cutting, so a cut that ends in a space keeps it. Trim after, as git does.
      while let last = header.last, [0x0A, 0x0D, 0x20, 0x09, 0x0B, 0x0C].contains(last) { header.removeLast() }
      var lines: [DiffLine] = []
      lines.reserveCapacity(lineCount)
      for lineIndex in 0..<lineCount {
        var linePointer: UnsafePointer<git_diff_line>?
        try check(git_patch_get_line_in_hunk(&linePointer, patch, hunkIndex, lineIndex), "git_patch_get_line_in_hunk")
        guard let line = linePointer?.pointee else { continue }
        switch UInt8(bitPattern: line.origin) {
        case UInt8(ascii: "="), UInt8(ascii: ">"), UInt8(ascii: "<"):
          // libgit2 reports "\ No newline at end of file" as a marker line after the line it belongs to.
          if !lines.isEmpty { lines[lines.count - 1].missingNewline = true }
          continue
        case UInt8(ascii: "+"):
          lines.append(DiffLine(kind: .added, oldLine: nil, newLine: Int(line.new_lineno), content: content(of: line)))
        case UInt8(ascii: "-"):
          lines.append(DiffLine(kind: .removed, oldLine: Int(line.old_lineno), newLine: nil, content: content(of: line)))
        default:
          lines.append(DiffLine(kind: .context, oldLine: Int(line.old_lineno), newLine: Int(line.new_lineno), content: content(of: line)))
        }
      }
      hunks.append(
        Hunk(
          oldStart: Int(raw.old_start), oldCount: Int(raw.old_lines), newStart: Int(raw.new_start),
          newCount: Int(raw.new_lines), header: GitBytes(header), lines: lines))
    }
    return hunks
  }

  private func content(of line: git_diff_line) -> GitBytes {
    var length = line.content_len
    if length > 0, line.content[length - 1] == 0x0A { length -= 1 }
    return GitBytes(pointer: line.content, count: length)
  }
}

/// libgit2 reports a type change as a deletion followed by an addition of the same path; the
/// model keeps them as one `typeChanged` file (with both parts, which is how git prints it).
private func joiningTypeChanges(_ files: [FileChange]) -> [FileChange] {
  var joined: [FileChange] = []
  joined.reserveCapacity(files.count)
  var index = 0
  while index < files.count {
    let file = files[index]
    if index + 1 < files.count {
      let next = files[index + 1]
      let pair = [file, next]
      if let deletion = pair.first(where: { $0.status == .deleted }),
        let addition = pair.first(where: { $0.status == .added }),
        deletion.oldPath == addition.newPath
      {
        joined.append(
          FileChange(
            status: .typeChanged, oldPath: deletion.oldPath, newPath: addition.newPath,
            oldMode: deletion.oldMode, newMode: addition.newMode, oldID: deletion.oldID, newID: addition.newID,
            isBinary: deletion.isBinary || addition.isBinary, hunks: deletion.hunks + addition.hunks,
            typeChangeParts: [deletion, addition]))
        index += 2
        continue
      }
    }
    joined.append(file)
    index += 1
  }
  return joined
}
