import Foundation

/// Why an install or uninstall stopped; each message names the thing and the way out.
///
/// Nothing has been changed when one of these is thrown: plans are checked whole before any file
/// is touched.
public struct HooksError: Error, CustomStringConvertible, Sendable {
  public enum Kind: Sendable {
    /// The user's situation needs a decision (`--force`, a manual edit); exit 2.
    case refused
    /// A file could not be read or written; exit 3.
    case io
  }

  public let kind: Kind
  public let description: String

  public init(_ kind: Kind, _ description: String) {
    self.kind = kind
    self.description = description
  }

  static func refused(_ message: String) -> HooksError { HooksError(.refused, message) }
  static func io(_ message: String) -> HooksError { HooksError(.io, message) }
}

extension HooksError: LocalizedError {
  public var errorDescription: String? { description }
}
