import Foundation

/// run.json: everything about one training run (docs/json.md, "finetune run.json"). Written
/// atomically by whoever changes the run, under the run's lock.
public struct RunRecord: Codable, Equatable, Sendable {
  public static let schemaVersion = 1

  public var schema: Int = RunRecord.schemaVersion
  public var id: String
  public var state: RunState
  public var gitLLMVersion: String
  public var training: TrainingSettings
  public var dataset: DatasetSummary
  public var runner: RunnerKind
  /// A remote engine (`ssh://user@host`, `tcp://…`, `unix://…`); nil for this machine.
  public var host: String?
  public var gpus: GPUSelection
  public var image: ImageReference?
  /// The container's name (`git-llm-finetune-<id>`); nil for the local venv runner.
  public var container: String?
  /// The exact command that starts training (the engine's or the venv's).
  public var command: [String]
  /// The key of the queue this run waits in: one run at a time per runner and host.
  public var queue: String
  /// Orders the queue: when the run last joined it (seconds since 1970, fractions kept).
  public var queueTicket: Double
  /// The Dockerfile's BASE_IMAGE for the image git-llm builds; nil keeps the Dockerfile's.
  public var baseImage: String?
  /// The venv the local runner trains in.
  public var venv: String?
  public var timestamps: Timestamps
  /// How many times training was started (resume adds one).
  public var attempts: Int = 0
  /// train.log's size when the current attempt began: what re-attaching rewrites from.
  public var logOffset: Int = 0
  public var exitCode: Int32?
  /// The last lines of the log when the run failed.
  public var logTail: [String]?
  /// Why the run failed or was cancelled, in one line.
  public var message: String?
  /// The supervising process (its pid and when it started, against pid reuse).
  public var supervisor: ProcessStamp?
  /// The local runner's training process.
  public var trainer: ProcessStamp?
  /// The `logs -f` process copying a container's log into train.log.
  public var logFollower: ProcessStamp?
  /// Where `finetune deploy` put the model, oldest first; null until the first deploy.
  public var deployments: [Deployment]?

  public struct Timestamps: Codable, Equatable, Sendable {
    enum CodingKeys: String, CodingKey {
      case queued, preparing, running, finished, updated
    }

    public func encode(to encoder: Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(queued, forKey: .queued)
      try container.encode(preparing, forKey: .preparing)
      try container.encode(running, forKey: .running)
      try container.encode(finished, forKey: .finished)
      try container.encode(updated, forKey: .updated)
    }

    public var queued: String
    public var preparing: String?
    public var running: String?
    public var finished: String?
    public var updated: String

    public init(queued: String) {
      self.queued = queued
      updated = queued
    }
  }

  public init(
    id: String, training: TrainingSettings, dataset: DatasetSummary, runner: RunnerKind, host: String?, gpus: GPUSelection,
    queue: String, gitLLMVersion: String, now: Date = Date()
  ) {
    self.id = id
    self.state = .queued
    self.gitLLMVersion = gitLLMVersion
    self.training = training
    self.dataset = dataset
    self.runner = runner
    self.host = host
    self.gpus = gpus
    self.command = []
    self.queue = queue
    self.queueTicket = now.timeIntervalSince1970
    self.timestamps = Timestamps(queued: Timestamp.string(now))
  }

  enum CodingKeys: String, CodingKey {
    case schema, id, state, gitLLMVersion = "git_llm_version", training, dataset, runner, host, gpus, image, container
    case command, queue, queueTicket = "queue_ticket", baseImage = "base_image", venv, timestamps, attempts, logOffset = "log_offset",
      exitCode = "exit_code", logTail = "log_tail"
    case message, supervisor, trainer, logFollower = "log_follower", deployments
  }

  /// Every key is written, absent values as null, so readers see one stable shape.
  public func encode(to encoder: Encoder) throws {
    var keyed = encoder.container(keyedBy: CodingKeys.self)
    try keyed.encode(schema, forKey: .schema)
    try keyed.encode(id, forKey: .id)
    try keyed.encode(state, forKey: .state)
    try keyed.encode(gitLLMVersion, forKey: .gitLLMVersion)
    try keyed.encode(training, forKey: .training)
    try keyed.encode(dataset, forKey: .dataset)
    try keyed.encode(runner, forKey: .runner)
    try keyed.encode(host, forKey: .host)
    try keyed.encode(gpus, forKey: .gpus)
    try keyed.encode(image, forKey: .image)
    try keyed.encode(self.container, forKey: .container)
    try keyed.encode(command, forKey: .command)
    try keyed.encode(queue, forKey: .queue)
    try keyed.encode(queueTicket, forKey: .queueTicket)
    try keyed.encode(baseImage, forKey: .baseImage)
    try keyed.encode(venv, forKey: .venv)
    try keyed.encode(timestamps, forKey: .timestamps)
    try keyed.encode(attempts, forKey: .attempts)
    try keyed.encode(logOffset, forKey: .logOffset)
    try keyed.encode(exitCode, forKey: .exitCode)
    try keyed.encode(logTail, forKey: .logTail)
    try keyed.encode(message, forKey: .message)
    try keyed.encode(supervisor, forKey: .supervisor)
    try keyed.encode(trainer, forKey: .trainer)
    try keyed.encode(logFollower, forKey: .logFollower)
    try keyed.encode(deployments, forKey: .deployments)
  }

  /// A local base-model folder (mounted or copied where the runner trains); nil for a Hub id.
  public var modelFolder: String? {
    var folder: ObjCBool = false
    let path = training.baseModel
    return path.hasPrefix("/") && FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue ? path : nil
  }

  /// Moves to `state`, stamping the time it happened.
  public mutating func move(to state: RunState, now: Date = Date()) {
    self.state = state
    let stamp = Timestamp.string(now)
    switch state {
    case .queued: timestamps.queued = stamp
    case .preparing: timestamps.preparing = stamp
    case .running: timestamps.running = stamp
    case .succeeded, .failed, .cancelled: timestamps.finished = stamp
    }
    timestamps.updated = stamp
  }
}

/// A process a run depends on, recognised again by its start time (pids are reused).
public struct ProcessStamp: Codable, Equatable, Sendable {
  public var pid: Int32
  public var started: UInt64?

  enum CodingKeys: String, CodingKey {
    case pid, started
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(pid, forKey: .pid)
    try container.encode(started, forKey: .started)
  }

  public init(pid: Int32, started: UInt64?) {
    self.pid = pid
    self.started = started
  }

  /// This process, now.
  public static func current() -> ProcessStamp {
    let pid = getpid()
    return ProcessStamp(pid: pid, started: ProcessTable.startTime(of: pid))
  }

  /// Still the same live process.
  public var isAlive: Bool {
    guard kill(pid, 0) == 0 || errno == EPERM else { return false }
    guard let started else { return true }
    return ProcessTable.startTime(of: pid) == started && !ProcessTable.isZombie(pid)
  }
}

/// UTC timestamps as run.json writes them (ISO 8601, seconds).
public enum Timestamp {
  public static func string(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: date)
  }

  public static func date(_ text: String) -> Date? {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.date(from: text)
  }
}
