/// One secret found in a text.
///
/// Deliberately has no property holding the secret itself, and no `description` that could print
/// it: callers that need the value slice the original text with `range`, on purpose.
public struct SecretMatch: Sendable, Equatable {
  /// Which rule found it.
  public let kind: SecretKind
  /// Where it is in the original text.
  public let range: Range<String.Index>
  /// What replaces it in the scrubbed text, `<redacted:KIND#N>`.
  public let placeholder: String

  public init(kind: SecretKind, range: Range<String.Index>, placeholder: String) {
    self.kind = kind
    self.range = range
    self.placeholder = placeholder
  }
}

/// A scrubbed text and what was taken out of it.
public struct ScrubResult: Sendable, Equatable {
  /// The text with every secret replaced by its placeholder.
  public let text: String
  /// The secrets, in order of position in the original text.
  public let matches: [SecretMatch]

  public init(text: String, matches: [SecretMatch]) {
    self.text = text
    self.matches = matches
  }
}
