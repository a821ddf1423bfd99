internal import CCurlShim
import Foundation

/// One request in flight: its easy handle, header list and deadlines. Lives only on the
/// transport's loop thread (created, driven and freed there), so it needs no lock; what the
/// caller sees goes through `state`.
///
/// curl's callbacks get this object as `Unmanaged.passUnretained` userdata. The loop keeps it in
/// its table of active transfers until after `curl_multi_remove_handle`, so the pointer is
/// valid whenever curl can call back.
final class CurlTransfer {
  let easy: CurlEasy
  let state: TransferState
  /// Kept alive while curl may read the list (the whole transfer).
  private let headerList: CurlStringList

  private let firstByteDeadline: ContinuousClock.Instant
  private let totalDeadline: ContinuousClock.Instant
  private let idle: Duration
  /// When body bytes last arrived (or the head, or the transfer was resumed).
  private var lastActivity: ContinuousClock.Instant

  private(set) var headDelivered = false
  /// The write callback paused the transfer because the reader is behind.
  var paused = false
  private var headerFields: [String: String] = [:]
  private var lastHeaderName: String?
  private var statusFromLine: Int?

  init(_ request: HTTPRequest, state: TransferState, userAgent: String, now: ContinuousClock.Instant) throws(HTTPError) {
    self.state = state
    let deadlines = request.deadlines
    firstByteDeadline = now + deadlines.firstByte
    totalDeadline = now + deadlines.total
    idle = deadlines.idle
    lastActivity = now

    var lines: [String] = []
    var hasExpect = false
    for (name, value) in request.headers {
      // A CR or LF would let a value start a header (or a request) of its own.
      // (Checked on bytes: "\r\n" is one Character in Swift and would slip past a Character test.)
      let isLineBreak: (UInt8) -> Bool = { $0 == 0x0D || $0 == 0x0A }
      guard !name.isEmpty, !name.utf8.contains(where: isLineBreak), !value.utf8.contains(where: isLineBreak),
        !name.contains(":")
      else {
        throw .setup("invalid HTTP header name or value for '\(String(decoding: name.utf8.filter { !isLineBreak($0) }, as: UTF8.self))'")
      }
      if name.lowercased() == "expect" { hasExpect = true }
      // "Name:" alone would tell curl to remove the header; "Name;" sends it empty.
      lines.append(value.isEmpty ? "\(name);" : "\(name): \(value)")
    }
    // An empty Expect stops curl from sending `Expect: 100-continue` on bodies over 1 MB and then
    // waiting a second for a "100 Continue" that many servers (Ollama, llama.cpp) never send.
    if !hasExpect { lines.append("Expect:") }
    headerList = try CurlStringList(lines)

    easy = try CurlEasy()
    try configure(request, userAgent: userAgent)
  }

  private func configure(_ request: HTTPRequest, userAgent: String) throws(HTTPError) {
    let userdata = Unmanaged.passUnretained(self).toOpaque()
    try easy.set(CURLOPT_URL, string: request.url)
    // Only HTTP(S): a configured base URL must not read local files or speak other protocols.
    if try !easy.setIfKnown(CURLOPT_PROTOCOLS_STR, string: "http,https") {
      // libcurl before 7.85 only has the bitmask form (CURLOPT_PROTOCOLS = 181, deprecated since).
      try easy.set(CURLoption(rawValue: 181), Int(CURLPROTO_HTTP | CURLPROTO_HTTPS))
    }
    try easy.set(CURLOPT_CONNECTTIMEOUT_MS, max(1, request.deadlines.connect.wholeMilliseconds))
    // No CURLOPT_TIMEOUT: the loop enforces first-byte, idle and total itself, so that a curl
    // timeout (28) can only mean the connect phase.
    try easy.set(CURLOPT_FOLLOWLOCATION, 0)
    try easy.set(CURLOPT_USERAGENT, string: userAgent)
    // Long silent generations (a local model loading) must not look like a dead connection to NAT
    // boxes; the Anthropic SDK does the same.
    try easy.set(CURLOPT_TCP_KEEPALIVE, 1)
    // With an https proxy, report the origin's headers, not the proxy's "200 Connection established".
    try easy.set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1)
    // TLS verification stays at curl's defaults (on); proxies come from http_proxy, https_proxy
    // and no_proxy, which curl reads itself. No Accept-Encoding is sent, so bodies come as-is.
    try easy.set(CURLOPT_HTTPHEADER, pointer: headerList.list.map { UnsafeMutableRawPointer($0) })
    try easy.set(CURLOPT_WRITEFUNCTION, callback: curlWriteCallback)
    try easy.set(CURLOPT_WRITEDATA, pointer: userdata)
    try easy.set(CURLOPT_HEADERFUNCTION, callback: curlHeaderCallback)
    try easy.set(CURLOPT_HEADERDATA, pointer: userdata)

    let method = request.method.uppercased()
    switch (method, request.body) {
    case ("GET", nil): try easy.set(CURLOPT_HTTPGET, 1)
    case ("HEAD", nil): try easy.set(CURLOPT_NOBODY, 1)
    default:
      if method != "POST" { try easy.set(CURLOPT_CUSTOMREQUEST, string: method) }
      if let body = request.body {
        try easy.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(body.count))
        // COPYPOSTFIELDS: curl keeps its own copy, so nothing here has to outlive the call.
        // The size is set first so binary bodies (with NUL bytes) are copied whole.
        var failure: HTTPError?
        body.withUnsafeBytes { raw in
          do throws(HTTPError) {
            if let base = raw.baseAddress {
              try easy.set(CURLOPT_COPYPOSTFIELDS, pointer: UnsafeMutableRawPointer(mutating: base))
            } else {
              try easy.set(CURLOPT_COPYPOSTFIELDS, string: "")
            }
          } catch { failure = error }
        }
        if let failure { throw failure }
      } else if method == "POST" {
        try easy.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: 0)
        try easy.set(CURLOPT_COPYPOSTFIELDS, string: "")
      }
    }
  }

  // MARK: Deadlines

  /// The deadline that has passed at `now`, if any.
  func expiredDeadline(at now: ContinuousClock.Instant) -> HTTPDeadline? {
    if now >= totalDeadline { return .total }
    if !headDelivered { return now >= firstByteDeadline ? .firstByte : nil }
    // A transfer paused for a slow reader is not idle through the server's fault.
    if !paused, now - lastActivity >= idle { return .idle }
    return nil
  }

  /// The next instant at which `expiredDeadline` may change its answer.
  func nextDeadline() -> ContinuousClock.Instant {
    if !headDelivered { return min(firstByteDeadline, totalDeadline) }
    if paused { return totalDeadline }
    return min(lastActivity + idle, totalDeadline)
  }

  /// Resumes a transfer paused for a slow reader; the idle clock restarts.
  func resume(now: ContinuousClock.Instant) {
    guard paused else { return }
    paused = false
    lastActivity = now
    // CURLPAUSE_CONT is 0 (curl.h). curl may call the write callback from inside this call.
    _ = gitllm_curl_easy_pause(easy.handle, 0)
  }

  /// The transfer ended with `code` (from CURLMSG_DONE).
  func complete(_ code: CURLcode) {
    if code == CURLE_OK {
      if !headDelivered { deliverHead(status: statusFromLine ?? easy.responseCode()) }
      state.finish(.success(()))
    } else if code == CURLE_OPERATION_TIMEDOUT && !headDelivered {
      // Only CURLOPT_CONNECTTIMEOUT_MS is set, so curl timing out means the connect phase.
      state.finish(.failure(.timeout(.connect)))
    } else {
      state.finish(.failure(easy.transportError(code)))
    }
  }

  // MARK: Callbacks (loop thread, inside curl_multi_perform or curl_easy_pause)

  fileprivate func receiveHeader(_ bytes: UnsafeRawBufferPointer) {
    guard !headDelivered else { return }  // trailers after a chunked body
    // Trim the line ending as bytes: "\r\n" is a single Character in Swift.
    var end = bytes.count
    while end > 0 && (bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D) { end -= 1 }
    let line = String(decoding: bytes[..<end], as: UTF8.self)
    if line.hasPrefix("HTTP/") {
      // A new status line: an interim response (100, 103) came before, forget its headers.
      headerFields = [:]
      lastHeaderName = nil
      let parts = line.split(separator: " ", maxSplits: 2)
      statusFromLine = parts.count >= 2 ? Int(parts[1]) : nil
      return
    }
    if line.isEmpty {
      let status = statusFromLine ?? easy.responseCode()
      if (100..<200).contains(status) {
        headerFields = [:]
        statusFromLine = nil
        return
      }
      deliverHead(status: status)
      return
    }
    if let first = line.first, first == " " || first == "\t", let name = lastHeaderName {
      // Obsolete line folding: a continuation of the previous header's value.
      headerFields[name, default: ""] += " " + line.trimmingCharacters(in: .whitespaces)
      return
    }
    guard let colon = line.firstIndex(of: ":") else { return }
    let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
    headerFields[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    lastHeaderName = name
  }

  private func deliverHead(status: Int) {
    headDelivered = true
    lastActivity = .now
    state.deliverHead(HTTPResponseHead(status: status, headers: headerFields))
  }

  fileprivate func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
    if !headDelivered { deliverHead(status: statusFromLine ?? easy.responseCode()) }
    switch state.offer(bytes) {
    case .taken:
      lastActivity = .now
      return bytes.count
    case .pause:
      // curl keeps these bytes and offers them again after curl_easy_pause(CONT).
      paused = true
      return Int(CURL_WRITEFUNC_PAUSE)
    }
  }
}

/// CURLOPT_WRITEFUNCTION: hands body bytes to the transfer.
private let curlWriteCallback: gitllm_curl_data_callback = { data, size, count, userdata in
  let length = size * count
  guard let userdata else { return 0 }  // never happens: WRITEDATA is always set; 0 aborts
  guard let data, length > 0 else { return length }
  let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
  return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: length))
}

/// CURLOPT_HEADERFUNCTION: one complete header line per call (curl guarantees whole lines).
private let curlHeaderCallback: gitllm_curl_data_callback = { data, size, count, userdata in
  let length = size * count
  guard let userdata else { return 0 }
  guard let data, length > 0 else { return length }
  let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
  transfer.receiveHeader(UnsafeRawBufferPointer(start: data, count: length))
  return length
}

extension Duration {
  /// Whole milliseconds, rounded up, saturating at `Int.max / 2`.
  var wholeMilliseconds: Int {
    let (seconds, attoseconds) = components
    if seconds < 0 { return 0 }
    if seconds >= Int64(Int.max / 2_000) { return Int.max / 2 }
    let fraction = (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    return Int(seconds) * 1000 + Int(fraction)
  }
}
