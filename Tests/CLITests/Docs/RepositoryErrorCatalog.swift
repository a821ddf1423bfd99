import GitKit

@testable import OutputKit

/// Repository and file errors.
enum RepositoryErrorCatalog {
  static func explain(_ error: GitError) -> Explanation {
    switch error {
    case .notARepository:
      return Explanation(
        code: "git.notARepository", meaning: "No git repository at or above the folder the command ran in.",
        fix: "Run inside a work tree, or pass `-C <repo>`.")
    case .unknownRevision:
      return Explanation(
        code: "git.unknownRevision", meaning: "A revision, range or reference you typed does not resolve in this repository.",
        fix: "Check the spelling with `git log --oneline`; ranges are what git takes (`HEAD~3..`, `A..B`, `A...B`).")
    case .unsupported:
      return Explanation(
        code: "git.unsupported", meaning: "The request does not make sense for this repository, e.g. `--staged` in a bare one.",
        fix: "The message names the alternative.")
    case .pathspec:
      return Explanation(
        code: "git.pathspec", meaning: "A path given after `--` lies outside the repository or matches nothing.",
        fix: "Paths are relative to where the command runs; pass one that exists in the tree.")
    case .library:
      return Explanation(
        code: "git.library", meaning: "libgit2 failed; its own message and the function that failed are shown. Exit status 3.",
        fix: "Usually a damaged or locked repository: `git fsck`, or remove a stale `.git/index.lock`.")
    }
  }

  static let samples: [GitError] = [
    .notARepository(path: "/home/u/notes"), .unknownRevision(spec: "HEAD~30..", reason: "'HEAD~30' is not a commit, branch or tag here"),
    .unsupported("--staged needs a work tree; this repository is bare"),
    .pathspec(spec: "Sources/missing", reason: "did not match any file in HEAD; check the path (relative to where the command runs)"),
    .library(code: -1, function: "git_repository_index", message: "failed to read index: index is corrupted"),
  ]

  /// `AtomicFileError` is one struct; its reasons are fixed texts or the system's words.
  static func explain(_ error: AtomicFileError) -> Explanation {
    Explanation(
      code: "file.write", meaning: "A report (`-o`), a log or a cache file could not be written; nothing half-written is left behind.",
      fix: "Check the folder exists and is writable, and that the path is not a folder.")
  }

  static let atomicSamples: [AtomicFileError] = [
    AtomicFileError(path: "report.sarif", reason: "permission denied"), AtomicFileError(path: "out", reason: "it is a folder"),
  ]
}
