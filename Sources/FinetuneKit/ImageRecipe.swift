import ConfigKit
import Foundation

/// How the training image is built from the share folder, and the content hash that says whether
/// an image already built is still current: sha256 over the Dockerfile, the requirements, the
/// training scripts and the build arguments. The image is tagged with the hash and carries it in
/// a label, so git-llm builds only when an input changed.
public struct ImageRecipe: Sendable {
  public static let hashLabel = "org.git-llm.content-hash"
  public static let repository = "git-llm-finetune"

  public let share: ShareFolder
  /// The Dockerfile's BASE_IMAGE; nil keeps its default (a CUDA PyTorch runtime image).
  public let baseImage: String?
  /// bitsandbytes (QLoRA) is only worth installing where a GPU will train.
  public let withBitsAndBytes: Bool

  public init(share: ShareFolder, baseImage: String?, withBitsAndBytes: Bool) {
    self.share = share
    self.baseImage = baseImage
    self.withBitsAndBytes = withBitsAndBytes
  }

  public var buildArguments: [String: String] {
    var arguments = ["WITH_BITSANDBYTES": withBitsAndBytes ? "1" : "0"]
    if let baseImage { arguments["BASE_IMAGE"] = baseImage }
    return arguments
  }

  /// The files the image is made of, relative to the share folder, in a fixed order.
  public func inputs() -> [String] {
    let scripts = ((try? FileManager.default.contentsOfDirectory(atPath: share.trainingScripts)) ?? []).filter {
      ($0.hasSuffix(".py") && !$0.hasPrefix("test_")) || ($0.hasPrefix("requirements") && $0.hasSuffix(".txt"))
    }
    return ["fine-tuning.Dockerfile"] + scripts.sorted().map { "finetune/" + $0 }
  }

  public func contentHash() throws(FinetuneError) -> String {
    var bytes: [UInt8] = []
    for input in inputs() {
      guard let data = FileManager.default.contents(atPath: share.docker + "/" + input) else {
        throw .unreadableRun(share.docker + "/" + input, "missing from git-llm's training files")
      }
      bytes += Array("\(input)\n".utf8) + Array(data) + [UInt8(ascii: "\n")]
    }
    for (key, value) in buildArguments.sorted(by: { $0.key < $1.key }) { bytes += Array("\(key)=\(value)\n".utf8) }
    return SHA256.hex(bytes)
  }

  public func tag(hash: String) -> String { "\(Self.repository):\(hash.prefix(16))" }

  /// The engine arguments (after the program and its host flags) that build the image.
  public func buildCommand(tag: String, hash: String) -> [String] {
    var command = ["build", "-f", share.dockerfile, "-t", tag, "--label", "\(Self.hashLabel)=\(hash)"]
    for (key, value) in buildArguments.sorted(by: { $0.key < $1.key }) { command += ["--build-arg", "\(key)=\(value)"] }
    return command + [share.docker]
  }
}
