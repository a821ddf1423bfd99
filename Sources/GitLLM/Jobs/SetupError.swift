/// Why `git llm setup` wrote nothing: one line naming the thing and the fix.
enum SetupError: Error, Equatable, CustomStringConvertible {
  case nothingAnswers(String, what: String, fix: String)
  case noModelsPulled(String)
  case modelNotOffered(model: String, server: String, offered: [String], ollama: Bool)
  case remoteNotAllowed(String)
  case keyNotSet(String)
  case literalKeyInWorktree(String)
  case noModel
  case notATerminal(String)
  case noUserFile
  case noRepository
  case cannotEdit(String)
  case invalidResult(String, detail: String)
  case cannotWrite(String)
  case declined
  case endOfInput
  case noAnswer(String)

  static let suggestedModel = "qwen2.5-coder:7b"

  var description: String {
    switch self {
    case let .nothingAnswers(place, what, fix): "nothing answers at \(place) (\(what)); \(fix)"
    case let .noModelsPulled(url):
      "Ollama at \(url) has no models pulled; run `ollama pull \(Self.suggestedModel)`, then `git llm setup` again"
    case let .modelNotOffered(model, server, offered, ollama):
      "model '\(model)' is not on \(server); "
        + (ollama ? "run `ollama pull \(model)`, or pick one of: " : "pick one of: ")
        + (offered.isEmpty ? "(none)" : offered.joined(separator: ", "))
    case let .remoteNotAllowed(provider):
      "'\(provider)' is a remote API: code would leave this machine (secrets scrubbed first); pass --allow-remote to use it"
    case let .keyNotSet(variable):
      "\(variable) is not set; export it and run setup again (the file gets ${\(variable)}, never the key)"
    case let .literalKeyInWorktree(path):
      "--literal-key won't write a key into \(path), a file of the worktree that could be committed; "
        + "write it to the user file (--global) or <git dir>/git-llm.yaml (--local), or drop --literal-key"
    case .noModel:
      "no model found: start Ollama and `ollama pull \(Self.suggestedModel)`, or export ANTHROPIC_API_KEY and pass --allow-remote, then run `git llm setup` again; nothing written"
    case let .notATerminal(path):
      "not a terminal, so setup asks nothing: pass --yes to write the proposal above to \(path), or --dry-run to only print it"
    case .noUserFile: "no home folder known for the user file; set HOME (or XDG_CONFIG_HOME), or pass --local"
    case .noRepository: "--local writes <git dir>/git-llm.yaml, and this is not a repository; run it inside one, or pass --global"
    case let .cannotEdit(path):
      "can't edit \(path) in place (a section is written in flow style); nothing written; merge the output of --dry-run by hand"
    case let .invalidResult(path, detail): "the edited \(path) would not load: \(detail); nothing written"
    case let .cannotWrite(detail): "\(detail); nothing written"
    case .declined: "answered no; nothing written"
    case .endOfInput:
      "no answer (end of input); nothing written; run `git llm setup` again, or `git llm setup --yes` to write the proposal without asking"
    case let .noAnswer(question):
      "no answer setup understands to \"\(question)\" after three tries; nothing written; run `git llm setup` again"
    }
  }
}
