import ArgumentParser

/// `git llm setup`.
struct SetupCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "setup",
    abstract: "Find a model (a running Ollama or OpenAI-compatible server, an API key) and route reviews to it.",
    discussion: """
      Looks for Ollama (OLLAMA_HOST, else 127.0.0.1:11434) and its pulled models, for a \
      llama.cpp server (8080), vLLM (8000) or LM Studio (1234) on this machine, and for \
      ANTHROPIC_API_KEY / OPENAI_API_KEY in the environment (values are never shown); \
      --base-url looks there instead, and GIT_LLM_SETUP_PROBES (base URLs, comma-separated, or \
      none) replaces the usual ports. Without --base-url, ANTHROPIC_BASE_URL and OPENAI_BASE_URL \
      (the official SDKs' variables) name those providers' endpoints, written as base_url. It \
      proposes a chain for every task (a local model first, a remote one only with \
      --allow-remote, then builtin), writes it into the user file (--global, the default) or \
      the clone's own <git dir>/git-llm.yaml (--local), keeping the file's other keys and \
      comments, and sends each model one short request. API keys are written as \
      ${ANTHROPIC_API_KEY}, never their value, unless --literal-key asks for the value itself: \
      then the file (the user file or the clone's own, never one in the worktree) is made mode \
      0600, a warning says it holds a secret, and what is printed shows *** in its place. On a \
      terminal it asks (on stderr, so stdout keeps only the results; Ctrl-D or no at the end \
      writes nothing); elsewhere pass --yes to write the proposal, or --dry-run to print the \
      file it would write.

      Examples:
        git llm setup
        git llm setup --dry-run --yes
        git llm setup --yes --provider ollama --model qwen2.5-coder:7b
        git llm setup --yes --provider anthropic --allow-remote --local
      """)

  @OptionGroup var global: GlobalOptions

  @Option(help: "Use this provider only: ollama, openai or anthropic.")
  var provider: SetupOptions.Provider?

  @Option(help: ArgumentHelp("The model to route to (one the server offers).", valueName: "name"))
  var model: String?

  @Option(
    help: ArgumentHelp(
      "Look for the server here instead (for anthropic, the API endpoint; default ANTHROPIC_BASE_URL / OPENAI_BASE_URL).",
      valueName: "url"))
  var baseUrl: String?

  @Flag(name: .customLong("global"), help: "Write the user file, ~/.config/git-llm/config.yaml (the default).")
  var globalLayer = false

  @Flag(help: "Write this clone's <git dir>/git-llm.yaml.")
  var local = false

  @Flag(name: .shortAndLong, help: "Ask nothing: write the proposal.")
  var yes = false

  @Flag(help: "Let the chain use a remote API (code leaves this machine; secrets are scrubbed first).")
  var allowRemote = false

  @Flag(help: "Print the file it would write, and write nothing.")
  var dryRun = false

  @Flag(help: "Write the API key's value instead of ${VAR} (file made mode 0600; the value is never printed).")
  var literalKey = false

  func validate() throws {
    if globalLayer && local { throw ValidationError("--global and --local exclude each other; pass one") }
    if let baseUrl, !(baseUrl.hasPrefix("http://") || baseUrl.hasPrefix("https://")) {
      throw ValidationError("--base-url \(baseUrl): not an http(s) URL; pass one like http://127.0.0.1:11434")
    }
  }

  func run() async throws {
    try await SetupJob(
      options: SetupOptions(
        directory: global.startDirectory, overrides: global.overrides, provider: provider, model: model, baseURL: baseUrl,
        layer: local ? .local : globalLayer ? .global : nil, yes: yes, allowRemote: allowRemote, dryRun: dryRun, quiet: global.quiet,
        literalKey: literalKey)
    ).run()
  }
}

extension SetupOptions.Provider: ExpressibleByArgument {}
