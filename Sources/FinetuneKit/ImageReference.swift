/// The training image a run used: its name, the engine's id for it, and the content hash of the
/// files it was built from (nil for an image the configuration names, which git-llm does not build).
public struct ImageReference: Codable, Equatable, Sendable {
  public var name: String
  public var id: String?
  public var contentHash: String?

  public init(name: String, id: String?, contentHash: String?) {
    self.name = name
    self.id = id
    self.contentHash = contentHash
  }

  enum CodingKeys: String, CodingKey {
    case name, id, contentHash = "content_hash"
  }

  /// Every key is written, absent values as null, so readers see one stable shape.
  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(name, forKey: .name)
    try container.encode(id, forKey: .id)
    try container.encode(contentHash, forKey: .contentHash)
  }
}
