import Foundation

/// The folder with the training image's inputs (fine-tuning.Dockerfile, finetune/train.py and its
/// requirements), wherever git-llm runs from: `GIT_LLM_SHARE/docker`, then
/// `<binary>/../share/git-llm/docker` (`make install`), then the source tree it was built from.
public struct ShareFolder: Sendable {
  public let docker: String

  public var dockerfile: String { docker + "/fine-tuning.Dockerfile" }
  public var trainingScripts: String { docker + "/finetune" }
  public var trainScript: String { trainingScripts + "/train.py" }
  public var requirements: String { trainingScripts + "/requirements.txt" }

  public init(docker: String) { self.docker = docker }

  public static func locate(
    environment: [String: String] = ProcessInfo.processInfo.environment, executable: String = ShareFolder.executablePath()
  ) throws(FinetuneError) -> ShareFolder {
    var candidates: [String] = []
    if let share = environment["GIT_LLM_SHARE"], !share.isEmpty { candidates.append(share + "/docker") }
    let binFolder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
    candidates.append(binFolder.deletingLastPathComponent().path + "/share/git-llm/docker")
    // A build from source: Sources/FinetuneKit/ShareFolder.swift → docker/.
    let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    candidates.append(sourceRoot.path + "/docker")
    for candidate in candidates where FileManager.default.fileExists(atPath: candidate + "/finetune/train.py") {
      return ShareFolder(docker: candidate)
    }
    throw .shareFolderMissing
  }

  public static func executablePath() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
  }
}
