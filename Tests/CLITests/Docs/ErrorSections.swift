import ConfigKit
import FinetuneKit
import HTTPKit
import HooksKit
import ProvidersKit
import RoutingKit

@testable import GitLLM
@testable import ReviewKit

/// Every error type the troubleshooting page documents, in page order.
enum ErrorSections {
  static var all: [CatalogSection] {
    [
      enumSection(
        "Configuration", "ConfigError", "Sources/ConfigKit/ConfigError.swift", prefix: "config",
        intro: "Loading the layers (`config show`, `config validate`, and every command that reads configuration). Exit status 2.",
        samples: ConfigErrorCatalog.samples, explain: ConfigErrorCatalog.explain, lines: printed),
      enumSection(
        "Repository", "GitError", "Sources/GitKit/GitError.swift", prefix: "git",
        intro: "Reading the repository, a range or paths. Exit status 2, or 3 for libgit2's own failures.",
        samples: RepositoryErrorCatalog.samples, explain: RepositoryErrorCatalog.explain, lines: printed),
      CatalogSection(
        area: "Files", typeName: "AtomicFileError", declaredIn: "Sources/OutputKit/AtomicFile.swift",
        intro: "Writing a report, log or cache file (always through a temporary file and a rename). Exit status 3.",
        entries: RepositoryErrorCatalog.atomicSamples.map { entry($0, RepositoryErrorCatalog.explain($0), printed($0)) },
        expectedCodes: ["file.write"]),
      enumSection(
        "Providers", "ProviderError", "Sources/ProvidersKit/ProviderError.swift", prefix: "provider",
        intro:
          "A model server failed a request. Each failed provider gets one note on stderr with the fix, and the chain moves on to the next model (in the end the built-in reviewer); `ask` and `commit-msg` exit 3 when no model answered.",
        samples: ProviderErrorCatalog.samples, explain: ProviderErrorCatalog.explain, lines: { (ProviderErrorCatalog.note($0), nil) }),
      enumSection(
        "Providers", "HTTPError", "Sources/HTTPKit/HTTPError.swift", prefix: "http",
        intro: "A transfer failed in libcurl; it reaches you as the provider error it becomes, in the same note.",
        samples: ProviderErrorCatalog.httpSamples, explain: ProviderErrorCatalog.explain,
        lines: { (ProviderErrorCatalog.note(ProviderError($0)), nil) }),
      enumSection(
        "Providers", "StreamFramingError", "Sources/HTTPKit/StreamFraming.swift", prefix: "stream",
        intro: "A streamed answer could not be split into lines or events; it reaches you as a server error in the same note.",
        samples: ProviderErrorCatalog.framingSamples, explain: ProviderErrorCatalog.explain,
        lines: { (ProviderErrorCatalog.note(ProviderError($0)), nil) }),
      CatalogSection(
        area: "Routing", typeName: "RoutingFailure", declaredIn: "Sources/RoutingKit/RouteLink.swift",
        intro: "No model of a task's chain answered. Exit status 3.", entries: RoutingCatalog.entries,
        expectedCodes: RoutingCatalog.codes),
      enumSection(
        "Review", "ReviewEngine.Failure", "Sources/ReviewKit/ReviewEngine.swift", prefix: "review",
        intro: "Preparing a review. Exit status 2.", samples: RoutingCatalog.reviewSamples, explain: RoutingCatalog.explain,
        lines: { printed(CommandFailure(.usage, $0.description)) }),
      enumSection(
        "Review", "BatchReview.Failure", "Sources/ReviewKit/BatchReview.swift", prefix: "batch",
        intro: "`git llm review --batch` and `--collect`. Exit status 2.", samples: RoutingCatalog.batchSamples,
        explain: RoutingCatalog.explain, lines: { printed(CommandFailure(.usage, $0.description)) }),
      enumSection(
        "Training data", "HarvestError", "Sources/HarvestKit/DatasetWriter.swift", prefix: "harvest",
        intro: "`git llm finetune dataset`.", samples: TrainingErrorCatalog.harvestSamples, explain: TrainingErrorCatalog.explain,
        lines: { printed(CommandFailure($0.isUsage ? .usage : .incomplete, $0.description)) }),
      enumSection(
        "Training runs", "FinetuneError", "Sources/FinetuneKit/FinetuneError.swift", prefix: "finetune",
        intro: "`git llm finetune run` and its siblings. Exit status 2 unless the entry says 3.",
        samples: TrainingErrorCatalog.finetuneSamples, explain: TrainingErrorCatalog.explain, lines: printed),
      CatalogSection(
        area: "Training runs", typeName: "ClusterJobError", declaredIn: "Sources/FinetuneKit/ClusterJobValidation.swift",
        intro: "`git llm finetune run --runner kubernetes --dry-run`: a manifest kubectl would not accept. Exit status 2.",
        entries: TrainingErrorCatalog.clusterSamples.map {
          entry($0, clusterExplanation, printed(CommandFailure(.usage, $0.description)))
        }, expectedCodes: ["cluster.invalid"]),
      enumSection(
        "Deploy", "OllamaError", "Sources/DeployKit/OllamaError.swift", prefix: "ollama",
        intro: "`git llm finetune deploy --to ollama`. Exit status 3.", samples: TrainingErrorCatalog.ollamaSamples,
        explain: TrainingErrorCatalog.explain, lines: printed),
      enumSection(
        "Setup", "SetupError", "Sources/GitLLM/Jobs/SetupError.swift", prefix: "setup",
        intro: "`git llm setup` found nothing to write, or could not write it; nothing was written. Exit status 2.",
        samples: SetupErrorCatalog.samples, explain: SetupErrorCatalog.explain,
        lines: { printed(CommandFailure(.usage, $0.description)) }),
      enumSection(
        "Assistants (MCP)", "ToolArgumentError", "Sources/MCPServerKit/ToolArguments.swift", prefix: "mcpArguments",
        intro:
          "`git llm mcp`: a tool call's arguments were refused. The assistant receives the line as the tool's result, with `isError: true`, and the server goes on answering.",
        samples: MCPErrorCatalog.argumentSamples, explain: MCPErrorCatalog.explain, lines: MCPErrorCatalog.answered),
      enumSection(
        "Assistants (MCP)", "ToolServerError", "Sources/MCPServerKit/ToolServer.swift", prefix: "mcpServer",
        intro: "`git llm mcp` could not start.", samples: MCPErrorCatalog.serverSamples, explain: MCPErrorCatalog.explain,
        lines: printed),
      CatalogSection(
        area: "Hooks", typeName: "UnknownHookError", declaredIn: "Sources/HooksKit/HookActions.swift",
        intro: "`git llm hook run <name>` (what the installed hooks call). Exit status 2.",
        entries: [unknownHook].map { entry($0, RoutingCatalog.explain($0), printed(CommandFailure(.usage, $0.description))) },
        expectedCodes: ["hooks.unknownHook"]),
    ]
  }

  static let unknownHook = UnknownHookError(hook: "post-checkout")

  static let clusterExplanation = Explanation(
    code: "cluster.invalid", meaning: "The job would name something that cannot exist in Kubernetes.",
    fix: "Correct the value the message names.")

  /// The lines `git llm` prints when `error` ends the command, and its exit status.
  static func printed(_ error: Error) -> ([String], Int32?) {
    guard let (lines, status) = GitLLMMain.presentation(of: error) else { return (["\(error)"], nil) }
    return (lines.map { "git-llm: error: " + $0 }, status.rawValue)
  }

  static func entry(_ error: Error, _ explanation: Explanation, _ printed: ([String], Int32?)) -> CatalogEntry {
    CatalogEntry(lines: printed.0, status: printed.1, explanation: explanation)
  }

  static func enumSection<E>(
    _ area: String, _ typeName: String, _ file: String, prefix: String, intro: String, samples: [E],
    explain: (E) -> Explanation, lines: (E) -> ([String], Int32?)
  ) -> CatalogSection {
    CatalogSection(
      area: area, typeName: typeName, declaredIn: file, intro: intro,
      entries: samples.map { sample in
        let (text, status) = lines(sample)
        return CatalogEntry(lines: text, status: status, explanation: explain(sample))
      },
      expectedCodes: Set(DeclaredCases.of(typeName, in: file).map { prefix + "." + $0 }))
  }
}
