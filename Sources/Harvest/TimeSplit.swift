/// Splits pairs by commit time: the oldest commits train, the next newest validate, the newest
/// test, so nothing from the future leaks into training. A commit's pairs never straddle splits.
struct TimeSplit: Sendable {
  var train: [TrainingPair] = []
  var valid: [TrainingPair] = []
  var test: [TrainingPair] = []

  /// `pairs` in any order; ratios are shares of the pair count, filled newest first (test, then
  /// valid). Each split comes out oldest first.
  init(_ pairs: [TrainingPair], valRatio: Double, testRatio: Double) {
    let ordered = pairs.enumerated().sorted {
      ($0.element.time, $0.element.commit, $0.offset) < ($1.element.time, $1.element.commit, $1.offset)
    }.map(\.element)
    var groups: [[TrainingPair]] = []
    for pair in ordered {
      if let last = groups.last?.last, last.commit == pair.commit {
        groups[groups.count - 1].append(pair)
      } else {
        groups.append([pair])
      }
    }
    let testTarget = Int((Double(ordered.count) * testRatio).rounded())
    let validTarget = Int((Double(ordered.count) * valRatio).rounded())
    var testGroups: [[TrainingPair]] = [], validGroups: [[TrainingPair]] = [], trainGroups: [[TrainingPair]] = []
    var testCount = 0, validCount = 0
    for group in groups.reversed() {
      if testCount < testTarget {
        testGroups.append(group)
        testCount += group.count
      } else if validCount < validTarget {
        validGroups.append(group)
        validCount += group.count
      } else {
        trainGroups.append(group)
      }
    }
    train = trainGroups.reversed().flatMap { $0 }
    valid = validGroups.reversed().flatMap { $0 }
    test = testGroups.reversed().flatMap { $0 }
  }
}
