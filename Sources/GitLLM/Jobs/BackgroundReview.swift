import FinetuneKit
import Foundation
import ReviewKit

/// A pre-commit review that overruns `hooks.timeout` goes on in a detached process, so the commit
/// is not held up and the work is not lost: the process reviews the tree that was staged, fills
/// the review cache and records the run; its findings are shown at the next commit, and
/// `git llm review --last` shows them too.
struct BackgroundReview {
  let gitDirectory: String

  /// Where the hook notes that a background review is running (a run recorded after `started`
  /// is its result).
  var markerPath: String { gitDirectory + "/llm/background.json" }

  struct Marker: Codable {
    var started: String
    var pid: Int32
  }

  /// What the background process reviews: the staged change written to a tree object while the
  /// hook still held it, against the commit HEAD was then. By the time it runs the commit exists
  /// and the index matches it, so reading the index again would review nothing.
  struct Snapshot: Equatable {
    var base: String?
    var tree: String
  }

  /// The arguments of the detached process (`git-llm hook review-tree`, hidden).
  static func arguments(_ snapshot: Snapshot) -> [String] {
    ["hook", "review-tree", snapshot.tree] + (snapshot.base.map { ["--base", $0] } ?? [])
  }

  /// Starts the review of `snapshot` detached from the hook (its own session, no terminal), and
  /// leaves a marker. Returns false when it could not be started.
  func start(_ snapshot: Snapshot) -> Bool {
    let started = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-1))
    // git's temporary index (GIT_INDEX_FILE) is gone once the commit is made; the tree is what
    // the process reviews. Its own session: it outlives the hook and no terminal signal reaches it.
    guard
      let pid = try? ChildProcess.spawnDetached(
        [ShareFolder.executablePath()] + Self.arguments(snapshot), logPath: "/dev/null", unsetting: ["GIT_INDEX_FILE"]
      ).pid
    else { return false }
    if let data = try? JSONEncoder().encode(Marker(started: started, pid: pid)) {
      try? FileManager.default.createDirectory(atPath: gitDirectory + "/llm", withIntermediateDirectories: true)
      _ = FileManager.default.createFile(atPath: markerPath, contents: data)
    }
    return true
  }

  /// The review a background process finished since the marker, if any (the marker is then
  /// removed); nil while it is still running or when there was none.
  func finished() -> ReviewReport? {
    guard let data = FileManager.default.contents(atPath: markerPath),
      let marker = try? JSONDecoder().decode(Marker.self, from: data)
    else { return nil }
    let done = RunLog(gitDirectory: gitDirectory).runs().first { $0.report.target == "staged" && $0.report.startedAt >= marker.started }
    // Still running: keep the marker. Gone without a result (killed): forget it.
    if done == nil && kill(marker.pid, 0) == 0 { return nil }
    try? FileManager.default.removeItem(atPath: markerPath)
    return done?.report
  }
}
