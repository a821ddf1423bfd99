/// Realistic fake secrets: the right prefixes, lengths and alphabets, from a seeded generator so
/// every run tests the same values (and no real credential is ever written into the repository).
struct FakeSecrets {
  static let upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
  static let lower = "abcdefghijklmnopqrstuvwxyz"
  static let digits = "0123456789"
  static let alnum = upper + lower + digits
  static let base64 = alnum + "+/"
  static let base64url = alnum + "-_"
  static let hex = "0123456789abcdef"

  private var state: UInt64

  init(seed: UInt64) { state = seed }

  /// SplitMix64: tiny, deterministic, good enough to look random.
  private mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func string(_ alphabet: String, _ count: Int) -> String {
    let characters = Array(alphabet)
    return String((0..<count).map { _ in characters[Int(next() % UInt64(characters.count))] })
  }

  mutating func awsAccessKeyID() -> String { "AKIA" + string(Self.upper + "234567", 16) }
  mutating func awsSecretAccessKey() -> String { string(Self.base64, 40) }
  mutating func github(_ prefix: String = "ghp_") -> String { prefix + string(Self.alnum, 36) }
  mutating func githubFineGrained() -> String { "github_pat_" + string(Self.alnum, 22) + "_" + string(Self.alnum, 59) }
  mutating func gitlab() -> String { "glpat-" + string(Self.base64url, 20) }
  mutating func slackBot() -> String { "xoxb-" + string(Self.digits, 11) + "-" + string(Self.digits, 13) + "-" + string(Self.alnum, 24) }
  mutating func slackApp() -> String {
    "xapp-1-A" + string(Self.upper + Self.digits, 10) + "-" + string(Self.digits, 13) + "-" + string(Self.hex, 64)
  }
  mutating func slackWebhookPath() -> String {
    "T" + string(Self.upper + Self.digits, 8) + "/B" + string(Self.upper + Self.digits, 10) + "/" + string(Self.alnum, 24)
  }
  mutating func stripeLive() -> String { "sk_live_" + string(Self.alnum, 24) }
  mutating func stripeRestricted() -> String { "rk_live_" + string(Self.alnum, 99) }
  mutating func stripeWebhook() -> String { "whsec_" + string(Self.base64, 32) }
  mutating func openAILegacy() -> String { "sk-" + string(Self.alnum, 20) + "T3BlbkFJ" + string(Self.alnum, 20) }
  mutating func openAIProject() -> String { "sk-proj-" + string(Self.base64url, 74) + "T3BlbkFJ" + string(Self.base64url, 74) }
  mutating func anthropic() -> String { "sk-ant-api03-" + string(Self.base64url, 93) + "AA" }
  mutating func googleAPIKey() -> String { "AIza" + string(Self.base64url, 35) }
  mutating func googleOAuthSecret() -> String { "GOCSPX-" + string(Self.base64url, 28) }
  mutating func npm() -> String { "npm_" + string(Self.alnum, 36) }
  mutating func pypi() -> String { "pypi-AgEIcHlwaS5vcmc" + string(Self.base64url, 120) }
  mutating func huggingFace() -> String { "hf_" + string(Self.upper + Self.lower, 34) }
  mutating func twilio() -> String { "SK" + string(Self.hex, 32) }
  mutating func sendGrid() -> String { "SG." + string(Self.base64url, 22) + "." + string(Self.base64url, 43) }
  mutating func jwt() -> String {
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ" + string(Self.base64url, 60) + "." + string(Self.base64url, 43)
  }
  mutating func password() -> String { string(Self.alnum, 10) + "!" + string(Self.digits, 2) + "#" + string(Self.lower, 3) }
  mutating func generic(_ count: Int = 40) -> String { string(Self.alnum, count) }

  /// A PEM (or OpenSSH, PGP) private key block with `lines` lines of base64, each prefixed.
  mutating func privateKey(_ label: String, lines: Int = 6, prefix: String = "") -> String {
    var text = prefix + "-----BEGIN \(label)-----\n"
    for _ in 0..<lines { text += prefix + string(Self.base64, 64) + "\n" }
    text += prefix + string(Self.base64, 20) + "==\n"
    text += prefix + "-----END \(label)-----"
    return text
  }
}
