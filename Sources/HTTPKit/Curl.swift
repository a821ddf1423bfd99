internal import CCurlShim
import Foundation

/// Loads libcurl and runs its process-wide set-up, once (an immutable lazy global); nil when it
/// worked, else why it did not.
let curlLoadFailure: String? = {
  guard gitllm_curl_load() == 0 else {
    return gitllm_curl_load_error().map { String(cString: $0) } ?? "libcurl could not be loaded"
  }
  let code = gitllm_curl_global_init(Int(CURL_GLOBAL_DEFAULT))
  return code == CURLE_OK ? nil : "curl_global_init failed: \(String(cString: gitllm_curl_easy_strerror(code)))"
}()

/// Version facts about libcurl, for `git llm doctor`.
public enum CurlLibrary {
  /// The loaded libcurl's version, or why it could not be loaded.
  public static var version: String {
    if let failure = curlLoadFailure { return "not available (\(failure); install libcurl4)" }
    return gitllm_curl_version().map { String(cString: $0) } ?? "unknown"
  }
  public static var tlsBackend: String? {
    guard curlLoadFailure == nil else { return nil }
    return gitllm_curl_ssl_version().map { String(cString: $0) }
  }
}

/// One curl easy handle, freed in `deinit`. Not Sendable: a transfer stays on one thread.
final class CurlEasy {
  let handle: UnsafeMutableRawPointer
  /// curl writes its detailed message here; heap memory owned by this object for its lifetime.
  let errorBuffer: UnsafeMutablePointer<CChar>

  init() throws(HTTPError) {
    if let failure = curlLoadFailure { throw .setup("\(failure); install libcurl (Debian: libcurl4)") }
    guard let handle = gitllm_curl_easy_init() else { throw .setup("curl_easy_init failed") }
    self.handle = handle
    errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
    // Signals are not safe in a multithreaded program; timeouts work without them.
    try set(CURLOPT_NOSIGNAL, 1)
  }

  deinit {
    gitllm_curl_easy_cleanup(handle)
    errorBuffer.deallocate()
  }

  func set(_ option: CURLoption, _ value: Int) throws(HTTPError) {
    try check(gitllm_curl_setopt_long(handle, option, value), "option \(option.rawValue)")
  }

  func set(_ option: CURLoption, string: String) throws(HTTPError) {
    // curl copies string options (since 7.17), so the temporary C string may go away after.
    try check(gitllm_curl_setopt_string(handle, option, string), "option \(option.rawValue)")
  }

  func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(HTTPError) {
    try check(gitllm_curl_setopt_pointer(handle, option, pointer), "option \(option.rawValue)")
  }

  func set(_ option: CURLoption, offset: Int64) throws(HTTPError) {
    try check(gitllm_curl_setopt_offset(handle, option, curl_off_t(offset)), "option \(option.rawValue)")
  }

  /// Sets a write, header or read callback (`gitllm_curl_setopt_data_callback`).
  func set(_ option: CURLoption, callback: gitllm_curl_data_callback) throws(HTTPError) {
    try check(gitllm_curl_setopt_data_callback(handle, option, callback), "option \(option.rawValue)")
  }

  /// Sets an option the loaded libcurl may be too old to know; false when it does not know it.
  func setIfKnown(_ option: CURLoption, string: String) throws(HTTPError) -> Bool {
    let code = gitllm_curl_setopt_string(handle, option, string)
    if code == CURLE_UNKNOWN_OPTION { return false }
    try check(code, "option \(option.rawValue)")
    return true
  }

  func responseCode() -> Int {
    var code = 0
    _ = gitllm_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
    return code
  }

  /// Runs the transfer to the end, blocking the calling thread.
  func perform() throws(HTTPError) {
    errorBuffer[0] = 0
    let code = gitllm_curl_easy_perform(handle)
    if code != CURLE_OK { throw transportError(code) }
  }

  func transportError(_ code: CURLcode) -> HTTPError {
    let detail = String(cString: errorBuffer)
    let message = detail.isEmpty ? String(cString: gitllm_curl_easy_strerror(code)) : detail
    return .transport(code: Int32(code.rawValue), message: message)
  }

  private func check(_ code: CURLcode, _ what: String) throws(HTTPError) {
    if code != CURLE_OK { throw .setup("curl refused \(what): \(String(cString: gitllm_curl_easy_strerror(code)))") }
  }
}

/// A curl header list (`curl_slist`), freed in `deinit`. The easy handle that uses it keeps a
/// reference to this owner until the transfer is over, because curl reads the list while sending.
final class CurlStringList {
  private(set) var list: UnsafeMutablePointer<curl_slist>?

  init(_ lines: [String]) throws(HTTPError) {
    for line in lines {
      // curl_slist_append copies the string; NULL means it could not allocate.
      guard let appended = gitllm_curl_slist_append(list, line) else {
        gitllm_curl_slist_free_all(list)
        list = nil
        throw .setup("curl_slist_append failed")
      }
      list = appended
    }
  }

  deinit { gitllm_curl_slist_free_all(list) }
}

/// The one curl multi handle of a `CurlTransport`, freed in `deinit`.
///
/// Only the transport's loop thread calls into it, except `wakeup`, which libcurl documents as
/// callable from any thread (curl_multi_wakeup.md) — that is what makes the unchecked Sendable
/// sound. `deinit` runs after the loop thread has removed every easy handle, as
/// curl_multi_cleanup requires.
final class CurlMulti: @unchecked Sendable {
  let handle: UnsafeMutableRawPointer

  init() throws(HTTPError) {
    if let failure = curlLoadFailure { throw .setup("\(failure); install libcurl (Debian: libcurl4)") }
    guard let handle = gitllm_curl_multi_init() else { throw .setup("curl_multi_init failed") }
    self.handle = handle
  }

  deinit { _ = gitllm_curl_multi_cleanup(handle) }

  /// Interrupts a `curl_multi_poll` in progress (or the next one), from any thread.
  func wakeup() { _ = gitllm_curl_multi_wakeup(handle) }
}
