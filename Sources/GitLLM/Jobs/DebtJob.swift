import ConfigKit
import DebtKit
import Foundation
import GitKit

/// `git llm debt`: resolves flags against `debt.*`, ranks hotspots, asks the model, prints.
public struct DebtJob: Sendable {
  public var directory: String
  public var overrides: [String]
  public var paths: [String]
  public var since: String?
  public var top: Int?
  public var format: DebtFormat
  public var output: String?
  public var useModel: Bool
  public var alias: String?
  public var jobs: Int
  public var verbose: Bool
  public var quiet: Bool
  public var color: ColorChoice

  /// Where the MCP server hears how far the job has got: commits read, then the model asked.
  public var progress: (@Sendable (DebtProgress) -> Void)?

  public func run() async throws {
    try ReportDestination(output: output, directory: directory, quiet: quiet).write(format.render(try await report()))
  }

  /// The ranked, assessed hotspots as a value; nothing goes to stdout.
  public func report() async throws -> DebtReport {
    let app = try Composition.load(directory: directory, overrides: overrides, quiet: quiet)
    app.reportWarnings()
    let config = app.config
    let window = since ?? config.debt.since
    let sinceTime: Int64
    switch SinceDate.cutoff(window) {
    case .success(let time): sinceTime = time
    case .failure(let failure):
      let label = since == nil ? "debt.since" : "--since"
      throw CommandFailure(
        .usage, SinceDate.message(failure, label: label, text: window) + (since == nil ? "; fix it in the configuration" : ""))
    }
    try ReportDestination(output: output, directory: directory, quiet: quiet).check()
    if let alias, let message = config.unknownAliasMessage(alias) { throw CommandFailure(.usage, message) }
    let options = DebtOptions(
      since: window, sinceTime: sinceTime, top: top ?? config.debt.top, paths: try relativePaths(app.repository),
      excludes: config.review.exclude, workers: jobs)
    let gitDirectory = app.repository?.commonDirectory ?? directory
    // The history walk blocks on libgit2 reads on every core: on threads of its own, off the
    // cooperative pool that the model requests below run on.
    // A repository handle of its own: libgit2 handles are not shared across threads, and the
    // composition's stays with this task for the model requests.
    let directory = self.directory
    var (report, texts) = try await WorkerThreads.run { try hotspots(try Repository(discoveringFrom: directory), options: options) }
    let progress = self.progress
    if !report.historyCutAt.isEmpty && !quiet {
      Diagnostics.note(
        "shallow clone: history was cut at \(report.historyCutAt.map { $0.prefix(12) }.joined(separator: ", ")); older changes are not counted (git fetch --unshallow reads them)"
      )
    }
    if useModel && !report.hotspots.isEmpty {
      if !quiet { Diagnostics.note("asking \(alias ?? "the tech_debt chain") about \(report.hotspots.count) hotspots…") }
      progress?(.asking(commits: report.commits, hotspots: report.hotspots.count))
      report = await DebtAnalyzer.assess(
        report, texts: texts, router: app.router, config: config, alias: alias,
        gitDirectory: gitDirectory)
      let answered = report.hotspots.filter { $0.assessment != nil }.count
      if answered < report.hotspots.count && !quiet {
        let first = report.hotspots.first { $0.note != nil }?.note ?? ""
        Diagnostics.note(
          "\(report.hotspots.count - answered) of \(report.hotspots.count) hotspots have no assessment (\(first)); their figures come from history alone"
        )
      }
    }
    if verbose { Diagnostics.note("read \(report.commits) commits in \(String(format: "%.2f", report.seconds)) s") }
    return report
  }

  private func hotspots(_ repository: Repository?, options: DebtOptions) throws -> (DebtReport, [String: String]) {
    guard let repository else { throw GitError.notARepository(path: directory) }
    guard (try? repository.resolveCommit("HEAD")) != nil else {
      throw CommandFailure(.usage, "this repository has no commits yet; commit something first")
    }
    var analyzer = DebtAnalyzer(options: options)
    let showProgress = progress == nil && !quiet && Terminal(choice: color).showsProgress
    let progress = self.progress
    analyzer.progress = { read in
      progress?(.reading(commits: read))
      if showProgress { FileHandle.standardError.write(Data("\rgit-llm: reading history… \(read) commits".utf8)) }
    }
    defer { if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) } }
    return try analyzer.hotspots(repository: repository)
  }

  /// The path arguments, relative to the top of the work tree (they are given relative to where
  /// the command runs, as git reads them); each must name a file or folder in HEAD, since a
  /// misspelt one would otherwise rank nothing and look like a clean result.
  private func relativePaths(_ repository: Repository?) throws -> [String] {
    guard !paths.isEmpty, let repository else { return paths }
    let head = try repository.headCommit()
    return try repository.resolvePathspecs(
      paths, from: directory, matchingOn: head.map { [.commit($0)] } ?? [], literal: true, place: "in HEAD")
  }
}

/// How far `git llm debt` has got.
public enum DebtProgress: Sendable, Equatable {
  case reading(commits: Int)
  case asking(commits: Int, hotspots: Int)
}
