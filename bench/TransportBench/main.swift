// transport-bench: what git-llm's HTTP transport adds over a raw `curl -N` of the same request.
//
// One in-process HTTP/1.1 server (TestSupport's TestHTTPServer, on 127.0.0.1) answers two
// scripted chat-completions streams; four clients ask it the same request, interleaved run by run:
//   (a) curl      `curl -N` as a child process; its own -w timers, so its process start is excluded
//   (b) transport CurlTransport.send + the raw body chunks
//   (b') framing  the same + `serverSentEvents()` (SSE framing, no JSON)
//   (c) provider  OpenAICompatibleProvider.chat: transport + SSE framing + JSON decoding
// and prints median and p90 of each, and what (b) and (c) add over (a). See bench/README.md.
//
//   transport-bench [--ttft-runs 50] [--stream-runs 5] [--warmup 5] [--tokens 20000]
//                   [--events-per-write 100] [--curl curl] [--strict]
import Foundation
import HTTPKit
import ProvidersKit
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

// MARK: Options

struct Options {
  var ttftRuns = 50
  var streamRuns = 5
  var warmup = 5
  var tokens = 20_000
  var eventsPerWrite = 100
  var curl = "curl"
  var strict = false
  var targetMilliseconds = 2.0

  static func parse(_ arguments: [String]) -> Options {
    var options = Options()
    var rest = arguments[...]
    func value(_ flag: String) -> String {
      guard let next = rest.popFirst() else { fail("\(flag) needs a value") }
      return next
    }
    func number(_ flag: String) -> Int {
      guard let parsed = Int(value(flag)), parsed > 0 else { fail("\(flag) needs a positive integer") }
      return parsed
    }
    while let flag = rest.popFirst() {
      switch flag {
      case "--ttft-runs": options.ttftRuns = number(flag)
      case "--stream-runs": options.streamRuns = number(flag)
      case "--warmup": options.warmup = number(flag)
      case "--tokens": options.tokens = number(flag)
      case "--events-per-write": options.eventsPerWrite = number(flag)
      case "--curl": options.curl = value(flag)
      case "--strict": options.strict = true
      case "-h", "--help":
        print(
          "usage: transport-bench [--ttft-runs N] [--stream-runs N] [--warmup N] [--tokens N] [--events-per-write N] [--curl PATH] [--strict]"
        )
        exit(0)
      default: fail("unknown argument \(flag)")
      }
    }
    return options
  }
}

func fail(_ message: String) -> Never {
  fflush(nil)
  FileHandle.standardError.write(Data("transport-bench: \(message)\n".utf8))
  exit(2)
}

// MARK: The scripted answers

/// One chat-completion chunk event, as OpenAI and llama.cpp send it (~160 bytes with framing).
func chunkEvent(content: String?, finish: String? = nil) -> String {
  let delta = content.map { #"{"content":"\#($0)"}"# } ?? "{}"
  let reason = finish.map { "\"\($0)\"" } ?? "null"
  return
    #"data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1764028800,"model":"bench","choices":[{"index":0,"delta":\#(delta),"finish_reason":\#(reason)}]}"#
    + "\n\n"
}

let usageEvent =
  #"data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1764028800,"model":"bench","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":1,"total_tokens":13}}"#
  + "\n\n"
let doneEvent = "data: [DONE]\n\n"

/// One HTTP/1.1 chunk (chunked transfer coding) holding `payload`.
func httpChunk(_ payload: [UInt8]) -> [UInt8] {
  Array("\(String(payload.count, radix: 16))\r\n".utf8) + payload + Array("\r\n".utf8)
}

let responseHead = Array(
  "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    .utf8)
let lastChunk = Array("0\r\n\r\n".utf8)

/// Time to first token: the head and the first token leave in one write (one segment), the rest
/// 2 ms later. The steps are raw bytes (no `.head` step), so TestHTTPServer writes each as it is
/// and closes the connection at the end: every client opens a fresh connection, as curl does.
func firstTokenAnswer() -> TestHTTPResponse {
  var rest: [UInt8] = []
  for index in 1...4 { rest += Array(chunkEvent(content: " word\(index)").utf8) }
  rest += Array(chunkEvent(content: nil, finish: "stop").utf8) + Array(usageEvent.utf8) + Array(doneEvent.utf8)
  return TestHTTPResponse([
    .body(responseHead + httpChunk(Array(chunkEvent(content: "Hello").utf8))),
    .pause(milliseconds: 2),
    .body(httpChunk(rest) + lastChunk),
  ])
}

/// Throughput: `tokens` chunk events as fast as the server can write them, `eventsPerWrite`
/// events per write (and per HTTP chunk), then the finish, usage and [DONE] events.
func streamAnswer(tokens: Int, eventsPerWrite: Int) -> (TestHTTPResponse, bytes: Int) {
  var steps: [TestHTTPResponse.Step] = []
  var pending: [UInt8] = responseHead
  var batch: [UInt8] = []
  var bytes = 0
  for index in 0..<tokens {
    let event = Array(chunkEvent(content: " t\(index % 1000)").utf8)
    bytes += event.count
    batch += event
    if (index + 1) % eventsPerWrite == 0 {
      steps.append(.body(pending + httpChunk(batch)))
      pending = []
      batch = []
    }
  }
  let tail = Array((chunkEvent(content: nil, finish: "stop") + usageEvent + doneEvent).utf8)
  bytes += tail.count
  steps.append(.body(pending + httpChunk(batch + tail) + lastChunk))
  return (TestHTTPResponse(steps), bytes)
}

// MARK: Statistics

struct Summary {
  let values: [Double]  // milliseconds
  var sorted: [Double] { values.sorted() }
  func percentile(_ p: Double) -> Double {
    let sorted = self.sorted
    // Nearest rank.
    let rank = Swift.max(1, Int((p / 100 * Double(sorted.count)).rounded(.up)))
    return sorted[Swift.min(sorted.count, rank) - 1]
  }
  var median: Double {
    let sorted = self.sorted
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }
  var p90: Double { percentile(90) }
  var min: Double { sorted.first ?? .nan }
}

func milliseconds(_ duration: Duration) -> Double {
  let (seconds, attoseconds) = duration.components
  return Double(seconds) * 1000 + Double(attoseconds) / 1e15
}

// MARK: Clients

enum BenchError: Error, CustomStringConvertible {
  case curl(String)
  case unexpected(String)
  var description: String {
    switch self {
    case .curl(let message): return "curl: \(message)"
    case .unexpected(let message): return message
    }
  }
}

/// Runs curl as a child process and returns its -w value (seconds) in milliseconds.
func runCurl(_ curl: String, url: String, body: String, timer: String) throws -> Double {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: curl)
  process.arguments = [
    "-N", "-s", "-S", "-o", "/dev/null", "-w", "%{\(timer)} %{http_code} %{size_download}",
    "-X", "POST", "-H", "Content-Type: application/json", "-H", "Accept: text/event-stream",
    "--data-binary", body, url,
  ]
  let output = Pipe()
  let errors = Pipe()
  process.standardOutput = output
  process.standardError = errors
  try process.run()
  let data = output.fileHandleForReading.readDataToEndOfFile()
  let errorData = errors.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  let text = String(decoding: data, as: UTF8.self).split(separator: " ")
  guard process.terminationStatus == 0, text.count == 3, text[1] == "200", let seconds = Double(text[0]) else {
    throw BenchError.curl(
      "exit \(process.terminationStatus), output '\(String(decoding: data, as: UTF8.self))' \(String(decoding: errorData, as: UTF8.self))")
  }
  return seconds * 1000
}

/// The provider's request, rebuilt for the transport alone: same method, URL, headers and body.
func transportRequest(url: String, body: Data) -> HTTPRequest {
  HTTPRequest(method: "POST", url: url, headers: [("Content-Type", "application/json"), ("Accept", "text/event-stream")], body: body)
}

/// (b): from `send` to the first body chunk (ms), then the rest of the body; returns (first, total, bytes).
func runTransport(_ transport: CurlTransport, _ request: HTTPRequest) async throws -> (first: Double, total: Double, bytes: Int) {
  let clock = ContinuousClock()
  let start = clock.now
  let response = try await transport.send(request)
  guard response.head.status == 200 else { throw BenchError.unexpected("transport: status \(response.head.status)") }
  var first: ContinuousClock.Instant?
  var bytes = 0
  for try await chunk in response.body {
    if first == nil, !chunk.isEmpty { first = clock.now }
    bytes += chunk.count
  }
  let end = clock.now
  guard let first else { throw BenchError.unexpected("transport: empty body") }
  return (milliseconds(first - start), milliseconds(end - start), bytes)
}

/// (c): from `chat` to the first `.text` event (ms), then every event; returns (first, total, text events).
func runProvider(_ provider: OpenAICompatibleProvider, _ request: ChatRequest) async throws -> (first: Double, total: Double, texts: Int) {
  let clock = ContinuousClock()
  let start = clock.now
  var first: ContinuousClock.Instant?
  var texts = 0
  var finished = false
  for try await event in provider.chat(request, model: "bench") {
    switch event {
    case .text:
      if first == nil { first = clock.now }
      texts += 1
    case .finish: finished = true
    case .usage: break
    }
  }
  let end = clock.now
  guard let first, finished else { throw BenchError.unexpected("provider: no text or no finish event") }
  return (milliseconds(first - start), milliseconds(end - start), texts)
}

/// (b'): the transport plus SSE framing (`serverSentEvents()`), no JSON: from `send` to the first
/// event (ms), then every event; returns (first, total, events).
func runFraming(_ transport: CurlTransport, _ request: HTTPRequest) async throws -> (first: Double, total: Double, events: Int) {
  let clock = ContinuousClock()
  let start = clock.now
  let response = try await transport.send(request)
  guard response.head.status == 200 else { throw BenchError.unexpected("transport: status \(response.head.status)") }
  var first: ContinuousClock.Instant?
  var events = 0
  for try await _ in response.body.serverSentEvents() {
    if first == nil { first = clock.now }
    events += 1
  }
  let end = clock.now
  guard let first else { throw BenchError.unexpected("framing: no event") }
  return (milliseconds(first - start), milliseconds(end - start), events)
}

let clients = ["curl", "transport", "framing", "provider"]
/// The clients in run `run`'s order: rotated, so that no client always goes first.
func order(_ run: Int) -> [String] {
  let shift = run % clients.count
  return Array(clients[shift...] + clients[..<shift])
}

// MARK: Main

func resolveExecutable(_ name: String) -> String {
  if name.contains("/") { return name }
  for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
    let path = "\(directory)/\(name)"
    if FileManager.default.isExecutableFile(atPath: path) { return path }
  }
  fail("\(name) not found on PATH")
}

func format(_ value: Double, _ decimals: Int = 3) -> String { String(format: "%.\(decimals)f", value) }
func signed(_ value: Double, _ decimals: Int = 3) -> String { String(format: "%+.\(decimals)f", value) }
func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
  let padding = String(repeating: " ", count: max(0, width - text.count))
  return left ? text + padding : padding + text
}

let options = Options.parse(Array(CommandLine.arguments.dropFirst()))
let curl = resolveExecutable(options.curl)
let (stream, streamBytes) = streamAnswer(tokens: options.tokens, eventsPerWrite: options.eventsPerWrite)
let firstToken = firstTokenAnswer()

let server = try TestHTTPServer { request in
  request.path.hasPrefix("/stream/") ? stream : firstToken
}
let transport = CurlTransport(version: "bench")
func provider(_ scenario: String) -> OpenAICompatibleProvider {
  OpenAICompatibleProvider(
    settings: ProviderSettings(name: "bench", baseURL: "\(server.baseURL)/\(scenario)/v1", isRemote: false),
    transport: transport)
}
let chat = ChatRequest(
  system: "You write commit messages.",
  messages: [ChatMessage(role: .user, content: "Summarise this change in one line: bench/TransportBench measures the HTTP transport.")],
  temperature: 0)

let curlVersion =
  (try? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: curl)
    process.arguments = ["--version"]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? "?"
  }()) ?? "?"

print("transport-bench: git-llm's HTTP transport against curl -N, same request, same in-process server")
print("  curl: \(curlVersion)")
print("  server: TestHTTPServer on \(server.baseURL) (loopback, a new connection per request)")

do {
  // The provider's exact request body, captured from a first exchange, is what curl and the
  // transport send too.
  let ttftProvider = provider("ttft")
  _ = try await runProvider(ttftProvider, chat)
  guard let captured = server.requests.last, captured.method == "POST" else { throw BenchError.unexpected("no request captured") }
  let body = captured.body
  let bodyText = String(decoding: body, as: UTF8.self)
  let ttftURL = "\(server.baseURL)/ttft/v1/chat/completions"
  let streamURL = "\(server.baseURL)/stream/v1/chat/completions"
  guard captured.path == "/ttft/v1/chat/completions" else { throw BenchError.unexpected("provider asked for \(captured.path)") }

  // MARK: Time to first token
  print("")
  print(
    "time to first token: head + first token in one write, \(options.ttftRuns) runs per client (+\(options.warmup) warm-up), interleaved")
  var ttft: [String: [Double]] = [:]
  let ttftRequest = transportRequest(url: ttftURL, body: body)
  for run in 0..<(options.warmup + options.ttftRuns) {
    let measured = run >= options.warmup
    for client in order(run) {
      let value: Double
      switch client {
      case "curl": value = try runCurl(curl, url: ttftURL, body: bodyText, timer: "time_starttransfer")
      case "transport": value = try await runTransport(transport, ttftRequest).first
      case "framing": value = try await runFraming(transport, ttftRequest).first
      default: value = try await runProvider(ttftProvider, chat).first
      }
      if measured { ttft[client, default: []].append(value) }
    }
  }

  // MARK: Throughput
  print(
    "per-token overhead: \(options.tokens) chunk events (\(streamBytes / options.tokens) bytes each, \(format(Double(streamBytes) / 1_048_576, 1)) MiB), \(options.eventsPerWrite) events per server write, \(options.streamRuns) runs per client (+1 warm-up)"
  )
  var total: [String: [Double]] = [:]
  let streamProvider = provider("stream")
  let streamRequest = transportRequest(url: streamURL, body: body)
  for run in 0..<(1 + options.streamRuns) {
    let measured = run >= 1
    for client in order(run) {
      let value: Double
      switch client {
      case "curl": value = try runCurl(curl, url: streamURL, body: bodyText, timer: "time_total")
      case "transport":
        let result = try await runTransport(transport, streamRequest)
        guard result.bytes == streamBytes else {
          throw BenchError.unexpected("transport read \(result.bytes) bytes, the stream has \(streamBytes)")
        }
        value = result.total
      case "framing":
        let result = try await runFraming(transport, streamRequest)
        // The tokens, the finish, the usage and [DONE].
        guard result.events == options.tokens + 3 else {
          throw BenchError.unexpected("framing yielded \(result.events) events, expected \(options.tokens + 3)")
        }
        value = result.total
      default:
        let result = try await runProvider(streamProvider, chat)
        guard result.texts == options.tokens else {
          throw BenchError.unexpected("provider yielded \(result.texts) text events, expected \(options.tokens)")
        }
        value = result.total
      }
      if measured { total[client, default: []].append(value) }
    }
  }

  // Every request the server saw must be the same request: POST, one path per scenario, and
  // the same JSON body. Compared canonically (keys sorted): JSONEncoder on Linux does not keep
  // a stable key order from one request to the next, so the provider's bytes vary in order only.
  func canonical(_ data: Data) -> Data? {
    guard let object = try? JSONSerialization.jsonObject(with: data) else { return nil }
    return try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
  }
  let expected = canonical(body)
  let requests = server.requests
  let mismatched = requests.first { $0.method != "POST" || $0.body.count != body.count || canonical($0.body) != expected }
  let paths = Set(requests.map(\.path))
  guard expected != nil, mismatched == nil, paths == ["/ttft/v1/chat/completions", "/stream/v1/chat/completions"] else {
    let detail = mismatched.map { "\($0.method) \($0.path) \(String(decoding: $0.body, as: UTF8.self))" } ?? "paths \(paths.sorted())"
    throw BenchError.unexpected("the clients did not all send the same request: \(detail)\n  expected: \(bodyText)")
  }
  print(
    "  request: POST /v1/chat/completions, \(body.count)-byte JSON body, the same from every client (\(requests.count) requests checked)")

  // MARK: Report
  let names = [
    ("curl", "(a) curl -N"), ("transport", "(b) CurlTransport"), ("framing", "(b') + serverSentEvents()"),
    ("provider", "(c) OpenAICompatibleProvider"),
  ]
  print("")
  print("time to first token (ms)")
  print(
    "\(pad("client", 30, left: true)) \(pad("median", 9)) \(pad("p90", 9)) \(pad("min", 9)) \(pad("added (median)", 15)) \(pad("added (p90)", 12))"
  )
  let curlTTFT = Summary(values: ttft["curl"]!)
  for (key, label) in names {
    let summary = Summary(values: ttft[key]!)
    let added = key == "curl" ? "" : signed(summary.median - curlTTFT.median)
    let addedP90 = key == "curl" ? "" : signed(summary.p90 - curlTTFT.p90)
    print(
      "\(pad(label, 30, left: true)) \(pad(format(summary.median), 9)) \(pad(format(summary.p90), 9)) \(pad(format(summary.min), 9)) \(pad(added, 15)) \(pad(addedP90, 12))"
    )
  }
  print("")
  print("per-token overhead: whole stream of \(options.tokens) tokens")
  print(
    "\(pad("client", 30, left: true)) \(pad("median ms", 10)) \(pad("p90 ms", 9)) \(pad("µs/token", 9)) \(pad("added µs/token", 15)) \(pad("MiB/s", 8))"
  )
  let curlTotal = Summary(values: total["curl"]!)
  let perToken = { (ms: Double) in ms * 1000 / Double(options.tokens) }
  for (key, label) in names {
    let summary = Summary(values: total[key]!)
    let added = key == "curl" ? "" : signed(perToken(summary.median) - perToken(curlTotal.median), 2)
    let rate = Double(streamBytes) / 1_048_576 / (summary.median / 1000)
    print(
      "\(pad(label, 30, left: true)) \(pad(format(summary.median, 1), 10)) \(pad(format(summary.p90, 1), 9)) \(pad(format(perToken(summary.median), 2), 9)) \(pad(added, 15)) \(pad(format(rate, 0), 8))"
    )
  }
  print("")

  let providerTTFT = Summary(values: ttft["provider"]!)
  let transportTTFT = Summary(values: ttft["transport"]!)
  let added = providerTTFT.median - curlTTFT.median
  let pass = added < options.targetMilliseconds
  print(
    "target: transport adds < \(format(options.targetMilliseconds, 0)) ms to time to first token: \(pass ? "PASS" : "MISS") (provider \(signed(added)) ms, transport alone \(signed(transportTTFT.median - curlTTFT.median)) ms over curl's \(format(curlTTFT.median)) ms; medians of \(options.ttftRuns))"
  )
  server.stop()
  exit(!pass && options.strict ? 1 : 0)
} catch {
  server.stop()
  fail("\(error)")
}
