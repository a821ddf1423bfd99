/// Builds the typed `Config` from merged values and runs the checks that span several keys.
struct ConfigDecoder {
  private let values: LayerValues
  private(set) var errors: [ConfigError] = []

  /// Decodes merged values; the config is only meaningful when `errors` is empty.
  static func decode(_ values: LayerValues) -> (Config, [ConfigError]) {
    var decoder = ConfigDecoder(values: values)
    let config = decoder.build()
    return (config, decoder.errors)
  }

  private init(values: LayerValues) { self.values = values }

  private mutating func build() -> Config {
    let ordered = values.leaves.sorted { Self.sortKey($0.key, $0.value) < Self.sortKey($1.key, $1.value) }
    for (path, leaf) in ordered {
      if let error = ConfigValidate.check(path, leaf) { errors.append(error) }
    }
    let d = Config.defaults
    var config = d
    config.providers = [:]
    for name in values.names(in: "providers") {
      if let provider = provider(name) { config.providers[name] = provider }
    }
    config.models = [:]
    for name in values.names(in: "models") {
      if let model = model(name) { config.models[name] = model }
    }
    config.routing = [:]
    for name in values.names(in: "routing") { config.routing[name] = list(["routing", name]) ?? [] }
    config.fallback = FallbackConfig(
      maxRetries: int(["fallback", "max_retries"]) ?? d.fallback.maxRetries,
      backoffInitial: duration(["fallback", "backoff_initial"]) ?? d.fallback.backoffInitial,
      backoffMax: duration(["fallback", "backoff_max"]) ?? d.fallback.backoffMax,
      maxRetryAfter: duration(["fallback", "max_retry_after"]) ?? d.fallback.maxRetryAfter,
      cooldown: duration(["fallback", "cooldown"]) ?? d.fallback.cooldown)
    config.privacy = PrivacyConfig(
      allowRemote: bool(["privacy", "allow_remote"]) ?? d.privacy.allowRemote,
      scrubSecrets: bool(["privacy", "scrub_secrets"]) ?? d.privacy.scrubSecrets)
    config.review = ReviewConfig(
      failOn: choice(["review", "fail_on"]) ?? d.review.failOn,
      format: choice(["review", "format"]) ?? d.review.format,
      exclude: list(["review", "exclude"]) ?? d.review.exclude,
      contextLines: int(["review", "context_lines"]) ?? d.review.contextLines,
      instructions: text(["review", "instructions"]) ?? d.review.instructions,
      instructionsFile: text(["review", "instructions_file"]) ?? d.review.instructionsFile,
      maxFindingsPerFile: int(["review", "max_findings_per_file"]) ?? d.review.maxFindingsPerFile,
      cache: bool(["review", "cache"]) ?? d.review.cache,
      log: bool(["review", "log"]) ?? d.review.log)
    config.hooks = HooksConfig(
      timeout: duration(["hooks", "timeout"]) ?? d.hooks.timeout,
      blockOn: choice(["hooks", "block_on"]) ?? d.hooks.blockOn,
      failOpen: bool(["hooks", "fail_open"]) ?? d.hooks.failOpen,
      preCommit: bool(["hooks", "pre_commit"]) ?? d.hooks.preCommit,
      prepareCommitMsg: bool(["hooks", "prepare_commit_msg"]) ?? d.hooks.prepareCommitMsg,
      prePush: bool(["hooks", "pre_push"]) ?? d.hooks.prePush,
      postMerge: bool(["hooks", "post_merge"]) ?? d.hooks.postMerge)
    config.debt = DebtConfig(
      since: text(["debt", "since"]) ?? d.debt.since, top: int(["debt", "top"]) ?? d.debt.top)
    let f = d.finetune
    config.finetune = FinetuneConfig(
      out: text(["finetune", "out"]) ?? f.out,
      kinds: list(["finetune", "kinds"]).map { $0.compactMap(DatasetKind.init(rawValue:)) } ?? f.kinds,
      format: choice(["finetune", "format"]) ?? f.format,
      valRatio: decimal(["finetune", "val_ratio"]) ?? f.valRatio,
      testRatio: decimal(["finetune", "test_ratio"]) ?? f.testRatio,
      maxPairs: int(["finetune", "max_pairs"]) ?? f.maxPairs,
      skipBots: bool(["finetune", "skip_bots"]) ?? f.skipBots,
      skipMerges: bool(["finetune", "skip_merges"]) ?? f.skipMerges,
      baseModel: text(["finetune", "base_model"]) ?? f.baseModel,
      method: choice(["finetune", "method"]) ?? f.method,
      container: ContainerConfig(
        image: text(["finetune", "container", "image"]) ?? f.container.image,
        host: text(["finetune", "container", "host"]) ?? f.container.host,
        baseImage: text(["finetune", "container", "base_image"]) ?? f.container.baseImage),
      training: TrainingConfig(
        runner: choice(["finetune", "runner"]) ?? f.training.runner, gpus: text(["finetune", "gpus"]) ?? f.training.gpus,
        epochs: decimal(["finetune", "epochs"]) ?? f.training.epochs,
        learningRate: decimal(["finetune", "learning_rate"]) ?? f.training.learningRate,
        loraR: int(["finetune", "lora_r"]) ?? f.training.loraR, loraAlpha: int(["finetune", "lora_alpha"]) ?? f.training.loraAlpha,
        maxLength: int(["finetune", "max_length"]) ?? f.training.maxLength,
        retrainAfterCommits: int(["finetune", "retrain_after_commits"]) ?? f.training.retrainAfterCommits),
      deploy: DeployConfig(
        ollamaURL: text(["finetune", "deploy", "ollama_url"]) ?? f.deploy.ollamaURL,
        modelName: text(["finetune", "deploy", "model_name"]) ?? f.deploy.modelName))
    crossCheck(config)
    return config
  }

  private mutating func provider(_ name: String) -> ProviderConfig? {
    let base = ["providers", name]
    let type: ProviderType
    if let chosen: ProviderType = choice(base + ["type"]) {
      type = chosen
    } else if values.leaves[base + ["type"]] != nil {
      return nil  // already reported as a bad value
    } else if let implied = ProviderType(rawValue: name) {
      type = implied
    } else {
      errors.append(
        .missingKey(
          location: entityLocation(base), key: "providers.\(name).type",
          hint: "set it to one of \(ProviderType.allCases.map(\.rawValue).joined(separator: ", "))"))
      return nil
    }
    var headers: [String: String] = [:]
    for (path, leaf) in values.leaves where path.count == 4 && Array(path.prefix(3)) == base + ["headers"] {
      if case let .scalar(value) = leaf.value { headers[path[3]] = value }
    }
    let timeouts = ProviderTimeouts.defaults
    return ProviderConfig(
      type: type, baseURL: text(base + ["base_url"]), apiKey: text(base + ["api_key"]), headers: headers,
      maxConcurrency: int(base + ["max_concurrency"]), remote: bool(base + ["remote"]),
      timeouts: ProviderTimeouts(
        connect: duration(base + ["timeouts", "connect"]) ?? timeouts.connect,
        firstByte: duration(base + ["timeouts", "first_byte"]) ?? timeouts.firstByte,
        idle: duration(base + ["timeouts", "idle"]) ?? timeouts.idle,
        total: duration(base + ["timeouts", "total"]) ?? timeouts.total),
      keepAlive: duration(base + ["keep_alive"]) ?? .fiveMinutes,
      autoPull: bool(base + ["auto_pull"]) ?? false)
  }

  private mutating func model(_ name: String) -> ModelConfig? {
    let base = ["models", name]
    var missing = false
    for field in ["provider", "model"] where text(base + [field]) == nil {
      errors.append(
        .missingKey(
          location: entityLocation(base), key: "models.\(name).\(field)",
          hint: field == "provider" ? "name one of the providers" : "give the provider's model name"))
      missing = true
    }
    guard !missing, let provider = text(base + ["provider"]), let model = text(base + ["model"]) else { return nil }
    return ModelConfig(
      provider: provider, model: model, contextWindow: int(base + ["context_window"]),
      maxOutputTokens: int(base + ["max_output_tokens"]), temperature: decimal(base + ["temperature"]))
  }

  private mutating func crossCheck(_ config: Config) {
    for (name, model) in config.models.sorted(by: { $0.key < $1.key }) where config.providers[model.provider] == nil {
      let path = ["models", name, "provider"]
      errors.append(
        .unknownReference(
          location: values.leaves[path]?.origin.valueLocation, key: path.joined(separator: "."),
          kind: "provider", name: model.provider,
          suggestion: Suggest.closest(to: model.provider, in: Array(config.providers.keys).sorted())))
    }
    for (task, chain) in config.routing.sorted(by: { $0.key < $1.key }) {
      for alias in chain where config.models[alias] == nil {
        let path = ["routing", task]
        errors.append(
          .unknownReference(
            location: values.leaves[path]?.origin.valueLocation,
            key: path.joined(separator: "."), kind: "model alias", name: alias,
            suggestion: Suggest.closest(to: alias, in: Array(config.models.keys).sorted())))
      }
    }
    let val = ["finetune", "val_ratio"]
    let test = ["finetune", "test_ratio"]
    // Only two valid shares are added up: one out of range was reported on its own line already.
    if let v = decimal(val), let t = decimal(test), (0..<1).contains(v), (0..<1).contains(t), v + t >= 1 {
      let later = [val, test].compactMap { values.leaves[$0] }.first { $0.origin != .builtIn }
      errors.append(
        .invalidValue(
          location: later?.origin.valueLocation, key: "finetune.val_ratio + finetune.test_ratio",
          expected: "less than 1 so some pairs are left for training", got: String(v + t), suggestion: nil))
    }
  }

  private func entityLocation(_ base: [String]) -> String? {
    if let origin = values.entities[base] { return origin.keyLocation }
    return values.leaves.first { $0.key.starts(with: base) }?.value.origin.keyLocation
  }

  // Typed reads return nil both when a key is absent and when its value is invalid: invalid values
  // were already reported by ConfigValidate, and the partial config is discarded in that case.
  private func text(_ path: [String]) -> String? {
    if case let .scalar(text)? = values.leaves[path]?.value { return text }
    return nil
  }
  private func list(_ path: [String]) -> [String]? {
    if case let .list(items)? = values.leaves[path]?.value { return items }
    return nil
  }
  private func int(_ path: [String]) -> Int? { text(path).flatMap { Int($0) } }
  private func decimal(_ path: [String]) -> Double? { text(path).flatMap { Double($0) } }
  private func duration(_ path: [String]) -> ValueDuration? { text(path).flatMap { ValueDuration($0) } }
  private func bool(_ path: [String]) -> Bool? {
    switch text(path) {
    case "true": true
    case "false": false
    default: nil
    }
  }
  private func choice<T: RawRepresentable>(_ path: [String]) -> T? where T.RawValue == String {
    text(path).flatMap { T(rawValue: $0) }
  }

  /// File problems sort by file then line so the report reads top to bottom.
  private static func sortKey(_ path: [String], _ leaf: Leaf) -> String {
    switch leaf.origin {
    case .builtIn: "0 " + path.joined(separator: ".")
    case let .file(key, _, layer): "1 \(layer.rawValue) \(key.path) " + String(format6(key.line)) + path.joined(separator: ".")
    case let .environment(name): "2 " + name
    case let .flag(label): "3 " + label
    }
  }

  private static func format6(_ number: Int) -> String {
    let digits = String(number)
    return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
  }
}
