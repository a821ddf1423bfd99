internal import CGit2

/// git's revision walk (revision.c), reduced to what git-llm needs: commit-date order,
/// exclusions (`A..B`, `A...B`), first-parent, and tolerance of cut history.
///
/// `emit` gets each commit's id and whether its history stops there. Only small nodes (id, parents, time) are kept; the caller builds each commit's full record
/// as it is emitted, so a long history streams.
struct HistoryWalker {
  private struct Node {
    let parents: [ObjectID]
    let time: Int64
  }

  private struct Entry: Comparable {
    let time: Int64
    let order: Int
    let id: ObjectID
    // Newest first; among equal dates, the one queued first (git's prio-queue is stable).
    static func < (lhs: Entry, rhs: Entry) -> Bool {
      lhs.time != rhs.time ? lhs.time < rhs.time : lhs.order > rhs.order
    }
  }

  private let repository: Repository
  private let firstParent: Bool
  private let grafts: Set<ObjectID>
  private var nodes: [ObjectID: Node] = [:]
  private var queued: Set<ObjectID> = []
  private var processed: Set<ObjectID> = []
  private var uninteresting: Set<ObjectID> = []
  private var cut: Set<ObjectID> = []
  private var queue = MaxHeap<Entry>()
  private var counter = 0
  private var interestingInQueue = 0

  init(repository: Repository, firstParent: Bool) {
    self.repository = repository
    self.firstParent = firstParent
    grafts = repository.shallowGrafts
  }

  mutating func walk(including: [ObjectID], excluding: [ObjectID], _ emit: (ObjectID, Bool) throws -> Bool) throws {
    for id in excluding { try push(id, uninteresting: true) }
    for id in including { try push(id, uninteresting: uninteresting.contains(id)) }
    if excluding.isEmpty {
      while let entry = queue.pop() {
        try expand(entry.id)
        if try !emit(entry.id, cut.contains(entry.id)) { return }
      }
      return
    }
    // With exclusions, git first walks until only uninteresting commits remain queued, since a
    // commit reached early may turn out to be reachable from an excluded one.
    var candidates: [ObjectID] = []
    var slop = 5
    while let entry = queue.pop() {
      let isUninteresting = uninteresting.contains(entry.id)
      if !isUninteresting { interestingInQueue -= 1 }
      try expand(entry.id)
      if !isUninteresting { candidates.append(entry.id) }
      if interestingInQueue == 0 {
        slop -= 1
        if slop <= 0 { break }
      } else {
        slop = 5
      }
    }
    for id in candidates where !uninteresting.contains(id) {
      if try !emit(id, cut.contains(id)) { return }
    }
  }

  private mutating func node(_ id: ObjectID) throws(GitError) -> Node {
    if let known = nodes[id] { return known }
    let loaded = try repository.withCommit(id) { commit -> Node in
      let count = git_commit_parentcount(commit)
      var parents: [ObjectID] = []
      if !grafts.contains(id) {
        for index in 0..<count {
          if let parent = ObjectID(git_commit_parent_id(commit, index)) { parents.append(parent) }
        }
      }
      return Node(parents: parents, time: Int64(git_commit_time(commit)))
    }
    if grafts.contains(id) { cut.insert(id) }
    nodes[id] = loaded
    return loaded
  }

  private mutating func push(_ id: ObjectID, uninteresting flag: Bool) throws(GitError) {
    if flag { markUninteresting(id) }
    guard !queued.contains(id) else { return }
    let loaded = try node(id)
    queued.insert(id)
    counter += 1
    queue.push(Entry(time: loaded.time, order: counter, id: id))
    if !uninteresting.contains(id) { interestingInQueue += 1 }
  }

  /// Queues the parents of a commit just taken from the queue.
  private mutating func expand(_ id: ObjectID) throws(GitError) {
    processed.insert(id)
    guard let loaded = nodes[id] else { return }
    let isUninteresting = uninteresting.contains(id)
    let parents = firstParent && !isUninteresting ? Array(loaded.parents.prefix(1)) : loaded.parents
    for parent in parents {
      do {
        try push(parent, uninteresting: isUninteresting)
      } catch {
        // A parent missing from this clone ends the line here rather than failing the walk.
        guard error.isNotFound else { throw error }
        cut.insert(id)
      }
    }
  }

  /// Marks a commit and everything already known below it as excluded.
  private mutating func markUninteresting(_ start: ObjectID) {
    var stack = [start]
    while let id = stack.popLast() {
      guard !uninteresting.contains(id) else { continue }
      uninteresting.insert(id)
      if queued.contains(id) && !processed.contains(id) { interestingInQueue -= 1 }
      if processed.contains(id), let known = nodes[id] { stack += known.parents }
    }
  }
}

/// A binary max-heap.
struct MaxHeap<Element: Comparable> {
  private var items: [Element] = []

  var isEmpty: Bool { items.isEmpty }

  mutating func push(_ item: Element) {
    items.append(item)
    var child = items.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard items[parent] < items[child] else { break }
      items.swapAt(parent, child)
      child = parent
    }
  }

  mutating func pop() -> Element? {
    guard !items.isEmpty else { return nil }
    items.swapAt(0, items.count - 1)
    let top = items.removeLast()
    var parent = 0
    while true {
      let left = 2 * parent + 1, right = left + 1
      var largest = parent
      if left < items.count && items[largest] < items[left] { largest = left }
      if right < items.count && items[largest] < items[right] { largest = right }
      if largest == parent { break }
      items.swapAt(parent, largest)
      parent = largest
    }
    return top
  }
}
