import ConfigKit
import PrivacyKit
import ProvidersKit

/// What `privacy.*` allows for one request to one provider. The one place that decides it, for
/// streamed and batched requests alike: a remote provider is refused when
/// `privacy.allow_remote` is false, and otherwise gets the request with its secrets replaced by
/// placeholders when `privacy.scrub_secrets` is true; a local provider gets it as it is, since
/// the text does not leave the machine.
struct RemotePolicy: Sendable {
  enum Decision {
    /// Not to be sent; why, in words for a skipped link.
    case refuse(String)
    case send(ChatRequest)
  }

  static let refusal = "remote providers are off (privacy.allow_remote: false)"

  let privacy: PrivacyConfig
  let scrubber: SecretScrubber

  func decide(_ request: ChatRequest, to provider: any ChatProvider) -> Decision {
    if let reason = refusal(for: provider) { return .refuse(reason) }
    return .send(provider.isRemote && privacy.scrubSecrets ? scrubbed(request) : request)
  }

  /// Why nothing at all may be exchanged with `provider` (not even a batch id to collect).
  func refusal(for provider: any ChatProvider) -> String? {
    provider.isRemote && !privacy.allowRemote ? Self.refusal : nil
  }

  private func scrubbed(_ request: ChatRequest) -> ChatRequest {
    var copy = request
    copy.system = request.system.map { scrubber.scrub($0).text }
    copy.messages = request.messages.map { ChatMessage(role: $0.role, content: scrubber.scrub($0.content).text) }
    return copy
  }
}
