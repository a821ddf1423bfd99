@testable import GitLLM

/// Why `git llm setup` wrote nothing.
enum SetupErrorCatalog {
  static func explain(_ error: SetupError) -> Explanation {
    switch error {
    case .nothingAnswers:
      return Explanation(
        code: "setup.nothingAnswers", meaning: "`--provider` names a server kind, and no server of that kind answered where setup looked.",
        fix: "Start the server, or pass `--base-url` where it listens (for Ollama, `OLLAMA_HOST` works too).")
    case .noModelsPulled:
      return Explanation(
        code: "setup.noModelsPulled", meaning: "Ollama answers but has no model to route to.",
        fix: "Pull one (`ollama pull qwen2.5-coder:7b`), then run `git llm setup` again.")
    case .modelNotOffered:
      return Explanation(
        code: "setup.modelNotOffered", meaning: "`--model` names a model the server does not list.",
        fix: "Pull it (Ollama), or pass one of the models the message lists.")
    case .remoteNotAllowed:
      return Explanation(
        code: "setup.remoteNotAllowed", meaning: "The provider asked for is a remote API, and code would leave this machine.",
        fix: "Pass `--allow-remote` if that is meant (secrets are scrubbed first), or pick a local provider.")
    case .keyNotSet:
      return Explanation(
        code: "setup.keyNotSet", meaning: "The provider's API key variable is not set; setup writes a reference to it, so it must exist.",
        fix: "Export the variable the message names, then run setup again.")
    case .literalKeyInWorktree:
      return Explanation(
        code: "setup.literalKeyInWorktree",
        meaning:
          "`--literal-key` writes a key's value, and the layer file (`GIT_LLM_CONFIG` pointing there) is in the worktree, where it could be committed.",
        fix: "Write the key to the user file or the clone's own file (`--global`, `--local`), or drop `--literal-key` to write `${VAR}`.")
    case .noModel:
      return Explanation(
        code: "setup.noModel", meaning: "No local server answered and no usable API key was found, so there is no chain to write.",
        fix: "Start Ollama and pull a model, or export `ANTHROPIC_API_KEY` and pass `--allow-remote`.")
    case .notATerminal:
      return Explanation(
        code: "setup.notATerminal", meaning: "Standard input is not a terminal, so setup cannot ask; it printed the proposal on stdout.",
        fix: "Pass `--yes` to write it, or `--dry-run` to only print it.")
    case .noUserFile:
      return Explanation(
        code: "setup.noUserFile", meaning: "Neither `XDG_CONFIG_HOME` nor `HOME` is set, so there is no user file to write.",
        fix: "Set `HOME`, or pass `--local`.")
    case .noRepository:
      return Explanation(
        code: "setup.noRepository", meaning: "`--local` writes the clone's own file, and the folder is not in a repository.",
        fix: "Run it inside a repository, or pass `--global`.")
    case .cannotEdit:
      return Explanation(
        code: "setup.cannotEdit",
        meaning: "The layer writes a section in flow style (`routing: {…}`), which setup does not rewrite in place.",
        fix: "Merge the output of `git llm setup --dry-run` into the file by hand.")
    case .invalidResult:
      return Explanation(
        code: "setup.invalidResult", meaning: "The edited file would not load (the file already held something invalid, most often).",
        fix: "Run `git llm config validate` and fix what it names, then run setup again.")
    case .cannotWrite:
      return Explanation(
        code: "setup.cannotWrite", meaning: "The layer file could not be read or written.",
        fix: "Check the folder's permissions and free space, and that the file is UTF-8 text.")
    case .declined:
      return Explanation(
        code: "setup.declined", meaning: "You answered no when setup asked to write the file.",
        fix: "Nothing to fix; run it again to choose again.")
    case .endOfInput:
      return Explanation(
        code: "setup.endOfInput", meaning: "Input ended (Ctrl-D) at one of setup's questions, so it stopped there.",
        fix: "Run `git llm setup` again and answer, or pass `--yes` to write the proposal without asking.")
    case .noAnswer:
      return Explanation(
        code: "setup.noAnswer",
        meaning: "Three answers in a row to the question named were not among its choices (a number in the list, or y/n).",
        fix: "Run `git llm setup` again; press Enter to take the default shown in brackets.")
    }
  }

  static let samples: [SetupError] = [
    .nothingAnswers("http://127.0.0.1:11434", what: "Ollama", fix: "start it (ollama serve) or set OLLAMA_HOST"),
    .nothingAnswers(
      "http://127.0.0.1:8080, http://127.0.0.1:8000, http://127.0.0.1:1234", what: "an OpenAI-compatible server",
      fix: "start one, pass --base-url, or export OPENAI_API_KEY for api.openai.com"),
    .noModelsPulled("http://127.0.0.1:11434"),
    .modelNotOffered(model: "qwen2.5-coder:14b", server: "Ollama at http://127.0.0.1:11434", offered: ["llama3.2:3b"], ollama: true),
    .remoteNotAllowed("anthropic"), .keyNotSet("ANTHROPIC_API_KEY"),
    .literalKeyInWorktree("/repo/notes/git-llm.yaml"), .noModel,
    .notATerminal("/home/me/.config/git-llm/config.yaml"), .noUserFile, .noRepository,
    .cannotEdit("/home/me/.config/git-llm/config.yaml"),
    .invalidResult("/home/me/.config/git-llm/config.yaml", detail: "line 3: routing.review: expected a list"),
    .cannotWrite("could not write /home/me/.config/git-llm/config.yaml: Permission denied"), .declined, .endOfInput,
    .noAnswer("Model to review with"),
  ]
}
