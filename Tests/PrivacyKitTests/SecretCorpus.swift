import PrivacyKit

/// A realistic text with secrets in it: what must disappear, and what kinds should be reported.
struct SecretSample: CustomStringConvertible, Sendable {
  let name: String
  let text: String
  /// Substrings that must not survive scrubbing.
  let secrets: [String]
  let kinds: Set<SecretKind>

  // Only the name, so a failing test never prints the (fake) secrets either.
  var description: String { name }
}

/// The corpus of secrets in context: Python, JS, YAML, .env, JSON, shell, Swift, Go, a diff, URLs
/// and PEM blocks.
enum SecretCorpus {
  static let samples: [SecretSample] = {
    var fake = FakeSecrets(seed: 0x5EC2E7)
    var samples: [SecretSample] = []

    let awsID = fake.awsAccessKeyID(), awsSecret = fake.awsSecretAccessKey()
    samples.append(
      SecretSample(
        name: "python boto3",
        text: """
          import boto3

          AWS_ACCESS_KEY_ID = "\(awsID)"
          aws_secret_access_key = '\(awsSecret)'
          client = boto3.client("s3", aws_access_key_id=AWS_ACCESS_KEY_ID)
          """, secrets: [awsID, awsSecret], kinds: [.awsAccessKeyID, .awsSecretAccessKey]))

    let stripe = fake.stripeLive(), restricted = fake.stripeRestricted(), project = fake.openAIProject(), whsec = fake.stripeWebhook()
    samples.append(
      SecretSample(
        name: "javascript",
        text: """
          const stripe = require('stripe')('\(stripe)');
          const reports = new Stripe("\(restricted)");
          const openai = new OpenAI({ apiKey: "\(project)" });
          const endpointSecret = `\(whsec)`;
          """, secrets: [stripe, restricted, project, whsec], kinds: [.stripeKey, .openAIKey, .stripeWebhookSecret]))

    let ghp = fake.github(), webhook = fake.slackWebhookPath(), bot = fake.slackBot(), app = fake.slackApp(), gho = fake.github("gho_")
    samples.append(
      SecretSample(
        name: "yaml",
        text: """
          github:
            token: \(ghp)
            oauth: "\(gho)"
          slack:
            webhook: https://hooks.slack.com/services/\(webhook)
            bot_token: "\(bot)"
            app_token: '\(app)'
          """, secrets: [ghp, gho, webhook, bot, app], kinds: [.githubToken, .slackWebhook, .slackToken]))

    let anthropic = fake.anthropic(), google = fake.googleAPIKey(), dbPassword = fake.password(), django = fake.generic(50)
    samples.append(
      SecretSample(
        name: "dotenv",
        text: """
          # local settings
          ANTHROPIC_API_KEY=\(anthropic)
          GOOGLE_API_KEY=\(google)
          DATABASE_URL=postgres://app:\(dbPassword)@db.internal:5432/prod
          DJANGO_SECRET_KEY=\(django)
          DEBUG=true
          """, secrets: [anthropic, google, dbPassword, django], kinds: [.anthropicKey, .googleAPIKey, .urlPassword, .genericSecret]))

    let npm = fake.npm(), hf = fake.huggingFace(), sendGrid = fake.sendGrid(), oauth = fake.googleOAuthSecret(),
      legacy = fake.openAILegacy()
    samples.append(
      SecretSample(
        name: "json",
        text: """
          {
            "registry": {"npm_token": "\(npm)"},
            "hf":"\(hf)",
            "mail": {"provider": "sendgrid", "key": "\(sendGrid)"},
            "google": {"client_id": "1234-abc.apps.googleusercontent.com", "client_secret": "\(oauth)"},
            "openai": ["\(legacy)"]
          }
          """, secrets: [npm, hf, sendGrid, oauth, legacy],
        kinds: [.npmToken, .huggingFaceToken, .sendGridKey, .googleOAuthSecret, .openAIKey]))

    let gitlab = fake.gitlab(), bearer = fake.generic(40), pypi = fake.pypi(), fineGrained = fake.githubFineGrained()
    let basic = "dXNlcjpwYXNzd29yZDEyMw=="
    samples.append(
      SecretSample(
        name: "shell",
        text: """
          #!/bin/sh
          export GITLAB_TOKEN=\(gitlab)
          curl -H "Authorization: Bearer \(bearer)" https://api.example.com/v1/items
          curl -H 'authorization: Basic \(basic)' https://legacy.example.com
          twine upload --password \(pypi) dist/*
          GH_TOKEN="\(fineGrained)" gh pr list
          """, secrets: [gitlab, bearer, basic, pypi, fineGrained], kinds: [.gitlabToken, .authorizationHeader, .pypiToken, .githubToken]))

    let twilio = fake.twilio(), jwt = fake.jwt(), sshKey = fake.privateKey("OPENSSH PRIVATE KEY", prefix: "+")
    samples.append(
      SecretSample(
        name: "diff",
        text: """
          diff --git a/config/settings.py b/config/settings.py
          index 3b18e51..a9c2f4d 100644
          --- a/config/settings.py
          +++ b/config/settings.py
          @@ -10,3 +10,14 @@ INSTALLED_APPS = [
           ]
          -TWILIO_API_KEY = os.environ["TWILIO_API_KEY"]
          +TWILIO_API_KEY = "\(twilio)"
          +SESSION = "\(jwt)"
          \(sshKey)
          """, secrets: [twilio, jwt] + bodyLines(sshKey), kinds: [.twilioAPIKey, .jwt, .privateKey]))

    let urlToken = fake.gitlab(), mongoPassword = fake.password()
    samples.append(
      SecretSample(
        name: "urls",
        text: """
          git clone https://oauth2:\(urlToken)@gitlab.com/group/project.git
          MONGO = "mongodb+srv://admin:\(mongoPassword)@cluster0.example.net/?retryWrites=true"
          """, secrets: [urlToken, mongoPassword], kinds: [.gitlabToken, .urlPassword]))

    for label in ["RSA PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "DSA PRIVATE KEY", "PGP PRIVATE KEY BLOCK"] {
      let block = fake.privateKey(label)
      samples.append(
        SecretSample(
          name: "pem \(label)", text: "key material follows\n\(block)\nthat was it\n", secrets: bodyLines(block), kinds: [.privateKey]))
    }
    let escaped = fake.privateKey("PRIVATE KEY").replacingOccurrences(of: "\n", with: "\\n")
    samples.append(
      SecretSample(
        name: "pem in json", text: "{\"type\": \"service_account\", \"private_key\": \"\(escaped)\\n\"}",
        secrets: bodyLines(escaped.replacingOccurrences(of: "\\n", with: "\n")), kinds: [.privateKey]))

    let swiftKey = fake.generic(32), goToken = fake.generic(24), rubyPassword = fake.password(), pyPassword = "P@ssw0rd!"
    samples.append(
      SecretSample(
        name: "swift go ruby python",
        text: """
          let apiKey: String = "\(swiftKey)"
          token := "\(goToken)"
          config = { 'password' => '\(rubyPassword)' }
          connect(host="db", password="\(pyPassword)")
          """, secrets: [swiftKey, goToken, rubyPassword, pyPassword], kinds: [.genericSecret]))

    // A placeholder word inside a long random value does not make it a placeholder: judged with
    // the word removed, what is left is still a key (and an AWS name names it, at any length).
    let awsLong = fake.string(FakeSecrets.base64, 20) + "EXAMPLE" + fake.string(FakeSecrets.base64, 21)
    let awsShort = fake.string(FakeSecrets.base64, 16) + "sample" + fake.string(FakeSecrets.base64, 14)
    let dummyToken = fake.generic(18) + "dummy" + fake.generic(17), yourSecret = "your_" + fake.generic(32)
    samples.append(
      SecretSample(
        name: "placeholder words inside real values",
        text: """
          AWS_SECRET_ACCESS_KEY=\(awsLong)
          aws_secret_key = "\(awsShort)"
          api_token: "\(dummyToken)"
          client_secret = '\(yourSecret)'
          """, secrets: [awsLong, awsShort, dummyToken, yourSecret], kinds: [.awsSecretAccessKey, .genericSecret]))

    samples.append(
      SecretSample(
        name: "aws documented example", text: "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n", secrets: ["AKIAIOSFODNN7EXAMPLE"],
        kinds: [.awsAccessKeyID]))
    return samples
  }()

  /// The base64 lines of a key block (what must not leak), without the BEGIN and END lines.
  static func bodyLines(_ block: String) -> [String] {
    block.split(separator: "\n").map { String($0.drop { $0 == "+" }) }.filter { !$0.hasPrefix("-----") }
  }
}
