import Foundation
import Testing
import Yams

@testable import FinetuneKit

@Suite("Kubernetes manifests")
struct KubernetesManifestTests {
  @Test(arguments: ClusterJobKind.allCases)
  func everyShapeFitsTheCRDSchema(kind: ClusterJobKind) throws {
    let schema = try ManifestFixtures.schema(kind)
    for job in ManifestFixtures.jobs {
      let doc = try ManifestFixtures.parse(KubernetesManifest.render(job, kind: kind))
      #expect(schema.violations(of: doc) == [], "\(kind) gpus \(job.gpusPerNode) nodes \(job.nodes) token \(job.passHFToken)")
      #expect(ManifestFixtures.metadataSchema?.violations(of: doc["metadata"] ?? Node("")) == [])
    }
  }

  @Test(arguments: ClusterJobKind.allCases)
  func imageCommandAndArgumentsAreTheJobs(kind: ClusterJobKind) throws {
    for job in ManifestFixtures.jobs {
      let doc = try ManifestFixtures.parse(KubernetesManifest.render(job, kind: kind))
      let containers = ManifestFixtures.trainingContainers(doc, kind: kind)
      #expect(containers.count == (kind == .pyTorchJob && job.nodes > 1 ? 2 : 1))
      for container in containers {
        #expect(container["image"]?.string == job.image)
        #expect(container["command"]?.array(of: String.self) == job.command)
        #expect(container["args"]?.array(of: String.self) == job.arguments)
        // Every argument reads back as a string, not as the number or boolean it looks like.
        #expect(container["args"]?.sequence?.allSatisfy { StructuralSchema.scalarType($0) == .str } == true)
      }
    }
  }

  @Test(arguments: ClusterJobKind.allCases)
  func gpusBecomeNvidiaLimitsAndCPUOnlyHasNone(kind: ClusterJobKind) throws {
    for (gpus, nodes) in [(0, 1), (1, 1), (4, 2)] {
      let doc = try ManifestFixtures.parse(KubernetesManifest.render(ManifestFixtures.job(gpus: gpus, nodes: nodes), kind: kind))
      for container in ManifestFixtures.trainingContainers(doc, kind: kind) {
        #expect(ManifestFixtures.gpuLimit(container, kind: kind) == (gpus == 0 ? nil : gpus))
        if gpus == 0 { #expect(container[kind == .pyTorchJob ? "resources" : "resourcesPerNode"] == nil) }
      }
    }
  }

  @Test func pyTorchJobHasAMasterAndWorkersNamedPytorch() throws {
    let doc = try ManifestFixtures.parse(KubernetesManifest.render(ManifestFixtures.job(gpus: 4, nodes: 3), kind: .pyTorchJob))
    #expect(doc["apiVersion"]?.string == "kubeflow.org/v1")
    #expect(doc["kind"]?.string == "PyTorchJob")
    let specs = try #require(doc["spec"]?["pytorchReplicaSpecs"])
    #expect(specs["Master"]?["replicas"]?.int == 1)
    #expect(specs["Worker"]?["replicas"]?.int == 2)
    for role in ["Master", "Worker"] {
      #expect(specs[role]?["restartPolicy"]?.string == "OnFailure")
      let pod = specs[role]?["template"]?["spec"]
      #expect(pod?["containers"]?.sequence?.count == 1)
      #expect(pod?["containers"]?[0]?["name"]?.string == "pytorch")
      #expect(pod?["containers"]?[0]?["volumeMounts"]?[0]?["mountPath"]?.string == "/data")
      #expect(pod?["volumes"]?[0]?["persistentVolumeClaim"]?["claimName"]?.string == "git-llm-finetune")
      #expect(specs[role]?["template"]?["metadata"]?["labels"]?["org.git-llm.run"]?.string == "20261201-101500-a1b2")
    }
    let single = try ManifestFixtures.parse(KubernetesManifest.render(ManifestFixtures.job(), kind: .pyTorchJob))
    #expect(single["spec"]?["pytorchReplicaSpecs"]?["Worker"] == nil)
  }

  @Test func trainJobUsesTheTorchRuntimeAndPatchesTheVolumeIn() throws {
    let doc = try ManifestFixtures.parse(KubernetesManifest.render(ManifestFixtures.job(gpus: 4, nodes: 2), kind: .trainJob))
    #expect(doc["apiVersion"]?.string == "trainer.kubeflow.org/v1alpha1")
    #expect(doc["kind"]?.string == "TrainJob")
    let spec = try #require(doc["spec"])
    #expect(spec["runtimeRef"]?["name"]?.string == "torch-distributed")
    #expect(spec["runtimeRef"]?["kind"]?.string == "ClusterTrainingRuntime")
    #expect(spec["runtimeRef"]?["apiGroup"]?.string == "trainer.kubeflow.org")
    #expect(spec["trainer"]?["numNodes"]?.int == 2)
    let replicated = try #require(spec["runtimePatches"]?[0]?["trainingRuntimeSpec"]?["template"]?["spec"]?["replicatedJobs"]?[0])
    #expect(replicated["name"]?.string == "node")
    let pod = try #require(replicated["template"]?["spec"]?["template"])
    #expect(pod["metadata"]?["labels"]?["org.git-llm.run"]?.string == "20261201-101500-a1b2")
    #expect(pod["spec"]?["containers"]?[0]?["name"]?.string == "node")
    #expect(pod["spec"]?["containers"]?[0]?["volumeMounts"]?[0]?["name"]?.string == "data")
    #expect(pod["spec"]?["containers"]?[0]?["volumeMounts"]?[0]?["mountPath"]?.string == "/data")
    #expect(pod["spec"]?["volumes"]?[0]?["name"]?.string == "data")
    #expect(pod["spec"]?["volumes"]?[0]?["persistentVolumeClaim"]?["claimName"]?.string == "git-llm-finetune")
  }

  @Test(arguments: ClusterJobKind.allCases)
  func tokenComesFromASecretNeverALiteral(kind: ClusterJobKind) throws {
    let text = KubernetesManifest.render(ManifestFixtures.job(gpus: 1, token: true), kind: kind)
    let doc = try ManifestFixtures.parse(text)
    for container in ManifestFixtures.trainingContainers(doc, kind: kind) {
      let env = container["env"]?.sequence.map(Array.init) ?? []
      #expect(env.compactMap { $0["name"]?.string } == ["HF_HOME", "HF_TOKEN"])
      #expect(env.first?["value"]?.string == "/data/cache/huggingface")
      let token = try #require(env.last)
      #expect(token.mapping?.keys.compactMap(\.string) == ["name", "valueFrom"])
      let ref = token["valueFrom"]?["secretKeyRef"]
      #expect(ref?["name"]?.string == "hf-token")
      #expect(ref?["key"]?.string == "token")
      #expect(ref?["optional"]?.bool == true)
    }
    // Whatever the environment holds, its token never reaches the manifest.
    if let value = ProcessInfo.processInfo.environment["HF_TOKEN"], !value.isEmpty { #expect(!text.contains(value)) }
    let without = try ManifestFixtures.parse(KubernetesManifest.render(ManifestFixtures.job(gpus: 1), kind: kind))
    for container in ManifestFixtures.trainingContainers(without, kind: kind) {
      #expect(container["env"]?.sequence?.compactMap { $0["name"]?.string } == ["HF_HOME"])
    }
  }

  @Test(arguments: ClusterJobKind.allCases)
  func hostileNamesBecomeDNSLabels(kind: ClusterJobKind) throws {
    let cases = [
      ("Feature/Über run!!", "feature-uber-run"),
      ("2026 run", "job-2026-run"),
      ("!!!", "git-llm-finetune"),
      ("--Ça_va--", "ca-va"),
      (String(repeating: "ab-", count: 40), String(String(repeating: "ab-", count: 40).prefix(52)).trimmingCharacters(in: ["-"])),
    ]
    for (raw, expected) in cases {
      let doc = try ManifestFixtures.parse(KubernetesManifest.render(ManifestFixtures.job(name: raw), kind: kind))
      let name = try #require(doc["metadata"]?["name"]?.string)
      #expect(name == expected)
      #expect(name == KubernetesManifest.jobName(ManifestFixtures.job(name: raw)))
      // TrainJob's CEL rules on metadata.name, which PyTorchJob's Services need as well.
      #expect(name.range(of: TrainJobSchema.namePattern, options: .regularExpression) != nil)
      #expect(name.count <= TrainJobSchema.nameLimit)
    }
  }

  @Test func namespaceAndLabels() throws {
    var job = ManifestFixtures.job()
    let plain = try ManifestFixtures.parse(KubernetesManifest.render(job, kind: .pyTorchJob))
    #expect(plain["metadata"]?["namespace"] == nil)
    job.namespace = "ml-team"
    job.labels["org.git-llm.branch"] = "feature/über run"
    let doc = try ManifestFixtures.parse(KubernetesManifest.render(job, kind: .trainJob))
    #expect(doc["metadata"]?["namespace"]?.string == "ml-team")
    #expect(doc["metadata"]?["labels"]?["org.git-llm.branch"]?.string == "feature--ber-run")
    #expect(doc["metadata"]?["labels"]?["app.kubernetes.io/managed-by"]?.string == "git-llm")
  }

  @Test(arguments: ClusterJobKind.allCases)
  func outputIsStableAndEndsWithANewline(kind: ClusterJobKind) {
    let first = KubernetesManifest.render(ManifestFixtures.job(gpus: 4, nodes: 2, token: true), kind: kind)
    #expect(first == KubernetesManifest.render(ManifestFixtures.job(gpus: 4, nodes: 2, token: true), kind: kind))
    #expect(first.hasSuffix("\n"))
    let apiVersion = kind == .pyTorchJob ? "kubeflow.org/v1" : "trainer.kubeflow.org/v1alpha1"
    let kindName = kind == .pyTorchJob ? "PyTorchJob" : "TrainJob"
    #expect(first.hasPrefix("apiVersion: \(apiVersion)\nkind: \(kindName)\nmetadata:\n  name: git-llm-finetune-20261201-101500-a1b2\n"))
  }
}
