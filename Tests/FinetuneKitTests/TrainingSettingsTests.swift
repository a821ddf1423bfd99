import Testing

@testable import FinetuneKit

@Suite("TrainingSettings: train.py's arguments")
struct TrainingSettingsTests {
  func value(_ flag: String, _ arguments: [String]) -> String? {
    arguments.firstIndex(of: flag).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
  }

  @Test func defaultsAsTrainPyReadsThem() {
    let arguments = FinetuneFixtures.training.trainArguments(dataset: "/d", model: "/m", output: "/o", resume: false)
    #expect(
      arguments == [
        "--dataset", "/d", "--base-model", "/m", "--output", "/o", "--method", "lora", "--epochs", "3", "--learning-rate", "0.0002",
        "--lora-r", "16", "--lora-alpha", "32", "--lora-dropout", "0.05", "--target", "q_proj,k_proj,v_proj,o_proj",
        "--max-length", "2048", "--batch-size", "2", "--gradient-accumulation", "4", "--logging-steps", "10", "--seed", "42",
      ])
  }

  @Test func numbersReadAsTyped() {
    #expect(TrainingSettings.number(3) == "3")
    #expect(TrainingSettings.number(3.0) == "3")
    #expect(TrainingSettings.number(0) == "0")
    #expect(TrainingSettings.number(1.5) == "1.5")
    #expect(TrainingSettings.number(2e-4) == "0.0002")
    #expect(TrainingSettings.number(0.05) == "0.05")
    #expect(!TrainingSettings.number(1e-5).isEmpty)
    #expect(Double(TrainingSettings.number(1e-5)) == 1e-5)
  }

  @Test func fractionalEpochsStayFractional() {
    var settings = FinetuneFixtures.training
    settings.epochs = 0.5
    settings.learningRate = 1e-3
    let arguments = settings.trainArguments(dataset: "/d", model: "/m", output: "/o", resume: false)
    #expect(value("--epochs", arguments) == "0.5")
    #expect(value("--learning-rate", arguments) == "0.001")
  }

  @Test func optionalStepsOnlyWhenSet() {
    var settings = FinetuneFixtures.training
    var arguments = settings.trainArguments(dataset: "/d", model: "/m", output: "/o", resume: false)
    #expect(!arguments.contains("--max-steps"))
    #expect(!arguments.contains("--save-steps"))
    settings.maxSteps = 5
    settings.saveSteps = 50
    arguments = settings.trainArguments(dataset: "/d", model: "/m", output: "/o", resume: true)
    #expect(value("--max-steps", arguments) == "5")
    #expect(value("--save-steps", arguments) == "50")
    #expect(arguments.last == "--resume-if-possible")
  }
}
