import ConfigKit
import Foundation
import GitKit
import OutputKit
import ReviewKit

/// `git llm logs` and `git llm review --last`: the recorded runs under `.git/llm/runs`.
public enum LogJobs {
  public static func list(directory: String, limit: Int, json: Bool) throws {
    let repository = try Repository(discoveringFrom: directory)
    let runs = RunLog(gitDirectory: repository.commonDirectory).runs().prefix(limit)
    let out = OutputStream()
    if json {
      out.write(
        JSON.array(
          runs.map { run in
            .object([
              ("file", .string(run.path)), ("started_at", .string(run.report.startedAt)), ("target", .string(run.report.target)),
              ("findings", .int(run.report.findings.count)), ("complete", .bool(run.report.isComplete)),
              ("builtin_only", .bool(run.report.builtinOnly)), ("duration_ms", .int(run.report.milliseconds)),
              ("models", .array(Set(run.report.units.compactMap { $0.alias }).sorted().map(JSON.string))),
            ])
          }
        ).serialized())
      out.write("\n")
    } else if runs.isEmpty {
      out.write("no reviews recorded in \(repository.commonDirectory)/llm/runs\n")
    } else {
      for run in runs {
        let report = run.report
        let models = Set(report.units.compactMap { $0.alias }).sorted().joined(separator: ", ")
        let state = report.isComplete ? "complete" : "INCOMPLETE"
        out.write(
          "\(report.startedAt)  \(report.target)  \(report.findings.count) finding\(report.findings.count == 1 ? "" : "s")  \(state)  \(report.units.count) units  \(models.isEmpty ? "-" : models)  \(report.milliseconds) ms\n"
        )
      }
    }
    out.flush()
  }

  /// Renders the newest recorded review again.
  public static func showLast(directory: String, format: ReportFormat, color: ColorChoice, failOn: ConfigKitSeverity?) throws {
    let repository = try Repository(discoveringFrom: directory)
    guard let run = RunLog(gitDirectory: repository.commonDirectory).runs().first else {
      throw CommandFailure(.usage, "no review recorded yet in \(repository.commonDirectory)/llm/runs; run git llm review first")
    }
    let out = OutputStream()
    out.write(
      ReportRenderer.render(
        run.report, format: format,
        options: RenderOptions(
          color: format == .text && Terminal(choice: color).colorsStdout, toolVersion: GitLLMVersion.current, failOn: failOn)))
    out.flush()
  }
}

public typealias ConfigKitSeverity = ConfigKit.Severity
