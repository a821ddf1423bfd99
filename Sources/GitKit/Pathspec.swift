internal import CGit2
import Foundation

/// Pathspecs as typed on the command line, read the way git reads them.
extension Repository {
  /// Rewrites pathspecs typed in `directory` so they are relative to the top of the work tree, as
  /// git reads `git diff -- file` in a subfolder. `:/path` is already relative to the top. An empty
  /// answer means every file (a `.` at the top, say).
  ///
  /// Throws `.pathspec` for one that leaves the work tree (`/etc/passwd`, `../x` at the top).
  public func topRelativePathspecs(_ specs: [String], from directory: String) throws(GitError) -> [String] {
    guard !specs.isEmpty, let top = workTreeRoot else { return specs }
    let roots = [Self.components(Self.realPath(top) ?? top), Self.components(top)]
    let here = Self.components(Self.realPath(directory) ?? directory)
    let prefix = roots.first { here.starts(with: $0) }.map { Array(here.dropFirst($0.count)) } ?? []
    var resolved: [String] = []
    var everything = false
    for spec in specs {
      let parts: [String]?
      if spec.hasPrefix(":/") {
        parts = Self.normalized(Self.components(String(spec.dropFirst(2))))
      } else if spec.hasPrefix("/") {
        // Lexically first, as git does; then through symlinks (a root reached through one).
        let readings = [Self.normalized(Self.components(spec)), Self.realPath(spec).map(Self.components)].compactMap { $0 }
        parts =
          readings.lazy.compactMap { reading in
            roots.first { reading.starts(with: $0) }.map { Array(reading.dropFirst($0.count)) }
          }.first
      } else {
        parts = Self.normalized(prefix + Self.components(spec))
      }
      guard let parts else {
        throw .pathspec(spec: spec, reason: "is outside the repository at \(top); pass a path inside it")
      }
      if parts.isEmpty { everything = true }
      resolved.append(parts.joined(separator: "/"))
    }
    return everything ? [] : resolved
  }

  /// `topRelativePathspecs`, then each must match a file on one of `sides`: a typo is an error
  /// rather than an empty result. `place` ends the message ("known to git", "in HEAD").
  public func resolvePathspecs(
    _ specs: [String], from directory: String, matchingOn sides: [PathspecSide], literal: Bool = false, place: String
  ) throws(GitError) -> [String] {
    let resolved = try topRelativePathspecs(specs, from: directory)
    guard let unmatched = try firstUnmatchedPathspec(resolved, on: sides, literal: literal) else { return resolved }
    let typed = resolved.firstIndex(of: unmatched).flatMap { specs.indices.contains($0) ? specs[$0] : nil } ?? unmatched
    throw .pathspec(spec: typed, reason: "did not match any file \(place); check the path (relative to where the command runs)")
  }

  /// The trees and index a diff of `selection` reads, where its pathspecs should match.
  public func pathspecSides(of selection: DiffSelection) throws(GitError) -> [PathspecSide] {
    switch selection {
    case .commits(let base, let head):
      return [base.map(PathspecSide.commit), .commit(head)].compactMap { $0 }
    case .tree(let base, let tree):
      return [base.map(PathspecSide.commit), .tree(tree)].compactMap { $0 }
    case .staged, .worktree:
      // The diff itself says a bare repository has no index or work tree.
      if isBare { return [] }
      return [.index] + (try headCommit().map { [PathspecSide.commit($0)] } ?? [])
    }
  }

  /// Where a pathspec may match: a commit's tree, a tree, or the index.
  public enum PathspecSide: Sendable, Equatable {
    case commit(ObjectID)
    case tree(ObjectID)
    case index
  }

  /// The first of `specs` (top-relative) that matches no file on any of `sides`, or nil.
  /// `literal` reads them as plain paths (a folder matches what is under it), not globs.
  public func firstUnmatchedPathspec(_ specs: [String], on sides: [PathspecSide], literal: Bool = false) throws(GitError) -> String? {
    guard !specs.isEmpty, !sides.isEmpty else { return nil }
    let pathspec = try CStringArray(specs).withStrArray { strings throws(GitError) in
      var copy = strings
      return try OwnedPathspec.make("git_pathspec_new") { git_pathspec_new(&$0, &copy) }
    }
    var flags = GIT_PATHSPEC_FIND_FAILURES.rawValue
    if literal { flags |= GIT_PATHSPEC_NO_GLOB.rawValue }
    var unmatched = Set(specs)
    for side in sides where !unmatched.isEmpty {
      unmatched.formIntersection(try failures(of: pathspec, on: side, flags: flags))
    }
    return specs.first { unmatched.contains($0) }
  }

  private func failures(of pathspec: OwnedPathspec, on side: PathspecSide, flags: UInt32) throws(GitError) -> Set<String> {
    let list: OwnedPathspecMatches = try pathspec.use { pathspec throws(GitError) in
      switch side {
      case .commit(let id):
        return try tree(ofCommit: id).use { tree throws(GitError) in
          try OwnedPathspecMatches.make("git_pathspec_match_tree") { git_pathspec_match_tree(&$0, tree, flags, pathspec) }
        }
      case .tree(let id):
        return try tree(id).use { tree throws(GitError) in
          try OwnedPathspecMatches.make("git_pathspec_match_tree") { git_pathspec_match_tree(&$0, tree, flags, pathspec) }
        }
      case .index:
        return try OwnedIndex.make("git_repository_index") { git_repository_index(&$0, pointer) }.use { index throws(GitError) in
          try OwnedPathspecMatches.make("git_pathspec_match_index") { git_pathspec_match_index(&$0, index, flags, pathspec) }
        }
      }
    }
    return list.use { list in
      var failed: Set<String> = []
      for position in 0..<git_pathspec_match_list_failed_entrycount(list) {
        if let entry = git_pathspec_match_list_failed_entry(list, position) { failed.insert(String(cString: entry)) }
      }
      return failed
    }
  }

  private static func components(_ path: String) -> [String] {
    path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
  }

  /// `.` and `..` folded away lexically, as git does; nil when `..` climbs above the start.
  private static func normalized(_ parts: [String]) -> [String]? {
    var result: [String] = []
    for part in parts where part != "." {
      if part == ".." {
        guard !result.isEmpty else { return nil }
        result.removeLast()
      } else {
        result.append(part)
      }
    }
    return result
  }

  private static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }
}
