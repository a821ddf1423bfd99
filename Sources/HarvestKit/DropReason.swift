import FileSelectionKit

/// Why a commit, a file or a pair was left out of the dataset; every one is counted in the datasheet.
public enum DropReason: String, Sendable, CaseIterable, Codable, Comparable {
  // Commits.
  case merge
  case bot
  case revert
  case empty
  /// The edge of a shallow clone: the parent is missing, so there is no diff to learn from.
  case historyCut = "history_cut"
  /// "wip", "update", "fix typo", "minor", a one-word subject.
  case trivialMessage = "trivial_message"
  /// The message is too short or too long to be an instruction.
  case messageLength = "message_length"
  case tooManyFiles = "too_many_files"
  case tooManyLines = "too_many_lines"
  /// Every file the commit touched was skipped (binary, lock, vendored, generated, …).
  case noUsableFiles = "no_usable_files"
  case beforeSince = "before_since"
  // Files (the review's rules, plus content checks).
  case binary
  case lockFile = "lock_file"
  case vendored
  case generated
  case minified
  case excluded
  case deletionOnly = "deletion_only"
  case submodule
  case nonUTF8 = "non_utf8"
  case longLines = "long_lines"
  // Pairs.
  case tokenCap = "token_cap"
  case secret
  case exactDuplicate = "exact_duplicate"
  case nearDuplicate = "near_duplicate"
  case maxPairs = "max_pairs"
  // Fix commits that make no `review` pair (a fix that teaches no defect).
  /// Every file the fix changed is prose, data, configuration or a dependency manifest.
  case reviewNotCode = "review_not_code"
  /// The subject says typo, spelling or grammar (and names no defect).
  case reviewTypo = "review_typo"
  /// A dependency, requirements or version bump, a formatting pass, a chore, a merge.
  case reviewMaintenance = "review_maintenance"
  /// Only whitespace changed.
  case reviewWhitespaceOnly = "review_whitespace_only"
  /// Only comments (and whitespace) changed.
  case reviewCommentsOnly = "review_comments_only"

  public static func < (lhs: DropReason, rhs: DropReason) -> Bool { lhs.rawValue < rhs.rawValue }

  /// The datasheet reason a review skip is counted under. The review tells more cases apart
  /// than the datasheet counts (its words are for a reader, these names are a stable schema).
  init(_ skip: SkipReason) {
    switch skip {
    case .excluded: self = .excluded
    case .submodule: self = .submodule
    case .binary, .notDiffed: self = .binary
    case .lockFile: self = .lockFile
    case .vendored, .vendoredByAttribute: self = .vendored
    case .generated, .generatedByAttribute: self = .generated
    case .minified: self = .minified
    case .deletionOnly, .renamedWithoutChanges, .modeChangeOnly: self = .deletionOnly
    }
  }
}

/// Counts of dropped things by reason.
public struct DropCounts: Sendable, Equatable {
  public private(set) var counts: [DropReason: Int] = [:]

  public init() {}

  public subscript(reason: DropReason) -> Int { counts[reason] ?? 0 }

  public mutating func add(_ reason: DropReason, _ count: Int = 1) { counts[reason, default: 0] += count }

  public mutating func merge(_ other: DropCounts) {
    for (reason, count) in other.counts { add(reason, count) }
  }

  public var total: Int { counts.values.reduce(0, +) }
}
