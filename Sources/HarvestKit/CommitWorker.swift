import ConfigKit
import GitKit

/// Everything one commit gives the harvest, computed on a worker thread: whether the commit was
/// used, what its files and pairs lost to filters, and its prepared pairs.
struct CommitYield: Sendable {
  /// Why the whole commit was dropped, or nil when it was used.
  var dropped: DropReason?
  var fileDrops = DropCounts()
  var pairDrops = DropCounts()
  /// Pairs built per kind, before the per-pair checks.
  var built: [DatasetKind: Int] = [:]
  var prepared: [PreparedPair] = []

  /// Adds another yield's counts and pairs (a whole-commit drop is not carried over).
  mutating func merge(_ other: CommitYield) {
    fileDrops.merge(other.fileDrops)
    pairDrops.merge(other.pairDrops)
    built.merge(other.built, uniquingKeysWith: +)
    prepared += other.prepared
  }

  /// Counts a built pair of `kind` and keeps it or counts why the checks dropped it.
  mutating func add(_ kind: DatasetKind, _ result: ScreenedPair) {
    built[kind, default: 0] += 1
    switch result {
    case .prepared(let prepared): self.prepared.append(prepared)
    case .dropped(let reason): pairDrops.add(reason)
    }
  }
}

/// Reads commits on all cores: each thread has its own reader (its own repository handle, kept
/// from batch to batch), reads a commit's change, builds its pairs and prepares them (scrub, cap,
/// fingerprint, encode). Only ids and values cross threads.
final class CommitWorkers: Sendable {
  private let options: HarvestOptions
  private let kinds: Set<DatasetKind>
  private let screen: PairScreen
  let workers: Int
  private let readers: PerWorker<Result<ChangeReader, GitError>>

  init(gitDirectory: String, options: HarvestOptions, workers: Int, attributes: AttributeCache) {
    self.options = options
    self.workers = workers
    kinds = Set(options.kinds)
    screen = PairScreen(maxTokens: options.maxTokens, format: options.format)
    readers = PerWorker(workers: workers) {
      Result { () throws(GitError) in try ChangeReader(gitDirectory: gitDirectory, options: options, attributes: attributes) }
    }
  }

  func run(_ commits: [CommitInfo]) throws(GitError) -> [CommitYield] {
    let results = ParallelMap.run(count: commits.count, workers: workers) { worker, index -> Result<CommitYield, GitError> in
      self.readers.with(worker) { $0.flatMap { reader in self.yieldOf(commits[index], reader: reader) } }
    }
    return try results.map { result throws(GitError) in try result.get() }
  }

  private func yieldOf(_ commit: CommitInfo, reader: ChangeReader) -> Result<CommitYield, GitError> {
    var yield = CommitYield()
    do throws(GitError) {
      switch try reader.read(commit) {
      case .dropped(let reason, let drops):
        yield.dropped = reason
        yield.fileDrops = drops
      case .kept(let change, let drops):
        yield.fileDrops = drops
        let built = PairTemplates.pairs(for: change, kinds: kinds, wholeFileLines: options.wholeFileLines)
        for pair in built.pairs { yield.add(pair.kind, screen.prepare(pair)) }
        for (kind, reason) in built.dropped { yield.add(kind, .dropped(reason)) }
      }
    } catch {
      return .failure(error)
    }
    return .success(yield)
  }
}
