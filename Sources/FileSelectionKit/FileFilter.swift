import GitKit

/// Decides which changed files a reviewer should see, and says why the others were skipped:
/// what a human reviewer would skip too (binaries, lock files, vendored and generated code,
/// minified files, pure deletions), plus the project's own `review.exclude` globs.
public struct FileFilter: Sendable {
  public let excludes: [Glob]

  public init(excludes: [String]) { self.excludes = excludes.map(Glob.init) }

  static let lockFiles: Set<String> = [
    "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb", "Cargo.lock", "Gemfile.lock",
    "poetry.lock", "Pipfile.lock", "uv.lock", "composer.lock", "Package.resolved", "go.sum", "flake.lock", "mix.lock",
    "pubspec.lock", "Podfile.lock", "packages.lock.json", "gradle.lockfile",
  ]
  static let vendorFolders: Set<Substring> = [
    "vendor", "third_party", "third-party", "node_modules", "Pods", "Carthage", "external", ".yarn",
  ]
  static let generatedSuffixes = [".pb.go", ".pb.swift", "_pb2.py", ".generated.swift", ".g.dart", ".designer.cs", "_generated.go"]

  /// Why `file` is skipped, or nil to review it. `attribute` looks up gitattributes.
  public func skipReason(_ file: FileChange, attribute: (String, String) -> AttributeValue) -> SkipReason? {
    let path = file.path.text
    let components = path.split(separator: "/")
    let name = components.last.map(String.init) ?? path
    if let glob = excludes.first(where: { $0.matches(path) }) { return .excluded(pattern: glob.pattern) }
    if file.isSubmodule { return .submodule }
    if file.isBinary { return attribute("diff", path) == .unset ? .notDiffed : .binary }
    if file.status == .deleted || file.additions == 0 {
      if file.status == .renamed && file.hunks.isEmpty { return .renamedWithoutChanges }
      return file.status == .modeChanged ? .modeChangeOnly : .deletionOnly
    }
    if Self.lockFiles.contains(name) || name.hasSuffix(".lock") { return .lockFile }
    if components.dropLast().contains(where: Self.vendorFolders.contains) { return .vendored }
    if attribute("linguist-generated", path).isTrue { return .generatedByAttribute }
    if attribute("linguist-vendored", path).isTrue { return .vendoredByAttribute }
    if Self.generatedSuffixes.contains(where: name.hasSuffix) { return .generated }
    if name.split(separator: ".", omittingEmptySubsequences: false).dropFirst().dropLast().contains("min") || isMinified(file) {
      return .minified
    }
    return nil
  }

  /// Why a file of a tree (not a change) is skipped: judged as if a commit had added it, so the
  /// same rules (binary, lock, vendored, generated, minified) apply, with its first lines
  /// standing in for the hunk.
  public func skipReason(treeFile file: TreeFile, bytes: [UInt8], attribute: (String, String) -> AttributeValue) -> SkipReason? {
    let isBinary = bytes.prefix(8000).contains(0)
    let lines = bytes.prefix(64 * 1024).split(separator: 0x0A, omittingEmptySubsequences: false).prefix(5)
    let hunkLines = lines.enumerated().map { index, line in
      DiffLine(kind: .added, oldLine: nil, newLine: index + 1, content: GitBytes(Array(line)))
    }
    let hunk = Hunk(oldStart: 0, oldCount: 0, newStart: 1, newCount: hunkLines.count, header: "", lines: hunkLines)
    let added = FileChange(
      status: .added, oldPath: file.path, newPath: file.path, oldMode: .absent, newMode: file.mode,
      oldID: .zero, newID: file.id, isBinary: isBinary, hunks: isBinary ? [] : [hunk])
    return skipReason(added, attribute: attribute)
  }

  /// Very long added lines on average: a bundler's output, not something to review line by line.
  private func isMinified(_ file: FileChange) -> Bool {
    let added = file.hunks.flatMap(\.lines).filter { $0.kind == .added }
    guard !added.isEmpty else { return false }
    let total = added.reduce(0) { $0 + $1.content.bytes.count }
    return total / added.count > 500 && added.count <= 5
  }
}
