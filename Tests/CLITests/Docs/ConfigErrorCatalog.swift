@testable import ConfigKit

/// Configuration errors: what each case means and how to fix it, with a sample of every case.
enum ConfigErrorCatalog {
  static func explain(_ error: ConfigError) -> Explanation {
    switch error {
    case .syntax:
      return Explanation(
        code: "config.syntax", meaning: "The file is not valid YAML; the text after `invalid YAML:` is libyaml's own.",
        fix: "Fix the file at the line and column shown, then check it with `git llm config validate FILE`.")
    case .duplicateKey:
      return Explanation(
        code: "config.duplicateKey", meaning: "The same key appears twice in one mapping, so one value would silently win.",
        fix: "Delete one of the two.")
    case .unknownKey:
      return Explanation(
        code: "config.unknownKey", meaning: "The schema has no such key: a typo, or a key from another version of git-llm.",
        fix: "Use the suggested name; [configuration-reference.md](configuration-reference.md) lists every key.")
    case .invalidValue:
      return Explanation(
        code: "config.invalidValue",
        meaning: "The value has the wrong type or lies outside the key's range. Secret values are never echoed.",
        fix: "Write a value of the form named after `must be`.")
    case .missingKey:
      return Explanation(
        code: "config.missingKey",
        meaning:
          "An entry lacks a key it needs: a provider whose name is not a type and sets no `type`, or a model without `provider` or `model`.",
        fix: "Add the key the message names.")
    case .missingVariable:
      return Explanation(
        code: "config.missingVariable", meaning: "A `${VAR}` reference names a variable that is not set and gives no default.",
        fix: "Export the variable, or write `${VAR:-default}`.")
    case .badSubstitution:
      return Explanation(
        code: "config.badSubstitution", meaning: "A `${` is never closed or does not name a variable.",
        fix: "Close it, or write `$$` for a literal `$`.")
    case .untrustedKey:
      return Explanation(
        code: "config.untrustedKey",
        meaning:
          "The committed `.git-llm.yaml` sets a trusted-only key (an endpoint, a key, a command, or loosens privacy). Someone else wrote that file, so it may not until you trust it; a trusted file that changed since loses that trust.",
        fix:
          "Move the key to your own file, the local `.git/git-llm.yaml`, the environment or `-c`; or read the file and run `git llm config trust`."
      )
    case .unsupportedVersion:
      return Explanation(
        code: "config.unsupportedVersion", meaning: "`version` is not 1; a higher number means a newer git-llm wrote the file.",
        fix: "Write `version: 1`, or upgrade git-llm.")
    case .unknownReference:
      return Explanation(
        code: "config.unknownReference",
        meaning: "A routing chain names a model alias that is not defined, or a model names a provider that is not defined.",
        fix: "Define it under `models` or `providers`, or correct the name (`git llm config show` lists them).")
    case .badOverride:
      return Explanation(
        code: "config.badOverride", meaning: "A `-c` flag is not `key.path=value`, or names no key.",
        fix: "Write `-c key.path=value` with a key from the reference.")
    case .io:
      return Explanation(
        code: "config.io", meaning: "A configuration file or the trust store could not be read or written.",
        fix: "Follow the advice after the path: permissions, a folder given for a file, or a damaged trust store.")
    case .invalid:
      return Explanation(
        code: "config.invalid", meaning: "Several problems were found at once; each is printed on its own line, in file order.",
        fix: "Fix each line as described under its own message here.")
    }
  }

  static let samples: [ConfigError] = [
    .syntax(location: ".git-llm.yaml:4:1", message: "mapping values are not allowed in this context"),
    .duplicateKey(location: ".git-llm.yaml:6:3", key: "fail_on"),
    .unknownKey(location: ".git-llm.yaml:2:3", key: "fail_onn", parent: "review", suggestion: "fail_on"),
    .invalidValue(
      location: ".git-llm.yaml:3:12", key: "review.fail_on", expected: ValueKind.choice(ConfigSchema.severities).expectation,
      got: "severe", suggestion: nil),
    .missingKey(location: "~/.config/git-llm/config.yaml:8:3", key: "models.claude.model", hint: "give the provider's model name"),
    .missingVariable(location: "~/.config/git-llm/config.yaml:4:14", key: "providers.claude.api_key", variable: "ANTHROPIC_API_KEY"),
    .badSubstitution(
      location: "~/.config/git-llm/config.yaml:4:14", key: "providers.claude.api_key", detail: "'${' is never closed with '}'"),
    .untrustedKey(
      location: ".git-llm.yaml:3:5", key: "providers.ollama.base_url", envName: "GIT_LLM_PROVIDERS_OLLAMA_BASE_URL", trustLapsed: false),
    .untrustedKey(
      location: ".git-llm.yaml:7:17", key: "privacy.allow_remote", envName: "GIT_LLM_PRIVACY_ALLOW_REMOTE", trustLapsed: true,
      allowedValue: "false"),
    .unsupportedVersion(location: ".git-llm.yaml:1:10", found: "2"),
    .unsupportedVersion(location: ".git-llm.yaml:1:10", found: "one"),
    .unknownReference(
      location: ".git-llm.yaml:9:13", key: "routing.review", kind: "model alias", name: "claude.sonet", suggestion: "claude.sonnet"),
    .badOverride(text: "review.fail_on", detail: "expected key.path=value, e.g. -c review.fail_on=high"),
    .io(path: "/repo/.git-llm.yaml", detail: "can't read the file; check its permissions"),
    .invalid([
      .unknownKey(location: ".git-llm.yaml:2:3", key: "fail_onn", parent: "review", suggestion: "fail_on"),
      .unsupportedVersion(location: ".git-llm.yaml:1:10", found: "2"),
    ]),
  ]
}
