/// The merged, validated git-llm configuration.
///
/// Every field always holds a usable value: anything a layer leaves out keeps its built-in default
/// (see `Config.defaults`), so callers never deal with optionals for settings that have a default.
public struct Config: Equatable, Sendable {
  /// Schema version of the file format; only 1 exists.
  public var version: Int
  /// Model back ends by name.
  public var providers: [String: ProviderConfig]
  /// Model aliases by name; routing refers to these.
  public var models: [String: ModelConfig]
  /// Task name to the ordered chain of model aliases tried for it.
  public var routing: [String: [String]]
  /// Retry and fallback behaviour across a routing chain.
  public var fallback: FallbackConfig
  /// What may leave the machine.
  public var privacy: PrivacyConfig
  /// `git llm review` settings.
  public var review: ReviewConfig
  /// Git hook settings.
  public var hooks: HooksConfig
  /// `git llm debt` settings.
  public var debt: DebtConfig
  /// Dataset harvesting and fine-tuning settings.
  public var finetune: FinetuneConfig

  /// Creates a configuration from its sections.
  public init(
    version: Int, providers: [String: ProviderConfig], models: [String: ModelConfig],
    routing: [String: [String]], fallback: FallbackConfig, privacy: PrivacyConfig,
    review: ReviewConfig, hooks: HooksConfig, debt: DebtConfig, finetune: FinetuneConfig
  ) {
    self.version = version
    self.providers = providers
    self.models = models
    self.routing = routing
    self.fallback = fallback
    self.privacy = privacy
    self.review = review
    self.hooks = hooks
    self.debt = debt
    self.finetune = finetune
  }

  /// The routing chain for a task, or an empty chain when the task has none.
  public func chain(for task: String) -> [String] { routing[task] ?? [] }

  /// The context window that sizes requests down `aliases`: the first model that states one.
  public func contextWindow(of aliases: [String]) -> Int? { aliases.lazy.compactMap { self.models[$0]?.contextWindow }.first }

  /// The answer length to keep room for down `aliases`: the first model that states one.
  public func maxOutputTokens(of aliases: [String]) -> Int? { aliases.lazy.compactMap { self.models[$0]?.maxOutputTokens }.first }
}

/// The wire protocol a provider speaks.
public enum ProviderType: String, CaseIterable, Equatable, Sendable {
  /// A local or remote Ollama server.
  case ollama
  /// An OpenAI-compatible chat completions endpoint.
  case openai
  /// The Anthropic messages API.
  case anthropic
  /// The rule-based fallback built into git-llm; needs no network.
  case builtin
}

/// One model back end.
public struct ProviderConfig: Equatable, Sendable {
  /// Wire protocol.
  public var type: ProviderType
  /// Endpoint URL; empty for `builtin`.
  public var baseURL: String
  /// API key, if the provider needs one. Secret.
  public var apiKey: String?
  /// Extra HTTP headers sent with each request. Values are secret.
  public var headers: [String: String]
  /// Most requests in flight at once.
  public var maxConcurrency: Int
  /// Explicit remote/local classification; `nil` means derive it from `type` and `baseURL`.
  public var remote: Bool?
  /// Network timeouts.
  public var timeouts: ProviderTimeouts
  /// How long Ollama keeps the model loaded after a request.
  public var keepAlive: ValueDuration
  /// Whether git-llm may `ollama pull` a missing model.
  public var autoPull: Bool

  /// Creates a provider; unspecified fields take the per-type defaults.
  public init(
    type: ProviderType, baseURL: String? = nil, apiKey: String? = nil, headers: [String: String] = [:],
    maxConcurrency: Int? = nil, remote: Bool? = nil, timeouts: ProviderTimeouts = .defaults,
    keepAlive: ValueDuration = ValueDuration.fiveMinutes, autoPull: Bool = false
  ) {
    self.type = type
    self.baseURL = baseURL ?? ProviderConfig.defaultBaseURL(for: type)
    self.apiKey = apiKey
    self.headers = headers
    self.maxConcurrency = maxConcurrency ?? ProviderConfig.defaultMaxConcurrency(for: type)
    self.remote = remote
    self.timeouts = timeouts
    self.keepAlive = keepAlive
    self.autoPull = autoPull
  }

  /// Whether requests leave this machine. An explicit `remote` wins; otherwise `builtin` and
  /// loopback endpoints are local and everything else is remote, so an unknown host is never
  /// mistaken for a private one.
  public var isRemote: Bool {
    if let remote { return remote }
    if type == .builtin { return false }
    return !URLCheck.isLoopback(baseURL)
  }
}

extension ProviderConfig: CustomStringConvertible {
  /// Describes the provider without its key or header values, so logging it can't leak them.
  public var description: String {
    "ProviderConfig(type: \(type.rawValue), baseURL: \(baseURL), apiKey: \(apiKey == nil ? "none" : "***"), "
      + "headers: \(headers.keys.sorted()), maxConcurrency: \(maxConcurrency), remote: \(isRemote))"
  }
}

/// Per-request network timeouts.
public struct ProviderTimeouts: Equatable, Sendable {
  /// Time to establish the connection.
  public var connect: ValueDuration
  /// Time until the first response byte (covers model load and prompt processing).
  public var firstByte: ValueDuration
  /// Longest silence allowed while streaming.
  public var idle: ValueDuration
  /// Hard cap on the whole request.
  public var total: ValueDuration

  /// Creates timeouts.
  public init(connect: ValueDuration, firstByte: ValueDuration, idle: ValueDuration, total: ValueDuration) {
    self.connect = connect
    self.firstByte = firstByte
    self.idle = idle
    self.total = total
  }
}

/// A model alias: which provider serves it and under which model name.
public struct ModelConfig: Equatable, Sendable {
  /// Name of an entry in `Config.providers`.
  public var provider: String
  /// The provider's own model identifier.
  public var model: String
  /// Context window in tokens, if known.
  public var contextWindow: Int?
  /// Cap on generated tokens, if any.
  public var maxOutputTokens: Int?
  /// Sampling temperature, if not the provider's default.
  public var temperature: Double?

  /// Creates a model alias.
  public init(
    provider: String, model: String, contextWindow: Int? = nil, maxOutputTokens: Int? = nil,
    temperature: Double? = nil
  ) {
    self.provider = provider
    self.model = model
    self.contextWindow = contextWindow
    self.maxOutputTokens = maxOutputTokens
    self.temperature = temperature
  }
}

/// Retry and fallback settings.
public struct FallbackConfig: Equatable, Sendable {
  /// Retries against the same model before moving down the chain.
  public var maxRetries: Int
  /// First backoff delay.
  public var backoffInitial: ValueDuration
  /// Largest backoff delay.
  public var backoffMax: ValueDuration
  /// Longest `Retry-After` honoured; longer ones fall through to the next model.
  public var maxRetryAfter: ValueDuration
  /// How long a failed model is skipped.
  public var cooldown: ValueDuration

  /// Creates fallback settings.
  public init(
    maxRetries: Int, backoffInitial: ValueDuration, backoffMax: ValueDuration,
    maxRetryAfter: ValueDuration, cooldown: ValueDuration
  ) {
    self.maxRetries = maxRetries
    self.backoffInitial = backoffInitial
    self.backoffMax = backoffMax
    self.maxRetryAfter = maxRetryAfter
    self.cooldown = cooldown
  }
}

/// Privacy settings.
public struct PrivacyConfig: Equatable, Sendable {
  /// Whether remote providers may be used at all.
  public var allowRemote: Bool
  /// Whether likely secrets are masked before text is sent to a model.
  public var scrubSecrets: Bool

  /// Creates privacy settings.
  public init(allowRemote: Bool, scrubSecrets: Bool) {
    self.allowRemote = allowRemote
    self.scrubSecrets = scrubSecrets
  }
}

/// Finding severities, ordered from least to most severe.
public enum Severity: String, CaseIterable, Comparable, Equatable, Sendable {
  /// Never matches; used to switch a threshold off.
  case none
  /// Informational.
  case info
  /// Low.
  case low
  /// Medium.
  case medium
  /// High.
  case high
  /// Critical.
  case critical

  /// Orders by severity rather than by name.
  public static func < (lhs: Severity, rhs: Severity) -> Bool {
    let all = Severity.allCases
    return (all.firstIndex(of: lhs) ?? 0) < (all.firstIndex(of: rhs) ?? 0)
  }
}

/// Output formats of `git llm review`.
public enum ReviewFormat: String, CaseIterable, Equatable, Sendable {
  /// Human-readable text.
  case text
  /// JSON.
  case json
  /// Markdown.
  case markdown
  /// SARIF 2.1.0 for code-scanning tools.
  case sarif
  /// GitHub Actions workflow annotations.
  case github
}

/// `git llm review` settings.
public struct ReviewConfig: Equatable, Sendable {
  /// Exit non-zero when a finding is at least this severe; `none` never fails.
  public var failOn: Severity
  /// Output format.
  public var format: ReviewFormat
  /// Glob patterns of paths never reviewed.
  public var exclude: [String]
  /// Unchanged lines of context around each hunk.
  public var contextLines: Int
  /// Extra instructions appended to the review prompt.
  public var instructions: String
  /// File (relative to the worktree root) whose text is appended to the review prompt.
  public var instructionsFile: String
  /// Most findings reported per file; 0 means no cap.
  public var maxFindingsPerFile: Int
  /// Whether results are cached by diff hash.
  public var cache: Bool
  /// Whether reviews are logged under the git directory.
  public var log: Bool

  /// Creates review settings.
  public init(
    failOn: Severity, format: ReviewFormat, exclude: [String], contextLines: Int, instructions: String,
    instructionsFile: String, maxFindingsPerFile: Int, cache: Bool, log: Bool
  ) {
    self.failOn = failOn
    self.format = format
    self.exclude = exclude
    self.contextLines = contextLines
    self.instructions = instructions
    self.instructionsFile = instructionsFile
    self.maxFindingsPerFile = maxFindingsPerFile
    self.cache = cache
    self.log = log
  }
}

/// Git hook settings.
public struct HooksConfig: Equatable, Sendable {
  /// Longest a hook may run.
  public var timeout: ValueDuration
  /// Block the git operation on findings at least this severe; `none` never blocks.
  public var blockOn: Severity
  /// Let the git operation proceed when the hook itself fails or times out.
  public var failOpen: Bool
  /// Review staged changes in pre-commit.
  public var preCommit: Bool
  /// Draft the commit message in prepare-commit-msg.
  public var prepareCommitMsg: Bool
  /// Review outgoing commits in pre-push.
  public var prePush: Bool
  /// Summarise merged changes in post-merge.
  public var postMerge: Bool

  /// Creates hook settings.
  public init(
    timeout: ValueDuration, blockOn: Severity, failOpen: Bool, preCommit: Bool, prepareCommitMsg: Bool,
    prePush: Bool, postMerge: Bool
  ) {
    self.timeout = timeout
    self.blockOn = blockOn
    self.failOpen = failOpen
    self.preCommit = preCommit
    self.prepareCommitMsg = prepareCommitMsg
    self.prePush = prePush
    self.postMerge = postMerge
  }
}

/// `git llm debt` settings.
public struct DebtConfig: Equatable, Sendable {
  /// How far back history is scanned, in git's date syntax (e.g. "6 months").
  public var since: String
  /// How many hotspots are listed.
  public var top: Int

  /// Creates debt settings.
  public init(since: String, top: Int) {
    self.since = since
    self.top = top
  }
}

/// Kinds of training pairs harvested from history.
public enum DatasetKind: String, CaseIterable, Equatable, Sendable {
  /// Before/after code edits.
  case edit
  /// Diff to commit message.
  case commitMessage = "commit_message"
  /// Diff to review comments.
  case review
  /// Plain code completion.
  case code
}

/// Dataset record layouts.
public enum DatasetFormat: String, CaseIterable, Equatable, Sendable {
  /// Chat messages.
  case chat
  /// Alpaca instruction/input/output.
  case alpaca
  /// Prompt/completion.
  case completion
}

/// Fine-tuning methods.
public enum FinetuneMethod: String, CaseIterable, Equatable, Sendable {
  /// LoRA adapters on full-precision weights.
  case lora
  /// LoRA adapters on 4-bit quantised weights.
  case qlora
}

/// What runs training: `auto` picks docker when its daemon answers, else podman.
public enum FinetuneRunner: String, CaseIterable, Equatable, Sendable {
  case auto
  case docker
  case podman
  case local
  case kubernetes
}

/// Training container settings.
public struct ContainerConfig: Equatable, Sendable {
  /// Image to run; empty builds git-llm's own from docker/fine-tuning.Dockerfile.
  public var image: String
  /// Remote engine host (e.g. ssh://gpu-box); empty for local.
  public var host: String
  /// BASE_IMAGE for the image git-llm builds; empty keeps the Dockerfile's CUDA PyTorch image.
  public var baseImage: String

  /// Creates container settings.
  public init(image: String, host: String, baseImage: String) {
    self.image = image
    self.host = host
    self.baseImage = baseImage
  }
}

/// Defaults for `git llm finetune run`; each has a flag of the same name.
public struct TrainingConfig: Equatable, Sendable {
  public var runner: FinetuneRunner
  /// `auto`, `none`, `all` or a list of GPU indexes (`0,1`).
  public var gpus: String
  public var epochs: Double
  public var learningRate: Double
  public var loraR: Int
  public var loraAlpha: Int
  public var maxLength: Int
  /// New non-merge commits since the last successful run's dataset that make the post-merge hook
  /// start a new run; 0 is off.
  public var retrainAfterCommits: Int

  /// Creates training defaults.
  public init(
    runner: FinetuneRunner, gpus: String, epochs: Double, learningRate: Double, loraR: Int, loraAlpha: Int, maxLength: Int,
    retrainAfterCommits: Int = 0
  ) {
    self.retrainAfterCommits = retrainAfterCommits
    self.runner = runner
    self.gpus = gpus
    self.epochs = epochs
    self.learningRate = learningRate
    self.loraR = loraR
    self.loraAlpha = loraAlpha
    self.maxLength = maxLength
  }
}

/// Where a fine-tuned model is published.
public struct DeployConfig: Equatable, Sendable {
  /// Ollama server that receives the model.
  public var ollamaURL: String
  /// Name to create; empty derives one from the repository.
  public var modelName: String

  /// Creates deploy settings.
  public init(ollamaURL: String, modelName: String) {
    self.ollamaURL = ollamaURL
    self.modelName = modelName
  }
}

/// Dataset harvesting and fine-tuning settings.
public struct FinetuneConfig: Equatable, Sendable {
  /// Dataset output directory.
  public var out: String
  /// Pair kinds to harvest.
  public var kinds: [DatasetKind]
  /// Record layout.
  public var format: DatasetFormat
  /// Share of pairs held out for validation.
  public var valRatio: Double
  /// Share of pairs held out for testing.
  public var testRatio: Double
  /// Cap on pairs; 0 means no cap.
  public var maxPairs: Int
  /// Skip commits by bots.
  public var skipBots: Bool
  /// Skip merge commits.
  public var skipMerges: Bool
  /// Model to fine-tune; empty means the review model.
  public var baseModel: String
  /// Fine-tuning method.
  public var method: FinetuneMethod
  /// Training container.
  public var container: ContainerConfig
  /// Training defaults.
  public var training: TrainingConfig
  /// Publishing target.
  public var deploy: DeployConfig

  /// Creates fine-tuning settings.
  public init(
    out: String, kinds: [DatasetKind], format: DatasetFormat, valRatio: Double, testRatio: Double,
    maxPairs: Int, skipBots: Bool, skipMerges: Bool, baseModel: String, method: FinetuneMethod,
    container: ContainerConfig, training: TrainingConfig, deploy: DeployConfig
  ) {
    self.out = out
    self.kinds = kinds
    self.format = format
    self.valRatio = valRatio
    self.testRatio = testRatio
    self.maxPairs = maxPairs
    self.skipBots = skipBots
    self.skipMerges = skipMerges
    self.baseModel = baseModel
    self.method = method
    self.container = container
    self.training = training
    self.deploy = deploy
  }
}
