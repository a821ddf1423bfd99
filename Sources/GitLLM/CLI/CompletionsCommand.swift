import ArgumentParser

/// `git llm completions`: shell completion scripts.
struct CompletionsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "completions",
    abstract: "Print a shell completion script for git-llm.",
    discussion: """
      Examples:
        git llm completions bash > ~/.local/share/bash-completion/completions/git-llm
        git llm completions zsh > "${fpath[1]}/_git-llm"
        git llm completions fish > ~/.config/fish/completions/git-llm.fish
      """)

  @Argument(help: "bash, zsh or fish.")
  var shell: String

  func validate() throws {
    guard CompletionShell(rawValue: shell) != nil else {
      throw ValidationError("unknown shell '\(shell)'; use bash, zsh or fish")
    }
  }

  func run() throws {
    guard let kind = CompletionShell(rawValue: shell) else { return }
    let script = RootCommand.completionScript(for: kind)
    print(kind == .zsh ? ZshCompletionScript.insertingOptions(script) : script)
  }
}
