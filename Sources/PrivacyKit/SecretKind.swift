/// What kind of secret a rule found. The raw value is the stable id that appears in placeholders
/// (`<redacted:github-token#1>`), so a reader (human or model) knows what was there without
/// seeing it.
public enum SecretKind: String, Sendable, CaseIterable, Codable {
  case awsAccessKeyID = "aws-access-key-id"
  case awsSecretAccessKey = "aws-secret-access-key"
  case githubToken = "github-token"
  case gitlabToken = "gitlab-token"
  case slackToken = "slack-token"
  case slackWebhook = "slack-webhook"
  case stripeKey = "stripe-key"
  case stripeWebhookSecret = "stripe-webhook-secret"
  case openAIKey = "openai-key"
  case anthropicKey = "anthropic-key"
  case googleAPIKey = "google-api-key"
  case googleOAuthSecret = "google-oauth-secret"
  case npmToken = "npm-token"
  case pypiToken = "pypi-token"
  case huggingFaceToken = "huggingface-token"
  case twilioAPIKey = "twilio-api-key"
  case sendGridKey = "sendgrid-key"
  case jwt = "jwt"
  case privateKey = "private-key"
  case urlPassword = "url-password"
  case authorizationHeader = "authorization-header"
  /// A high-entropy value assigned to a name such as `password`, `token` or `api_key`.
  case genericSecret = "generic-secret"

  /// A short human name, for review findings and messages.
  public var displayName: String {
    switch self {
    case .awsAccessKeyID: return "AWS access key id"
    case .awsSecretAccessKey: return "AWS secret access key"
    case .githubToken: return "GitHub token"
    case .gitlabToken: return "GitLab token"
    case .slackToken: return "Slack token"
    case .slackWebhook: return "Slack webhook URL"
    case .stripeKey: return "Stripe key"
    case .stripeWebhookSecret: return "Stripe webhook secret"
    case .openAIKey: return "OpenAI API key"
    case .anthropicKey: return "Anthropic API key"
    case .googleAPIKey: return "Google API key"
    case .googleOAuthSecret: return "Google OAuth client secret"
    case .npmToken: return "npm token"
    case .pypiToken: return "PyPI token"
    case .huggingFaceToken: return "Hugging Face token"
    case .twilioAPIKey: return "Twilio API key"
    case .sendGridKey: return "SendGrid API key"
    case .jwt: return "JSON Web Token"
    case .privateKey: return "private key"
    case .urlPassword: return "password in a URL"
    case .authorizationHeader: return "Authorization header credential"
    case .genericSecret: return "hard-coded secret"
    }
  }
}
