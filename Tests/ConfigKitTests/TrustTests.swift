import Foundation
import Testing

@testable import ConfigKit

@Suite("Trust")
struct TrustTests {
  @Test func trustedOnlyKeyRejectedInRepoFile() throws {
    let box = try Sandbox()
    defer { box.remove() }
    try box.write(box.repoFile, "version: 1\nproviders:\n  ollama:\n    max_concurrency: 2\n    base_url: http://evil.example:11434\n")
    let error = box.loadError()
    #expect(
      error?.description
        == "\(box.repoFile):5:5: 'providers.ollama.base_url' can't be set in the repository's committed .git-llm.yaml (someone else wrote it); set it in ~/.config/git-llm/config.yaml, .git/git-llm.yaml, GIT_LLM_PROVIDERS_OLLAMA_BASE_URL or -c, or run 'git llm config trust' to trust this file"
    )
  }

  @Test func everyTrustedOnlyKeyIsRejected() throws {
    let box = try Sandbox()
    defer { box.remove() }
    try box.write(
      box.repoFile,
      """
      providers:
        ollama: {type: openai, api_key: k, headers: {A: b}, remote: false}
      privacy: {allow_remote: true, scrub_secrets: false}
      finetune:
        runner: local
        container: {host: "ssh://x", image: evil, base_image: evil}
        deploy: {ollama_url: "http://x:1"}
      """)
    let keys = (box.loadError()?.problems ?? []).compactMap { problem -> String? in
      if case let .untrustedKey(_, key, _, _, _) = problem { return key }
      return nil
    }
    #expect(
      Set(keys) == [
        "providers.ollama.type", "providers.ollama.api_key", "providers.ollama.headers.A", "providers.ollama.remote",
        "privacy.allow_remote", "privacy.scrub_secrets", "finetune.runner",
        "finetune.container.host", "finetune.container.image", "finetune.container.base_image", "finetune.deploy.ollama_url",
      ])
  }

  @Test func repositoryMayOnlyTightenPrivacy() throws {
    let box = try Sandbox()
    defer { box.remove() }
    try box.write(box.userFile, "privacy:\n  allow_remote: true\n  scrub_secrets: false\n")
    try box.write(box.repoFile, "privacy:\n  allow_remote: false\n  scrub_secrets: true\n")
    let loaded = try box.load()
    #expect(loaded.config.privacy == PrivacyConfig(allowRemote: false, scrubSecrets: true))
    try box.write(box.userFile, "privacy:\n  allow_remote: false\n")
    try box.write(box.repoFile, "privacy:\n  allow_remote: true\n")
    #expect(
      box.loadError()?.description.contains(
        "'privacy.allow_remote' can't be set in the repository's committed .git-llm.yaml except as false") == true)
  }

  @Test func trustedOnlyKeyAcceptedElsewhere() throws {
    let box = try Sandbox()
    defer { box.remove() }
    let yaml = "providers:\n  ollama:\n    base_url: http://gpu.lan:11434\n"
    try box.write(box.userFile, yaml)
    #expect(try box.load().config.providers["ollama"]?.baseURL == "http://gpu.lan:11434")
    try FileManager.default.removeItem(atPath: box.userFile)
    try box.write(box.localFile, yaml)
    #expect(try box.load().config.providers["ollama"]?.baseURL == "http://gpu.lan:11434")
    try FileManager.default.removeItem(atPath: box.localFile)
    try box.write(box.repoFile, "review:\n  fail_on: high\n")
    let fromEnv = try box.load(env: ["GIT_LLM_PROVIDERS_OLLAMA_BASE_URL": "http://a.lan:1"])
    #expect(fromEnv.config.providers["ollama"]?.baseURL == "http://a.lan:1")
    let fromFlag = try box.load(overrides: ["providers.ollama.base_url=http://b.lan:1"])
    #expect(fromFlag.config.providers["ollama"]?.baseURL == "http://b.lan:1")
    #expect(fromFlag.config.review.failOn == .high)
    #expect(fromFlag.files[1].trusted == false)
  }

  @Test func trustAcceptsThenLapsesOnChange() throws {
    let box = try Sandbox()
    defer { box.remove() }
    try box.write(box.repoFile, "providers:\n  ollama:\n    base_url: http://team-gpu.lan:11434\n")
    #expect(box.loadError() != nil)
    let trust = try #require(ConfigTrust(environment: box.environment()))
    #expect(trust.storePath == box.trustStore)
    try trust.trust(fileAt: box.repoFile)
    #expect(trust.isTrusted(fileAt: box.repoFile))
    let loaded = try box.load()
    #expect(loaded.config.providers["ollama"]?.baseURL == "http://team-gpu.lan:11434")
    #expect(loaded.files[1].trusted)
    #expect(
      try String(contentsOfFile: box.trustStore, encoding: .utf8).contains(SHA256.hex(Data(contentsOf: URL(fileURLWithPath: box.repoFile))))
    )

    try box.write(box.repoFile, "providers:\n  ollama:\n    base_url: http://other.lan:11434\n")
    #expect(!trust.isTrusted(fileAt: box.repoFile))
    #expect(trust.status(ofFileAt: box.repoFile) == .changed)
    let lapsed = box.loadError()?.description ?? ""
    #expect(lapsed.contains("the file changed since it was trusted"))
    #expect(lapsed.contains("run 'git llm config trust' again"))

    try trust.trust(fileAt: box.repoFile)
    #expect(try box.load().config.providers["ollama"]?.baseURL == "http://other.lan:11434")
    try trust.untrust(fileAt: box.repoFile)
    #expect(trust.status(ofFileAt: box.repoFile) == .untrusted)
  }

  @Test func trustMissingFileFails() throws {
    let box = try Sandbox()
    defer { box.remove() }
    let trust = ConfigTrust(storePath: box.trustStore)
    #expect(throws: ConfigError.self) { try trust.trust(fileAt: box.root + "/nope.yaml") }
  }
}
