import Foundation
import Yams

@testable import FinetuneKit

/// Jobs the manifest tests render, and ways to read the result back.
enum ManifestFixtures {
  static let image = "registry.example.com/git-llm-finetune:0123abcd"

  static func job(gpus: Int = 0, nodes: Int = 1, token: Bool = false, name: String = "git-llm-finetune-20261201-101500-a1b2")
    -> ClusterJob
  {
    let command =
      gpus > 1
      ? [
        "/opt/git-llm-finetune/venv/bin/accelerate", "launch", "--multi_gpu", "--num_processes", "\(gpus)",
        "/opt/git-llm-finetune/train.py",
      ]
      : ["/opt/git-llm-finetune/venv/bin/python", "/opt/git-llm-finetune/train.py"]
    return ClusterJob(
      name: name, image: image, command: command,
      // "3", "true", "2e-4" and "null" would read back as numbers, booleans or null if written plain.
      arguments: [
        "--dataset", "/data/dataset", "--output", "/data/runs/a1b2", "--epochs", "3", "--learning-rate", "2e-4",
        "--gradient-checkpointing", "true", "--note", "null", "--chat-template", "{{ messages }}: #1",
      ],
      gpusPerNode: gpus, nodes: nodes, volumeClaim: "git-llm-finetune", passHFToken: token,
      labels: ["org.git-llm.run": "20261201-101500-a1b2", "app.kubernetes.io/managed-by": "git-llm"])
  }

  /// Every shape the tests cover: CPU only, 1 GPU, 4 GPUs × 2 nodes, each with and without a token,
  /// and a hostile name.
  static var jobs: [ClusterJob] {
    var all: [ClusterJob] = []
    for token in [false, true] {
      all += [job(token: token), job(gpus: 1, token: token), job(gpus: 4, nodes: 2, token: token)]
    }
    all.append(job(gpus: 1, name: "Feature/Über run!!"))
    return all
  }

  static func parse(_ text: String) throws -> Node {
    guard let node = try Yams.compose(yaml: text) else { throw ManifestTestError("empty manifest") }
    return node
  }

  static func schema(_ kind: ClusterJobKind) throws -> StructuralSchema {
    switch kind {
    case .pyTorchJob: try StructuralSchema(yaml: PyTorchJobSchema.yaml)
    case .trainJob: try StructuralSchema(yaml: TrainJobSchema.yaml)
    }
  }

  /// The API server checks metadata itself (it is ObjectMeta, not part of the CRD schema); this is
  /// the part of ObjectMeta the manifests write.
  static var metadataSchema: StructuralSchema? {
    try? StructuralSchema(
      yaml: """
        type: object
        required: [name]
        properties:
          name: {type: string, maxLength: 63}
          namespace: {type: string, maxLength: 63}
          labels: {type: object, additionalProperties: {type: string, maxLength: 63}}
        """)
  }

  /// The training containers of a parsed manifest, with the kind's own name for where they are.
  static func trainingContainers(_ doc: Node, kind: ClusterJobKind) -> [Node] {
    switch kind {
    case .pyTorchJob:
      let specs = doc["spec"]?["pytorchReplicaSpecs"]?.mapping?.map(\.value) ?? []
      return specs.compactMap { $0["template"]?["spec"]?["containers"]?[0] }
    case .trainJob:
      return doc["spec"]?["trainer"].map { [$0] } ?? []
    }
  }

  static func gpuLimit(_ container: Node, kind: ClusterJobKind) -> Int? {
    let resources = kind == .pyTorchJob ? container["resources"] : container["resourcesPerNode"]
    return resources?["limits"]?["nvidia.com/gpu"]?.int
  }
}

struct ManifestTestError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
