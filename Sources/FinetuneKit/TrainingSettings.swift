/// The hyper-parameters of a run: what train.py is told, recorded in run.json so that a run can be
/// repeated and compared.
public struct TrainingSettings: Codable, Equatable, Sendable {
  public var baseModel: String
  public var method: String
  public var epochs: Double
  public var learningRate: Double
  public var loraR: Int
  public var loraAlpha: Int
  public var loraDropout: Double
  public var target: String
  public var maxLength: Int
  public var batchSize: Int
  public var gradientAccumulation: Int
  /// Caps the optimizer steps (smoke tests); nil trains the full epochs.
  public var maxSteps: Int?
  public var loggingSteps: Int
  /// A checkpoint every N steps; nil means one at the end of each epoch.
  public var saveSteps: Int?
  public var seed: Int

  public init(
    baseModel: String, method: String = "lora", epochs: Double = 3, learningRate: Double = 2e-4, loraR: Int = 16,
    loraAlpha: Int = 32, loraDropout: Double = 0.05, target: String = "q_proj,k_proj,v_proj,o_proj", maxLength: Int = 2048,
    batchSize: Int = 2, gradientAccumulation: Int = 4, maxSteps: Int? = nil, loggingSteps: Int = 10, saveSteps: Int? = nil,
    seed: Int = 42
  ) {
    self.baseModel = baseModel
    self.method = method
    self.epochs = epochs
    self.learningRate = learningRate
    self.loraR = loraR
    self.loraAlpha = loraAlpha
    self.loraDropout = loraDropout
    self.target = target
    self.maxLength = maxLength
    self.batchSize = batchSize
    self.gradientAccumulation = gradientAccumulation
    self.maxSteps = maxSteps
    self.loggingSteps = loggingSteps
    self.saveSteps = saveSteps
    self.seed = seed
  }

  enum CodingKeys: String, CodingKey {
    case baseModel = "base_model", method, epochs, learningRate = "learning_rate", loraR = "lora_r"
    case loraAlpha = "lora_alpha", loraDropout = "lora_dropout", target, maxLength = "max_length"
    case batchSize = "batch_size", gradientAccumulation = "gradient_accumulation", maxSteps = "max_steps"
    case loggingSteps = "logging_steps", saveSteps = "save_steps", seed
  }

  /// Every key is written, absent values as null, so readers see one stable shape.
  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(baseModel, forKey: .baseModel)
    try container.encode(method, forKey: .method)
    try container.encode(epochs, forKey: .epochs)
    try container.encode(learningRate, forKey: .learningRate)
    try container.encode(loraR, forKey: .loraR)
    try container.encode(loraAlpha, forKey: .loraAlpha)
    try container.encode(loraDropout, forKey: .loraDropout)
    try container.encode(target, forKey: .target)
    try container.encode(maxLength, forKey: .maxLength)
    try container.encode(batchSize, forKey: .batchSize)
    try container.encode(gradientAccumulation, forKey: .gradientAccumulation)
    try container.encode(maxSteps, forKey: .maxSteps)
    try container.encode(loggingSteps, forKey: .loggingSteps)
    try container.encode(saveSteps, forKey: .saveSteps)
    try container.encode(seed, forKey: .seed)
  }

  /// train.py's arguments for these settings, with the dataset, model and output where the runner
  /// puts them (container paths, or host paths for the local venv).
  public func trainArguments(dataset: String, model: String, output: String, resume: Bool) -> [String] {
    var arguments = [
      "--dataset", dataset, "--base-model", model, "--output", output, "--method", method,
      "--epochs", Self.number(epochs), "--learning-rate", Self.number(learningRate), "--lora-r", String(loraR),
      "--lora-alpha", String(loraAlpha), "--lora-dropout", Self.number(loraDropout), "--target", target,
      "--max-length", String(maxLength), "--batch-size", String(batchSize),
      "--gradient-accumulation", String(gradientAccumulation), "--logging-steps", String(loggingSteps),
      "--seed", String(seed),
    ]
    if let maxSteps { arguments += ["--max-steps", String(maxSteps)] }
    if let saveSteps { arguments += ["--save-steps", String(saveSteps)] }
    if resume { arguments.append("--resume-if-possible") }
    return arguments
  }

  /// `3` rather than `3.0`, `0.0002` as Swift prints it: what a user would type.
  static func number(_ value: Double) -> String {
    value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
  }
}
