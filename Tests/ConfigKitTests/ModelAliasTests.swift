import ConfigKit
import Foundation
import Testing

@Suite("ModelAlias: pointing models.fine_tuned at a deployed model")
struct ModelAliasTests {
  @Test func anEmptyFileGetsAModelsBlock() {
    #expect(
      ModelAlias.edited("", alias: "fine_tuned", provider: "ollama", model: "repo-reviewer")
        == "models:\n  fine_tuned:\n    provider: \"ollama\"\n    model: \"repo-reviewer\"\n")
  }

  @Test func commentsAndOrderStayAndTheEntryIsReplaced() {
    let text = """
      # local settings
      review:
        fail_on: high   # keep
      models:
        # the deployed one
        fine_tuned:
          provider: ollama
          model: "old"
          context_window: 4096
        other:
          provider: ollama
          model: x
      routing:
        review: [fine_tuned, builtin]

      """
    let edited = ModelAlias.edited(text, alias: "fine_tuned", provider: "ollama", model: "new")
    #expect(
      edited == """
        # local settings
        review:
          fail_on: high   # keep
        models:
          # the deployed one
          fine_tuned:
            provider: "ollama"
            model: "new"
          other:
            provider: ollama
            model: x
        routing:
          review: [fine_tuned, builtin]

        """)
  }

  @Test func aModelsBlockWithoutTheAliasGetsItFirst() {
    let edited = ModelAlias.edited("models:\n  a:\n    provider: p\n    model: m\n", alias: "fine_tuned", provider: "ollama", model: "n")
    #expect(edited == "models:\n  fine_tuned:\n    provider: \"ollama\"\n    model: \"n\"\n  a:\n    provider: p\n    model: m\n")
  }

  @Test func theFileIsWrittenOnlyWhenItStillLoads() throws {
    let folder = NSTemporaryDirectory() + "alias-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try "review:\n  fail_on: high\n".write(toFile: folder + "/git-llm.yaml", atomically: true, encoding: .utf8)
    try ModelAlias.point(gitDirectory: folder, alias: "fine_tuned", provider: "ollama", model: "m")
    let text = try String(contentsOfFile: folder + "/git-llm.yaml", encoding: .utf8)
    #expect(text.hasPrefix("review:\n  fail_on: high\n\nmodels:\n  fine_tuned:"))
    // An unknown provider makes the file invalid: it is left as it was.
    #expect(throws: ConfigError.self) { try ModelAlias.point(gitDirectory: folder, alias: "fine_tuned", provider: "nowhere", model: "m") }
    #expect(try String(contentsOfFile: folder + "/git-llm.yaml", encoding: .utf8) == text)
  }
}
