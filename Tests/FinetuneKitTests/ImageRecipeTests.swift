import Foundation
import TestSupport
import Testing

@testable import FinetuneKit

@Suite("ImageRecipe: the training image's content hash and build command")
struct ImageRecipeTests {
  let share: ShareFolder

  init() throws {
    let docker = try makeTemporaryFolder() + "/docker"
    try FileManager.default.createDirectory(atPath: docker + "/finetune", withIntermediateDirectories: true)
    share = ShareFolder(docker: docker)
    try write("fine-tuning.Dockerfile", "FROM base\n")
    try write("finetune/train.py", "print('train')\n")
    try write("finetune/finetune_data.py", "DATA = 1\n")
    try write("finetune/requirements.txt", "trl==1\n")
    try write("finetune/test_x.py", "def test_x(): pass\n")
    try write("finetune/README.md", "notes\n")
  }

  func write(_ relative: String, _ text: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: share.docker + "/" + relative))
  }

  func recipe(baseImage: String? = nil, bitsAndBytes: Bool = true) -> ImageRecipe {
    ImageRecipe(share: share, baseImage: baseImage, withBitsAndBytes: bitsAndBytes)
  }

  @Test func inputsAreTheDockerfileScriptsAndRequirements() {
    #expect(
      recipe().inputs() == [
        "fine-tuning.Dockerfile", "finetune/finetune_data.py", "finetune/requirements.txt", "finetune/train.py",
      ])
  }

  @Test func hashIsStable() throws {
    let hash = try recipe().contentHash()
    #expect(hash.count == 64)
    #expect(try recipe().contentHash() == hash)
  }

  @Test func hashChangesWithAScript() throws {
    let before = try recipe().contentHash()
    try write("finetune/finetune_data.py", "DATA = 2\n")
    #expect(try recipe().contentHash() != before)
  }

  @Test func hashChangesWithANewScript() throws {
    let before = try recipe().contentHash()
    try write("finetune/finetune_extra.py", "")
    #expect(try recipe().contentHash() != before)
  }

  @Test func hashChangesWithTheRequirementsOrDockerfile() throws {
    let before = try recipe().contentHash()
    try write("finetune/requirements.txt", "trl==2\n")
    let afterRequirements = try recipe().contentHash()
    #expect(afterRequirements != before)
    try write("fine-tuning.Dockerfile", "FROM other\n")
    #expect(try recipe().contentHash() != afterRequirements)
  }

  @Test func hashChangesWithABuildArgument() throws {
    let plain = try recipe().contentHash()
    #expect(try recipe(bitsAndBytes: false).contentHash() != plain)
    #expect(try recipe(baseImage: "nvcr.io/pytorch:1").contentHash() != plain)
    #expect(try recipe(baseImage: "nvcr.io/pytorch:1").contentHash() != recipe(baseImage: "nvcr.io/pytorch:2").contentHash())
  }

  @Test func testsAndDocsDoNotChangeTheHash() throws {
    let before = try recipe().contentHash()
    try write("finetune/test_x.py", "def test_x(): assert False\n")
    try write("finetune/test_new.py", "")
    try write("finetune/README.md", "other notes\n")
    #expect(try recipe().contentHash() == before)
  }

  @Test func aMissingDockerfileIsAnError() throws {
    try FileManager.default.removeItem(atPath: share.dockerfile)
    #expect(throws: FinetuneError.self) { try recipe().contentHash() }
  }

  @Test func tagIsTheHashPrefix() throws {
    let hash = try recipe().contentHash()
    #expect(recipe().tag(hash: hash) == "git-llm-finetune:" + hash.prefix(16))
  }

  @Test func buildCommandLabelsSortsArgumentsAndEndsWithTheContext() throws {
    let hash = try recipe().contentHash()
    let command = recipe(baseImage: "nvcr.io/pytorch:1").buildCommand(tag: "git-llm-finetune:abc", hash: hash)
    #expect(
      command == [
        "build", "-f", share.docker + "/fine-tuning.Dockerfile", "-t", "git-llm-finetune:abc", "--label",
        "org.git-llm.content-hash=\(hash)", "--build-arg", "BASE_IMAGE=nvcr.io/pytorch:1", "--build-arg", "WITH_BITSANDBYTES=1",
        share.docker,
      ])
    let plain = recipe(bitsAndBytes: false).buildCommand(tag: "t", hash: hash)
    #expect(plain.suffix(3) == ["--build-arg", "WITH_BITSANDBYTES=0", share.docker])
  }
}
