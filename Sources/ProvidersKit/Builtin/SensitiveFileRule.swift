/// Files that should not be committed at all: private keys, keystores and `.env` files
/// (security). Checked on files the change adds (new, renamed or copied into place): a key
/// file's content may be binary or hidden by the diff, so the name is the only signal.
enum SensitiveFileRule {
  /// OpenSSH's default private key names (the `.pub` halves are public).
  private static let sshKeys: Set<String> = ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk"]
  /// PKCS #12 bundles, Java keystores, PEM and bare `.key` files usually hold private keys.
  private static let keyExtensions: Set<String> = ["pem", "key", "p12", "pfx", "jks", "keystore"]
  /// `.env.example` and friends are the committed templates `.env` files are made from.
  private static let templateSuffixes = ["example", "sample", "template", "dist", "defaults", "tpl"]

  static func findings(_ file: PatchFile) -> [BuiltinFinding] {
    guard file.isNew || file.isRename, !file.isDeleted else { return [] }
    let name = String(PathTraits.fileName(file.path))
    let line = file.added.first?.number ?? 1
    if sshKeys.contains(name) {
      return [finding(file.path, line, "critical", "SSH private key file added", "an SSH private key")]
    }
    if keyExtensions.contains(PathTraits.fileExtension(file.path)) {
      return [finding(file.path, line, "high", "Key file added", "a private key, certificate bundle or keystore")]
    }
    if isEnvironmentFile(name) {
      return [finding(file.path, line, "high", "Environment file added", "environment settings, which usually include credentials")]
    }
    return []
  }

  private static func isEnvironmentFile(_ name: String) -> Bool {
    guard name == ".env" || name.hasPrefix(".env.") else { return false }
    return !templateSuffixes.contains { name.hasSuffix(".\($0)") }
  }

  private static func finding(_ path: String, _ line: Int, _ severity: String, _ title: String, _ holds: String) -> BuiltinFinding {
    BuiltinFinding(
      path: path, startLine: line, endLine: line, severity: severity, category: "security", title: title,
      explanation: "This change adds a file whose name says it holds \(holds). Once pushed it is in every clone and in history for good.",
      suggestion:
        "Remove it from the change, add its name to .gitignore, and rotate anything it contained; commit a template (such as .env.example) instead."
    )
  }
}
