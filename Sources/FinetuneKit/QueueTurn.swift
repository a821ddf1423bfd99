import ConfigKit
import Foundation

/// One run at a time per runner and host: a run waits until every run queued before it on the
/// same queue has finished, then holds the queue's lock (in the user cache, so runs from other
/// repositories on this machine wait too) for as long as it trains.
struct QueueTurn {
  let store: RunStore
  let id: String
  let lockFolder: String
  var pollInterval: TimeInterval = 1

  /// The queue's lock file for `key` (e.g. `podman@local`).
  func lockPath(_ key: String) -> String { lockFolder + "/queue-" + SHA256.hex(Array(key.utf8)).prefix(16) + ".lock" }

  /// Waits for the run's turn and returns the lock, or nil when the run was cancelled meanwhile.
  func wait() throws(FinetuneError) -> FileLock? {
    while true {
      let record = try store.load(id)
      if record.state == .cancelled || FileManager.default.fileExists(atPath: store.cancelMarker(id)) { return nil }
      if record.state.isFinished { return nil }
      if isFirst(record), let lock = try FileLock.attempt(lockPath(record.queue)) { return lock }
      Thread.sleep(forTimeInterval: pollInterval)
    }
  }

  /// No live run of this queue joined before this one.
  func isFirst(_ record: RunRecord) -> Bool {
    !store.all().contains { other in
      other.id != record.id && other.queue == record.queue && other.state.isActive
        && (other.queueTicket, other.id) < (record.queueTicket, record.id) && other.supervisor?.isAlive == true
    }
  }
}
