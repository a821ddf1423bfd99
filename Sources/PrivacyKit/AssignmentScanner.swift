/// Finds values assigned to secret-sounding names in code and config, whatever the syntax:
/// `password = "…"` (Python, JS, Swift, Go `:=`), `"api_key": "…"` (JSON), `token: …` (YAML),
/// `export TOKEN=…` and `.env`, `'secret' => '…'` (PHP, Ruby), `let apiKey: String = "…"`;
/// and the credential of an `Authorization:` header.
///
/// Triggered at every `=` and `:`; it looks left for the name and right for the value, so it
/// needs no grammar of each language.
enum AssignmentScanner {
  /// Normalised (lower-cased, without `_`, `-`, `.`) name endings that mark a secret. Endings,
  /// not substrings: `tokenizer`, `max_tokens`, `author` and `secret_name` are not secrets.
  private static let secretNameEndings = [
    "password", "passwd", "pwd", "passphrase", "secret", "secretkey", "token", "apikey",
    "accesskey", "privatekey", "clientsecret", "auth",
  ].map { Array($0.utf8) }
  private static let lastLetters = ByteSet("dteyhn")
  private static let authorization = Array("authorization".utf8)
  private static let schemes = ["bearer", "basic", "token"].map { Array($0.utf8) }
  /// RFC 6750 b64token and RFC 7617 base64 credentials.
  private static let credentialChars = ByteSet.tokenChars.union(ByteSet("._~+/="))
  private static let quotes = ByteSet("\"'`")
  /// A byte before `=`/`:` that makes it the second byte of another operator (`==`, `<=`, `::`).
  private static let operatorContinuations = ByteSet("=!<>:+-*/%&|^?")
  private static let operatorTails = ByteSet("=>")
  private static let stringPrefixes = ByteSet("rbuRBU")
  /// After a value: a call, a subscript or a literal, so the value is a name, not a secret.
  private static let callOrIndex = ByteSet("([{")
  private static let credentialFollowers = ByteSet("([{$<")
  /// No value is read further than this: longer ones are not secrets (`SecretLikelihood`), and
  /// the bound keeps a megabyte-long line with many `=` linear.
  private static let scanLimit = SecretLikelihood.maxLength + 1
  /// Bytes that end an unquoted value (`.env`, YAML, shell): space, quotes, and code punctuation.
  private static let unquotedStop = ByteSet(" \t\r\n\"'`,;(){}[]<>")

  /// The secret assigned by the operator at `index` (a `=` or `:`), if any.
  static func match(_ bytes: [UInt8], operatorAt index: Int) -> Candidate? {
    let op = bytes[index]
    // Only the first byte of an operator triggers: `==`, `:=`, `=>` once; `<=`, `!=`, `::` never.
    if index > 0, operatorContinuations.contains(bytes[index - 1]) { return nil }
    if op == UInt8(ascii: ":"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ":") { return nil }
    var valueStart = index + 1
    while valueStart < bytes.count, valueStart - index < 3, operatorTails.contains(bytes[valueStart]) { valueStart += 1 }
    guard var name = nameBefore(bytes, index) else { return nil }
    // `let apiKey: String = "…"` and `api_key: str = "…"`: the name is left of the annotation.
    if op == UInt8(ascii: "="), let colon = annotationColon(bytes, before: name.lowerBound),
      let annotated = nameBefore(bytes, colon)
    {
      name = annotated
    }
    // Every name ending above (and `authorization`) ends in one of these letters; checking it
    // first keeps the common case (`x = 1`) free of allocation.
    guard lastLetters.contains(Bytes.lowercased(bytes[name.upperBound - 1])) else { return nil }
    let normalized = normalize(bytes[name])
    if normalized.count >= authorization.count, normalized.suffix(authorization.count).elementsEqual(authorization) {
      return authorizationCredential(bytes, from: valueStart)
    }
    guard endsWithSecretName(normalized), let value = value(bytes, from: valueStart) else { return nil }
    let slice = bytes[value]
    let awsShaped = isAWSSecretName(normalized) && slice.allSatisfy(ByteSet.base64.contains)
    // AWS's own format, 40 base64 characters, needs no further evidence.
    if awsShaped, slice.count == 40 {
      return Candidate(start: value.lowerBound, end: value.upperBound, kind: .awsSecretAccessKey, priority: Candidate.contextual)
    }
    // Any other length under an AWS name is still judged, and named, as one: a rotated or
    // mistyped key is as live as a well-formed one.
    guard SecretLikelihood.looksLikeSecret(slice) else { return nil }
    return Candidate(
      start: value.lowerBound, end: value.upperBound, kind: awsShaped ? .awsSecretAccessKey : .genericSecret, priority: Candidate.contextual
    )
  }

  /// The name just left of an operator: spaces, an optional closing quote, then name bytes.
  private static func nameBefore(_ bytes: [UInt8], _ index: Int) -> Range<Int>? {
    var end = index
    while end > 0, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") { end -= 1 }
    if end > 0, quotes.contains(bytes[end - 1]) || bytes[end - 1] == UInt8(ascii: "?") || bytes[end - 1] == UInt8(ascii: "!") { end -= 1 }
    var start = end
    while start > 0, end - start < 128, ByteSet.nameChars.contains(bytes[start - 1]) { start -= 1 }
    return start < end ? start..<end : nil
  }

  /// The `:` of a type annotation just left of a type name, if there is one.
  private static func annotationColon(_ bytes: [UInt8], before typeStart: Int) -> Int? {
    var index = typeStart
    while index > 0, bytes[index - 1] == UInt8(ascii: " ") || bytes[index - 1] == UInt8(ascii: "\t") { index -= 1 }
    guard index > 1, bytes[index - 1] == UInt8(ascii: ":"), bytes[index - 2] != UInt8(ascii: ":") else { return nil }
    return index - 1
  }

  /// The value right of an operator: the inside of a quoted string on the same line, or an
  /// unquoted run; nil for calls, subscripts and unterminated strings (`get_token()`,
  /// `os.environ["X"]`).
  private static func value(_ bytes: [UInt8], from: Int) -> Range<Int>? {
    var start = from
    while start < bytes.count, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") { start += 1 }
    guard start < bytes.count else { return nil }
    // Python string prefixes: r"…", b"…", u"…".
    if start + 1 < bytes.count, stringPrefixes.contains(bytes[start]), quotes.contains(bytes[start + 1]) { start += 1 }
    let first = bytes[start]
    if quotes.contains(first) {
      var end = start + 1
      let limit = start + scanLimit
      while end < bytes.count, bytes[end] != first {
        if bytes[end] == UInt8(ascii: "\n") || end > limit { return nil }
        if bytes[end] == UInt8(ascii: "\\") { end += 1 }
        end += 1
      }
      guard end < bytes.count else { return nil }
      return (start + 1)..<end
    }
    var end = start
    let stop = unquotedStop, limit = min(bytes.count, start + scanLimit + 1)
    while end < limit, !stop.contains(bytes[end]) { end += 1 }
    if end - start > scanLimit { return nil }
    if end < bytes.count, callOrIndex.contains(bytes[end]) { return nil }
    return start < end ? start..<end : nil
  }

  /// `Authorization: Bearer <credential>` (also Basic and GitHub's `token`): the credential.
  private static func authorizationCredential(_ bytes: [UInt8], from: Int) -> Candidate? {
    var index = from
    while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") || quotes.contains(bytes[index]) {
      index += 1
    }
    let wordEnd = Bytes.run(bytes, from: index, in: ByteSet.lower.union(.upper), limit: index + 7)
    let word = bytes[index..<wordEnd].map(Bytes.lowercased)
    var credentialStart = index
    let hasScheme = schemes.contains { $0.elementsEqual(word) } && wordEnd < bytes.count && bytes[wordEnd] == UInt8(ascii: " ")
    if hasScheme {
      credentialStart = wordEnd
      while credentialStart < bytes.count, bytes[credentialStart] == UInt8(ascii: " ") { credentialStart += 1 }
    }
    let end = Bytes.run(bytes, from: credentialStart, in: credentialChars, limit: credentialStart + scanLimit)
    let credential = bytes[credentialStart..<end]
    if end < bytes.count, credentialFollowers.contains(bytes[end]) { return nil }
    guard credential.count >= 8, looksRandom(credential) || SecretLikelihood.looksLikeSecret(credential) else { return nil }
    if !hasScheme, !SecretLikelihood.looksLikeSecret(credential) { return nil }
    return Candidate(start: credentialStart, end: end, kind: .authorizationHeader, priority: Candidate.contextual + 1)
  }

  /// A credential after a scheme word needs less evidence: `Basic dXNlcjpwYXNz` is short.
  private static func looksRandom(_ value: ArraySlice<UInt8>) -> Bool {
    let digits = value.contains(where: ByteSet.digits.contains)
    let mixed = value.contains(where: ByteSet.lower.contains) && value.contains(where: ByteSet.upper.contains)
    return (digits || mixed) && SecretLikelihood.entropy(value) >= SecretLikelihood.entropyThreshold(length: value.count)
  }

  private static func normalize(_ name: ArraySlice<UInt8>) -> [UInt8] {
    name.compactMap { ByteSet.alnum.contains($0) ? Bytes.lowercased($0) : nil }
  }

  private static func endsWithSecretName(_ normalized: [UInt8]) -> Bool {
    secretNameEndings.contains { ending in
      normalized.count >= ending.count && normalized.suffix(ending.count).elementsEqual(ending)
    }
  }

  /// `aws_secret_access_key`, `AWS_SECRET_KEY`, `SecretAccessKey`.
  private static func isAWSSecretName(_ normalized: [UInt8]) -> Bool {
    let text = String(decoding: normalized, as: UTF8.self)
    return text.hasSuffix("secretaccesskey") || (text.contains("aws") && text.hasSuffix("secretkey"))
  }
}
