import Foundation

/// Asking a running attempt to stop, whatever runs it: train.py gets SIGTERM, saves a checkpoint
/// and exits, and the supervisor records the run as cancelled (the cancel marker says so).
public enum RunStop {
  public static func request(_ record: RunRecord, store: RunStore) {
    switch record.runner {
    case .local:
      if let trainer = record.trainer, trainer.isAlive { kill(trainer.pid, SIGTERM) }
    case .docker, .podman:
      _ = try? ChildProcess.run(StartCommand.containerPlan(record, store: store).stopCommand)
    case .kubernetes:
      break
    }
  }
}
