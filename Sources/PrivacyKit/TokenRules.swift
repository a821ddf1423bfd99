/// Secrets recognisable by a fixed prefix and a body alphabet: vendors brand their tokens so that
/// scanners (theirs and GitHub's secret scanning) can find them without context.
struct TokenRule: Sendable {
  /// Extra checks on the whole token (prefix and body) beyond the alphabet and length.
  enum Shape: Sendable {
    case plain
    /// At least two of lower case, upper case and digits: random bodies have them, words do not.
    case varied
    /// `SG.` + 22 + `.` + 43: exactly one dot inside the body, both parts long.
    case sendGrid
    /// `eyJ….eyJ….signature`: three dot-separated base64url parts, the second also JSON.
    case jwt
  }

  let kind: SecretKind
  let prefix: [UInt8]
  let body: ByteSet
  let minBody: Int
  let maxBody: Int
  var shape: Shape = .plain
  /// Keep the prefix visible and replace only the body (a webhook URL's host says what it is;
  /// the path is the secret).
  var keepPrefix = false
  /// Bytes the alphabet allows but a token never ends with (a sentence's full stop after a JWT).
  var trimTrailing: ByteSet? = nil
  /// The most dots a body holds: reading stops at the next, so a line of `eyJ.eyJ.eyJ.` costs
  /// three short segments per start rather than the whole line.
  var maxDots = Int.max

  init(
    _ kind: SecretKind, _ prefix: String, body: ByteSet, min: Int, max: Int, shape: Shape = .plain, keepPrefix: Bool = false,
    trimTrailing: ByteSet? = nil, maxDots: Int = Int.max
  ) {
    self.kind = kind
    self.prefix = Array(prefix.utf8)
    self.body = body
    self.minBody = min
    self.maxBody = max
    self.shape = shape
    self.keepPrefix = keepPrefix
    self.trimTrailing = trimTrailing
    self.maxDots = maxDots
  }
}

extension TokenRule {
  private static let upperDigits = ByteSet.upper.union(.digits)
  private static let dotted = ByteSet.tokenChars.union(ByteSet("."))

  /// The rules, tried in this order at each position; the first that matches wins, so a more
  /// specific prefix (`sk-ant-`) must come before a shorter one it extends (`sk-`).
  static let all: [TokenRule] = [
    // AWS IAM "Unique identifier prefixes": AKIA long-term, ASIA temporary (STS) access key ids,
    // 20 characters of upper case and digits. ABIA/ACCA are the same for Bedrock and other partitions.
    TokenRule(.awsAccessKeyID, "AKIA", body: upperDigits, min: 16, max: 16),
    TokenRule(.awsAccessKeyID, "ASIA", body: upperDigits, min: 16, max: 16),
    TokenRule(.awsAccessKeyID, "ABIA", body: upperDigits, min: 16, max: 16),
    TokenRule(.awsAccessKeyID, "ACCA", body: upperDigits, min: 16, max: 16),
    // GitHub "About authentication: GitHub's token formats": ghp_/gho_/ghu_/ghs_/ghr_ + 36
    // base62 (up to 255 allowed), fine-grained github_pat_ + 22 + "_" + 59.
    TokenRule(.githubToken, "ghp_", body: .alnum, min: 36, max: 255),
    TokenRule(.githubToken, "gho_", body: .alnum, min: 36, max: 255),
    TokenRule(.githubToken, "ghu_", body: .alnum, min: 36, max: 255),
    TokenRule(.githubToken, "ghs_", body: .alnum, min: 36, max: 255),
    TokenRule(.githubToken, "ghr_", body: .alnum, min: 36, max: 255),
    TokenRule(.githubToken, "github_pat_", body: .tokenChars, min: 40, max: 255),
    // GitLab "Token prefixes": personal (glpat-), deploy (gldt-), runner (glrt-), pipeline
    // trigger (glptt-); 20 base64url characters, newer routable tokens add dotted parts.
    TokenRule(.gitlabToken, "glpat-", body: dotted, min: 20, max: 255, trimTrailing: ByteSet("."), maxDots: 3),
    TokenRule(.gitlabToken, "gldt-", body: dotted, min: 20, max: 255, trimTrailing: ByteSet("."), maxDots: 3),
    TokenRule(.gitlabToken, "glrt-", body: dotted, min: 20, max: 255, trimTrailing: ByteSet("."), maxDots: 3),
    TokenRule(.gitlabToken, "glptt-", body: dotted, min: 20, max: 255, trimTrailing: ByteSet("."), maxDots: 3),
    // Slack "Token types": bot xoxb-, user xoxp-, legacy xoxa-/xoxr-/xoxs-, app-level xapp-.
    TokenRule(.slackToken, "xoxb-", body: .tokenChars, min: 20, max: 255),
    TokenRule(.slackToken, "xoxp-", body: .tokenChars, min: 20, max: 255),
    TokenRule(.slackToken, "xoxa-", body: .tokenChars, min: 20, max: 255),
    TokenRule(.slackToken, "xoxr-", body: .tokenChars, min: 20, max: 255),
    TokenRule(.slackToken, "xoxs-", body: .tokenChars, min: 20, max: 255),
    TokenRule(.slackToken, "xapp-", body: .tokenChars, min: 20, max: 255),
    // Slack "Sending messages using incoming webhooks": https://hooks.slack.com/services/T…/B…/…;
    // the path alone authorises posting.
    TokenRule(
      .slackWebhook, "hooks.slack.com/services/", body: ByteSet.tokenChars.union(ByteSet("/")), min: 20, max: 255, keepPrefix: true),
    TokenRule(
      .slackWebhook, "hooks.slack.com/workflows/", body: ByteSet.tokenChars.union(ByteSet("/")), min: 20, max: 255, keepPrefix: true),
    TokenRule(
      .slackWebhook, "hooks.slack.com/triggers/", body: ByteSet.tokenChars.union(ByteSet("/")), min: 20, max: 255, keepPrefix: true),
    // Stripe "API keys": secret sk_live_/sk_test_, restricted rk_live_/rk_test_ (test keys
    // still open the account's test data); "Webhooks": signing secrets whsec_ + base64.
    TokenRule(.stripeKey, "sk_live_", body: .alnum, min: 16, max: 255),
    TokenRule(.stripeKey, "rk_live_", body: .alnum, min: 16, max: 255),
    TokenRule(.stripeKey, "sk_test_", body: .alnum, min: 16, max: 255),
    TokenRule(.stripeKey, "rk_test_", body: .alnum, min: 16, max: 255),
    TokenRule(.stripeWebhookSecret, "whsec_", body: .base64, min: 24, max: 255),
    // Anthropic Console keys: sk-ant-api03-… and sk-ant-admin01-…, about 100 base64url characters.
    TokenRule(.anthropicKey, "sk-ant-", body: .tokenChars, min: 32, max: 255),
    // OpenAI "API keys": legacy sk- + 48 base62, project sk-proj-…, service account sk-svcacct-…,
    // admin sk-admin-…. The body must look random so `sk-learn-compatible-estimators` survives.
    TokenRule(.openAIKey, "sk-", body: .tokenChars, min: 32, max: 255, shape: .varied),
    // Google Cloud "API keys": AIza + 35 base64url, 39 characters in all.
    TokenRule(.googleAPIKey, "AIza", body: .tokenChars, min: 35, max: 35),
    // Google OAuth client secrets since 2021: GOCSPX- + 28 base64url.
    TokenRule(.googleOAuthSecret, "GOCSPX-", body: .tokenChars, min: 24, max: 40),
    // npm "About access tokens" (2021 format): npm_ + 36 base62.
    TokenRule(.npmToken, "npm_", body: .alnum, min: 36, max: 36),
    // PyPI "API tokens": macaroons, pypi- + base64 whose first bytes encode "pypi.org".
    TokenRule(.pypiToken, "pypi-AgEIcHlwaS5vcmc", body: .tokenChars, min: 50, max: 1024),
    // Hugging Face "User access tokens": hf_ + 34 letters.
    TokenRule(.huggingFaceToken, "hf_", body: .alnum, min: 30, max: 40, shape: .varied),
    // Twilio "API keys": the key SID is SK + 32 lower-case hex.
    TokenRule(.twilioAPIKey, "SK", body: .lowerHex, min: 32, max: 32),
    // SendGrid "API keys": SG. + 22 base64url + . + 43 base64url.
    TokenRule(.sendGridKey, "SG.", body: dotted, min: 40, max: 100, shape: .sendGrid, trimTrailing: ByteSet("."), maxDots: 1),
    // RFC 7519 JWTs in compact form: base64url('{"') is "eyJ", so header and payload both start
    // with it.
    TokenRule(.jwt, "eyJ", body: dotted, min: 30, max: 16_384, shape: .jwt, trimTrailing: ByteSet("."), maxDots: 2),
  ]

  /// The bytes any rule's prefix starts with: the scan's first, cheapest test.
  static let firstBytes: ByteSet = ByteSet(String(decoding: all.map { $0.prefix[0] }, as: UTF8.self))

  /// For each first byte, the indices of the rules whose prefix starts with it, so the scan
  /// tries rules only where one could start.
  static let byFirstByte: [[Int]] = {
    var table = Array(repeating: [Int](), count: 256)
    for (index, rule) in all.enumerated() { table[Int(rule.prefix[0])].append(index) }
    return table
  }()
}
