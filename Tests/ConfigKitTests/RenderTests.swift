import Foundation
import Testing

@testable import ConfigKit

@Suite("Rendering, reference and template")
struct RenderTests {
  @Test func secretsRenderMasked() throws {
    let box = try Sandbox()
    defer { box.remove() }
    try box.write(
      box.userFile,
      """
      providers:
        claude: {type: anthropic, api_key: "${KEY}", headers: {X-Org: org-SECRET}}
      """)
    let loaded = try box.load(env: ["KEY": "sk-SECRET"])
    for withOrigins in [false, true] {
      let text = loaded.rendered(withOrigins: withOrigins)
      #expect(!text.contains("SECRET"))
      #expect(text.contains("api_key: \"***\""))
      #expect(text.contains("X-Org: \"***\""))
    }
    let described = loaded.config.providers["claude"].map { "\($0)" } ?? ""
    #expect(!described.isEmpty && !described.contains("SECRET"))
  }

  @Test func renderedOutputRoundTrips() throws {
    let box = try Sandbox()
    defer { box.remove() }
    try box.write(
      box.userFile,
      """
      providers:
        lab: {type: openai, base_url: "http://lab.lan:8000/v1", remote: false, max_concurrency: 2}
      models:
        lab.big: {provider: lab, model: "org/model:q4", temperature: 0.25, context_window: 32768}
      routing:
        review: [lab.big, builtin]
        custom_task: [builtin]
      review:
        instructions: "Say \\"hi\\": use $$PATH & #tags"
        exclude: ["*.lock", "yes", "dist/**"]
      debt:
        since: "2 weeks"
      finetune:
        kinds: [code]
        val_ratio: 0.2
      """)
    let loaded = try box.load(env: ["GIT_LLM_HOOKS_TIMEOUT": "1m30s"])
    let path = box.root + "/rendered.yaml"
    for withOrigins in [false, true] {
      try box.write(path, loaded.rendered(withOrigins: withOrigins))
      let again = try ConfigLoader.validate(fileAt: path, environment: box.environment())
      #expect(again == loaded.config)
    }
    let text = loaded.rendered(withOrigins: true)
    #expect(text.contains("timeout: 1m30s  # from env GIT_LLM_HOOKS_TIMEOUT"))
    #expect(text.contains("fail_on: none  # from default"))
    #expect(
      text.contains("base_url: \"http://lab.lan:8000/v1\"  # from \(box.userFile):2:")
        || text.contains("base_url: http"))
    #expect(loaded.config.review.instructions == "Say \"hi\": use $PATH & #tags")
    let lines = text.split(separator: "\n")
    #expect(lines.first == "version: 1  # from default")
  }

  @Test func referenceFileEqualsDefaults() throws {
    let path = repositoryRoot + "/config/git-llm.yaml"
    let config = try ConfigLoader.validate(fileAt: path, environment: ConfigEnvironment(variables: [:]))
    #expect(config == Config.defaults)
    // Durations keep their spelling too, so the reference shows what `config show` prints.
    #expect(ConfigEncoder.leaves(of: config).map(\.value) == ConfigEncoder.leaves(of: .defaults).map(\.value))
  }

  @Test func referenceListsEverySchemaKey() throws {
    let path = repositoryRoot + "/config/git-llm.yaml"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let loaded = try ConfigLoader.loadStandalone(path: path, environment: ConfigEnvironment(variables: [:]))
    var written = Set<String>()
    for (path, origin) in loaded.origins {
      if case .file = origin, let pattern = ConfigSchema.pattern(for: path) { written.insert(pattern.joined(separator: ".")) }
    }
    let required = Set(ConfigSchema.keys.filter { !$0.isOptional }.map(\.path))
    let optional = ConfigSchema.keys.filter(\.isOptional)
    #expect(written.subtracting(optional.map(\.path)) == required)
    for key in optional where !written.contains(key.path) {
      let leaf = key.components.last == "*" ? key.components.dropLast().last ?? "" : key.components.last ?? ""
      #expect(text.contains("# \(leaf):"), "optional key \(key.path) is not shown in the reference")
    }
    for key in ConfigSchema.keys where key.isTrustedOnly {
      #expect(text.contains("[trusted-only"), "\(key.path)")
    }
  }

  @Test func documentationCoversEveryKey() throws {
    let text = try String(contentsOfFile: repositoryRoot + "/docs/configuration-reference.md", encoding: .utf8)
    for key in ConfigSchema.keys {
      #expect(text.contains("`\(key.path)`"), "docs/configuration-reference.md lacks \(key.path); run make docs")
    }
  }

  @Test func templateValidatesAndNeedsNoTrust() throws {
    let box = try Sandbox()
    defer { box.remove() }
    try box.write(box.repoFile, ConfigTemplate.repositoryFile)
    let loaded = try box.load()
    #expect(loaded.files[1].exists)
    #expect(loaded.files[1].trusted == false)
    #expect(loaded.config.review.failOn == .none)
  }

  @Test func durations() {
    #expect(ValueDuration("500ms")?.milliseconds == 500)
    #expect(ValueDuration("5m")?.seconds == 300)
    #expect(ValueDuration("1h")?.seconds == 3600)
    #expect(ValueDuration("1m30s")?.seconds == 90)
    #expect(ValueDuration("1.5s")?.milliseconds == 1500)
    #expect(ValueDuration("60s") == ValueDuration("1m"))
    #expect(ValueDuration("60s")?.text == "60s")
    for bad in ["soon", "", "5", "5 m", "m5", "-1s", "5d"] { #expect(ValueDuration(bad) == nil, "\(bad)") }
  }

  @Test func sha256Vectors() {
    #expect(SHA256.hex(Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(
      SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    #expect(
      SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000))
        == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test func suggestions() {
    #expect(Suggest.closest(to: "reveiw", in: ["review", "hooks"]) == "review")
    #expect(Suggest.closest(to: "zzz", in: ["review", "hooks"]) == nil)
  }
}
