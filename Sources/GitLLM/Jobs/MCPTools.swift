import DebtKit
import Foundation
import GitKit
import MCPServerKit
import ReviewKit

/// `git llm mcp`'s tools: each call runs the job its command runs (so configuration, trust,
/// privacy.allow_remote and scrubbing hold exactly as on the command line) and returns what the
/// command prints with `--format json`, as a value; nothing goes to stdout, which is the
/// protocol's. Diagnostics go to stderr as on the command line.
public struct MCPTools: Sendable {
  /// The folder the server runs in (`-C` applied): a call's `repository` starts here.
  public var directory: String
  public var overrides: [String]
  public var verbose: Bool
  public var quiet: Bool

  public init(directory: String, overrides: [String], verbose: Bool, quiet: Bool) {
    self.directory = directory
    self.overrides = overrides
    self.verbose = verbose
    self.quiet = quiet
  }

  /// The server, with `describe` wording each error as the command line would.
  public func server(describe: @escaping @Sendable (Error) -> String) -> ToolServer {
    ToolServer(
      name: "git-llm", version: GitLLMVersion.current,
      instructions: "git-llm: code review, technical debt, commit messages and fine-tuning status for git repositories.",
      tools: MCPToolSpecs.all, describe: describe
    ) { name, arguments, progress in
      try await call(name, arguments, progress: progress)
    }
  }

  func call(_ name: String, _ arguments: ToolArguments, progress: ToolProgress) async throws -> String {
    let folder = try folder(arguments.string("repository"))
    switch name {
    case MCPToolSpecs.review.name: return try await review(arguments, in: folder, progress: progress)
    case MCPToolSpecs.debt.name: return try await debt(arguments, in: folder, progress: progress)
    case MCPToolSpecs.commitMessage.name:
      let job = CommitMessageJob(directory: folder, overrides: overrides, verbose: verbose, quiet: quiet)
      guard let message = try await job.draft() else {
        throw CommandFailure(.incomplete, "no model answered; no commit message drafted (see git llm providers --check)")
      }
      return message
    case MCPToolSpecs.providers.name:
      let rows = try await ProviderJobs.rows(directory: folder, overrides: overrides, check: arguments.bool("check") ?? false, quiet: quiet)
      return ProviderJobs.json(rows)
    case MCPToolSpecs.finetuneStatus.name:
      let job = FinetuneRunsJob(directory: folder, color: .never, quiet: quiet)
      guard let run = arguments.string("run") else { return try job.listJSON() }
      return try job.statusJSON(run == "latest" ? nil : run)
    default:
      throw CommandFailure(.usage, "git-llm has no tool '\(name)'")
    }
  }

  func review(_ arguments: ToolArguments, in folder: String, progress: ToolProgress) async throws -> String {
    let range = arguments.string("range")
    let staged = arguments.bool("staged") ?? false
    if range != nil && staged { throw CommandFailure(.usage, "review takes a range or staged: true, not both; drop one") }
    let target: ReviewRequest.Target = staged ? .staged : range.map { .range($0) } ?? .worktree
    var job = ReviewJob(
      directory: folder, overrides: overrides,
      request: ReviewRequest(target: target, paths: arguments.strings("paths"), useCache: true, alias: arguments.string("model")),
      format: .json, failOn: nil, output: nil, writeLog: true, color: .never, verbose: verbose, quiet: quiet)
    job.statusLine = false
    job.progress = { done, total in
      progress.report(Double(done), total: Double(total), message: "reviewed \(done) of \(total) unit\(total == 1 ? "" : "s")")
    }
    return try await job.render(as: .json)
  }

  func debt(_ arguments: ToolArguments, in folder: String, progress: ToolProgress) async throws -> String {
    let since = arguments.string("since")
    if let since, case let .failure(failure) = SinceDate.cutoff(since) {
      throw CommandFailure(.usage, SinceDate.message(failure, label: "since", text: since))
    }
    var job = DebtJob(
      directory: folder, overrides: overrides, paths: arguments.strings("paths"), since: since, top: arguments.int("top"),
      format: .json, output: nil, useModel: !(arguments.bool("no_model") ?? false), alias: nil, jobs: 0, verbose: verbose,
      quiet: quiet, color: .never)
    job.progress = { step in
      switch step {
      case .reading(let commits): progress.report(Double(commits), message: "read \(commits) commits")
      case .asking(let commits, let hotspots):
        progress.report(Double(commits + 1), message: "asking the model about \(hotspots) hotspot\(hotspots == 1 ? "" : "s")")
      }
    }
    return DebtFormat.json.render(try await job.report())
  }

  /// The folder a call works in: its `repository` argument against the server's folder.
  func folder(_ repository: String?) throws -> String {
    guard let repository, !repository.isEmpty else { return directory }
    let path = repository.hasPrefix("/") ? repository : directory + "/" + repository
    var status = stat()
    guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
      throw CommandFailure(.usage, "repository \(repository): no such folder; pass a folder inside a git repository")
    }
    return path
  }
}
