import Testing

@testable import FinetuneKit

@Suite("GPUSelection: --gpus parsing, resolution and engine flags")
struct GPUSelectionTests {
  @Test func parsesKeywordsAndIndexLists() {
    #expect(GPUSelection.parse("auto") == .auto)
    #expect(GPUSelection.parse("none") == GPUSelection.Request.none)
    #expect(GPUSelection.parse("all") == .all)
    #expect(GPUSelection.parse("0") == .devices([0]))
    #expect(GPUSelection.parse("0,1") == .devices([0, 1]))
    #expect(GPUSelection.parse("3, 1") == .devices([3, 1]))
  }

  @Test(arguments: ["", "a", "0,0", "-1", "0,,1", "1,", ",1", "1024", "Auto"])
  func rejectsBadLists(_ text: String) {
    #expect(GPUSelection.parse(text) == nil, "\(text)")
  }

  @Test func autoUsesEveryVisibleGPUOrNone() {
    let none = GPUSelection.resolve(.auto, text: "auto", visible: 0)
    #expect(none == GPUSelection(requested: "auto", devices: [], count: 0))
    #expect(!none.usesGPU)
    // Not counted here (a remote engine that has the NVIDIA runtime): all of them, one process.
    let unknown = GPUSelection.resolve(.auto, text: "auto", visible: nil)
    #expect(unknown == GPUSelection(requested: "auto", devices: nil, count: 1))
    let two = GPUSelection.resolve(.auto, text: "auto", visible: 2)
    #expect(two == GPUSelection(requested: "auto", devices: nil, count: 2))
    #expect(two.usesGPU)
  }

  @Test func explicitRequestsResolveAsAsked() {
    #expect(GPUSelection.resolve(.none, text: "none", visible: 4) == GPUSelection(requested: "none", devices: [], count: 0))
    #expect(GPUSelection.resolve(.all, text: "all", visible: 4) == GPUSelection(requested: "all", devices: nil, count: 4))
    #expect(GPUSelection.resolve(.all, text: "all", visible: nil).count == 1)
    #expect(
      GPUSelection.resolve(.devices([0, 2]), text: "0,2", visible: 1) == GPUSelection(requested: "0,2", devices: [0, 2], count: 2))
  }

  @Test func dockerFlags() {
    let all = GPUSelection(requested: "all", devices: nil, count: 2)
    #expect(all.engineFlags(for: .docker) == ["--gpus", "all"])
    let two = GPUSelection(requested: "0,1", devices: [0, 1], count: 2)
    // The double quotes are part of the argument: docker splits the value on commas otherwise.
    #expect(two.engineFlags(for: .docker) == ["--gpus", "\"device=0,1\""])
  }

  @Test func podmanFlags() {
    let two = GPUSelection(requested: "0,1", devices: [0, 1], count: 2)
    #expect(
      two.engineFlags(for: .podman) == [
        "--device", "nvidia.com/gpu=0", "--device", "nvidia.com/gpu=1", "--security-opt", "label=disable",
      ])
    let all = GPUSelection(requested: "all", devices: nil, count: 3)
    #expect(all.engineFlags(for: .podman) == ["--device", "nvidia.com/gpu=all", "--security-opt", "label=disable"])
  }

  @Test func cpuHasNoFlags() {
    for runner in RunnerKind.allCases { #expect(GPUSelection.cpu.engineFlags(for: runner).isEmpty, "\(runner)") }
    let gpu = GPUSelection(requested: "all", devices: nil, count: 1)
    #expect(gpu.engineFlags(for: .local).isEmpty)
    #expect(gpu.engineFlags(for: .kubernetes).isEmpty)
  }

  @Test func launcherUsesAccelerateForMoreThanOneGPU() {
    #expect(GPUSelection.cpu.launcher(python: "py", script: "train.py") == ["py", "train.py"])
    let one = GPUSelection(requested: "0", devices: [0], count: 1)
    #expect(one.launcher(python: "py", script: "train.py") == ["py", "train.py"])
    let two = GPUSelection(requested: "0,1", devices: [0, 1], count: 2)
    #expect(
      two.launcher(python: "py", script: "train.py") == [
        "py", "-m", "accelerate.commands.launch", "--multi_gpu", "--num_processes", "2", "train.py",
      ])
  }
}
