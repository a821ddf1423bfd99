import Foundation
import GitKit

/// Attribute lookups shared by every reader of one harvest. The same paths come up commit after
/// commit and the attributes (read from the work tree) do not change during a harvest, while each
/// libgit2 lookup stats the attributes and configuration files again: uncached, that was
/// 400,000 system calls for a 5,000-commit history.
///
/// The readers open their repositories without the work tree (`Repository(historyOf:)`), so the
/// cache looks attributes up through its own repository, opened with it, under its lock.
final class AttributeCache: @unchecked Sendable {
  private let lock = NSLock()
  private let repository: Repository
  private var values: [String: [String: AttributeValue]] = [:]

  init(gitDirectory: String) throws(GitError) { repository = try Repository(at: gitDirectory) }

  /// Attribute `name` of `path` as the work tree's attributes files set it.
  func value(_ name: String, _ path: String) -> AttributeValue {
    lock.lock()
    defer { lock.unlock() }
    if let known = values[name]?[path] { return known }
    let value = repository.attribute(name, for: path)
    values[name, default: [:]][path] = value
    return value
  }
}
