import GitKit
import Synchronization

/// Attribute lookups shared by every reader of one harvest. The same paths come up commit after
/// commit and the attributes (read from the work tree) do not change during a harvest, while each
/// libgit2 lookup stats the attributes and configuration files again: uncached, that was
/// 400,000 system calls for a 5,000-commit history.
///
/// The readers open their repositories without the work tree (`Repository(historyOf:)`), so the
/// cache looks attributes up through its own repository, opened with it, under its lock.
final class AttributeCache: Sendable {
  private struct State {
    let repository: Repository
    var values: [String: [String: AttributeValue]] = [:]
  }

  private let state: Mutex<State>

  init(gitDirectory: String) throws(GitError) { state = Mutex(State(repository: try Repository(at: gitDirectory))) }

  /// Attribute `name` of `path` as the work tree's attributes files set it.
  func value(_ name: String, _ path: String) -> AttributeValue {
    state.withLock { state in
      if let known = state.values[name]?[path] { return known }
      let value = state.repository.attribute(name, for: path)
      state.values[name, default: [:]][path] = value
      return value
    }
  }
}
