import Foundation

/// The shape of one configuration value, which decides how text is parsed and checked.
enum ValueKind: Equatable, Sendable {
  case version
  case string
  /// An http(s) URL, or empty for "none".
  case url
  /// A whole number in `min...max`. Every int key has a top: a value is used in arithmetic
  /// (token budgets, libgit2's 32-bit fields), so the bound is where that arithmetic stays exact.
  case int(min: Int, max: Int = Int.max)
  /// A decimal in `min...max`, or `min..<max` when `maxExclusive`.
  case decimal(min: Double, max: Double, maxExclusive: Bool)
  case bool
  case duration
  case choice([String])
  case stringList
  case choiceList([String])
  /// A list of names from `models`.
  case aliasList

  var isList: Bool {
    switch self {
    case .stringList, .choiceList, .aliasList: true
    default: false
    }
  }

  /// What a valid value looks like, phrased to follow "'key' must be ".
  var expectation: String {
    switch self {
    case .version: "1"
    case .string: "a string"
    case .url: "an http:// or https:// URL with a host, or empty"
    case let .int(min, max): max == Int.max ? "a whole number >= \(min)" : "a whole number from \(min) to \(max)"
    case let .decimal(min, max, exclusive):
      exclusive
        ? "a number from \(Self.num(min)) up to but not including \(Self.num(max))"
        : "a number from \(Self.num(min)) to \(Self.num(max))"
    case .bool: "true or false"
    case .duration: "a duration like 20s or 5m"
    case let .choice(values): "one of \(values.joined(separator: ", "))"
    case .stringList: "a list of strings"
    case let .choiceList(values): "a list of \(values.joined(separator: ", "))"
    case .aliasList: "a list of model aliases"
    }
  }

  /// Short type name for documentation tables.
  var typeName: String {
    switch self {
    case .version: "integer (1)"
    case .string: "string"
    case .url: "URL"
    case let .int(min, max): max == Int.max ? "integer >= \(min)" : "integer \(min)...\(max)"
    case let .decimal(min, max, exclusive):
      exclusive ? "number \(Self.num(min))..<\(Self.num(max))" : "number \(Self.num(min))...\(Self.num(max))"
    case .bool: "bool"
    case .duration: "duration"
    case let .choice(values): values.joined(separator: " \\| ")
    case .stringList: "list of strings"
    case let .choiceList(values): "list of " + values.joined(separator: " \\| ")
    case .aliasList: "list of model aliases"
    }
  }

  private static func num(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(value)
  }
}

/// One entry of the schema key table: a key path pattern (`*` stands for a user-chosen name
/// under `providers`, `models`, `routing` and `headers`) with its type and handling rules.
public struct SchemaKey: Sendable {
  /// Dotted pattern, e.g. `providers.*.base_url`.
  public let path: String
  /// One-line description used in documentation and `--help`-style listings.
  public let doc: String
  /// Rendered as `***` and never echoed in messages.
  public let isSecret: Bool
  /// May not come from an untrusted repository file.
  public let isTrustedOnly: Bool
  /// Has no built-in default; absent means "not set".
  public let isOptional: Bool
  /// The one value an untrusted repository file may still write, for keys where that value only
  /// tightens privacy (a repository may forbid remote models, but not allow them behind your back).
  public let untrustedAllowedValue: String?
  let kind: ValueKind
  let components: [String]

  init(
    _ path: String, _ kind: ValueKind, _ doc: String, secret: Bool = false, trusted: Bool = false,
    optional: Bool = false, untrustedMay: String? = nil
  ) {
    self.path = path
    self.kind = kind
    self.doc = doc
    self.isSecret = secret
    self.isTrustedOnly = trusted
    self.isOptional = optional
    self.untrustedAllowedValue = untrustedMay
    self.components = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
  }

  /// Human-readable type, e.g. `duration` or `none | info | low`.
  public var typeName: String { kind.typeName }
}

/// The single table of every configuration key. Loading, validation, environment variable
/// names, rendering order and the reference documentation all derive from it, so they can't
/// disagree about which keys exist.
public enum ConfigSchema {
  static let severities = Severity.allCases.map(\.rawValue)
  /// A billion tokens: far past any model's window, and small enough that budgets computed from
  /// it (window minus reserve, times characters a token) can't overflow.
  static let maxTokens = 1_000_000_000
  /// git's own `-U` limit (a C int); libgit2 keeps context lines in 32 bits.
  static let maxContextLines = Int(Int32.max)

  /// Every key, in rendering order.
  public static let keys: [SchemaKey] = [
    SchemaKey("version", .version, "Format version of this file; must be 1."),
    SchemaKey(
      "providers.*.type", .choice(ProviderType.allCases.map(\.rawValue)),
      "Wire protocol: ollama, openai, anthropic or builtin.", trusted: true),
    SchemaKey("providers.*.base_url", .url, "Endpoint URL; empty for builtin.", trusted: true),
    SchemaKey(
      "providers.*.api_key", .string, "API key; use ${VAR} rather than writing it here.",
      secret: true, trusted: true, optional: true),
    SchemaKey(
      "providers.*.headers.*", .string, "Extra HTTP header sent with every request.",
      secret: true, trusted: true, optional: true),
    SchemaKey("providers.*.max_concurrency", .int(min: 1, max: 1024), "Most requests in flight at once."),
    SchemaKey(
      "providers.*.remote", .bool,
      "Whether requests leave this machine; when absent, builtin and loopback URLs are local, the rest remote.",
      trusted: true, optional: true),
    SchemaKey("providers.*.timeouts.connect", .duration, "Time allowed to connect."),
    SchemaKey("providers.*.timeouts.first_byte", .duration, "Time allowed until the first response byte."),
    SchemaKey("providers.*.timeouts.idle", .duration, "Longest silence allowed while streaming."),
    SchemaKey("providers.*.timeouts.total", .duration, "Hard cap on one request."),
    SchemaKey("providers.*.keep_alive", .duration, "Ollama only: how long the model stays loaded."),
    SchemaKey("providers.*.auto_pull", .bool, "Ollama only: pull a missing model automatically."),
    SchemaKey("models.*.provider", .string, "Name of the provider serving this alias."),
    SchemaKey("models.*.model", .string, "The provider's model identifier."),
    SchemaKey("models.*.context_window", .int(min: 1, max: maxTokens), "Context window in tokens.", optional: true),
    SchemaKey("models.*.max_output_tokens", .int(min: 1, max: maxTokens), "Cap on generated tokens.", optional: true),
    SchemaKey(
      "models.*.temperature", .decimal(min: 0, max: 2, maxExclusive: false), "Sampling temperature.",
      optional: true),
    SchemaKey("routing.*", .aliasList, "Model aliases tried in order for a task."),
    SchemaKey("fallback.max_retries", .int(min: 0, max: 100), "Retries on one model before moving down the chain."),
    SchemaKey("fallback.backoff_initial", .duration, "First retry delay."),
    SchemaKey("fallback.backoff_max", .duration, "Largest retry delay."),
    SchemaKey("fallback.max_retry_after", .duration, "Longest Retry-After honoured before falling back."),
    SchemaKey(
      "fallback.cooldown", .duration,
      "How long a busy model (overloaded, rate limited, server error) is skipped; a provider that timed out, was unreachable, rejected the key or answered 404 is skipped for the rest of the run."
    ),
    SchemaKey(
      "privacy.allow_remote", .bool, "Allow providers that send code off this machine.",
      trusted: true, untrustedMay: "false"),
    SchemaKey(
      "privacy.scrub_secrets", .bool, "Mask likely secrets before sending text to a model.",
      trusted: true, untrustedMay: "true"),
    SchemaKey("review.fail_on", .choice(severities), "Exit non-zero on findings at least this severe."),
    SchemaKey("review.format", .choice(ReviewFormat.allCases.map(\.rawValue)), "Output format."),
    SchemaKey("review.exclude", .stringList, "Glob patterns of paths never reviewed."),
    SchemaKey("review.context_lines", .int(min: 0, max: maxContextLines), "Unchanged lines shown around each hunk."),
    SchemaKey("review.instructions", .string, "Extra instructions added to the review prompt."),
    SchemaKey("review.instructions_file", .string, "File (relative to the worktree) added to the review prompt."),
    SchemaKey("review.max_findings_per_file", .int(min: 0), "Most findings per file; 0 means no cap."),
    SchemaKey("review.cache", .bool, "Cache results by diff hash."),
    SchemaKey("review.log", .bool, "Log reviews under the git directory."),
    SchemaKey("hooks.timeout", .duration, "Longest a hook may run."),
    SchemaKey("hooks.block_on", .choice(severities), "Block the git operation on findings at least this severe."),
    SchemaKey("hooks.fail_open", .bool, "Let git proceed when the hook fails or times out."),
    SchemaKey("hooks.pre_commit", .bool, "Review staged changes before each commit."),
    SchemaKey("hooks.prepare_commit_msg", .bool, "Draft the commit message."),
    SchemaKey("hooks.pre_push", .bool, "Review outgoing commits before push."),
    SchemaKey("hooks.post_merge", .bool, "Summarise merged changes."),
    SchemaKey(
      "debt.since", .string, "How far back `git llm debt` reads history: a span (\"6 months\", \"2 weeks ago\") or a date (2024-01-31)."),
    SchemaKey("debt.top", .int(min: 1), "How many hotspots `git llm debt` lists and assesses."),
    SchemaKey("finetune.out", .string, "Dataset output directory."),
    SchemaKey("finetune.kinds", .choiceList(DatasetKind.allCases.map(\.rawValue)), "Training pair kinds to harvest."),
    SchemaKey("finetune.format", .choice(DatasetFormat.allCases.map(\.rawValue)), "Dataset record layout."),
    SchemaKey("finetune.val_ratio", .decimal(min: 0, max: 1, maxExclusive: true), "Share held out for validation."),
    SchemaKey("finetune.test_ratio", .decimal(min: 0, max: 1, maxExclusive: true), "Share held out for testing."),
    SchemaKey("finetune.max_pairs", .int(min: 0), "Cap on training pairs; 0 means no cap."),
    SchemaKey("finetune.skip_bots", .bool, "Skip commits by bots."),
    SchemaKey("finetune.skip_merges", .bool, "Skip merge commits."),
    SchemaKey("finetune.base_model", .string, "Hub model id or local model folder to fine-tune."),
    SchemaKey(
      "finetune.method", .choice(FinetuneMethod.allCases.map(\.rawValue)), "Fine-tuning method (qlora needs a CUDA GPU, else LoRA)."),
    SchemaKey(
      "finetune.runner", .choice(FinetuneRunner.allCases.map(\.rawValue)),
      "What runs training: auto (docker, else podman), docker, podman, local (a venv) or kubernetes (manifest).", trusted: true),
    SchemaKey("finetune.gpus", .string, "GPUs to train on: auto, none, all or indexes (0,1)."),
    SchemaKey("finetune.epochs", .decimal(min: 0.01, max: 1000, maxExclusive: false), "Training epochs."),
    SchemaKey("finetune.learning_rate", .decimal(min: 1e-8, max: 1, maxExclusive: false), "Peak learning rate (cosine schedule)."),
    SchemaKey("finetune.lora_r", .int(min: 1), "LoRA rank."),
    SchemaKey("finetune.lora_alpha", .int(min: 1), "LoRA alpha."),
    SchemaKey("finetune.max_length", .int(min: 16), "Tokens a training record is cut to."),
    SchemaKey(
      "finetune.retrain_after_commits", .int(min: 0),
      "New non-merge commits since the last successful run that make the post-merge hook start one; 0 is off."),
    SchemaKey("finetune.container.image", .string, "Training image to run; empty builds git-llm's own.", trusted: true),
    SchemaKey(
      "finetune.container.base_image", .string, "BASE_IMAGE of the image git-llm builds; empty keeps the CUDA PyTorch default.",
      trusted: true),
    SchemaKey(
      "finetune.container.host", .string, "Remote engine host, e.g. ssh://gpu-box; empty for local.",
      trusted: true),
    SchemaKey("finetune.deploy.ollama_url", .url, "Ollama server that receives the fine-tuned model.", trusted: true),
    SchemaKey("finetune.deploy.model_name", .string, "Name of the published model; empty derives one."),
  ]

  private static let byPattern: [[String]: SchemaKey] = Dictionary(
    keys.map { ($0.components, $0) }, uniquingKeysWith: { first, _ in first })

  /// The key for a pattern such as `["providers", "*", "type"]`.
  static func key(pattern: [String]) -> SchemaKey? { byPattern[pattern] }

  /// Names allowed directly under a pattern prefix, in table order; `*` means any name.
  static func children(of prefix: [String]) -> [String] {
    var seen: [String] = []
    for key in keys where key.components.count > prefix.count && Array(key.components.prefix(prefix.count)) == prefix {
      let next = key.components[prefix.count]
      if !seen.contains(next) { seen.append(next) }
    }
    return seen
  }

  /// Maps concrete components (with names) to their pattern, or nil when no key matches.
  static func pattern(for concrete: [String]) -> [String]? {
    var pattern: [String] = []
    for component in concrete {
      let options = children(of: pattern)
      if options.contains(component) && component != "*" {
        pattern.append(component)
      } else if options.contains("*") {
        pattern.append("*")
      } else {
        return nil
      }
    }
    return byPattern[pattern] == nil ? nil : pattern
  }

  /// Splits a dotted key path into components, letting `*` positions absorb dots (model aliases
  /// such as `ollama.default` contain them). Returns every reading that names a real key.
  static func readings(of dotted: String) -> [[String]] {
    let parts = dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    var results: [[String]] = []
    for key in keys {
      for reading in match(key.components[...], parts[...]) where !results.contains(reading) {
        results.append(reading)
      }
    }
    return results
  }

  private static func match(_ pattern: ArraySlice<String>, _ parts: ArraySlice<String>) -> [[String]] {
    guard let head = pattern.first else { return parts.isEmpty ? [[]] : [] }
    guard !parts.isEmpty else { return [] }
    if head != "*" {
      guard parts.first == head else { return [] }
      return match(pattern.dropFirst(), parts.dropFirst()).map { [head] + $0 }
    }
    var results: [[String]] = []
    let remainingFixed = pattern.count - 1
    let maxTake = parts.count - remainingFixed
    guard maxTake >= 1 else { return [] }
    for take in 1...maxTake {
      let name = parts.prefix(take).joined(separator: ".")
      guard !name.isEmpty else { continue }
      for tail in match(pattern.dropFirst(), parts.dropFirst(take)) { results.append([name] + tail) }
    }
    return results
  }

  /// The `GIT_LLM_…` variable for a concrete key path: upper case, every non-alphanumeric as `_`.
  static func environmentName(for concrete: [String]) -> String {
    let body = concrete.joined(separator: "_").uppercased().map { ($0.isASCII && ($0.isLetter || $0.isNumber)) ? $0 : "_" }
    return "GIT_LLM_" + String(body)
  }

  /// A readable environment variable name for a pattern, with `<NAME>` for each `*`.
  static func environmentName(forPattern pattern: [String]) -> String {
    environmentName(for: pattern.map { $0 == "*" ? "<NAME>" : $0 }).replacingOccurrences(of: "_NAME_", with: "<NAME>")
  }
}
