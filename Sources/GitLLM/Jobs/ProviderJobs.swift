import ConfigKit
import Foundation
import OutputKit
import ProvidersKit
import RoutingKit

/// The work behind `git llm providers` and `git llm ask`.
public enum ProviderJobs {
  /// Lists each configured provider: where it is, local or remote, which tasks route to it and,
  /// with `check`, whether it answers, how fast, and its models.
  public static func list(directory: String, overrides: [String], check: Bool, format: ListFormat, quiet: Bool) async throws {
    let rows = try await rows(directory: directory, overrides: overrides, check: check, quiet: quiet)
    let out = OutputStream()
    switch format {
    case .json:
      out.write(json(rows) + "\n")
    case .text:
      for row in rows { out.write(row.text(check: check)) }
    }
    out.flush()
  }

  /// The rows as `git llm providers --format json` prints them (a JSON array).
  static func json(_ rows: [ProviderRow]) -> String { String(decoding: JSON.array(rows.map(\.json)).serialized(), as: UTF8.self) }

  /// One row a configured provider, contacted only with `check` (and a remote one only when
  /// privacy.allow_remote allows).
  static func rows(directory: String, overrides: [String], check: Bool, quiet: Bool) async throws -> [ProviderRow] {
    let app = try Composition.load(directory: directory, overrides: overrides, quiet: quiet)
    app.reportWarnings()
    let (config, providers) = (app.config, app.providers)
    var rows: [ProviderRow] = []
    for name in config.providers.keys.sorted() {
      guard let settings = config.providers[name], let provider = providers[name] else { continue }
      var row = ProviderRow(
        name: name, type: settings.type.rawValue, endpoint: settings.type == .builtin ? "built in" : settings.baseURL,
        isRemote: settings.isRemote, tasks: tasks(routingTo: name, config: config))
      if check {
        if settings.isRemote && !config.privacy.allowRemote {
          row.status = "not contacted (privacy.allow_remote is false)"
        } else {
          let health = await provider.health()
          row.reachable = health.reachable
          row.latencyMilliseconds = Int(
            health.latency.components.seconds * 1000 + health.latency.components.attoseconds / 1_000_000_000_000_000)
          row.status = health.detail
          if health.reachable { row.models = (try? await provider.models().map(\.name)) ?? [] }
        }
      }
      rows.append(row)
    }
    return rows
  }

  /// Tasks whose chain names an alias of this provider, in routing order.
  static func tasks(routingTo provider: String, config: Config) -> [String] {
    config.routing.keys.sorted().filter { task in
      config.chain(for: task).contains { config.models[$0]?.provider == provider }
    }
  }

  public enum ListFormat: String, Sendable, CaseIterable { case text, json }

  struct ProviderRow {
    let name: String
    let type: String
    let endpoint: String
    let isRemote: Bool
    let tasks: [String]
    var reachable: Bool?
    var latencyMilliseconds: Int?
    var status: String?
    var models: [String] = []

    func text(check: Bool) -> String {
      var line =
        "\(name)\t\(type)\t\(endpoint)\t\(isRemote ? "remote" : "local")\ttasks: \(tasks.isEmpty ? "none" : tasks.joined(separator: ", "))"
      if check {
        let state = reachable.map { $0 ? "answers in \(latencyMilliseconds ?? 0) ms" : "does not answer" } ?? "not checked"
        line += "\t\(state)\(status.map { " (\($0))" } ?? "")"
        if !models.isEmpty { line += "\tmodels: \(models.prefix(8).joined(separator: ", "))\(models.count > 8 ? ", …" : "")" }
      }
      return line + "\n"
    }

    var json: JSON {
      .object([
        ("name", .string(name)), ("type", .string(type)), ("endpoint", .string(endpoint)), ("remote", .bool(isRemote)),
        ("tasks", .array(tasks.map(JSON.string))), ("reachable", reachable.map(JSON.bool) ?? .null),
        ("latency_ms", latencyMilliseconds.map(JSON.int) ?? .null), ("status", status.map(JSON.string) ?? .null),
        ("models", .array(models.map(JSON.string))),
      ])
    }
  }
}
