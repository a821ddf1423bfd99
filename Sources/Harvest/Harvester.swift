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
      if let time = Self.parseDate(since) { sinceTime = time } else {
        do { excluded.append(try repository.resolveCommit(since)) } catch { throw HarvestError.badSince(since) }
      }
    }
    let gitDirectory = repository.commonDirectory
    let previous = options.incremental ? HarvestState.load(gitDirectory: gitDirectory) : nil
    if let previous, let last = ObjectID(hex: previous.lastCommit), (try? repository.commit(last)) != nil {
      excluded.append(last)
    }
    var sheet = Datasheet(
      repository: repository.workTreeRoot ?? repository.commonDirectory, range: spec, head: range.diffHead.hex,
      format: options.format.rawValue, kinds: options.kinds.map(\.rawValue), incremental: previous != nil,
      shallow: repository.isShallow, historyCutAt: [], commitsSeen: 0, commitsUsed: 0, droppedCommits: [:],
      droppedFiles: [:], droppedPairs: [:], pairsBuilt: [:], pairsKept: [:], tokenHistogram: [:], split: [:],
      codeTree: nil, seconds: 0)

    // 1. Walk and read commits in parallel batches, building pairs as each batch comes back.
    var commitDrops = DropCounts(), fileDrops = DropCounts(), pairDrops = DropCounts()
    var pairs: [TrainingPair] = []
    var batch: [CommitInfo] = []
    var seen = 0
    let kinds = Set(options.kinds)
    let workers = options.workers > 0 ? options.workers : ProcessInfo.processInfo.activeProcessorCount
    func flush() throws {
      guard !batch.isEmpty else { return }
      for outcome in try ParallelDiff.read(batch, gitDirectory: repository.gitDirectory, options: options, workers: workers) {
        switch outcome {
        case .kept(let change, let drops):
          fileDrops.merge(drops)
          sheet.commitsUsed += 1
          pairs += PairTemplates.pairs(for: change, kinds: kinds, wholeFileLines: options.wholeFileLines)
        case .dropped(let reason, let drops):
          fileDrops.merge(drops)
          commitDrops.add(reason)
        }
      }
      batch.removeAll(keepingCapacity: true)
      progress(seen)
    }
    let commitKinds = kinds.subtracting([.code])
    if !commitKinds.isEmpty {
      try repository.walkHistory(including: range.included, excluding: excluded) { commit in
        seen += 1
        if commit.historyCut { sheet.historyCutAt.append(commit.id.hex) }
        if let sinceTime, commit.committer.time < sinceTime {
          commitDrops.add(.beforeSince)
        } else if let reason = CommitScreen.dropReason(commit, options: options) {
          commitDrops.add(reason)
        } else {
          batch.append(commit)
          if batch.count >= Self.batchSize { try flush() }
        }
        return true
      }
      try flush()
    }
    sheet.commitsSeen = seen
    if !sheet.historyCutAt.isEmpty {
      note("shallow clone: history was cut at \(sheet.historyCutAt.map { $0.prefix(12) }.joined(separator: ", ")); older commits are not in this clone")
    }

    // 2. Scrub, cap, dedup (oldest first, so originals stay), cap the count, split by time.
    var built: [String: Int] = [:]
    for pair in pairs { built[pair.kind.rawValue, default: 0] += 1 }
    var deduplicator = Deduplicator()
    var kept = admit(pairs.sorted { $0.time < $1.time }, drops: &pairDrops, deduplicator: &deduplicator)
    if options.maxPairs > 0 && kept.count > options.maxPairs {
      // Keep the newest: recent history is closest to how the project is written now.
      pairDrops.add(.maxPairs, kept.count - options.maxPairs)
      kept = Array(kept.suffix(options.maxPairs))
    }
    var split = TimeSplit(kept, valRatio: options.valRatio, testRatio: options.testRatio)

    // 3. Code pairs from the newest training commit's tree (the head when nothing is held out).
    if kinds.contains(.code) && previous == nil {
      let treeID = try split.train.last.map { pair throws in try repository.resolveCommit(pair.commit) } ?? range.diffHead
      let treeCommit = try repository.commit(treeID)
      sheet.codeTree = treeID.hex
      let code = try CodePairs.harvest(repository: repository, commit: treeCommit, options: options)
      fileDrops.merge(code.fileDrops)
      for pair in code.pairs { built[pair.kind.rawValue, default: 0] += 1 }
      var admitted = admit(code.pairs, drops: &pairDrops, deduplicator: &deduplicator)
      if options.maxPairs > 0 {
        let room = max(0, options.maxPairs - kept.count)
        if admitted.count > room { pairDrops.add(.maxPairs, admitted.count - room) }
        admitted = Array(admitted.prefix(room))
      }
      split.train += admitted
    }

    // 4. Write: the old records (incremental) and the new, every file at once.
    let folder = options.outputDirectory
    var files: [(String, Data)] = []
    var counts: [String: Int] = [:]
    for (name, records) in [("train.jsonl", split.train), ("valid.jsonl", split.valid), ("test.jsonl", split.test)] {
      var data = previous != nil ? DatasetWriter.existing(folder, name) : Data()
      if let last = data.last, last != 0x0A { data.append(0x0A) }
      for pair in records { data.append(RecordFormat.line(pair, format: options.format)) }
      counts[name] = data.count { $0 == 0x0A }
      files.append((name, data))
    }
    let all = split.train + split.valid + split.test
    for pair in all { sheet.pairsKept[pair.kind.rawValue, default: 0] += 1 }
    sheet.pairsBuilt = built
    sheet.droppedCommits = Self.named(commitDrops)
    sheet.droppedFiles = Self.named(fileDrops)
    sheet.droppedPairs = Self.named(pairDrops)
    sheet.tokenHistogram = Datasheet.histogram(all)
    sheet.split = [
      "train": Self.boundary(split.train.filter { $0.kind != .code }, total: split.train.count),
      "valid": Self.boundary(split.valid, total: split.valid.count),
      "test": Self.boundary(split.test, total: split.test.count),
    ]
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

  /// Scrubs every pair, then drops what still holds a secret, what is over the token cap and
  /// duplicates of pairs already admitted.
  private func admit(_ pairs: [TrainingPair], drops: inout DropCounts, deduplicator: inout Deduplicator) -> [TrainingPair] {
    let scrubber = SecretScrubber()
    var kept: [TrainingPair] = []
    for var pair in pairs {
      pair.system = scrubber.scrub(pair.system).text
      pair.user = scrubber.scrub(pair.user).text
      pair.assistant = scrubber.scrub(pair.assistant).text
      if [pair.system, pair.user, pair.assistant].contains(where: scrubber.containsSecret) {
        drops.add(.secret)
        continue
      }
      if pair.estimatedTokens > options.maxTokens {
        drops.add(.tokenCap)
        continue
      }
      if let reason = deduplicator.check(pair.content) {
        drops.add(reason)
        continue
      }
      kept.append(pair)
    }
    return kept
  }

  private static func named(_ counts: DropCounts) -> [String: Int] {
    Dictionary(uniqueKeysWithValues: counts.counts.map { ($0.key.rawValue, $0.value) })
  }

  private static func boundary(_ pairs: [TrainingPair], total: Int) -> Datasheet.Boundary {
    func date(_ time: Int64) -> String { ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(time))) }
    return Datasheet.Boundary(
      pairs: total, firstCommit: pairs.first?.commit, firstDate: pairs.first.map { date($0.time) },
      lastCommit: pairs.last?.commit, lastDate: pairs.last.map { date($0.time) })
  }

  /// `2024-01-31` or a full ISO 8601 date-time, as seconds since 1970; nil for anything else.
  static func parseDate(_ text: String) -> Int64? {
    let full = ISO8601DateFormatter()
    if let date = full.date(from: text) { return Int64(date.timeIntervalSince1970) }
    let day = ISO8601DateFormatter()
    day.formatOptions = [.withFullDate]
    if let date = day.date(from: text) { return Int64(date.timeIntervalSince1970) }
    return nil
  }
}
