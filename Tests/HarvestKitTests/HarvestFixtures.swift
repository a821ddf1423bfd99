import ConfigKit
import Foundation
import GitKit
import HarvestKit
import TestSupport

/// A fixture repository whose commits get increasing, fixed dates (one hour apart), so the time
/// split and the records are the same on every run.
final class DatedFixture {
  let fixture: GitFixture
  private var hour = 0

  init(bare: Bool = false) throws { fixture = try GitFixture(bare: bare) }

  var path: String { fixture.path }

  @discardableResult
  func commit(_ message: String, files: [String: String] = [:], author: String? = nil) throws -> String {
    for (name, content) in files { try fixture.write(name, content) }
    hour += 1
    var environment = ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date]
    if let author {
      environment["GIT_AUTHOR_NAME"] = author
      environment["GIT_AUTHOR_EMAIL"] = author + "@users.noreply.github.com"
    }
    return try fixture.commitAll(message, environment: environment)
  }

  /// Seconds since 1970 for the current hour step, as git's `@<seconds> +0000` form.
  private var date: String { "@\(1_704_067_200 + hour * 3600) +0000" }

  func harvest(_ configure: (inout HarvestOptions) -> Void = { _ in }) throws -> (HarvestReport, String) {
    let out = fixture.scratch("dataset")
    var options = HarvestOptions(outputDirectory: out, valRatio: 0, testRatio: 0)
    configure(&options)
    let report = try Harvester(options: options).run(repository: try Repository(discoveringFrom: path))
    return (report, options.outputDirectory)
  }
}

/// The JSON objects of a JSONL file.
func records(_ path: String) throws -> [[String: Any]] {
  let text = try String(contentsOfFile: path, encoding: .utf8)
  return try text.split(separator: "\n").map { line in
    try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
  }
}

func lines(_ path: String) -> [String] {
  ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
}
