/// One deploy of a run's adapter, as run.json records it.
public struct Deployment: Codable, Equatable, Sendable {
  /// `ollama` or `llamacpp`.
  public var target: String
  /// The model's name where it was deployed (Ollama's model; llama-server's `--alias`).
  public var name: String
  /// The server it went to (Ollama's URL); null for llama.cpp, which git-llm does not start.
  public var url: String?
  /// The base the adapter was put on (an Ollama model), or null when the adapter was merged in.
  public var base: String?
  public var merged: Bool
  /// The GGUF files written into the run folder, relative to it.
  public var files: [String]
  public var at: String

  public init(target: String, name: String, url: String?, base: String?, merged: Bool, files: [String], at: String) {
    self.target = target
    self.name = name
    self.url = url
    self.base = base
    self.merged = merged
    self.files = files
    self.at = at
  }

  enum CodingKeys: String, CodingKey {
    case target, name, url, base, merged, files, at
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(target, forKey: .target)
    try container.encode(name, forKey: .name)
    try container.encode(url, forKey: .url)
    try container.encode(base, forKey: .base)
    try container.encode(merged, forKey: .merged)
    try container.encode(files, forKey: .files)
    try container.encode(at, forKey: .at)
  }
}
