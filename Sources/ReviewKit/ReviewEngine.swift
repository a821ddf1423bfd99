import ConfigKit
import FileSelectionKit
import Foundation
import GitKit
import ProvidersKit
import RoutingKit

/// What to review.
public struct ReviewRequest: Sendable {
  public enum Target: Sendable, Equatable {
    case range(String), staged, worktree
    /// A staged change written to a tree object (`Repository.writeIndexTree()`), against the
    /// commit HEAD was then (nil on an unborn branch): what a hook saw, reviewed after the commit
    /// is made. Reported as "staged", like the review it continues.
    case stagedTree(base: String?, tree: String)
  }

  public var target: Target
  /// Pathspecs that limit the review (after `--`).
  public var paths: [String]
  /// Read and write `.git/llm/cache`.
  public var useCache: Bool
  /// Review with this model alias alone instead of `routing.review`.
  public var alias: String?

  public init(target: Target, paths: [String] = [], useCache: Bool = true, alias: String? = nil) {
    self.target = target
    self.paths = paths
    self.useCache = useCache
    self.alias = alias
  }
}

/// The review pipeline: select the files, pack them into units within the model's budget, send
/// the units concurrently through the router (or take them from the cache), validate and merge
/// the findings, and account for every file.
public struct ReviewEngine: Sendable {
  public let config: Config
  public let router: any ReviewRouting
  /// Called as units finish: (finished, total).
  public let progress: @Sendable (Int, Int) -> Void

  public init(config: Config, router: any ReviewRouting, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) {
    self.config = config
    self.router = router
    self.progress = progress
  }

  /// A review and the code lines it showed (for quoting code in text output).
  public struct Outcome: Sendable {
    public var report: ReviewReport
    public var codeLines: [String: [Int: String]]
  }

  /// Everything that needs the repository, read up front (libgit2 handles stay on this task).
  public struct Prepared: Sendable, Codable {
    public var target: String
    public var base: String?
    public var head: String?
    public var units: [ReviewUnit]
    public var reviewed: [String]
    public var skipped: [SkippedFile]
    public var system: String
    public var cacheFolder: String?
  }

  public enum Failure: Error, CustomStringConvertible {
    case instructionsFile(String)
    public var description: String {
      switch self {
      case .instructionsFile(let message): return message
      }
    }
  }

  public func prepare(_ request: ReviewRequest, repository: Repository) throws -> Prepared {
    let (selection, target, base, head) = try Self.selection(request.target, repository: repository)
    let diff = try repository.diff(selection, options: DiffOptions(contextLines: config.review.contextLines, paths: request.paths))
    let filter = FileFilter(excludes: config.review.exclude)
    var reviewable: [FileChange] = []
    var skipped: [SkippedFile] = []
    for file in diff.files {
      if let reason = filter.skipReason(file, attribute: { repository.attribute($0, for: $1) }) {
        skipped.append(SkippedFile(path: file.path.text, reason: reason))
      } else if file.newID != .zero, let content = repository.blobContent(file.newID) {
        reviewable.append(FunctionContext.expand(file, newContent: content))
      } else {
        reviewable.append(file)
      }
    }
    let system = ReviewPrompt.system(instructions: try instructions(repository))
    let factor = TokenRatios(gitDirectory: repository.commonDirectory).budgetFactor(for: sizingAlias(for: request))
    let budget = Int(
      Double(ReviewPacker.budget(window: window(for: request), systemPrompt: system, answerReserve: answerReserve(for: request))) * factor)
    let units = ReviewPacker(budget: budget).pack(reviewable)
    return Prepared(
      target: target, base: base, head: head, units: units, reviewed: reviewable.map(\.path.text), skipped: skipped,
      system: system, cacheFolder: request.useCache && config.review.cache ? repository.commonDirectory : nil)
  }

  /// The diff `target` names, and how the report names it and its two sides.
  private static func selection(
    _ target: ReviewRequest.Target, repository: Repository
  ) throws -> (DiffSelection, target: String, base: String?, head: String?) {
    switch target {
    case .range(let spec):
      let range = try repository.resolveRange(spec)
      return (.commits(base: range.diffBase, head: range.diffHead), spec, range.diffBase?.hex, range.diffHead.hex)
    case .staged:
      return (.staged, "staged", try repository.headCommit()?.hex, nil)
    case .worktree:
      return (.worktree, "worktree", nil, nil)
    case .stagedTree(let baseHex, let treeHex):
      let baseID = try baseHex.map { hex throws(GitError) in try objectID(hex) }
      return (.tree(base: baseID, tree: try objectID(treeHex)), "staged", baseHex, nil)
    }
  }

  private static func objectID(_ hex: String) throws(GitError) -> ObjectID {
    guard let id = ObjectID(hex: hex) else { throw .unknownRevision(spec: hex, reason: "not a full object id") }
    return id
  }

  /// `review.instructions` plus the contents of `review.instructions_file`, which must be a file
  /// inside the work tree: a committed config must not be able to send any file of the machine
  /// to a model.
  func instructions(_ repository: Repository) throws -> String {
    var text = config.review.instructions
    let file = config.review.instructionsFile
    guard !file.isEmpty else { return text }
    guard let root = repository.workTreeRoot else { return text }
    let resolved = URL(fileURLWithPath: file, relativeTo: URL(fileURLWithPath: root + "/")).standardizedFileURL.resolvingSymlinksInPath()
      .path
    let top = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
    guard resolved.hasPrefix(top + "/") else {
      throw Failure.instructionsFile("review.instructions_file '\(file)' is outside the work tree; name a file inside the repository")
    }
    guard let contents = FileManager.default.contents(atPath: resolved) else {
      throw Failure.instructionsFile("review.instructions_file '\(file)' cannot be read; create it or clear the key")
    }
    text += (text.isEmpty ? "" : "\n") + String(decoding: contents.prefix(64 << 10), as: UTF8.self)
    return text
  }

  /// The aliases a review asks: `--model` alone, else the `routing.review` chain.
  func aliases(for request: ReviewRequest) -> [String] {
    request.alias.map { [$0] } ?? config.chain(for: "review")
  }

  /// The alias whose window sizes units.
  func sizingAlias(for request: ReviewRequest) -> String? {
    aliases(for: request).first { config.models[$0]?.contextWindow != nil }
  }

  /// The context window that sizes units: the first model of the chain that states one.
  func window(for request: ReviewRequest) -> Int {
    config.contextWindow(of: aliases(for: request)) ?? 8192
  }

  func answerReserve(for request: ReviewRequest) -> Int {
    config.maxOutputTokens(of: aliases(for: request)) ?? 2048
  }

  /// The chain as the cache sees it: a changed model or provider makes earlier answers stale.
  func chainSignature(for request: ReviewRequest) -> [String] {
    aliases(for: request).map { alias in
      let model = config.models[alias]
      return "\(alias)=\(model?.provider ?? "?")/\(model?.model ?? "?")"
    }
  }

  /// Whether every unit already has a cached answer, so running sends nothing.
  public func isFullyCached(_ prepared: Prepared, request: ReviewRequest) -> Bool {
    guard let folder = prepared.cacheFolder else { return false }
    let cache = ReviewCache(gitDirectory: folder)
    let signature = chainSignature(for: request)
    return prepared.units.allSatisfy { cache.contains(ReviewCache.key(unit: $0, system: prepared.system, chain: signature)) }
  }

  /// Reviews every unit. A cancelled review has no outcome: the router sends nothing more once
  /// the task is cancelled, and this throws `CancellationError` instead of a report that would
  /// pass the units it never finished for failures (and be logged as a run).
  public func run(_ prepared: Prepared, request: ReviewRequest) async throws -> Outcome {
    let started = Date()
    let clock = ContinuousClock()
    let begin = clock.now
    let cache = prepared.cacheFolder.map(ReviewCache.init(gitDirectory:))
    let signature = chainSignature(for: request)
    let total = prepared.units.count
    progress(0, total)
    let results = await withTaskGroup(of: (Int, UnitResult).self) { group in
      for (index, unit) in prepared.units.enumerated() {
        group.addTask {
          (index, await review(unit, system: prepared.system, cache: cache, signature: signature, alias: request.alias))
        }
      }
      var all: [(Int, UnitResult)] = []
      for await item in group {
        all.append(item)
        progress(all.count, total)
      }
      return all.sorted { $0.0 < $1.0 }.map(\.1)
    }
    try Task.checkCancellation()
    return assemble(prepared, results: results, started: started, duration: clock.now - begin)
  }

  /// The report from each unit's result, in unit order.
  ///
  /// Secret findings come from the scrubber's matches in every unit, whoever answered (or if
  /// nobody did), and no matched value is left in anything the report or its code lines show.
  func assemble(_ prepared: Prepared, results: [UnitResult], started: Date, duration: Duration) -> Outcome {
    var findings: [Finding] = []
    var notes: [String] = []
    var failedFiles = Set<String>()
    let secrets = prepared.units.map(UnitSecrets.init)
    for ((unit, result), unitSecrets) in zip(zip(prepared.units, results), secrets) {
      findings += result.findings
      findings += unitSecrets.findings(missingFrom: result.findings)
      notes += result.notes
      if result.record.failure != nil { failedFiles.formUnion(unit.files.map(\.path)) }
      if unit.oversizedHunk {
        notes.append("\(unit.files.map(\.path).joined(separator: ", ")): a hunk too large for any model was reviewed in parts")
      }
    }
    let merged = FindingMerger.merge(findings, maxPerFile: config.review.maxFindingsPerFile)
    let records = results.map(\.record)
    let answered = records.filter { $0.failure == nil }
    let report = ReviewReport(
      target: prepared.target, base: prepared.base, head: prepared.head, startedAt: ISO8601DateFormatter().string(from: started),
      milliseconds: Self.milliseconds(duration), findings: merged.findings,
      reviewedFiles: prepared.reviewed.filter { !failedFiles.contains($0) }, skippedFiles: prepared.skipped,
      failedFiles: failedFiles.sorted(), units: records,
      builtinOnly: !answered.isEmpty && answered.allSatisfy { $0.provider.map { config.providers[$0]?.type == .builtin } ?? false },
      notes: notes + merged.notes)
    var lines: [String: [Int: String]] = [:]
    for file in prepared.units.flatMap(\.files) { lines[file.path, default: [:]].merge(file.newLines) { a, _ in a } }
    return Outcome(report: UnitSecrets(combining: secrets).redact(report), codeLines: lines.mapValues(UnitSecrets.scrubbed))
  }

  struct UnitResult: Sendable {
    var findings: [Finding]
    var notes: [String]
    var record: ReviewUnitRecord
  }

  private func review(_ unit: ReviewUnit, system: String, cache: ReviewCache?, signature: [String], alias: String?) async -> UnitResult {
    let recorder = UnitRecorder(unit, system: system)
    let key = ReviewCache.key(unit: unit, system: system, chain: signature)
    if let cache, let result = fromCache(cache.read(key), recorder) { return result }
    return await ask(recorder, system: system, alias: alias, cache: cache, key: key)
  }

  /// The cached answer, when there is one and it still passes validation.
  private func fromCache(_ entry: ReviewCache.Entry?, _ recorder: UnitRecorder) -> UnitResult? {
    guard let entry,
      let validated = try? FindingValidator(unit: recorder.unit, alias: entry.alias, provider: entry.provider, model: entry.model)
        .validate(entry.answer)
    else { return nil }
    return UnitResult(findings: validated.findings, notes: validated.notes, record: recorder.cached(entry))
  }

  /// Asks the router for the unit's findings; a malformed answer gets one more chance, with the
  /// answer shown back and a reminder.
  private func ask(_ recorder: UnitRecorder, system: String, alias: String?, cache: ReviewCache?, key: String) async -> UnitResult {
    let unit = recorder.unit
    var messages = [ChatMessage(role: .user, content: ReviewPrompt.user(unit))]
    var attempts: [String] = []
    for round in 0..<2 {
      let request = ChatRequest(system: system, messages: messages, seed: 42, jsonSchema: FindingSchema.schema)
      let answer: RoutedAnswer
      do {
        answer = try await router.complete(request, task: "review", alias: alias)
      } catch {
        // (Cancelled: the router sent nothing more, and `run` throws away every unit's result.)
        if let failure = error as? RoutingFailure { attempts += failure.attempts.map(\.summary) }
        return UnitResult(findings: [], notes: [], record: recorder.failed("\(error)", attempts: attempts))
      }
      attempts += answer.attempts.map(\.summary)
      let validator = FindingValidator(unit: unit, alias: answer.alias, provider: answer.provider, model: answer.model)
      do {
        let validated = try validator.validate(answer.text)
        if let cache { store(answer, of: unit, in: cache, key: key) }
        var notes = validated.notes
        if round > 0 { notes.append("unit \(unit.id): \(answer.alias) answered in the wrong format once and was asked again") }
        return UnitResult(findings: validated.findings, notes: notes, record: recorder.answered(answer, attempts: attempts))
      } catch {
        if round == 0 {
          messages += [
            ChatMessage(role: .assistant, content: String(answer.text.prefix(2000))),
            ChatMessage(role: .user, content: ReviewPrompt.formatReminder),
          ]
          continue
        }
        return UnitResult(findings: [], notes: [], record: recorder.rejected(answer, failure: "\(error), twice", attempts: attempts))
      }
    }
    return UnitResult(findings: [], notes: [], record: recorder.failed("not reviewed", attempts: attempts))
  }

  /// Keeps a model's valid answer for the next run; the built-in rules are not worth caching.
  private func store(_ answer: RoutedAnswer, of unit: ReviewUnit, in cache: ReviewCache, key: String) {
    guard !answer.isBuiltin else { return }
    // A local model saw the values and may quote them; the cache keeps none.
    let stored = UnitSecrets(unit).redact(answer.text)
    cache.write(
      key,
      ReviewCache.Entry(
        alias: answer.alias, provider: answer.provider, model: answer.model, answer: stored,
        promptTokens: answer.usage?.promptTokens, completionTokens: answer.usage?.completionTokens))
  }

  static func milliseconds(_ duration: Duration) -> Int {
    Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
  }
}

extension ReviewEngine.Failure: LocalizedError {
  public var errorDescription: String? { description }
}
