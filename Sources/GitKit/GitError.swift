internal import CGit2
import Foundation

/// A failure reported by libgit2, or a problem with what the user asked of a repository.
///
/// libgit2 failures keep the library's own message and the C function that failed, so a report
/// says what went wrong in git's words rather than a bare return code.
public enum GitError: Error, Equatable, Sendable, CustomStringConvertible {
  /// No repository at or above the folder.
  case notARepository(path: String)
  /// A revision, range or reference the user typed does not resolve.
  case unknownRevision(spec: String, reason: String)
  /// The request does not make sense for this repository (e.g. `--staged` in a bare repository).
  case unsupported(String)
  /// A pathspec typed on the command line that can't be used: outside the repository, or matching nothing.
  case pathspec(spec: String, reason: String)
  /// libgit2 returned an error; `code` is its `git_error_code`, `function` the call that failed.
  case library(code: Int32, function: String, message: String)

  public var description: String {
    switch self {
    case .notARepository(let path):
      return "not a git repository (or any parent up to /): \(path); run inside a work tree or pass -C <repo>"
    case .unknownRevision(let spec, let reason):
      return "unknown revision or range '\(spec)': \(reason)"
    case .unsupported(let message):
      return message
    case .pathspec(let spec, let reason):
      return "pathspec '\(spec)' \(reason)"
    case .library(_, let function, let message):
      return "\(message) (libgit2 \(function))"
    }
  }

  /// Whether this is libgit2's "not found" code, which callers often treat as an ordinary answer.
  public var isNotFound: Bool {
    if case .library(let code, _, _) = self { return code == GIT_ENOTFOUND.rawValue }
    return false
  }
}

extension GitError: LocalizedError {
  public var errorDescription: String? { description }
}

/// Turns a libgit2 return code into a thrown `GitError`, reading the library's message at once
/// (since libgit2 1.8 the last error is never NULL, so it must be read right after the failure).
@inline(__always)
func check(_ code: Int32, _ function: StaticString) throws(GitError) {
  if code < 0 { throw lastError(code, function) }
}

func lastError(_ code: Int32, _ function: StaticString) -> GitError {
  var message = "error \(code)"
  if let error = git_error_last(), let text = error.pointee.message {
    message = String(decoding: UnsafeRawBufferPointer(start: text, count: strlen(text)), as: UTF8.self)
      .trimmingCharacters(in: .whitespacesAndNewlines)
  }
  return .library(code: code, function: "\(function)", message: message)
}
