import GitKit

/// Reads the history window: every non-merge commit of HEAD's history committed at or after
/// `since`, diffed on every core, summed per file. A file renamed within the window keeps its
/// history under its newest name.
struct ChurnWalk {
  let gitDirectory: String
  let since: Int64
  let workers: Int

  /// Words in a message that mark a fix, matched as whole words, lower-cased.
  static let fixWords: Set<Substring> = [
    "fix", "fixes", "fixed", "fixing", "bug", "bugfix", "crash", "leak", "regression", "hotfix", "broken", "revert",
  ]

  struct Result {
    var files: [String: FileHistory] = [:]
    var commits = 0
    /// Commits of a shallow clone whose parents are missing: not diffed, history ends there.
    var historyCutAt: [String] = []

    /// Counts one commit's changed files, `names` mapping old names to the newest.
    fileprivate mutating func add(_ commit: CommitInfo, _ touches: [Touch], names: inout [String: String]) {
      commits += 1
      let isFix = ChurnWalk.isFix(commit.message)
      for touch in touches {
        let name = names[touch.path] ?? touch.path
        if let previous = touch.previousPath, previous != touch.path { names[previous] = name }
        var history = files[name] ?? FileHistory(path: name)
        history.revisions += 1
        history.linesAdded += touch.added
        history.linesRemoved += touch.removed
        history.authors.insert(commit.author.email.lowercased())
        if isFix { history.fixes += 1 }
        history.firstChange = min(history.firstChange, commit.committer.time)
        history.lastChange = max(history.lastChange, commit.committer.time)
        files[name] = history
      }
    }
  }

  /// One changed file of one commit.
  fileprivate struct Touch: Sendable {
    var path: String
    var previousPath: String?
    var added: Int
    var removed: Int
  }

  /// Commits diffed per batch: enough to keep every core busy, few enough that a long window
  /// never sits in memory whole.
  static let batchSize = 512

  func run(repository: Repository, head: ObjectID, progress: (Int) -> Void = { _ in }) throws -> Result {
    Repository.cacheObjectsForHistoryReads()
    let gitDirectory = self.gitDirectory
    let readers = PerWorker(workers: workers) { () -> Swift.Result<Repository, GitError> in
      // Opened without the work tree: a diff then does not stat attribute files per changed file.
      do throws(GitError) { return .success(try Repository(historyOf: gitDirectory)) } catch { return .failure(error) }
    }
    var result = Result()
    // Newest first: a rename seen here sends the older history of the old name to the new one.
    var currentName: [String: String] = [:]
    var batch: [CommitInfo] = []
    func flush() throws {
      let commits = batch
      let touches = ParallelMap.run(count: commits.count, workers: workers) { worker, index -> Swift.Result<[Touch], GitError> in
        readers.with(worker) { $0.flatMap { reader in Self.touches(of: commits[index], in: reader) } }
      }
      for (commit, outcome) in zip(commits, touches) {
        result.add(commit, try outcome.get(), names: &currentName)
      }
      batch.removeAll(keepingCapacity: true)
      progress(result.commits)
    }
    try repository.walkHistory(including: [head], options: HistoryOptions(skipMerges: true)) { commit in
      guard commit.committer.time >= since else { return true }
      // At the edge of a shallow clone the parent is missing: there is no diff to count.
      if commit.historyCut {
        result.historyCutAt.append(commit.id.hex)
        return true
      }
      batch.append(commit)
      if batch.count >= Self.batchSize { try flush() }
      return true
    }
    try flush()
    return result
  }

  private static func touches(of commit: CommitInfo, in repository: Repository) -> Swift.Result<[Touch], GitError> {
    do throws(GitError) {
      let diff = try repository.diff(.commits(base: commit.parents.first, head: commit.id))
      return .success(
        diff.files.compactMap { file in
          guard !file.isBinary, !file.isSubmodule, file.status != .deleted else { return nil }
          return Touch(
            path: file.newPath.text, previousPath: file.status == .renamed ? file.oldPath.text : nil,
            added: file.additions, removed: file.deletions)
        })
    } catch {
      return .failure(error)
    }
  }

  static func isFix(_ message: String) -> Bool {
    message.lowercased().split { !($0.isLetter || $0.isNumber) }.contains { fixWords.contains($0) }
  }
}
