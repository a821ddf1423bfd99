extension ValueDuration {
  /// Durations built from literals known to be valid, so no runtime parse can fail.
  static func literal(seconds: Int, _ text: String) -> ValueDuration { ValueDuration(seconds: seconds, text: text) }
}

extension ProviderTimeouts {
  /// Timeouts used when a provider sets none.
  public static let defaults = ProviderTimeouts(
    connect: .literal(seconds: 5, "5s"), firstByte: .literal(seconds: 120, "120s"),
    idle: .literal(seconds: 60, "60s"), total: .literal(seconds: 600, "600s"))
}

extension ProviderConfig {
  /// Endpoint used when a provider of this type sets no `base_url`.
  public static func defaultBaseURL(for type: ProviderType) -> String {
    switch type {
    case .ollama: "http://127.0.0.1:11434"
    case .openai: "https://api.openai.com/v1"
    case .anthropic: "https://api.anthropic.com"
    case .builtin: ""
    }
  }

  /// Concurrency used when a provider of this type sets no `max_concurrency`. A local Ollama
  /// serves one request at a time well; hosted APIs take more.
  public static func defaultMaxConcurrency(for type: ProviderType) -> Int {
    switch type {
    case .ollama, .builtin: 1
    case .openai, .anthropic: 4
    }
  }
}

extension Config {
  /// Task names git-llm routes; `routing` may name others, which plugins can use.
  public static let standardTasks = ["review", "tech_debt", "commit_message", "critical", "ask", "harvest_label"]

  /// Built-in defaults: the bottom layer under every configuration file.
  public static let defaults = Config(
    version: 1,
    providers: [
      "ollama": ProviderConfig(
        type: .ollama, baseURL: "http://127.0.0.1:11434", maxConcurrency: 1,
        keepAlive: .literal(seconds: 300, "5m"), autoPull: false),
      "builtin": ProviderConfig(type: .builtin),
    ],
    models: [
      "ollama.default": ModelConfig(provider: "ollama", model: "qwen2.5-coder:7b", contextWindow: 8192),
      "builtin": ModelConfig(provider: "builtin", model: "rules"),
    ],
    routing: [
      "review": ["ollama.default", "builtin"],
      "tech_debt": ["ollama.default", "builtin"],
      "commit_message": ["ollama.default", "builtin"],
      "critical": ["ollama.default", "builtin"],
      "ask": ["ollama.default", "builtin"],
    ],
    fallback: FallbackConfig(
      maxRetries: 2, backoffInitial: .literal(seconds: 1, "1s"), backoffMax: .literal(seconds: 30, "30s"),
      maxRetryAfter: .literal(seconds: 20, "20s"), cooldown: .literal(seconds: 60, "60s")),
    privacy: PrivacyConfig(allowRemote: true, scrubSecrets: true),
    review: ReviewConfig(
      failOn: .none, format: .text, exclude: [], contextLines: 3, instructions: "", instructionsFile: "",
      maxFindingsPerFile: 20, cache: true, log: true),
    hooks: HooksConfig(
      timeout: .literal(seconds: 20, "20s"), blockOn: .high, failOpen: true, preCommit: true,
      prepareCommitMsg: false, prePush: false, postMerge: false),
    debt: DebtConfig(since: "6 months", top: 20),
    finetune: FinetuneConfig(
      out: ".git/llm/dataset", kinds: [.edit, .commitMessage, .review, .code], format: .chat, valRatio: 0.1,
      testRatio: 0.05, maxPairs: 0, skipBots: true, skipMerges: true, baseModel: "Qwen/Qwen2.5-Coder-1.5B-Instruct",
      method: .qlora, container: ContainerConfig(image: "", host: "", baseImage: ""),
      training: TrainingConfig(runner: .auto, gpus: "auto", epochs: 3, learningRate: 2e-4, loraR: 16, loraAlpha: 32, maxLength: 2048),
      deploy: DeployConfig(ollamaURL: "http://127.0.0.1:11434", modelName: "")))
}
