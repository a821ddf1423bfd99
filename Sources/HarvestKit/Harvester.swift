import ConfigKit
import Foundation
import GitKit
import PrivacyKit

/// What a harvest wrote.
public struct HarvestReport: Sendable {
  public var outputDirectory: String
  /// Paths of the files written, in a fixed order.
  public var files: [String]
  public var datasheet: Datasheet
  /// Records per output file after the run (an incremental run counts old and new).
  public var counts: [String: Int]
}

/// `git llm finetune dataset`: walks history, builds pairs, filters, scrubs, dedups, splits by
/// time and writes the dataset folder.
public struct Harvester {
  public let options: HarvestOptions
  /// Called with the number of commits read so far (for a progress bar).
  public var progress: (Int) -> Void = { _ in }
  /// One-line notes for stderr (history cut, nothing new).
  public var note: (String) -> Void = { _ in }

  /// Commits read per parallel batch: enough to keep every core busy, few enough to stream.
  static let batchSize = 512

  public init(options: HarvestOptions) { self.options = options }

  public func run(repository: Repository) throws -> HarvestReport {
    let started = Date()
    let scope = try scope(of: repository)
    var sheet = datasheet(scope, repository: repository)
    Repository.cacheObjectsForHistoryReads()
    let attributes = try AttributeCache(gitDirectory: repository.gitDirectory)

    // 1. Walk, and read commits in parallel batches while the walk goes on: each comes back with
    //    its pairs already built, scrubbed, measured, fingerprinted and encoded.
    var tally = try readCommits(scope, repository: repository, attributes: attributes, historyCutAt: &sheet.historyCutAt)
    sheet.commitsSeen = tally.commitsSeen
    sheet.commitsUsed = tally.commitsUsed
    let nothingNew = noteWhatIsNew(scope, historyCutAt: sheet.historyCutAt)

    // 2. Dedup oldest first, so originals stay: the records already in the dataset, then the new
    //    pairs by commit time. Then cap the count and split by time.
    var deduplicator = Deduplicator()
    for fingerprint in scope.base?.fingerprints ?? [] { _ = deduplicator.check(fingerprint) }
    let kept = keptCommitPairs(&tally, deduplicator: &deduplicator)
    var split = TimeSplit(kept, valRatio: options.valRatio, testRatio: options.testRatio)

    // 3. Code pairs from the newest training commit's tree (the head when nothing is held out;
    //    the parent of the oldest held-out commit when no commit pair went to train), so code
    //    first written in held-out commits never leaks into training. In an incremental run,
    //    functions unchanged since the last harvest come out as exact duplicates of its records.
    if options.kinds.contains(.code) && !nothingNew,
      let treeID = try codeTree(split, repository: repository, head: scope.range.diffHead)
    {
      sheet.codeTree = treeID.hex
      let code = try codePairs(treeID, scope: scope, repository: repository, attributes: attributes, tally: &tally)
      split.train += admitCodePairs(code, after: kept.count, tally: &tally, deduplicator: &deduplicator)
    }

    // 4. Write: the old records (incremental) and the new, every file at once.
    return try write(split, tally: tally, sheet: sheet, scope: scope, started: started)
  }

  /// What one run reads: the range, the commits it leaves out and the harvest it extends.
  private struct Scope {
    var spec: String
    var range: RevisionRange
    /// Commits whose history the walk leaves out: the range's, `--since` as a commit, and the
    /// last harvest's head.
    var excluded: [ObjectID]
    /// `--since` as a date: older commits are dropped.
    var sinceTime: Int64?
    var base: IncrementalBase?
    var workers: Int
    var gitDirectory: String
  }

  /// Resolves the range and `--since`, checks `--out` and loads the harvest an incremental run
  /// extends, so that bad input fails before any history is read.
  private func scope(of repository: Repository) throws -> Scope {
    let spec = options.range ?? "HEAD"
    let range = try repository.resolveRange(spec)
    var excluded = range.excluded
    let sinceTime = try sinceCutoff(repository, excluded: &excluded)
    // A wrong --out fails now, not after the whole history has been read.
    try DatasetWriter.check(folder: options.outputDirectory)
    let workers = options.workers > 0 ? options.workers : ProcessInfo.processInfo.activeProcessorCount
    let base = try incrementalBase(repository, workers: workers, excluded: &excluded)
    return Scope(
      spec: spec, range: range, excluded: excluded, sinceTime: sinceTime, base: base, workers: workers,
      gitDirectory: repository.commonDirectory)
  }

  /// `--since` as a commit time; a `--since` that names a commit is excluded from the walk instead.
  private func sinceCutoff(_ repository: Repository, excluded: inout [ObjectID]) throws -> Int64? {
    guard let since = options.since else { return nil }
    switch SinceDate.cutoff(since) {
    case .success(let time): return time
    case .failure(.tooFarBack): throw HarvestError.sinceTooFarBack(since)
    case .failure(.notASpanOrDate):
      do { excluded.append(try repository.resolveCommit(since)) } catch { throw HarvestError.badSince(since) }
      return nil
    }
  }

  /// The last harvest an incremental run extends (nil for a full harvest); its head is excluded
  /// from the walk when this repository still has it.
  private func incrementalBase(_ repository: Repository, workers: Int, excluded: inout [ObjectID]) throws -> IncrementalBase? {
    guard options.incremental else { return nil }
    guard let base = try IncrementalBase.load(gitDirectory: repository.commonDirectory, options: options, workers: workers) else {
      note("no earlier harvest is recorded; harvesting the whole range")
      return nil
    }
    if let last = ObjectID(hex: base.state.lastCommit), (try? repository.commit(last)) != nil {
      excluded.append(last)
    } else {
      note(
        "the last harvest's head \(base.state.lastCommit.prefix(12)) is not in this repository (rewritten history?); reading the whole range and dropping pairs the dataset already has"
      )
    }
    return base
  }

  /// The datasheet before anything is read: what is harvested, and how.
  private func datasheet(_ scope: Scope, repository: Repository) -> Datasheet {
    Datasheet(
      repository: repository.workTreeRoot ?? repository.commonDirectory, range: scope.spec, head: scope.range.diffHead.hex,
      format: options.format.rawValue, kinds: options.kinds.map(\.rawValue), incremental: scope.base != nil,
      shallow: repository.isShallow, historyCutAt: [], commitsSeen: 0, commitsUsed: 0, droppedCommits: [:],
      droppedFiles: [:], droppedPairs: [:], pairsBuilt: [:], pairsKept: [:], tokenHistogram: [:], split: [:],
      codeTree: nil, extends: scope.base?.state.lastCommit, seconds: 0)
  }

  /// Walks the history and reads the commits that pass the screens, a batch in the background
  /// while the walk collects the next. Commits where a shallow clone cut the history go to
  /// `historyCutAt`.
  private func readCommits(
    _ scope: Scope, repository: Repository, attributes: AttributeCache, historyCutAt: inout [String]
  ) throws -> Tally {
    var tally = Tally()
    guard !Set(options.kinds).subtracting([.code]).isEmpty else { return tally }
    let reading = BatchReader(
      workers: CommitWorkers(
        gitDirectory: scope.gitDirectory, options: options, workers: scope.workers, attributes: attributes))
    var batch: [CommitInfo] = []
    try repository.walkHistory(including: scope.range.included, excluding: scope.excluded) { commit in
      tally.commitsSeen += 1
      if commit.historyCut { historyCutAt.append(commit.id.hex) }
      if let reason = dropReason(commit, sinceTime: scope.sinceTime) {
        tally.commitDrops.add(reason)
      } else {
        batch.append(commit)
        if batch.count >= Self.batchSize {
          try reading.submit(batch) { tally.add($0) }
          batch.removeAll(keepingCapacity: true)
          progress(tally.commitsSeen)
        }
      }
      return true
    }
    try reading.submit(batch) { tally.add($0) }
    try reading.finish { tally.add($0) }
    progress(tally.commitsSeen)
    return tally
  }

  /// Why a commit is not read: older than `--since`, or screened out (merges, bots, reverts…).
  @inline(__always) private func dropReason(_ commit: CommitInfo, sinceTime: Int64?) -> DropReason? {
    if let sinceTime, commit.committer.time < sinceTime { return .beforeSince }
    return CommitScreen.dropReason(commit, options: options)
  }

  /// Notes a history cut short by a shallow clone, and a head the last harvest already had;
  /// true in that second case (nothing new to harvest).
  private func noteWhatIsNew(_ scope: Scope, historyCutAt: [String]) -> Bool {
    if !historyCutAt.isEmpty {
      note(
        "shallow clone: history was cut at \(historyCutAt.map { $0.prefix(12) }.joined(separator: ", ")); older commits are not in this clone"
      )
    }
    let head = scope.range.diffHead.hex
    let nothingNew = scope.base?.state.lastCommit == head
    if nothingNew { note("nothing new since the last harvest (\(head.prefix(12)))") }
    return nothingNew
  }

  /// The commit pairs that are not duplicates, oldest first, at most `--max-pairs` of them.
  private func keptCommitPairs(_ tally: inout Tally, deduplicator: inout Deduplicator) -> [PreparedPair] {
    let ordered = tally.totals.prepared.enumerated()
      .sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    tally.totals.prepared = []
    let kept = admit(ordered, drops: &tally.totals.pairDrops, deduplicator: &deduplicator)
    guard options.maxPairs > 0 && kept.count > options.maxPairs else { return kept }
    // Keep the newest: recent history is closest to how the project is written now.
    tally.totals.pairDrops.add(.maxPairs, kept.count - options.maxPairs)
    return Array(kept.suffix(options.maxPairs))
  }

  /// The code pairs of the tree of commit `treeID`, counted in `tally` but not yet admitted.
  private func codePairs(
    _ treeID: ObjectID, scope: Scope, repository: Repository, attributes: AttributeCache, tally: inout Tally
  ) throws -> [PreparedPair] {
    let treeCommit = try repository.commit(treeID)
    var yield = try CodePairs.harvest(
      gitDirectory: scope.gitDirectory, commit: treeCommit, options: options, attributes: attributes, workers: scope.workers)
    let codePairs = yield.prepared
    yield.prepared = []  // counted here, admitted by the caller
    tally.add(yield, countCommit: false)
    return codePairs
  }

  /// The code pairs that are not duplicates, within the room `--max-pairs` leaves after
  /// `commitPairs` commit pairs.
  private func admitCodePairs(
    _ code: [PreparedPair], after commitPairs: Int, tally: inout Tally, deduplicator: inout Deduplicator
  ) -> [PreparedPair] {
    let admitted = admit(code, drops: &tally.totals.pairDrops, deduplicator: &deduplicator)
    guard options.maxPairs > 0 else { return admitted }
    let room = max(0, options.maxPairs - commitPairs)
    if admitted.count > room { tally.totals.pairDrops.add(.maxPairs, admitted.count - room) }
    return Array(admitted.prefix(room))
  }

  /// Writes the split files (an incremental run's old records first) and the datasheet, every
  /// file at once, and records this harvest for the next incremental run.
  private func write(
    _ split: TimeSplit<PreparedPair>, tally: Tally, sheet: Datasheet, scope: Scope, started: Date
  ) throws -> HarvestReport {
    let folder = options.outputDirectory
    var files: [(String, Data)] = []
    var counts: [String: Int] = [:]
    for (name, records) in [("train.jsonl", split.train), ("valid.jsonl", split.valid), ("test.jsonl", split.test)] {
      let bytes = Self.recordFile(scope.base?.files[name] ?? [], appending: records)
      counts[name] = bytes.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
      files.append((name, Data(bytes)))
    }
    var sheet = sheet
    Self.account(split, tally: tally, counts: counts, in: &sheet)
    sheet.seconds = (Date().timeIntervalSince(started) * 1000).rounded() / 1000
    files.append(("datasheet.json", sheet.json()))
    files.append(("DATASHEET.md", Data(sheet.markdown().utf8)))
    try DatasetWriter.replace(folder: folder, with: files)
    try HarvestState(
      lastCommit: scope.range.diffHead.hex, out: folder, format: options.format.rawValue, counts: counts,
      date: ISO8601DateFormatter().string(from: Date())
    ).save(gitDirectory: scope.gitDirectory)
    return HarvestReport(outputDirectory: folder, files: files.map { folder + "/" + $0.0 }, datasheet: sheet, counts: counts)
  }

  /// A split file: the records it held (ended by a newline), then `records`.
  private static func recordFile(_ old: [UInt8], appending records: [PreparedPair]) -> [UInt8] {
    var bytes = old
    if let last = bytes.last, last != 0x0A { bytes.append(0x0A) }
    bytes.reserveCapacity(bytes.count + records.reduce(0) { $0 + $1.record.count })
    for pair in records { bytes += pair.record }
    return bytes
  }

  /// The datasheet's figures: pairs built and kept per kind, what was dropped and why, the token
  /// histogram, each split's time boundaries and the records per file.
  private static func account(_ split: TimeSplit<PreparedPair>, tally: Tally, counts: [String: Int], in sheet: inout Datasheet) {
    let all = split.train + split.valid + split.test
    for pair in all { sheet.pairsKept[pair.kind.rawValue, default: 0] += 1 }
    sheet.pairsBuilt = Dictionary(uniqueKeysWithValues: tally.totals.built.map { ($0.key.rawValue, $0.value) })
    sheet.droppedCommits = named(tally.commitDrops)
    sheet.droppedFiles = named(tally.totals.fileDrops)
    sheet.droppedPairs = named(tally.totals.pairDrops)
    sheet.tokenHistogram = Datasheet.histogram(all.lazy.map(\.estimatedTokens))
    sheet.split = [
      "train": boundary(split.train.filter { $0.kind != .code }, total: split.train.count),
      "valid": boundary(split.valid, total: split.valid.count),
      "test": boundary(split.test, total: split.test.count),
    ]
    sheet.records = counts
  }

  /// The commit whose tree the code pairs come from, or nil when that is the empty tree.
  private func codeTree(_ split: TimeSplit<PreparedPair>, repository: Repository, head: ObjectID) throws -> ObjectID? {
    if let newest = split.train.last { return try repository.resolveCommit(newest.commit) }
    guard let oldestHeldOut = (split.valid + split.test).min(by: { $0.time < $1.time }) else { return head }
    return try repository.commit(try repository.resolveCommit(oldestHeldOut.commit)).parents.first
  }

  /// Drops duplicates of pairs already admitted; `pairs` come oldest first.
  private func admit(_ pairs: [PreparedPair], drops: inout DropCounts, deduplicator: inout Deduplicator) -> [PreparedPair] {
    pairs.filter { pair in
      guard let reason = deduplicator.check(pair.fingerprint) else { return true }
      drops.add(reason)
      return false
    }
  }

  private static func named(_ counts: DropCounts) -> [String: Int] {
    Dictionary(uniqueKeysWithValues: counts.counts.map { ($0.key.rawValue, $0.value) })
  }

  private static func boundary(_ pairs: [PreparedPair], total: Int) -> Datasheet.Boundary {
    func date(_ time: Int64) -> String { ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(time))) }
    return Datasheet.Boundary(
      pairs: total, firstCommit: pairs.first?.commit, firstDate: pairs.first.map { date($0.time) },
      lastCommit: pairs.last?.commit, lastDate: pairs.last.map { date($0.time) })
  }
}

/// The running counts of a harvest and the prepared pairs collected so far.
private struct Tally {
  var commitsSeen = 0
  var commitsUsed = 0
  var commitDrops = DropCounts()
  /// File and pair drops, pairs built per kind and the prepared pairs, over all commits.
  var totals = CommitYield()

  mutating func add(_ yield: CommitYield, countCommit: Bool = true) {
    if let reason = yield.dropped { commitDrops.add(reason) } else if countCommit { commitsUsed += 1 }
    totals.merge(yield)
  }
}
