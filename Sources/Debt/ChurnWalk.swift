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
    var oldest: Int64?
  }

  /// One changed file of one commit.
  private struct Touch: Sendable {
    var path: String
    var previousPath: String?
    var added: Int
    var removed: Int
  }

  func run(repository: Repository, head: ObjectID) throws -> Result {
    var commits: [CommitInfo] = []
    try repository.walkHistory(including: [head], options: HistoryOptions(skipMerges: true)) { commit in
      if commit.committer.time >= since { commits.append(commit) }
      return true
    }
    // Consecutive commits share most trees and blobs (see Harvester).
    Repository.cacheObjects(treesUpTo: 1024 * 1024, blobsUpTo: 256 * 1024, maxTotal: 32 * 1024 * 1024)
    let gitDirectory = self.gitDirectory
    let readers = PerWorker(workers: workers) { () -> Swift.Result<Repository, GitError> in
      // Opened without the work tree: a diff then does not stat attribute files per changed file.
      do throws(GitError) { return .success(try Repository(historyOf: gitDirectory)) } catch { return .failure(error) }
    }
    let snapshot = commits
    let touches = ParallelMap.run(count: snapshot.count, workers: workers) { worker, index -> Swift.Result<[Touch], GitError> in
      readers[worker].flatMap { reader in Self.touches(of: snapshot[index], in: reader) }
    }
    var result = Result(commits: commits.count, oldest: commits.last?.committer.time)
    // Newest first: a rename seen here sends the older history of the old name to the new one.
    var currentName: [String: String] = [:]
    for (commit, outcome) in zip(commits, touches) {
      let isFix = Self.isFix(commit.message)
      for touch in try outcome.get() {
        let name = currentName[touch.path] ?? touch.path
        if let previous = touch.previousPath, previous != touch.path { currentName[previous] = name }
        var history = result.files[name] ?? FileHistory(path: name)
        history.revisions += 1
        history.linesAdded += touch.added
        history.linesRemoved += touch.removed
        history.authors.insert(commit.author.email.lowercased())
        if isFix { history.fixes += 1 }
        history.firstChange = min(history.firstChange, commit.committer.time)
        history.lastChange = max(history.lastChange, commit.committer.time)
        result.files[name] = history
      }
    }
    return result
  }

  private static func touches(of commit: CommitInfo, in repository: Repository) -> Swift.Result<[Touch], GitError> {
    do throws(GitError) {
      let diff = try repository.diff(.commits(base: commit.parents.first, head: commit.id))
      return .success(diff.files.compactMap { file in
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
