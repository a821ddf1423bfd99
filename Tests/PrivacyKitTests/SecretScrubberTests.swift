import Testing

@testable import PrivacyKit

@Suite("Secret scrubber")
struct SecretScrubberTests {
  let scrubber = SecretScrubber()

  @Test("every secret in context is replaced", arguments: SecretCorpus.samples)
  func secretsAreReplaced(_ sample: SecretSample) {
    let result = scrubber.scrub(sample.text)
    for (index, secret) in sample.secrets.enumerated() {
      // Report by position, never by value (an #expect on `contains` would print both).
      let survived = result.text.contains(secret)
      #expect(!survived, "secret #\(index + 1) of \(sample.name) survived")
    }
    #expect(!scrubber.containsSecret(result.text))
    #expect(Set(result.matches.map(\.kind)) == sample.kinds)
    for match in result.matches {
      #expect(result.text.contains(match.placeholder))
    }
  }

  @Test("near misses survive byte for byte", arguments: NearMissCorpus.samples.map(\.name))
  func nearMissesSurvive(_ name: String) throws {
    let text = try #require(NearMissCorpus.samples.first { $0.name == name }?.text)
    let result = scrubber.scrub(text)
    #expect(result.matches.map(\.kind) == [])
    #expect(Array(result.text.utf8) == Array(text.utf8))
    #expect(!scrubber.containsSecret(text))
  }

  @Test("scrubbing scrubbed text changes nothing", arguments: SecretCorpus.samples)
  func idempotent(_ sample: SecretSample) {
    let once = scrubber.scrub(sample.text).text
    let twice = scrubber.scrub(once)
    #expect(twice.text == once)
    #expect(twice.matches.isEmpty)
  }

  @Test func placeholdersNumberDistinctValuesByFirstAppearance() {
    var fake = FakeSecrets(seed: 7)
    let first = fake.github(), second = fake.npm(), third = fake.github()
    let text = "a=\(first)\nb=\(second)\nc=\(first)\nd=\(third)\n"
    let result = scrubber.scrub(text)
    #expect(
      result.text == "a=<redacted:github-token#1>\nb=<redacted:npm-token#2>\nc=<redacted:github-token#1>\nd=<redacted:github-token#3>\n")
    #expect(
      result.matches.map(\.placeholder) == [
        "<redacted:github-token#1>", "<redacted:npm-token#2>", "<redacted:github-token#1>", "<redacted:github-token#3>",
      ])
  }

  @Test func deterministicAcrossInstances() {
    for sample in SecretCorpus.samples {
      #expect(SecretScrubber().scrub(sample.text) == SecretScrubber().scrub(sample.text))
    }
  }

  @Test func rangesPointIntoTheOriginal() {
    var fake = FakeSecrets(seed: 11)
    let token = fake.github(), password = fake.password()
    let text = "// café ☕️\nlet t = \"\(token)\"\nurl = \"https://me:\(password)@example.com\"\n"
    let matches = scrubber.findSecrets(in: text)
    #expect(matches.map { String(text[$0.range]) } == [token, password])
    #expect(matches.map(\.kind) == [.githubToken, .urlPassword])
  }

  @Test func urlKeepsSchemeUserAndHost() {
    let result = scrubber.scrub("postgres://app:Sup3r-S3cret!@db.internal:5432/prod")
    #expect(result.text == "postgres://app:<redacted:url-password#1>@db.internal:5432/prod")
  }

  @Test func specificKindWinsOverGenericAssignment() {
    var fake = FakeSecrets(seed: 3)
    let token = fake.github()
    #expect(scrubber.scrub("password = \"\(token)\"").text == "password = \"<redacted:github-token#1>\"")
    #expect(scrubber.scrub("Authorization: Bearer \(token)").text == "Authorization: Bearer <redacted:github-token#1>")
  }

  @Test func privateKeyBlockKeepsLineNumbersAndDiffMarkers() {
    var fake = FakeSecrets(seed: 5)
    let block = fake.privateKey("RSA PRIVATE KEY", lines: 3, prefix: "+")
    let text = " context\n\(block)\n+after\n"
    let result = scrubber.scrub(text)
    #expect(result.text == " context\n+<redacted:private-key#1>\n+\n+\n+\n+\n+\n+after\n")
    #expect(
      result.text.split(separator: "\n", omittingEmptySubsequences: false).count
        == text.split(separator: "\n", omittingEmptySubsequences: false).count)
  }

  @Test func privateKeyWithoutEndLineStillHidesItsBody() {
    var fake = FakeSecrets(seed: 9)
    let body = fake.string(FakeSecrets.base64, 64)
    let text = "-----BEGIN OPENSSH PRIVATE KEY-----\n\(body)\n\(body.prefix(30))\n"
    let result = scrubber.scrub(text)
    #expect(!result.text.contains(body.prefix(30)))
    #expect(result.matches.map(\.kind) == [.privateKey])
  }

  @Test func awsDocumentedExampleIsScrubbed() {
    // Decision: AWS's documented example key is key-shaped, and exempting it would make
    // `…EXAMPLE` a way to slip a key past; a placeholder in its place costs nothing.
    #expect(scrubber.scrub("AKIAIOSFODNN7EXAMPLE").text == "<redacted:aws-access-key-id#1>")
  }

  @Test func emptyAndPlainText() {
    #expect(scrubber.scrub("") == ScrubResult(text: "", matches: []))
    #expect(scrubber.findSecrets(in: "nothing to see here") == [])
  }

  @Test func entropyThresholds() {
    #expect(SecretLikelihood.looksLikeSecret(ArraySlice("q8Zr2LmX0vT5".utf8)))
    #expect(SecretLikelihood.looksLikeSecret(ArraySlice("3f786850e387550fdab836ed7e6dc881".utf8)))
    #expect(!SecretLikelihood.looksLikeSecret(ArraySlice("aaaa1111".utf8)))
    #expect(!SecretLikelihood.looksLikeSecret(ArraySlice("my-secret-value".utf8)))
    #expect(!SecretLikelihood.looksLikeSecret(ArraySlice("hashedPasswordFromDatabase".utf8)))
  }
}
