internal import CGit2

/// git's rename/copy similarity score, so "similarity index N%" matches `git diff` exactly.
///
/// libgit2 finds the same pairs but scores them with its own hash, which can differ from git by
/// a point or two. git (diffcore-delta.c) hashes the content in chunks that end at a line feed
/// or after 64 bytes, counts the bytes of the source's chunks that reappear in the destination,
/// and divides by the larger size.
enum Similarity {
  private static let hashBase: UInt32 = 107_927

  /// Percentage (0…100) as git prints it.
  static func percent(old: [UInt8], new: [UInt8], oldIsBinary: Bool, newIsBinary: Bool) -> Int {
    let maxSize = max(old.count, new.count)
    guard !new.isEmpty, maxSize > 0 else { return 0 }
    let source = spans(old, isText: !oldIsBinary)
    let destination = spans(new, isText: !newIsBinary)
    var copied = 0
    for (hash, count) in source {
      if let other = destination[hash] { copied += min(count, other) }
    }
    let maxScore = 60_000
    let score = copied * maxScore / maxSize
    return score * 100 / maxScore
  }

  private static func spans(_ bytes: [UInt8], isText: Bool) -> [UInt32: Int] {
    var table: [UInt32: Int] = [:]
    var accum1: UInt32 = 0, accum2: UInt32 = 0
    var length = 0
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      index += 1
      // A CR of a CRLF pair is not counted in text, so line-ending changes don't lower the score.
      if isText && byte == 0x0D && index < bytes.count && bytes[index] == 0x0A { continue }
      let old1 = accum1
      accum1 = (accum1 << 7) ^ (accum2 >> 25)
      accum2 = (accum2 << 7) ^ (old1 >> 25)
      accum1 &+= UInt32(byte)
      length += 1
      if length < 64 && byte != 0x0A { continue }
      table[(accum1 &+ accum2 &* 0x61) % hashBase, default: 0] += length
      length = 0
      accum1 = 0
      accum2 = 0
    }
    if length > 0 { table[(accum1 &+ accum2 &* 0x61) % hashBase, default: 0] += length }
    return table
  }
}

extension Repository {
  /// The bytes of a blob, or nil when it is not in the object database.
  public func blobContent(_ id: ObjectID) -> [UInt8]? {
    var oid = id.gitOID
    guard let blob = OwnedBlob.attempt({ git_blob_lookup(&$0, pointer, &oid) }) else { return nil }
    // The bytes live in the blob, so they are copied out while it is held.
    return blob.use { blob in
      guard let size = Int(exactly: git_blob_rawsize(blob)), size > 0, let raw = git_blob_rawcontent(blob) else { return [] }
      return Array(UnsafeRawBufferPointer(start: raw, count: size))
    }
  }

  /// Re-scores a rename or copy the way git does; keeps libgit2's score when a blob is missing.
  func gitSimilarity(of file: FileChange) -> Int? {
    guard file.status == .renamed || file.status == .copied else { return nil }
    if file.oldID == file.newID { return 100 }
    guard let old = blobContent(file.oldID), let new = blobContent(file.newID) else { return file.similarity }
    let isBinary = { (bytes: [UInt8]) in bytes.prefix(8000).contains(0) }
    return Similarity.percent(old: old, new: new, oldIsBinary: file.isBinary || isBinary(old), newIsBinary: file.isBinary || isBinary(new))
  }
}
