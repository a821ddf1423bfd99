import Foundation

/// Names Kubernetes accepts, and how to make one out of anything (a branch, a run id).
enum KubernetesName {
  /// Job names stay below 63 because the operators derive longer names from them: PyTorchJob
  /// makes a Service `<name>-worker-<index>` per pod, TrainJob's JobSet a Job `<name>-node-<index>`,
  /// and those are DNS labels of at most 63 characters too.
  static let jobNameLimit = 52

  /// An RFC 1035 label (a letter first), which TrainJob's CRD demands of metadata.name.
  static func jobName(_ raw: String) -> String {
    label(from: raw, limit: jobNameLimit, letterFirst: true, fallback: "git-llm-finetune")
  }

  /// An RFC 1123 label: lowercase letters, digits and '-', alphanumeric at both ends.
  static func namespace(_ raw: String) -> String {
    label(from: raw, limit: 63, letterFirst: false, fallback: "default")
  }

  static func label(from raw: String, limit: Int, letterFirst: Bool, fallback: String) -> String {
    // Folding first keeps "Über" readable as "uber" instead of "-ber".
    let folded = raw.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil).lowercased()
    var out = ""
    for scalar in folded.unicodeScalars {
      let keep = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
      if keep {
        out.unicodeScalars.append(scalar)
      } else if !out.isEmpty, out.last != "-" {
        out.append("-")
      }
    }
    if letterFirst, let first = out.unicodeScalars.first, ("0"..."9").contains(first) { out = "job-" + out }
    out = String(out.prefix(limit))
    while out.hasSuffix("-") { out.removeLast() }
    return out.isEmpty ? fallback : out
  }

  /// A label value: at most 63 of letters, digits, '-', '_', '.', alphanumeric at both ends.
  static func labelValue(_ raw: String) -> String {
    let isAlphanumeric = { (c: Unicode.Scalar) in ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) }
    let mapped = raw.unicodeScalars.map { c -> Unicode.Scalar in isAlphanumeric(c) || "-_.".unicodeScalars.contains(c) ? c : "-" }
    var scalars = Array(mapped.drop(while: { !isAlphanumeric($0) }).prefix(63))
    while let last = scalars.last, !isAlphanumeric(last) { scalars.removeLast() }
    var out = String.UnicodeScalarView()
    out.append(contentsOf: scalars)
    return String(out)
  }

  static func isLabel(_ text: String) -> Bool {
    text.count <= 63 && matches(text, "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  }

  static func isSubdomain(_ text: String) -> Bool {
    text.count <= 253 && matches(text, "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  }

  static func isLabelKey(_ key: String) -> Bool {
    let parts = key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard parts.count <= 2, let name = parts.last else { return false }
    if parts.count == 2, !isSubdomain(parts[0]) { return false }
    return name.count <= 63 && matches(name, "^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")
  }

  private static func matches(_ text: String, _ pattern: String) -> Bool {
    text.range(of: pattern, options: .regularExpression) != nil
  }
}
