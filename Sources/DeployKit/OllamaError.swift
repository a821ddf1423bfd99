import Foundation

/// Why a deploy to Ollama stopped, as one line naming the thing and the fix.
public enum OllamaError: Error, Equatable, Sendable, LocalizedError {
  case unreachable(String, String)
  case tooOld(String)
  case digestMismatch(String)
  case unsupportedArchitecture(String)
  case server(Int, String)
  case createFailed(String)
  case badAnswer(String)
  case noAnswer(String)
  case unreadableFile(String)

  public var errorDescription: String? {
    switch self {
    case .unreachable(let url, let detail):
      return "Ollama at \(url) does not answer (\(detail)); start it (`ollama serve`) or set finetune.deploy.ollama_url"
    case .tooOld(let version):
      return "Ollama \(version) is too old to create a model from uploaded files (0.5.5 or newer); upgrade Ollama"
    case .digestMismatch(let digest):
      return "Ollama refused the upload of \(digest): the digest does not match what arrived; try the deploy again"
    case .unsupportedArchitecture(let message):
      return "Ollama cannot apply an adapter to this base (\(message)); deploy with --merge to upload the base with the adapter merged in"
    case .server(let status, let message):
      return "Ollama answered \(status): \(message)"
    case .createFailed(let message):
      return "Ollama could not create the model: \(message)"
    case .badAnswer(let what):
      return "Ollama sent an answer git-llm cannot read (\(what))"
    case .noAnswer(let model):
      return "the new model \(model) gave an empty answer to a test question; check it with `ollama run \(model)`"
    case .unreadableFile(let path):
      return "could not read \(path); run the deploy's conversion again"
    }
  }
}
