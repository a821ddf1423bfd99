/// The ranges a pre-push hook reviews, from the "<local ref> <local sha> <remote ref> <remote sha>"
/// lines git writes on its stdin.
public enum PushedRanges {
  static let zero = String(repeating: "0", count: 40)

  /// One range per pushed ref: what it adds over the remote's commit, or the whole history of a
  /// new branch. Deleted refs (all-zero local sha) and malformed lines push nothing to review.
  public static func parse(_ input: String) -> [String] {
    input.split(separator: "\n").compactMap { line in
      let fields = line.split(separator: " ").map(String.init)
      guard fields.count == 4, fields[1] != zero else { return nil }
      return fields[3] == zero ? fields[1] : "\(fields[3])..\(fields[1])"
    }
  }
}
