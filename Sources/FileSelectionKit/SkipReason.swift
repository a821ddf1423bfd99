/// Why a file is left out of a review (and so of a dataset or a debt ranking): what a human
/// reviewer would skip too, or the project's own `review.exclude`.
///
/// Callers switch over the cases (a harvest counts each under its datasheet reason); `text` is
/// the wording reports print and `coverage.skipped[].reason` carries in `--format json`
/// (docs/json.md), so each case's text is part of that contract and never changes.
public enum SkipReason: Sendable, Hashable, CustomStringConvertible {
  /// Matched a `review.exclude` glob; `pattern` is the glob as configured.
  case excluded(pattern: String)
  case submodule
  case binary
  /// Text that `.gitattributes` marks `-diff`: git shows it as binary, and so does the review.
  case notDiffed
  case renamedWithoutChanges
  case modeChangeOnly
  /// A deleted file, or a change that adds no line.
  case deletionOnly
  case lockFile
  /// Under a vendor folder (`vendor/`, `node_modules/`, `third_party/`, …).
  case vendored
  /// Marked `linguist-vendored` in `.gitattributes`.
  case vendoredByAttribute
  /// Marked `linguist-generated` in `.gitattributes`.
  case generatedByAttribute
  /// A generated file by its name (`.pb.go`, `_pb2.py`, `.g.dart`, …).
  case generated
  case minified

  public var text: String {
    switch self {
    case .excluded(let pattern): return "excluded by review.exclude (\(pattern))"
    case .submodule: return "submodule"
    case .binary: return "binary"
    case .notDiffed: return "not diffed (-diff attribute)"
    case .renamedWithoutChanges: return "renamed without changes"
    case .modeChangeOnly: return "mode change only"
    case .deletionOnly: return "deletion only"
    case .lockFile: return "lock file"
    case .vendored: return "vendored"
    case .vendoredByAttribute: return "vendored (linguist-vendored)"
    case .generatedByAttribute: return "generated (linguist-generated)"
    case .generated: return "generated"
    case .minified: return "minified"
    }
  }

  public var description: String { text }
}
