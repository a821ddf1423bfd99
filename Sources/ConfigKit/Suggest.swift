/// Did-you-mean suggestions by edit distance.
enum Suggest {
  /// The closest candidate, if it is close enough to be a plausible typo.
  static func closest(to word: String, in candidates: [String]) -> String? {
    let lowered = word.lowercased()
    var best: (String, Int)?
    for candidate in candidates where candidate != "*" {
      let distance = levenshtein(lowered, candidate.lowercased())
      if best == nil || distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
    }
    guard let (candidate, distance) = best else { return nil }
    // Allow about one edit per three characters, so 'reveiw' finds 'review' but 'x' finds nothing.
    let limit = max(2, min(word.count, candidate.count) / 3)
    return distance <= limit ? candidate : nil
  }

  static func levenshtein(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
