import ConfigKit
import Foundation
import GitKit
import HarvestKit

/// The flags of `git llm finetune dataset`; nil means "use the `finetune.*` configuration".
public struct HarvestRequest: Sendable {
  public var range: String?
  public var out: String?
  public var kinds: [DatasetKind]?
  public var format: DatasetFormat?
  public var since: String?
  public var maxPairs: Int?
  public var valRatio: Double?
  public var testRatio: Double?
  public var maxTokens: Int
  /// Commits changing more files or lines than these are dropped.
  public var maxFiles: Int
  public var maxLines: Int
  /// Reading threads; 0 means one per core.
  public var jobs: Int
  public var includeMerges: Bool
  public var includeBots: Bool
  public var includeReverts: Bool
  public var keepTrivial: Bool
  public var incremental: Bool
}

/// `git llm finetune dataset`: resolves flags against configuration, runs the harvest, prints
/// the written paths on stdout and the counts on stderr.
public struct HarvestJob: Sendable {
  public var directory: String
  public var overrides: [String]
  public var request: HarvestRequest
  public var color: ColorChoice
  public var quiet: Bool

  public func run() async throws {
    let app = try Composition.load(directory: directory, overrides: overrides, quiet: quiet)
    app.reportWarnings()
    guard let repository = app.repository else { throw GitError.notARepository(path: directory) }
    let config = app.config
    let settings = config.finetune
    let options = HarvestOptions(
      outputDirectory: outputFolder(request.out, configured: settings.out, repository: repository),
      kinds: request.kinds ?? settings.kinds, format: request.format ?? settings.format,
      range: request.range, since: request.since, valRatio: request.valRatio ?? settings.valRatio,
      testRatio: request.testRatio ?? settings.testRatio, maxPairs: request.maxPairs ?? settings.maxPairs,
      maxTokens: request.maxTokens, maxFiles: request.maxFiles, maxChangedLines: request.maxLines,
      includeMerges: request.includeMerges || !settings.skipMerges,
      includeBots: request.includeBots || !settings.skipBots, includeReverts: request.includeReverts,
      keepTrivial: request.keepTrivial, incremental: request.incremental, excludes: config.review.exclude,
      workers: request.jobs)
    if options.valRatio + options.testRatio >= 1 {
      throw CommandFailure(.usage, "--val-ratio plus the test ratio must stay under 1; lower one of them")
    }
    var harvester = Harvester(options: options)
    let showBar = !quiet && Terminal(choice: color).showsProgress
    harvester.progress = { seen in
      if showBar { FileHandle.standardError.write(Data("\rgit-llm: harvesting… \(seen) commits read".utf8)) }
    }
    harvester.note = { line in if !quiet { Diagnostics.note(line) } }
    let report: HarvestReport
    do {
      // Minutes of libgit2 reads on every core: on threads of their own, off the cooperative pool.
      report = try await WorkerThreads.run { [harvester] in try harvester.run(repository: repository) }
    } catch let error as HarvestError {
      if showBar { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
      throw CommandFailure(error.isUsage ? .usage : .incomplete, error.description)
    }
    if showBar { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    let out = OutputStream()
    for file in report.files { out.write(file + "\n") }
    out.flush()
    if !quiet {
      let sheet = report.datasheet
      let counts = ["train.jsonl", "valid.jsonl", "test.jsonl"].map { "\($0.split(separator: ".")[0]) \(report.counts[$0] ?? 0)" }
      Diagnostics.note(
        "dataset in \(report.outputDirectory): \(counts.joined(separator: ", ")) pairs from \(sheet.commitsUsed) of \(sheet.commitsSeen) commits in \(sheet.seconds) s"
      )
      let dropped = sheet.droppedCommits.merging(sheet.droppedPairs) { $0 + $1 }.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
      if !dropped.isEmpty { Diagnostics.note("dropped: \(dropped.joined(separator: ", ")) (DATASHEET.md has every count)") }
    }
  }

  /// `--out` relative to where the command runs; the configured folder relative to the top of the
  /// work tree, with a leading `.git/` meaning the repository's git folder (so bare clones work).
  private func outputFolder(_ flag: String?, configured: String, repository: Repository) -> String {
    if let flag { return flag.hasPrefix("/") ? flag : directory + "/" + flag }
    if configured.hasPrefix("/") { return configured }
    if configured.hasPrefix(".git/") { return repository.commonDirectory + "/" + configured.dropFirst(5) }
    return (repository.workTreeRoot ?? repository.commonDirectory) + "/" + configured
  }
}

extension HarvestError {
  /// Errors the user fixes by changing the command line.
  var isUsage: Bool {
    switch self {
    case .badSince, .sinceTooFarBack, .foreignFiles, .incrementalMismatch, .notAFolder: return true
    case .write: return false
    }
  }
}
