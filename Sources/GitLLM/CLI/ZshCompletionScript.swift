/// argument-parser's zsh script gives a positional with nothing to complete (a range, paths) an
/// empty action, which `_arguments` turns into a message that also stops zsh from inserting
/// anything: `git llm review --st<TAB>` would list --staged and leave `--st` on the line.
/// `_guard "^-*" <name>` shows the same message, but only while the word is not an option.
enum ZshCompletionScript {
  static func insertingOptions(_ script: String) -> String {
    script.split(separator: "\n", omittingEmptySubsequences: false)
      .map(guardingEmptyAction)
      .joined(separator: "\n")
  }

  /// `':range:'` (or `'*:paths:'`) in an `arg_specs` list, with its indentation.
  private static func guardingEmptyAction(_ line: Substring) -> String {
    guard let spec = line.wholeMatch(of: #/(\s*)'(\*?):([^:']*):'/#) else { return String(line) }
    let (_, indent, repeating, name) = spec.output
    return "\(indent)'\(repeating):\(name):_guard \"^-*\" \(name)'"
  }
}
