import ConfigKit
import Foundation

/// The dataset a run trains on, as run.json records it: the folder, a sha256 over its splits and
/// the record count of each, so two runs can be told apart by their data.
public struct DatasetSummary: Codable, Equatable, Sendable {
  public static let splits = ["train", "valid", "test"]

  public var path: String
  /// sha256 of `sha256sum train.jsonl valid.jsonl test.jsonl` output (the splits present).
  public var sha256: String
  public var records: [String: Int]
  public var format: String?
  /// The commit the harvest read history up to (datasheet.json's `head`).
  public var head: String?

  enum CodingKeys: String, CodingKey {
    case path, sha256, records, format, head
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(path, forKey: .path)
    try container.encode(sha256, forKey: .sha256)
    try container.encode(records, forKey: .records)
    try container.encode(format, forKey: .format)
    try container.encode(head, forKey: .head)
  }

  public init(path: String, sha256: String, records: [String: Int], format: String?, head: String? = nil) {
    self.head = head
    self.path = path
    self.sha256 = sha256
    self.records = records
    self.format = format
  }

  /// Reads `folder`: it must hold a non-empty train.jsonl.
  public static func read(folder: String) throws(FinetuneError) -> DatasetSummary {
    var listing = ""
    var records: [String: Int] = [:]
    for split in splits {
      let path = folder + "/\(split).jsonl"
      guard let data = FileManager.default.contents(atPath: path) else {
        if split == "train" { throw .datasetMissing(folder) }
        continue
      }
      listing += "\(SHA256.hex(data))  \(split).jsonl\n"
      records[split] = recordCount(data)
    }
    guard (records["train"] ?? 0) > 0 else { throw .datasetEmpty(folder) }
    let sheet = datasheet(folder)
    return DatasetSummary(
      path: folder, sha256: SHA256.hex(Array(listing.utf8)), records: records, format: sheet["format"] as? String,
      head: sheet["head"] as? String)
  }

  /// The lines train.py reads as records: blank lines are skipped, and the last needs no newline.
  static func recordCount(_ data: Data) -> Int {
    let blank: Set<UInt8> = [0x20, 0x09, 0x0D, 0x0B, 0x0C]
    return data.split(separator: UInt8(ascii: "\n")).filter { line in line.contains { !blank.contains($0) } }.count
  }

  private static func datasheet(_ folder: String) -> [String: Any] {
    guard let data = FileManager.default.contents(atPath: folder + "/datasheet.json"),
      let sheet = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { return [:] }
    return sheet
  }
}
