import Foundation

/// Why a cluster job cannot be written as a manifest kubectl would accept.
public struct ClusterJobError: Error, Equatable, Sendable, CustomStringConvertible {
  public let description: String
}

extension ClusterJob {
  /// Checks what the manifest cannot repair on its own: the name is always made valid, but a
  /// wrong claim or image would point at something that does not exist.
  public func validate() throws(ClusterJobError) {
    if let problem = problems.first { throw ClusterJobError(description: problem) }
  }

  var problems: [String] {
    var found: [String] = []
    if image.trimmingCharacters(in: .whitespaces).isEmpty {
      found.append("kubernetes job: the training image is empty; push the image to a registry the cluster can pull and pass its reference")
    }
    if command.isEmpty { found.append("kubernetes job: the command is empty; pass the training script's command line") }
    if !KubernetesName.isSubdomain(volumeClaim) {
      found.append(
        "kubernetes job: '\(volumeClaim)' is not a PersistentVolumeClaim name (lowercase letters, digits, '-' and '.'); "
          + "pass the name of an existing claim")
    }
    if let namespace, !KubernetesName.isLabel(namespace) {
      found.append("kubernetes job: '\(namespace)' is not a namespace name (lowercase letters, digits and '-', at most 63)")
    }
    if !mountPath.hasPrefix("/") || mountPath.contains(":") {
      found.append("kubernetes job: mount path '\(mountPath)' must be absolute and have no ':'; use /data")
    }
    if nodes < 1 { found.append("kubernetes job: nodes is \(nodes); use 1 or more") }
    if gpusPerNode < 0 { found.append("kubernetes job: GPUs per node is \(gpusPerNode); use 0 (CPU only) or more") }
    for key in labels.keys.sorted() where !KubernetesName.isLabelKey(key) {
      found.append("kubernetes job: '\(key)' is not a label key ([prefix/]name, letters, digits, '-', '_', '.')")
    }
    return found
  }
}
