/// `--gpus`: which GPUs a run uses. `auto` becomes every visible GPU, or none, when the run is
/// prepared; run.json records what was asked and what it became.
public struct GPUSelection: Codable, Equatable, Sendable {
  public enum Request: Equatable, Sendable {
    case auto
    case none
    case all
    case devices([Int])
  }

  public var requested: String
  /// The GPU indexes used; nil for "all", empty for none.
  public var devices: [Int]?
  /// How many processes train (one per GPU; 1 on the CPU).
  public var count: Int

  enum CodingKeys: String, CodingKey {
    case requested, devices, count
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(requested, forKey: .requested)
    try container.encode(devices, forKey: .devices)
    try container.encode(count, forKey: .count)
  }

  public init(requested: String, devices: [Int]?, count: Int) {
    self.requested = requested
    self.devices = devices
    self.count = count
  }

  public static let cpu = GPUSelection(requested: "none", devices: [], count: 0)

  /// Parses `auto`, `none`, `all` or a comma list of indexes (`0,1`).
  public static func parse(_ text: String) -> Request? {
    switch text {
    case "auto": return .auto
    case "none": return Request.none
    case "all": return .all
    default:
      let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
      let indexes = parts.compactMap { Int($0) }.filter { $0 >= 0 && $0 < 1024 }
      guard !parts.isEmpty, indexes.count == parts.count, Set(indexes).count == indexes.count else { return nil }
      return .devices(indexes)
    }
  }

  /// The selection for `request` on an engine that sees `visible` GPUs (nil: could not tell).
  public static func resolve(_ request: Request, text: String, visible: Int?) -> GPUSelection {
    switch request {
    case .none: return GPUSelection(requested: text, devices: [], count: 0)
    case .auto:
      // A remote engine with the NVIDIA runtime: its GPUs, counted there as one process.
      guard let visible else { return GPUSelection(requested: text, devices: nil, count: 1) }
      guard visible > 0 else { return GPUSelection(requested: text, devices: [], count: 0) }
      return GPUSelection(requested: text, devices: nil, count: visible)
    case .all: return GPUSelection(requested: text, devices: nil, count: max(visible ?? 1, 1))
    case .devices(let list): return GPUSelection(requested: text, devices: list, count: list.count)
    }
  }

  /// What `--dry-run` shows for `text` on this machine, without asking an engine.
  public static func preview(_ text: String) -> GPUSelection {
    guard let request = parse(text) else { return .cpu }
    return resolve(request, text: text, visible: GPUDevices.visible())
  }

  public var usesGPU: Bool { count > 0 }

  /// The engine flags that expose these GPUs: docker `--gpus`, podman CDI `--device`.
  public func engineFlags(for runner: RunnerKind) -> [String] {
    guard usesGPU else { return [] }
    switch runner {
    case .docker:
      guard let devices else { return ["--gpus", "all"] }
      // docker reads `--gpus '"device=0,1"'`: the quotes keep the comma inside one value.
      return ["--gpus", "\"device=\(devices.map(String.init).joined(separator: ","))\""]
    case .podman:
      let names = devices.map { $0.map { "nvidia.com/gpu=\($0)" } } ?? ["nvidia.com/gpu=all"]
      return names.flatMap { ["--device", $0] } + ["--security-opt", "label=disable"]
    case .local, .kubernetes:
      return []
    }
  }

  /// More than one GPU trains with one process per GPU under accelerate.
  public func launcher(python: String, script: String) -> [String] {
    guard count > 1 else { return [python, script] }
    return [python, "-m", "accelerate.commands.launch", "--multi_gpu", "--num_processes", String(count), script]
  }
}
