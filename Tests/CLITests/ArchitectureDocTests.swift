import Foundation
import TestSupport
import Testing

/// docs/architecture.md's module graph is what Package.swift declares, and each module lives in
/// the folder named after it.
@Suite("docs/architecture.md matches Package.swift")
struct ArchitectureDocTests {
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  @Test func theModuleGraphIsPackageSwifts() throws {
    let declared = try Self.declaredModules()
    let documented = try Self.documentedModules()
    #expect(documented == declared, "docs/architecture.md's table differs from Package.swift")
    for name in declared.keys.sorted() {
      var isFolder: ObjCBool = false
      let folder = Self.packageRoot + "/Sources/" + name
      #expect(FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue, "no folder Sources/\(name)")
    }
  }

  /// Every non-test module and its dependencies (targets and products by name), from
  /// `swift package dump-package`. A scratch folder of its own keeps it off the running build's lock.
  static func declaredModules() throws -> [String: Set<String>] {
    let scratch = try makeTemporaryFolder()
    let swift = ProcessInfo.processInfo.environment["SWIFT"].map { $0.isEmpty ? "swift" : $0 } ?? "swift"
    let dump = try TestSupport.run("/usr/bin/env", [swift, "package", "--scratch-path", scratch, "dump-package"], in: packageRoot)
    try #require(dump.status == 0, "dump-package failed: \(dump.stderr)")
    let package = try #require(try JSONSerialization.jsonObject(with: dump.stdout) as? [String: Any])
    var modules: [String: Set<String>] = [:]
    for target in package["targets"] as? [[String: Any]] ?? [] {
      guard let name = target["name"] as? String, target["type"] as? String != "test",
        (target["path"] as? String)?.hasPrefix("Sources/") ?? true
      else { continue }
      var dependencies: Set<String> = []
      for dependency in target["dependencies"] as? [[String: Any]] ?? [] {
        for kind in ["byName", "target", "product"] {
          if let first = (dependency[kind] as? [Any])?.first as? String { dependencies.insert(first) }
        }
      }
      modules[name] = dependencies
    }
    return modules
  }

  /// The rows of the "Module graph" table: module name, then its comma-separated dependencies.
  static func documentedModules() throws -> [String: Set<String>] {
    let text = try String(contentsOfFile: packageRoot + "/docs/architecture.md", encoding: .utf8)
    let section = try #require(text.components(separatedBy: "## Module graph").dropFirst().first?.components(separatedBy: "\n## ").first)
    var modules: [String: Set<String>] = [:]
    for line in section.split(separator: "\n") where line.hasPrefix("| `") {
      let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
      guard cells.count >= 4 else { continue }
      let name = cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
      let dependencies = cells[2].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
      modules[name] = Set(dependencies)
    }
    return modules
  }
}
