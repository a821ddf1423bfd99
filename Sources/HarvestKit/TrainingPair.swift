import ConfigKit

/// One instruction pair: a system prompt, the user's turn and the answer to learn.
public struct TrainingPair: Sendable, Equatable {
  public var kind: DatasetKind
  public var system: String
  public var user: String
  public var assistant: String
  /// The commit the pair comes from (for `code`, the commit whose tree was read).
  public var commit: String
  /// The commit's committer time (seconds since 1970), which orders the time split.
  public var time: Int64

  public init(kind: DatasetKind, system: String, user: String, assistant: String, commit: String, time: Int64) {
    self.kind = kind
    self.system = system
    self.user = user
    self.assistant = assistant
    self.commit = commit
    self.time = time
  }

  /// The estimated length in tokens: about 3 bytes of UTF-8 a token, the review packer's rule of
  /// thumb for code (mostly ASCII), which also counts a CJK character, three bytes, as a token.
  public var estimatedTokens: Int { (system.utf8.count + user.utf8.count + assistant.utf8.count + 2) / 3 }

  /// What dedup compares: the user's turn and the answer (the system prompt is shared).
  var fingerprint: Fingerprint { Fingerprint(user, assistant) }
}
