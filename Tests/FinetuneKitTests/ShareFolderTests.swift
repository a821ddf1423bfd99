import Foundation
import TestSupport
import Testing

@testable import FinetuneKit

@Suite("ShareFolder: where the training image's inputs are")
struct ShareFolderTests {
  /// This checkout's docker/ folder: Tests/FinetuneKitTests/<file> → the repository root.
  let sourceDocker =
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path + "/docker"
  /// An executable path with no share folder beside it.
  let nowhere = "/nonexistent-git-llm/bin/git-llm"

  func makeShare(at docker: String) throws {
    try FileManager.default.createDirectory(atPath: docker + "/finetune", withIntermediateDirectories: true)
    try Data("print()\n".utf8).write(to: URL(fileURLWithPath: docker + "/finetune/train.py"))
  }

  @Test func gitLLMShareWins() throws {
    let share = try makeTemporaryFolder()
    try makeShare(at: share + "/docker")
    let found = try ShareFolder.locate(environment: ["GIT_LLM_SHARE": share], executable: nowhere)
    #expect(found.docker == share + "/docker")
    #expect(found.dockerfile == share + "/docker/fine-tuning.Dockerfile")
    #expect(found.trainScript == share + "/docker/finetune/train.py")
    #expect(found.requirements == share + "/docker/finetune/requirements.txt")
  }

  @Test func anInstalledShareBesideTheBinaryIsFound() throws {
    let prefix = try makeTemporaryFolder()
    try makeShare(at: prefix + "/share/git-llm/docker")
    let found = try ShareFolder.locate(environment: [:], executable: prefix + "/bin/git-llm")
    #expect(found.docker == prefix + "/share/git-llm/docker")
  }

  @Test func withoutAShareTheSourceTreeIsUsed() throws {
    #expect(FileManager.default.fileExists(atPath: sourceDocker + "/finetune/train.py"))
    let found = try ShareFolder.locate(environment: [:], executable: nowhere)
    #expect(found.docker == sourceDocker)
  }

  @Test func aShareWithoutTheFilesFallsThrough() throws {
    let empty = try makeTemporaryFolder()
    try FileManager.default.createDirectory(atPath: empty + "/docker/finetune", withIntermediateDirectories: true)
    #expect(try ShareFolder.locate(environment: ["GIT_LLM_SHARE": empty], executable: nowhere).docker == sourceDocker)
    #expect(try ShareFolder.locate(environment: ["GIT_LLM_SHARE": ""], executable: nowhere).docker == sourceDocker)
  }
}
