import HTTPKit

extension ProviderError {
  /// The provider-level meaning of a transport failure.
  public init(_ error: Error) {
    if let provider = error as? ProviderError {
      self = provider
      return
    }
    if error is CancellationError {
      self = .cancelled
      return
    }
    guard let http = error as? HTTPError else {
      self = .serverError(status: 0, message: String(describing: error))
      return
    }
    switch http {
    case .timeout(let deadline): self = deadline == .connect ? .unreachable("could not connect in time") : .timeout(deadline)
    case .cancelled: self = .cancelled
    case .setup(let message): self = .unreachable(message)
    case .responseTooLarge(let limit): self = .malformedResponse("response larger than \(limit) bytes")
    case .transport(let code, let message):
      // 6 resolve, 7 connect, 35 TLS handshake, 60 certificate: the server was never reached.
      if [6, 7, 35, 60].contains(code) {
        self = .unreachable(message)
      }
      // 18 partial file, 52 empty reply, 56 receive failure, 92 HTTP/2 stream: cut mid-answer.
      else {
        self = .malformedResponse("connection lost: \(message)")
      }
    }
  }
}
