import ConfigKit
import GitKit
import HTTPKit
import ProvidersKit
import RoutingKit

/// The composition root: every command gets its repository and configuration from here, and a
/// command that talks to models gets the transport, the providers and the router here too, built
/// one way. The model parts are made on first use, so a command that sends nothing (or returns
/// early) pays nothing for them.
final class Composition {
  let context: ConfigContext
  /// `-q`: no warnings and no notes on stderr.
  let quiet: Bool

  var config: Config { context.loaded.config }
  var repository: Repository? { context.repository }

  /// The transport every provider shares (one curl multi handle for all requests).
  private(set) lazy var transport: any HTTPTransport = CurlTransport(version: GitLLMVersion.current)
  /// One provider per `providers.<name>`; their progress lines (an Ollama pull) go to `note`.
  private(set) lazy var providers: [String: any ChatProvider] = ProviderFactory.make(config, transport: transport, progress: note)
  /// The run's router over `providers`.
  private(set) lazy var router = makeRouter()

  init(context: ConfigContext, quiet: Bool) {
    self.context = context
    self.quiet = quiet
  }

  /// Opens the repository around `directory` (if any) and loads every configuration layer with
  /// the `-c` `overrides`. Prints nothing: commands call `reportWarnings()` where they want them.
  static func load(directory: String, overrides: [String], quiet: Bool) throws -> Composition {
    Composition(context: try ConfigContext.load(directory: directory, overrides: overrides), quiet: quiet)
  }

  /// A router of its own over the same providers, for a command that makes several runs (a
  /// pre-push hook reviews each pushed range as a run): cool-downs and the request log are a
  /// run's state.
  func makeRouter() -> Router {
    Router(config: config, providers: providers)
  }

  /// The one sink for the notes of the model parts: stderr, unless quiet.
  var note: @Sendable (String) -> Void {
    let quiet = quiet
    return { line in if !quiet { Diagnostics.note(line) } }
  }

  /// Prints configuration warnings (e.g. an unknown GIT_LLM_* variable) on stderr, unless quiet.
  func reportWarnings() {
    guard !quiet else { return }
    for warning in context.loaded.warnings { Diagnostics.warning(warning) }
  }
}
