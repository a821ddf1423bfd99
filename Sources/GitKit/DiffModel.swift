/// A set of file changes between two sides (two commits, HEAD and the index, the index and the
/// work tree), in the order git prints them.
public struct Diff: Sendable {
  public var files: [FileChange]

  public init(files: [FileChange]) { self.files = files }

  public var additions: Int { files.reduce(0) { $0 + $1.additions } }
  public var deletions: Int { files.reduce(0) { $0 + $1.deletions } }
}

/// How one path changed.
public struct FileChange: Sendable {
  /// What happened to the path, in git's terms.
  public enum Status: String, Sendable, CaseIterable {
    case added, modified, deleted, renamed, copied
    /// A regular file became a symlink or a submodule, or the reverse.
    case typeChanged = "type-changed"
    /// Same content, different mode (for example the executable bit).
    case modeChanged = "mode-changed"
  }

  public var status: Status
  /// The path on the old side (equal to `newPath` unless renamed or copied).
  public var oldPath: GitBytes
  /// The path on the new side.
  public var newPath: GitBytes
  public var oldMode: FileMode
  public var newMode: FileMode
  /// Blob ids; `ObjectID.zero` for a side that does not exist (or is not hashed yet in a work tree).
  public var oldID: ObjectID
  public var newID: ObjectID
  /// Percentage similarity for renames and copies.
  public var similarity: Int?
  /// Whether git treats the content as binary (NUL bytes, or a `-diff` attribute).
  public var isBinary: Bool
  public var hunks: [Hunk]
  /// For a type change: the deletion of the old entry and the addition of the new one, which
  /// is how git prints it. Empty otherwise.
  public var typeChangeParts: [FileChange]
  /// `oldID` and `newID` as git abbreviates them in the `index` line (set by `Repository.diff`:
  /// the length depends on the repository); nil means 7 digits.
  public var oldShortID: String?
  public var newShortID: String?

  public init(
    status: Status, oldPath: GitBytes, newPath: GitBytes, oldMode: FileMode, newMode: FileMode,
    oldID: ObjectID, newID: ObjectID, similarity: Int? = nil, isBinary: Bool = false,
    hunks: [Hunk] = [], typeChangeParts: [FileChange] = []
  ) {
    self.status = status
    self.oldPath = oldPath
    self.newPath = newPath
    self.oldMode = oldMode
    self.newMode = newMode
    self.oldID = oldID
    self.newID = newID
    self.similarity = similarity
    self.isBinary = isBinary
    self.hunks = hunks
    self.typeChangeParts = typeChangeParts
  }

  /// The path to show: the new path, or the old one for a deletion.
  public var path: GitBytes { status == .deleted ? oldPath : newPath }

  public var additions: Int { hunks.reduce(0) { $0 + $1.lines.count { $0.kind == .added } } }
  public var deletions: Int { hunks.reduce(0) { $0 + $1.lines.count { $0.kind == .removed } } }

  /// True when either side is a submodule (a gitlink entry).
  public var isSubmodule: Bool { oldMode == .submodule || newMode == .submodule }
  /// True when either side is a symbolic link.
  public var isSymlink: Bool { oldMode == .symlink || newMode == .symlink }
}

/// A git tree-entry mode.
public struct FileMode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  public let rawValue: UInt32
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  public static let absent = FileMode(rawValue: 0)
  public static let regular = FileMode(rawValue: 0o100644)
  public static let executable = FileMode(rawValue: 0o100755)
  public static let symlink = FileMode(rawValue: 0o120000)
  public static let submodule = FileMode(rawValue: 0o160000)
  public static let tree = FileMode(rawValue: 0o040000)

  /// Six octal digits, as git prints modes ("100644").
  public var octal: String {
    let digits = String(rawValue, radix: 8)
    return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
  }

  /// What kind of entry the mode says this is.
  public var kind: String {
    switch self {
    case .absent: return "none"
    case .regular: return "file"
    case .executable: return "executable"
    case .symlink: return "symlink"
    case .submodule: return "submodule"
    case .tree: return "tree"
    default: return "file"
    }
  }

  public var description: String { octal }
}

/// A run of changed lines with their surrounding context.
public struct Hunk: Sendable {
  public var oldStart: Int
  public var oldCount: Int
  public var newStart: Int
  public var newCount: Int
  /// The `@@ -a,b +c,d @@ context` line as git prints it, without the newline.
  public var header: GitBytes
  public var lines: [DiffLine]

  public init(oldStart: Int, oldCount: Int, newStart: Int, newCount: Int, header: GitBytes, lines: [DiffLine]) {
    self.oldStart = oldStart
    self.oldCount = oldCount
    self.newStart = newStart
    self.newCount = newCount
    self.header = header
    self.lines = lines
  }
}

/// One line of a hunk.
public struct DiffLine: Sendable {
  public enum Kind: String, Sendable { case context, added, removed }

  public var kind: Kind
  /// 1-based line number on the old side; nil for an added line.
  public var oldLine: Int?
  /// 1-based line number on the new side; nil for a removed line.
  public var newLine: Int?
  /// The line's bytes without its line feed (a CR of a CRLF line stays).
  public var content: GitBytes
  /// True for the last line of a file that does not end with a line feed.
  public var missingNewline: Bool

  public init(kind: Kind, oldLine: Int?, newLine: Int?, content: GitBytes, missingNewline: Bool = false) {
    self.kind = kind
    self.oldLine = oldLine
    self.newLine = newLine
    self.content = content
    self.missingNewline = missingNewline
  }
}
