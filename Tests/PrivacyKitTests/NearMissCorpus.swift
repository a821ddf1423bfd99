/// Texts that look a little like secrets and must survive scrubbing byte for byte.
enum NearMissCorpus {
  static let samples: [(name: String, text: String)] = {
    var fake = FakeSecrets(seed: 0xA11CE)
    let sshPublic = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ" + fake.string(FakeSecrets.base64, 500) + " dev@laptop"
    let integrity = "sha512-" + fake.string(FakeSecrets.base64, 86) + "=="
    let image = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA" + fake.string(FakeSecrets.base64, 600) + "="
    let publicKey = "-----BEGIN PUBLIC KEY-----\n" + fake.string(FakeSecrets.base64, 64) + "\n-----END PUBLIC KEY-----"
    let certificate = "-----BEGIN CERTIFICATE-----\n" + fake.string(FakeSecrets.base64, 64) + "\n-----END CERTIFICATE-----"
    return [
      ("empty password", "password = \"\"\n"),
      ("environment lookup", "password = os.environ[\"DB_PASSWORD\"]\n"),
      ("function call", "token = get_token()\n"),
      ("yaml interpolation", "api_key: ${OPENAI_API_KEY}\n"),
      ("changeme", "secret = \"changeme\"\n"),
      ("example", "secret = \"example\"\n"),
      ("xxx", "secret = \"xxxxxxxx\"\n"),
      ("angle placeholder", "secret = \"<your-key-here>\"\n"),
      ("your key here", "OPENAI_API_KEY=your-api-key-here\n"),
      ("elided docs key", "export OPENAI_API_KEY=sk-...\n"),
      ("git sha", "commit = \"3f786850e387550fdab836ed7e6dc881de23001b\"\nSee 9fceb02d0ae598e95dc970b74767f19372d61af8 for details.\n"),
      ("uuids", "request_id = \"123e4567-e89b-12d3-a456-426614174000\"\nid: 550e8400-e29b-41d4-a716-446655440000\n"),
      ("sk inside words", "steps: [task-sk-1, run-sk-learn-compatible-estimators, mask-sk-2048]\n"),
      ("long identifiers", "let maximumNumberOfConcurrentDownloadsPerHost = 4\nfunc makeAuthenticationTokenRefreshScheduler() {}\n"),
      (
        "url without password",
        "git clone https://user@example.com/repo.git\nssh://git@github.com:22/org/repo.git\npostgres://localhost:5432/db\n"
      ),
      ("url template password", "DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/prod\n"),
      ("ssh public key", sshPublic + "\n"),
      ("lockfile integrity", "\"integrity\": \"\(integrity)\",\n"),
      ("data url image", "<img src=\"\(image)\">\n"),
      ("public key and certificate", publicKey + "\n" + certificate + "\n"),
      ("token counts", "max_tokens = 4096\ntokenizer = \"bert-base-uncased\"\ntoken_type: bearer\n"),
      ("actions secret reference", "token: ${{ secrets.GITHUB_TOKEN }}\n"),
      ("identifier value", "password = hashedPasswordFromDatabase\nauth: true\npwd: /home/user/project\n"),
      ("dotted reference", "password = settings.database.password\napiKey: config.openai.apiKey,\n"),
      (
        "header from variable",
        "curl -H \"Authorization: Bearer $TOKEN\"\nheaders = {\"Authorization\": \"Bearer \" + token}\nheaders = {\"Authorization\": f\"Bearer {token}\"}\nAuthorization: Bearer <token>\n"
      ),
      ("yaml tag", "password: !secret wifi_password\n"),
      ("prose", "Set the token in your environment. The password must be at least 12 characters.\n"),
      ("comparison operators", "if token == \"\" { return }\nif a <= b && c >= d && e != f {}\nstd::string password::hash(value);\n"),
      (
        "placeholder words with nothing random left",
        """
        password = "dummy_password"
        api_key: "sample-api-key-for-tests"
        AWS_SECRET_ACCESS_KEY=your-secret-access-key-here
        secret_key = "ExampleSecretKey"
        password: "changeme123"
        client_secret = "YOUR_CLIENT_SECRET"

        """
      ),
      (
        "elided and masked values",
        """
        OPENAI_API_KEY=sk-abc123...
        token = "xxxx-xxxx-xxxx-1234"
        api_key: "****************9f3a"
        secret = "Kq82…Zr7"

        """
      ),
      ("non-ascii", "// Grüße: naïve café — passwort = \"\"\nlet 名前 = \"値\"\n"),
    ]
  }()
}
