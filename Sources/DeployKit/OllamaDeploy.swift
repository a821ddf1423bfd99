import Foundation

/// A fine-tuned model created on an Ollama server from GGUF files: the blobs uploaded (skipped
/// when the server has them), `/api/create` followed to "success", then one question asked
/// through `/api/chat` to prove the model answers.
public struct OllamaDeploy: Sendable {
  /// What the model is made from: an Ollama model plus the adapter, or one merged GGUF file.
  public enum Source: Sendable, Equatable {
    /// `from` an Ollama model (the exact base the adapter was trained on) with the adapter GGUF.
    case adapter(base: String, adapterFile: String)
    /// A whole model GGUF (the base with the adapter merged in).
    case merged(modelFile: String)
  }

  public struct Result: Sendable, Equatable {
    public var model: String
    public var serverVersion: String
    /// File name → `sha256:…` digest, as sent in `adapters` or `files`.
    public var blobs: [String: String]
    public var answer: String
  }

  /// The first version whose `/api/create` takes `files` and `adapters` (the `modelfile` field
  /// was removed then).
  public static let minimumVersion = [0, 5, 5]

  public let client: OllamaClient

  public init(client: OllamaClient) { self.client = client }

  public func run(name: String, source: Source, progress: @Sendable (String) -> Void) async throws -> Result {
    let version = try await client.version()
    // 0.0.0 is what a build from source reports: taken as new.
    if let parts = Self.versionParts(version), parts.contains(where: { $0 != 0 }), parts.lexicographicallyPrecedes(Self.minimumVersion) {
      throw OllamaError.tooOld(version)
    }
    var body: [String: Any] = ["model": name, "stream": true]
    var blobs: [String: String] = [:]
    switch source {
    case .adapter(let base, let adapterFile):
      let digest = try await upload(adapterFile, progress: progress)
      blobs["adapter.gguf"] = digest
      body["from"] = base
      body["adapters"] = ["adapter.gguf": digest]
    case .merged(let modelFile):
      let digest = try await upload(modelFile, progress: progress)
      blobs["model.gguf"] = digest
      body["files"] = ["model.gguf": digest]
    }
    try await client.create(body, progress: progress)
    _ = try await client.show(name)
    let answer = try await client.chat(name, "Write a one-line git commit message for: fix a typo in the README.")
    guard !answer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw OllamaError.noAnswer(name) }
    return Result(model: name, serverVersion: version, blobs: blobs, answer: answer)
  }

  private func upload(_ file: String, progress: @Sendable (String) -> Void) async throws -> String {
    let digest = try OllamaClient.digest(of: file)
    if try await client.hasBlob(digest) {
      progress("using the uploaded \((file as NSString).lastPathComponent) (\(digest.prefix(19))…)")
    } else {
      progress("uploading \((file as NSString).lastPathComponent) (\(digest.prefix(19))…)")
      try await client.pushBlob(digest, file: file)
    }
    return digest
  }

  /// `0.12.11` → [0, 12, 11]; a `-rc`/`+build` suffix is ignored; nil when it is not a version.
  static func versionParts(_ text: String) -> [Int]? {
    let core = text.split(whereSeparator: { $0 == "-" || $0 == "+" }).first.map(String.init) ?? text
    let parts = core.split(separator: ".").map { Int($0) }
    guard parts.count >= 2, parts.allSatisfy({ $0 != nil }) else { return nil }
    return parts.compactMap { $0 }
  }
}
