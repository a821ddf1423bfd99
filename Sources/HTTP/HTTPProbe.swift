import Foundation
internal import CCurlShim

/// A quick reachability check of an HTTP endpoint, for `git llm doctor` and `providers --check`.
public enum HTTPProbe {
  /// What one probe saw.
  public struct Answer: Sendable {
    /// The HTTP status, when the server answered at all.
    public let status: Int
    public let seconds: Double
  }

  /// Sends a GET and reports the status, discarding the body. Any HTTP status counts as an
  /// answer; only a failure to connect or a timeout is an error.
  public static func get(_ url: String, timeout: Double, headers: [String] = []) throws(HTTPError) -> Answer {
    let easy = try CurlEasy()
    try easy.set(CURLOPT_URL, string: url)
    try easy.set(CURLOPT_CONNECTTIMEOUT_MS, Int(timeout * 1000))
    try easy.set(CURLOPT_TIMEOUT_MS, Int(timeout * 1000))
    try easy.set(CURLOPT_NOBODY, 0)
    try easy.set(CURLOPT_WRITEFUNCTION, pointer: unsafeBitCast(discardBody, to: UnsafeMutableRawPointer.self))
    var list: UnsafeMutablePointer<curl_slist>?
    for header in headers { list = gitllm_curl_slist_append(list, header) }
    defer { gitllm_curl_slist_free_all(list) }
    if list != nil { try easy.set(CURLOPT_HTTPHEADER, pointer: UnsafeMutableRawPointer(list)) }
    let start = DispatchTime.now().uptimeNanoseconds
    try easy.perform()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return Answer(status: easy.responseCode(), seconds: seconds)
  }
}

private let discardBody: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
  _, size, count, _ in size * count
}
