import ConfigKit
import Foundation
import Testing

@Suite("LayerEdit: setting keys in a file's text, keeping the rest")
struct LayerEditTests {
  typealias Set = LayerEdit.Assignment

  @Test func anEmptyFileGetsNestedBlocks() {
    let text = LayerEdit.applying(
      [
        Set(["providers", "ollama", "type"], "ollama"), Set(["providers", "ollama", "base_url"], "x"),
        Set(["routing", "review"], "[a, builtin]"),
      ],
      to: "")
    #expect(text == "providers:\n  ollama:\n    type: ollama\n    base_url: x\nrouting:\n  review: [a, builtin]\n")
  }

  @Test func valuesAreReplacedAndCommentsOrderAndOtherKeysStay() {
    let before = """
      # mine
      providers:
          ollama:
              keep_alive: 10m   # warm
              base_url: http://old
      routing:
        review:
        - old
        - builtin
        ask: [builtin]
      # trailing comment

      review:
        fail_on: high
      """
    let after = LayerEdit.applying(
      [
        Set(["providers", "ollama", "base_url"], "http://new"), Set(["routing", "review"], "[a, builtin]"),
        Set(["privacy", "allow_remote"], "true"),
      ],
      to: before)
    #expect(
      after == """
        # mine
        providers:
            ollama:
                keep_alive: 10m   # warm
                base_url: http://new
        routing:
          review: [a, builtin]
          ask: [builtin]
        # trailing comment

        review:
          fail_on: high
        privacy:
          allow_remote: true

        """)
  }

  @Test func aFlowStyleParentIsNotRewritten() {
    #expect(LayerEdit.applying([Set(["models", "a", "model"], "m")], to: "models: {a: {provider: p, model: n}}\n") == nil)
    #expect(LayerEdit.applying([Set(["models", "b", "model"], "m")], to: "models:\n  a: {provider: p, model: n}\n") != nil)
  }

  @Test func quotedKeysAndValuesAreFound() {
    let after = LayerEdit.applying(
      [Set(["models", "ollama.default", "model"], LayerEdit.scalar("qwen2.5-coder:7b"))],
      to: "models:\n  \"ollama.default\":\n    model: old\n")
    #expect(after == "models:\n  \"ollama.default\":\n    model: \"qwen2.5-coder:7b\"\n")
    #expect(LayerEdit.reference("ANTHROPIC_API_KEY") == "\"${ANTHROPIC_API_KEY}\"")
    #expect(LayerEdit.list(["claude.sonnet", "builtin"]) == "[claude.sonnet, builtin]")
  }
}
