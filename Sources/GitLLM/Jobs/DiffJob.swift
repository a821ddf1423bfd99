import GitKit

/// Reads a diff and prints it: the work behind `git llm diff`.
public struct DiffJob {
  public enum Selection: Sendable, Equatable {
    case range(String), staged, worktree
  }

  public var directory: String
  public var selection: Selection
  public var format: DiffFormat
  public var options: DiffOptions
  public var color: Bool

  public func run() throws {
    let repository = try Repository(discoveringFrom: directory)
    let source: DiffOutput.Source
    let diffSelection: DiffSelection
    switch selection {
    case .range(let spec):
      let range = try repository.resolveRange(spec)
      diffSelection = .commits(base: range.diffBase, head: range.diffHead)
      source = .init(kind: "commits", spec: spec, base: range.diffBase, head: range.diffHead)
    case .staged:
      diffSelection = .staged
      source = .init(kind: "staged", spec: nil, base: try repository.headCommit(), head: nil)
    case .worktree:
      diffSelection = .worktree
      source = .init(kind: "worktree", spec: nil, base: nil, head: nil)
    }
    var options = options
    options.paths = try repository.resolvePathspecs(
      options.paths, from: directory, matchingOn: try repository.pathspecSides(of: diffSelection), place: Self.place(selection))
    let diff = try repository.diff(diffSelection, options: options)
    let out = OutputStream()
    DiffOutput.write(diff, format: format, source: source, color: color, to: out)
    out.flush()
  }

  /// Where a pathspec was looked for, for the error when it matches nothing.
  static func place(_ selection: Selection) -> String {
    if case .range(let spec) = selection { return "in \(spec)" }
    return "known to git"
  }
}
