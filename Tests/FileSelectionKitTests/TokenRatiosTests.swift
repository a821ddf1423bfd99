import FileSelectionKit
import Foundation
import Testing

@Suite("Token ratios: learned characters per token")
struct TokenRatiosTests {
  private func gitDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "token-ratios-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test func nothingLearnedKeepsTheWholeBudget() throws {
    let ratios = TokenRatios(gitDirectory: try gitDirectory())
    #expect(ratios.ratios.isEmpty)
    #expect(ratios.budgetFactor(for: "small") == 1)
    #expect(ratios.budgetFactor(for: nil) == 1)
  }

  /// Denser tokens shrink the budget, longer ones never grow it; a second run is averaged in.
  @Test func learnsARunningMeanAndOnlyShrinks() throws {
    var ratios = TokenRatios(gitDirectory: try gitDirectory())
    ratios.learn(["dense": .init(characters: 3_000, tokens: 2_000), "long": .init(characters: 6_000, tokens: 1_000)])
    #expect(ratios.ratios == ["dense": 1.5, "long": 6])
    #expect(ratios.budgetFactor(for: "dense") == 0.5)
    #expect(ratios.budgetFactor(for: "long") == 1)
    ratios.learn(["dense": .init(characters: 2_500, tokens: 1_000), "silent": .init(characters: 100, tokens: 0)])
    #expect(ratios.ratios == ["dense": 2, "long": 6])
  }

  @Test func savedRatiosAreReadBack() throws {
    let folder = try gitDirectory()
    var ratios = TokenRatios(gitDirectory: folder)
    ratios.learn(["m": .init(characters: 200, tokens: 100)])
    ratios.save()
    #expect(FileManager.default.fileExists(atPath: folder + "/llm/token-ratios.json"))
    #expect(TokenRatios(gitDirectory: folder).ratios == ["m": 2])
  }
}
