import Foundation

/// Checks a SARIF log against the SARIF 2.1.0 rules for the objects git-llm emits: required
/// properties, types, allowed enum values, property names (the schema closes every object with
/// `additionalProperties: false`), ruleIndex/ruleId agreement, and 1-based regions. The official
/// schema cannot be fetched here, so its relevant parts are restated. Returns the problems found.
struct SARIFValidator {
  private(set) var problems: [String] = []

  static let levels: Set<String> = ["none", "note", "warning", "error"]

  /// Properties the 2.1.0 schema allows on each object kind used (a subset where we emit less).
  static let allowed: [String: Set<String>] = [
    "sarifLog": ["$schema", "version", "runs", "inlineExternalProperties", "properties"],
    "run": [
      "tool", "invocations", "conversion", "language", "versionControlProvenance", "originalUriBaseIds", "artifacts",
      "logicalLocations", "graphs", "results", "automationDetails", "runAggregates", "baselineGuid", "redactionTokens",
      "defaultEncoding", "defaultSourceLanguage", "newlineSequences", "columnKind", "externalPropertyFileReferences",
      "threadFlowLocations", "taxonomies", "addresses", "translations", "policies", "webRequests", "webResponses",
      "specialLocations", "properties",
    ],
    "tool": ["driver", "extensions", "properties"],
    "toolComponent": [
      "guid", "name", "organization", "product", "productSuite", "shortDescription", "fullDescription", "fullName",
      "version", "semanticVersion", "dottedQuadFileVersion", "releaseDateUtc", "downloadUri", "informationUri",
      "globalMessageStrings", "notifications", "rules", "taxa", "locations", "language", "contents", "isComprehensive",
      "localizedDataSemanticVersion", "minimumRequiredLocalizedDataSemanticVersion", "associatedComponent",
      "translationMetadata", "supportedTaxonomies", "properties",
    ],
    "reportingDescriptor": [
      "id", "deprecatedIds", "guid", "deprecatedGuids", "name", "deprecatedNames", "shortDescription", "fullDescription",
      "messageStrings", "defaultConfiguration", "helpUri", "help", "relationships", "properties",
    ],
    "multiformatMessageString": ["text", "markdown", "properties"],
    "message": ["text", "markdown", "id", "arguments", "properties"],
    "result": [
      "ruleId", "ruleIndex", "rule", "kind", "level", "message", "analysisTarget", "locations", "guid", "correlationGuid",
      "occurrenceCount", "partialFingerprints", "fingerprints", "stacks", "codeFlows", "graphs", "graphTraversals",
      "relatedLocations", "suppressions", "baselineState", "rank", "attachments", "hostedViewerUri", "workItemUris",
      "provenance", "fixes", "taxa", "webRequest", "webResponse", "properties",
    ],
    "location": ["id", "physicalLocation", "logicalLocations", "message", "annotations", "relationships", "properties"],
    "physicalLocation": ["address", "artifactLocation", "region", "contextRegion", "properties"],
    "artifactLocation": ["uri", "uriBaseId", "index", "description", "properties"],
    "region": [
      "startLine", "startColumn", "endLine", "endColumn", "charOffset", "charLength", "byteOffset", "byteLength",
      "snippet", "message", "sourceLanguage", "properties",
    ],
    "invocation": [
      "commandLine", "arguments", "responseFiles", "startTimeUtc", "endTimeUtc", "exitCode", "ruleConfigurationOverrides",
      "notificationConfigurationOverrides", "toolExecutionNotifications", "toolConfigurationNotifications",
      "exitCodeDescription", "exitSignalName", "exitSignalNumber", "processStartFailureMessage", "executionSuccessful",
      "machine", "account", "processId", "executableLocation", "workingDirectory", "environmentVariables", "stdin",
      "stdout", "stderr", "stdoutStderr", "properties",
    ],
    "notification": ["locations", "message", "level", "threadId", "timeUtc", "exception", "descriptor", "associatedRule", "properties"],
  ]

  static func validate(_ text: String) -> [String] {
    var validator = SARIFValidator()
    guard let data = text.data(using: .utf8), let root = try? JSONSerialization.jsonObject(with: data) else {
      return ["not JSON"]
    }
    validator.sarifLog(root)
    return validator.problems
  }

  private mutating func fail(_ path: String, _ problem: String) { problems.append("\(path): \(problem)") }

  /// The object at `path` when it is one, with unknown and missing required properties reported.
  private mutating func object(_ value: Any?, _ kind: String, _ path: String, required: [String] = []) -> [String: Any]? {
    guard let object = value as? [String: Any] else { fail(path, "\(kind) must be an object"); return nil }
    for key in object.keys where !(Self.allowed[kind]?.contains(key) ?? false) { fail(path, "\(kind) has no property \(key)") }
    for key in required where object[key] == nil { fail(path, "\(kind) requires \(key)") }
    if let bag = object["properties"], !(bag is [String: Any]) { fail(path, "properties must be an object") }
    return object
  }

  private mutating func string(_ value: Any?, _ path: String) -> String? {
    guard let text = value as? String else { fail(path, "must be a string"); return nil }
    return text
  }

  /// An integer of at least `minimum`.
  private mutating func integer(_ value: Any?, _ path: String, minimum: Int) -> Int? {
    guard let int = value as? Int else { fail(path, "must be an integer"); return nil }
    if int < minimum { fail(path, "must be at least \(minimum)") }
    return int
  }

  private mutating func sarifLog(_ value: Any) {
    guard let log = object(value, "sarifLog", "$", required: ["version", "runs"]) else { return }
    if log["version"] as? String != "2.1.0" { fail("$.version", "must be \"2.1.0\"") }
    if let schema = log["$schema"] { _ = uri(schema, "$.$schema", absolute: true) }
    guard let runs = log["runs"] as? [Any] else { fail("$.runs", "must be an array"); return }
    for (index, run) in runs.enumerated() { self.run(run, "$.runs[\(index)]") }
  }

  private mutating func run(_ value: Any, _ path: String) {
    guard let run = object(value, "run", path, required: ["tool"]) else { return }
    var ruleIDs: [String] = []
    if let tool = object(run["tool"], "tool", path + ".tool", required: ["driver"]),
      let driver = object(tool["driver"], "toolComponent", path + ".tool.driver", required: ["name"])
    {
      _ = string(driver["name"], path + ".tool.driver.name")
      if let uri = driver["informationUri"] { _ = self.uri(uri, path + ".tool.driver.informationUri", absolute: true) }
      if let version = driver["version"] { _ = string(version, path + ".tool.driver.version") }
      if let rules = driver["rules"] {
        guard let rules = rules as? [Any] else { fail(path + ".tool.driver.rules", "must be an array"); return }
        for (index, rule) in rules.enumerated() {
          let rulePath = path + ".tool.driver.rules[\(index)]"
          guard let rule = object(rule, "reportingDescriptor", rulePath, required: ["id"]) else { continue }
          ruleIDs.append(string(rule["id"], rulePath + ".id") ?? "")
          if let short = rule["shortDescription"],
            let text = object(short, "multiformatMessageString", rulePath + ".shortDescription", required: ["text"])
          {
            _ = string(text["text"], rulePath + ".shortDescription.text")
          }
        }
        if Set(ruleIDs).count != ruleIDs.count { fail(path + ".tool.driver.rules", "rule ids must be unique") }
      }
    }
    if let invocations = run["invocations"] as? [Any] {
      for (index, invocation) in invocations.enumerated() { self.invocation(invocation, path + ".invocations[\(index)]") }
    } else if run["invocations"] != nil {
      fail(path + ".invocations", "must be an array")
    }
    if let results = run["results"] as? [Any] {
      for (index, result) in results.enumerated() { self.result(result, path + ".results[\(index)]", rules: ruleIDs) }
    } else if run["results"] != nil {
      fail(path + ".results", "must be an array")
    }
  }

  private mutating func invocation(_ value: Any, _ path: String) {
    guard let invocation = object(value, "invocation", path, required: ["executionSuccessful"]) else { return }
    if !(invocation["executionSuccessful"] is Bool) { fail(path + ".executionSuccessful", "must be a boolean") }
    guard let notifications = invocation["toolExecutionNotifications"] else { return }
    guard let list = notifications as? [Any] else { fail(path + ".toolExecutionNotifications", "must be an array"); return }
    for (index, item) in list.enumerated() {
      let itemPath = path + ".toolExecutionNotifications[\(index)]"
      guard let notification = object(item, "notification", itemPath, required: ["message"]) else { continue }
      message(notification["message"], itemPath + ".message")
      if let level = notification["level"], !Self.levels.contains(level as? String ?? "") { fail(itemPath + ".level", "not a level") }
      locations(notification["locations"], itemPath + ".locations")
    }
  }

  private mutating func result(_ value: Any, _ path: String, rules: [String]) {
    guard let result = object(value, "result", path, required: ["message"]) else { return }
    message(result["message"], path + ".message")
    if let level = result["level"], !Self.levels.contains(level as? String ?? "") { fail(path + ".level", "not a level") }
    let ruleID = result["ruleId"].flatMap { string($0, path + ".ruleId") }
    if let index = result["ruleIndex"].flatMap({ integer($0, path + ".ruleIndex", minimum: -1) }), index >= 0 {
      if index >= rules.count {
        fail(path + ".ruleIndex", "points past the rules")
      } else if let ruleID, rules[index] != ruleID {
        fail(path + ".ruleIndex", "points at \(rules[index]), not \(ruleID)")
      }
    }
    if let fingerprints = result["partialFingerprints"] {
      if !((fingerprints as? [String: Any])?.values.allSatisfy { $0 is String } ?? false) {
        fail(path + ".partialFingerprints", "must map names to strings")
      }
    }
    locations(result["locations"], path + ".locations")
  }

  private mutating func message(_ value: Any?, _ path: String) {
    guard let message = object(value, "message", path) else { return }
    if message["text"] == nil && message["id"] == nil { fail(path, "message requires text or id") }
    if let text = message["text"] { _ = string(text, path + ".text") }
  }

  private mutating func locations(_ value: Any?, _ path: String) {
    guard let value else { return }
    guard let list = value as? [Any] else { fail(path, "must be an array"); return }
    for (index, item) in list.enumerated() {
      let itemPath = path + "[\(index)]"
      guard let location = object(item, "location", itemPath),
        let physical = object(location["physicalLocation"], "physicalLocation", itemPath + ".physicalLocation")
      else { continue }
      if physical["address"] == nil && physical["artifactLocation"] == nil {
        fail(itemPath + ".physicalLocation", "requires address or artifactLocation")
      }
      if let artifact = object(physical["artifactLocation"], "artifactLocation", itemPath + ".physicalLocation.artifactLocation"),
        let uri = artifact["uri"]
      {
        _ = self.uri(uri, itemPath + ".physicalLocation.artifactLocation.uri", absolute: false)
      }
      guard let regionValue = physical["region"] else { continue }
      guard let region = object(regionValue, "region", itemPath + ".physicalLocation.region") else { continue }
      let start = region["startLine"].flatMap { integer($0, itemPath + ".region.startLine", minimum: 1) }
      let end = region["endLine"].flatMap { integer($0, itemPath + ".region.endLine", minimum: 1) }
      if let start, let end, end < start { fail(itemPath + ".region", "endLine before startLine") }
    }
  }

  /// A URI (absolute) or URI reference: ASCII only, no spaces or other characters RFC 3986 does
  /// not allow unescaped, and every `%` followed by two hex digits.
  private mutating func uri(_ value: Any, _ path: String, absolute: Bool) -> String? {
    guard let text = string(value, path) else { return nil }
    let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%".unicodeScalars)
    if !text.unicodeScalars.allSatisfy({ allowed.contains($0) }) { fail(path, "\(text) is not a valid URI") }
    let scalars = Array(text.unicodeScalars)
    for (index, scalar) in scalars.enumerated() where scalar == "%" {
      let hex = scalars.dropFirst(index + 1).prefix(2)
      if hex.count != 2 || !hex.allSatisfy({ $0.properties.isASCIIHexDigit }) { fail(path, "bad percent-escape in \(text)") }
    }
    if absolute && URL(string: text)?.scheme == nil { fail(path, "\(text) is not an absolute URI") }
    if !absolute, let colon = text.firstIndex(of: ":"), !text[..<colon].contains("/") {
      fail(path, "\(text) would read as a URI with scheme \(text[..<colon])")
    }
    return text
  }
}
