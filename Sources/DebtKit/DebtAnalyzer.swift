import ConfigKit
import FileSelectionKit
import Foundation
import GitKit
import ProvidersKit
import RoutingKit

/// Settings of one `git llm debt` run.
public struct DebtOptions: Sendable {
  /// The window's start as given, and as seconds since 1970.
  public var since: String
  public var sinceTime: Int64
  /// How many hotspots to list (and assess).
  public var top: Int
  /// Only files under these paths (relative to the top of the work tree); empty means all.
  public var paths: [String]
  /// `review.exclude` globs, applied as the review applies them.
  public var excludes: [String]
  /// Threads that read commits; 0 means one per core.
  public var workers: Int

  public init(since: String, sinceTime: Int64, top: Int, paths: [String] = [], excludes: [String] = [], workers: Int = 0) {
    self.since = since
    self.sinceTime = sinceTime
    self.top = top
    self.paths = paths
    self.excludes = excludes
    self.workers = workers
  }
}

/// `git llm debt`: joins the history (how often and how much each file changed) with the shape
/// of its current text (size, nesting, markers) to rank hotspots, then asks the routed
/// `tech_debt` model what makes each one costly to change.
public struct DebtAnalyzer {
  public let options: DebtOptions
  /// Called with the number of commits read so far (for a progress line).
  public var progress: (Int) -> Void = { _ in }

  public init(options: DebtOptions) { self.options = options }

  /// The hotspots from history and HEAD's text, and each one's text for the model.
  public func hotspots(repository: Repository) throws -> (report: DebtReport, texts: [String: String]) {
    let started = Date()
    let head = try repository.resolveCommit("HEAD")
    let workers = options.workers > 0 ? options.workers : ProcessInfo.processInfo.activeProcessorCount
    let churn = try ChurnWalk(gitDirectory: repository.commonDirectory, since: options.sinceTime, workers: workers)
      .run(repository: repository, head: head, progress: progress)
    let filter = FileFilter(excludes: options.excludes)
    var hotspots: [Hotspot] = []
    var texts: [String: String] = [:]
    var changedFiles = 0
    for file in try repository.treeFiles(ofCommit: head) where file.mode != .symlink && file.mode != .submodule {
      let path = file.path.text
      guard let history = churn.files[path] else { continue }
      guard options.paths.isEmpty || options.paths.contains(where: { Self.path(path, isUnder: $0) }) else { continue }
      changedFiles += 1
      guard !Self.isProseOrData(path) else { continue }
      guard let bytes = repository.blob(file.id)?.bytes,
        filter.skipReason(treeFile: file, bytes: bytes, attribute: { repository.attribute($0, for: $1) }) == nil,
        let text = repository.blobText(file.id, encoding: nil)
      else { continue }
      hotspots.append(Hotspot(history: history, shape: CodeShape(text: text)))
      texts[path] = text
    }
    hotspots.sort { ($0.weight, $0.history.churn, $1.history.path) > ($1.weight, $1.history.churn, $0.history.path) }
    hotspots = Array(hotspots.prefix(options.top))
    let top = max(1, hotspots.first?.weight ?? 1)
    for index in hotspots.indices { hotspots[index].score = Int((Double(hotspots[index].weight) * 100 / Double(top)).rounded()) }
    texts = texts.filter { path, _ in hotspots.contains { $0.history.path == path } }
    let report = DebtReport(
      repository: repository.workTreeRoot ?? repository.commonDirectory, head: head.hex, since: options.since,
      sinceDate: ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(options.sinceTime))),
      commits: churn.commits, filesChanged: changedFiles, historyCutAt: churn.historyCutAt, hotspots: hotspots,
      modelAsked: false, seconds: Date().timeIntervalSince(started))
    return (report, texts)
  }

  /// `report` with each hotspot assessed by the `tech_debt` chain (or `alias`), all at once; the
  /// router's per-provider limits pace the requests.
  public static func assess(
    _ report: DebtReport, texts: [String: String], router: Router, config: Config, alias: String?, gitDirectory: String
  ) async -> DebtReport {
    var report = report
    report.modelAsked = true
    let aliases = alias.map { [$0] } ?? config.chain(for: "tech_debt")
    let window = config.contextWindow(of: aliases) ?? 8192
    let reserve = config.maxOutputTokens(of: aliases) ?? 1024
    // About 3 characters a token, with a fifth kept back for the estimate's error, and less for a
    // model whose tokens proved denser in earlier reviews (TokenRatios).
    let factor = TokenRatios(gitDirectory: gitDirectory).budgetFactor(for: aliases.first)
    let budget = max(1_000, Int(Double((window - reserve) * 3 * 4 / 5) * factor) - DebtAssessment.system.utf8.count)
    let results = await withTaskGroup(of: (Int, DebtAssessment?, String?).self) { group in
      for (index, hotspot) in report.hotspots.enumerated() {
        let text = texts[hotspot.history.path] ?? ""
        group.addTask {
          let request = ChatRequest(
            system: DebtAssessment.system,
            messages: [ChatMessage(role: .user, content: DebtAssessment.prompt(hotspot, text: text, budget: budget))],
            temperature: 0, jsonSchema: DebtAssessment.schema)
          do {
            let answer = try await router.complete(request, task: "tech_debt", alias: alias)
            if answer.isBuiltin {
              return (index, nil, "no model answered (\(answer.attempts.dropLast().map(\.summary).joined(separator: "; ")))")
            }
            let lines = text.utf8.count { $0 == 0x0A } + 1
            guard let assessment = DebtAssessment.parse(answer.text, lineCount: lines, alias: answer.alias, model: answer.model) else {
              return (index, nil, "\(answer.alias)'s answer was not the JSON asked for")
            }
            return (index, assessment, nil)
          } catch {
            return (index, nil, "\(error)")
          }
        }
      }
      var collected: [(Int, DebtAssessment?, String?)] = []
      for await result in group { collected.append(result) }
      return collected
    }
    for (index, assessment, note) in results {
      report.hotspots[index].assessment = assessment
      report.hotspots[index].note = note
    }
    return report
  }

  /// Extensions of prose and data files: they churn, but their debt is not code debt.
  static let proseAndData: Set<String> = [
    "md", "markdown", "rst", "txt", "adoc", "asciidoc", "org", "json", "jsonl", "yaml", "yml", "toml", "csv", "tsv",
    "svg", "ini", "cfg", "conf", "log", "lock", "sum", "snap", "po", "pot",
  ]

  static func isProseOrData(_ path: String) -> Bool {
    let name = path.split(separator: "/").last ?? Substring(path)
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
    return proseAndData.contains(name[name.index(after: dot)...].lowercased())
  }

  static func path(_ path: String, isUnder prefix: String) -> Bool {
    let prefix = prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
    return prefix.isEmpty || prefix == "." || path == prefix || path.hasPrefix(prefix + "/")
  }
}
