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
}
