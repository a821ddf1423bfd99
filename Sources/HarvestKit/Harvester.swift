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
    let spec = options.range ?? "HEAD"
    let range = try repository.resolveRange(spec)
    var excluded = range.excluded
    var sinceTime: Int64?
    if let since = options.since {
      switch SinceDate.cutoff(since) {
      case .success(let time): sinceTime = time
      case .failure(.tooFarBack): throw HarvestError.sinceTooFarBack(since)
      case .failure(.notASpanOrDate):
        do { excluded.append(try repository.resolveCommit(since)) } catch { throw HarvestError.badSince(since) }
      }
    }
    let gitDirectory = repository.commonDirectory
    // A wrong --out fails now, not after the whole history has been read.
    try DatasetWriter.check(folder: options.outputDirectory)
    let workers = options.workers > 0 ? options.workers : ProcessInfo.processInfo.activeProcessorCount
    let base = options.incremental ? try IncrementalBase.load(gitDirectory: gitDirectory, options: options, workers: workers) : nil
    if options.incremental && base == nil { note("no earlier harvest is recorded; harvesting the whole range") }
    if let base {
      if let last = ObjectID(hex: base.state.lastCommit), (try? repository.commit(last)) != nil {
        excluded.append(last)
      } else {
        note("the last harvest's head \(base.state.lastCommit.prefix(12)) is not in this repository (rewritten history?); reading the whole range and dropping pairs the dataset already has")
      }
    }
    var sheet = Datasheet(
      repository: repository.workTreeRoot ?? repository.commonDirectory, range: spec, head: range.diffHead.hex,
      format: options.format.rawValue, kinds: options.kinds.map(\.rawValue), incremental: base != nil,
      shallow: repository.isShallow, historyCutAt: [], commitsSeen: 0, commitsUsed: 0, droppedCommits: [:],
      droppedFiles: [:], droppedPairs: [:], pairsBuilt: [:], pairsKept: [:], tokenHistogram: [:], split: [:],
      codeTree: nil, extends: base?.state.lastCommit, seconds: 0)

    // 1. Walk, and read commits in parallel batches while the walk goes on: each comes back with
    //    its pairs already built, scrubbed, measured, fingerprinted and encoded.
    var tally = Tally()
    Repository.cacheObjectsForHistoryReads()
    let attributes = try AttributeCache(gitDirectory: repository.gitDirectory)
    let kinds = Set(options.kinds)
    let commitKinds = kinds.subtracting([.code])
    if !commitKinds.isEmpty {
      let reading = BatchReader(workers: CommitWorkers(
        gitDirectory: repository.commonDirectory, options: options, workers: workers, attributes: attributes))
      var batch: [CommitInfo] = []
      try repository.walkHistory(including: range.included, excluding: excluded) { commit in
        tally.commitsSeen += 1
        if commit.historyCut { sheet.historyCutAt.append(commit.id.hex) }
        if let sinceTime, commit.committer.time < sinceTime {
          tally.commitDrops.add(.beforeSince)
        } else if let reason = CommitScreen.dropReason(commit, options: options) {
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
    }
    sheet.commitsSeen = tally.commitsSeen
    sheet.commitsUsed = tally.commitsUsed
    if !sheet.historyCutAt.isEmpty {
      note("shallow clone: history was cut at \(sheet.historyCutAt.map { $0.prefix(12) }.joined(separator: ", ")); older commits are not in this clone")
    }
    let nothingNew = base?.state.lastCommit == range.diffHead.hex
    if nothingNew { note("nothing new since the last harvest (\(range.diffHead.hex.prefix(12)))") }

    // 2. Dedup oldest first, so originals stay: the records already in the dataset, then the new
    //    pairs by commit time. Then cap the count and split by time.
    var deduplicator = Deduplicator()
    for fingerprint in base?.fingerprints ?? [] { _ = deduplicator.check(fingerprint) }
    let ordered = tally.totals.prepared.enumerated()
      .sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    tally.totals.prepared = []
    var kept = admit(ordered, drops: &tally.totals.pairDrops, deduplicator: &deduplicator)
    if options.maxPairs > 0 && kept.count > options.maxPairs {
      // Keep the newest: recent history is closest to how the project is written now.
      tally.totals.pairDrops.add(.maxPairs, kept.count - options.maxPairs)
      kept = Array(kept.suffix(options.maxPairs))
    }
    var split = TimeSplit(kept, valRatio: options.valRatio, testRatio: options.testRatio)

    // 3. Code pairs from the newest training commit's tree (the head when nothing is held out;
    //    the parent of the oldest held-out commit when no commit pair went to train), so code
    //    first written in held-out commits never leaks into training. In an incremental run,
    //    functions unchanged since the last harvest come out as exact duplicates of its records.
    if kinds.contains(.code) && !nothingNew, let treeID = try codeTree(split, repository: repository, head: range.diffHead) {
      let treeCommit = try repository.commit(treeID)
      sheet.codeTree = treeID.hex
      var yield = try CodePairs.harvest(
        gitDirectory: gitDirectory, commit: treeCommit, options: options, attributes: attributes, workers: workers)
      let codePairs = yield.prepared
      yield.prepared = []  // counted here, admitted below
      tally.add(yield, countCommit: false)
      var admitted = admit(codePairs, drops: &tally.totals.pairDrops, deduplicator: &deduplicator)
      if options.maxPairs > 0 {
        let room = max(0, options.maxPairs - kept.count)
        if admitted.count > room { tally.totals.pairDrops.add(.maxPairs, admitted.count - room) }
        admitted = Array(admitted.prefix(room))
      }
      split.train += admitted
    }

    // 4. Write: the old records (incremental) and the new, every file at once.
    let folder = options.outputDirectory
    var files: [(String, Data)] = []
    var counts: [String: Int] = [:]
    for (name, records) in [("train.jsonl", split.train), ("valid.jsonl", split.valid), ("test.jsonl", split.test)] {
      var bytes = base?.files[name] ?? []
      if let last = bytes.last, last != 0x0A { bytes.append(0x0A) }
      bytes.reserveCapacity(bytes.count + records.reduce(0) { $0 + $1.record.count })
      for pair in records { bytes += pair.record }
      counts[name] = bytes.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
      files.append((name, Data(bytes)))
    }
    let all = split.train + split.valid + split.test
    for pair in all { sheet.pairsKept[pair.kind.rawValue, default: 0] += 1 }
    sheet.pairsBuilt = Dictionary(uniqueKeysWithValues: tally.totals.built.map { ($0.key.rawValue, $0.value) })
    sheet.droppedCommits = Self.named(tally.commitDrops)
    sheet.droppedFiles = Self.named(tally.totals.fileDrops)
    sheet.droppedPairs = Self.named(tally.totals.pairDrops)
    sheet.tokenHistogram = Datasheet.histogram(all.lazy.map(\.estimatedTokens))
    sheet.split = [
      "train": Self.boundary(split.train.filter { $0.kind != .code }, total: split.train.count),
      "valid": Self.boundary(split.valid, total: split.valid.count),
      "test": Self.boundary(split.test, total: split.test.count),
    ]
    sheet.records = counts
    sheet.seconds = (Date().timeIntervalSince(started) * 1000).rounded() / 1000
    files.append(("datasheet.json", sheet.json()))
    files.append(("DATASHEET.md", Data(sheet.markdown().utf8)))
    try DatasetWriter.replace(folder: folder, with: files)
    try HarvestState(
      lastCommit: range.diffHead.hex, out: folder, format: options.format.rawValue, counts: counts,
      date: ISO8601DateFormatter().string(from: Date())
    ).save(gitDirectory: gitDirectory)
    return HarvestReport(outputDirectory: folder, files: files.map { folder + "/" + $0.0 }, datasheet: sheet, counts: counts)
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
