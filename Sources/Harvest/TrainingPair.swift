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

  /// The estimated length in tokens: about 3 characters a token, the review packer's rule of thumb.
  public var estimatedTokens: Int { (system.count + user.count + assistant.count + 2) / 3 }

  /// The text dedup compares: the user's turn and the answer (the system prompt is shared).
  var content: String { user + "\n" + assistant }
}
