/// Splits pairs by commit time: the oldest commits train, the next newest validate, the newest
/// test, so nothing from the future leaks into training. A commit's pairs never straddle splits.
struct TimeSplit<Pair: TimeOrdered> {
  var train: [Pair] = []
  var valid: [Pair] = []
  var test: [Pair] = []

  /// `pairs` in any order; ratios are shares of the pair count, filled newest first (test, then
  /// valid). Each split comes out oldest first.
  init(_ pairs: [Pair], valRatio: Double, testRatio: Double) {
    let ordered = pairs.enumerated().sorted {
      ($0.element.time, $0.element.commit, $0.offset) < ($1.element.time, $1.element.commit, $1.offset)
    }.map(\.element)
    var groups: [[Pair]] = []
    for pair in ordered {
      if let last = groups.last?.last, last.commit == pair.commit {
        groups[groups.count - 1].append(pair)
      } else {
        groups.append([pair])
      }
    }
    let testTarget = Int((Double(ordered.count) * testRatio).rounded())
    let validTarget = Int((Double(ordered.count) * valRatio).rounded())
    var testGroups: [[Pair]] = [], validGroups: [[Pair]] = [], trainGroups: [[Pair]] = []
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

/// What the time split orders by: the commit a pair comes from and its committer time.
protocol TimeOrdered {
  var commit: String { get }
  var time: Int64 { get }
}

extension TrainingPair: TimeOrdered {}
extension PreparedPair: TimeOrdered {}
