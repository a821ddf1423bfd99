import Foundation
import HooksKit
import TestSupport
import Testing

/// Everything under a folder: relative path → bytes (or link target) and permission bits, for
/// "put back byte for byte" comparisons.
struct FolderSnapshot: Equatable, CustomStringConvertible {
  var entries: [String: String] = [:]

  init(_ root: String) {
    guard let walker = FileManager.default.enumerator(atPath: root) else { return }
    while let relative = walker.nextObject() as? String {
      let path = root + "/" + relative
      var info = stat()
      guard lstat(path, &info) == 0 else { continue }
      let mode = String(info.st_mode & 0o7777, radix: 8)
      switch info.st_mode & S_IFMT {
      case S_IFLNK: entries[relative] = "link -> \((try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?")"
      case S_IFDIR: entries[relative] = "dir \(mode)"
      default:
        let data = FileManager.default.contents(atPath: path) ?? Data()
        entries[relative] = "file \(mode) \(data.base64EncodedString())"
      }
    }
  }

  var description: String { entries.keys.sorted().map { "\($0): \(entries[$0] ?? "")" }.joined(separator: "\n") }
}

func mode(_ path: String) -> UInt16 {
  var info = stat()
  guard lstat(path, &info) == 0 else { return 0 }
  return UInt16(info.st_mode & 0o7777)
}

func exists(_ path: String) -> Bool {
  var info = stat()
  return lstat(path, &info) == 0
}

/// Writes an executable (or not) file at an absolute path, creating folders.
func writeFile(_ path: String, _ text: String, mode: UInt16 = 0o755) throws {
  try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
  try Data(text.utf8).write(to: URL(fileURLWithPath: path))
  chmod(path, mode_t(mode))
}

func read(_ path: String) -> String? { FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } }

/// A PATH without any real git-llm, plus an optional folder of fakes put first.
func searchPath(fakes: String? = nil) -> String {
  let system = "/usr/local/bin:/usr/bin:/bin"
  return fakes.map { $0 + ":" + system } ?? system
}

/// A fake `git-llm` that records its arguments and stdin, then exits with `status`.
func installFakeGitLLM(in folder: String, record: String, status: Int32 = 0) throws {
  try writeFile(folder + "/git-llm", "#!/bin/sh\necho \"$@\" > '\(record).args'\ncat > '\(record).stdin'\nexit \(status)\n")
}

extension GitFixture {
  func locations(_ directory: String? = nil) throws -> HookLocations { try HookLocations.discover(from: directory ?? path) }

  /// Runs git expecting it may fail; returns the outcome instead of throwing.
  func attempt(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws -> ProcessResult {
    let base: [String: String] = [
      "GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "ada@example.com", "GIT_COMMITTER_NAME": "Ada",
      "GIT_COMMITTER_EMAIL": "ada@example.com", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "LC_ALL": "C",
    ]
    return try run("/usr/bin/env", ["git"] + arguments, in: directory ?? path, environment: base.merging(environment) { $1 })
  }
}

func install(_ hooks: [HookName], _ locations: HookLocations, force: Bool = false, printOnly: Bool = false, direct: Bool = false) throws
  -> HooksReport
{
  try HooksInstaller.install(InstallOptions(hooks: hooks, force: force, printOnly: printOnly, ignoreManagers: direct), at: locations)
}

func uninstall(_ locations: HookLocations, force: Bool = false) throws -> HooksReport {
  try HooksUninstaller.uninstall(nil, force: force, at: locations)
}

/// The package root, found from this file's path (tests compare with files in the source tree).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
