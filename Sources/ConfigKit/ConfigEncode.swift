/// Flattens a typed `Config` back to key paths and text, in schema order. The defaults layer and
/// `config show` both come from here, so what is shown is exactly what would be loaded.
enum ConfigEncoder {
  static func leaves(of config: Config) -> [(path: [String], value: LeafValue)] {
    var out: [(path: [String], value: LeafValue)] = []
    func add(_ path: [String], _ text: String) { out.append((path, .scalar(text))) }
    func add(_ path: [String], list: [String]) { out.append((path, .list(list))) }

    add(["version"], String(config.version))
    for name in config.providers.keys.sorted() {
      guard let p = config.providers[name] else { continue }
      let b = ["providers", name]
      add(b + ["type"], p.type.rawValue)
      add(b + ["base_url"], p.baseURL)
      if let apiKey = p.apiKey { add(b + ["api_key"], apiKey) }
      for header in p.headers.keys.sorted() { add(b + ["headers", header], p.headers[header] ?? "") }
      add(b + ["max_concurrency"], String(p.maxConcurrency))
      if let remote = p.remote { add(b + ["remote"], String(remote)) }
      add(b + ["timeouts", "connect"], p.timeouts.connect.text)
      add(b + ["timeouts", "first_byte"], p.timeouts.firstByte.text)
      add(b + ["timeouts", "idle"], p.timeouts.idle.text)
      add(b + ["timeouts", "total"], p.timeouts.total.text)
      add(b + ["keep_alive"], p.keepAlive.text)
      add(b + ["auto_pull"], String(p.autoPull))
    }
    for name in config.models.keys.sorted() {
      guard let m = config.models[name] else { continue }
      let b = ["models", name]
      add(b + ["provider"], m.provider)
      add(b + ["model"], m.model)
      if let value = m.contextWindow { add(b + ["context_window"], String(value)) }
      if let value = m.maxOutputTokens { add(b + ["max_output_tokens"], String(value)) }
      if let value = m.temperature { add(b + ["temperature"], String(value)) }
    }
    let standard = Config.standardTasks.filter { config.routing[$0] != nil }
    let extra = config.routing.keys.filter { !Config.standardTasks.contains($0) }.sorted()
    for task in standard + extra { add(["routing", task], list: config.routing[task] ?? []) }

    let f = config.fallback
    add(["fallback", "max_retries"], String(f.maxRetries))
    add(["fallback", "backoff_initial"], f.backoffInitial.text)
    add(["fallback", "backoff_max"], f.backoffMax.text)
    add(["fallback", "max_retry_after"], f.maxRetryAfter.text)
    add(["fallback", "cooldown"], f.cooldown.text)
    add(["privacy", "allow_remote"], String(config.privacy.allowRemote))
    add(["privacy", "scrub_secrets"], String(config.privacy.scrubSecrets))
    let r = config.review
    add(["review", "fail_on"], r.failOn.rawValue)
    add(["review", "format"], r.format.rawValue)
    add(["review", "exclude"], list: r.exclude)
    add(["review", "context_lines"], String(r.contextLines))
    add(["review", "instructions"], r.instructions)
    add(["review", "instructions_file"], r.instructionsFile)
    add(["review", "max_findings_per_file"], String(r.maxFindingsPerFile))
    add(["review", "cache"], String(r.cache))
    add(["review", "log"], String(r.log))
    let h = config.hooks
    add(["hooks", "timeout"], h.timeout.text)
    add(["hooks", "block_on"], h.blockOn.rawValue)
    add(["hooks", "fail_open"], String(h.failOpen))
    add(["hooks", "pre_commit"], String(h.preCommit))
    add(["hooks", "prepare_commit_msg"], String(h.prepareCommitMsg))
    add(["hooks", "pre_push"], String(h.prePush))
    add(["hooks", "post_merge"], String(h.postMerge))
    add(["debt", "since"], config.debt.since)
    add(["debt", "top"], String(config.debt.top))
    let t = config.finetune
    add(["finetune", "out"], t.out)
    add(["finetune", "kinds"], list: t.kinds.map(\.rawValue))
    add(["finetune", "format"], t.format.rawValue)
    add(["finetune", "val_ratio"], String(t.valRatio))
    add(["finetune", "test_ratio"], String(t.testRatio))
    add(["finetune", "max_pairs"], String(t.maxPairs))
    add(["finetune", "skip_bots"], String(t.skipBots))
    add(["finetune", "skip_merges"], String(t.skipMerges))
    add(["finetune", "base_model"], t.baseModel)
    add(["finetune", "method"], t.method.rawValue)
    add(["finetune", "runner"], t.training.runner.rawValue)
    add(["finetune", "gpus"], t.training.gpus)
    add(["finetune", "epochs"], String(t.training.epochs))
    add(["finetune", "learning_rate"], String(t.training.learningRate))
    add(["finetune", "lora_r"], String(t.training.loraR))
    add(["finetune", "lora_alpha"], String(t.training.loraAlpha))
    add(["finetune", "max_length"], String(t.training.maxLength))
    add(["finetune", "retrain_after_commits"], String(t.training.retrainAfterCommits))
    add(["finetune", "container", "image"], t.container.image)
    add(["finetune", "container", "host"], t.container.host)
    add(["finetune", "container", "base_image"], t.container.baseImage)
    add(["finetune", "deploy", "ollama_url"], t.deploy.ollamaURL)
    add(["finetune", "deploy", "model_name"], t.deploy.modelName)
    return out
  }

  /// The built-in defaults as the bottom layer.
  static func defaultsLayer() -> LayerValues {
    var layer = LayerValues()
    for (path, value) in leaves(of: .defaults) { layer.leaves[path] = Leaf(value: value, origin: .builtIn) }
    return layer
  }
}
