import ConfigKit
import ProvidersKit

extension Router: ChatRouting, BatchRouting {
  public func submitBatch(_ requests: [BatchRequest], task: String, alias: String?) async throws -> SubmittedBatch {
    let (link, provider) = try batchLink(task: task, alias: alias)
    var items: [BatchItem] = []
    var keys: [String: String] = [:]
    for (index, entry) in requests.enumerated() {
      // The index keeps custom ids apart when two requests share a key.
      let customID = provider.batchCustomID(for: "\(index)-\(entry.key)")
      keys[customID] = entry.key
      switch outgoingRequest(entry.request, to: link) {
      case .refuse: throw BatchRoutingFailure.remoteForbidden(provider: provider.name)
      case .send(let outgoing): items.append(BatchItem(customID: customID, request: outgoing, model: link.model.model))
      }
    }
    let id = try await provider.createBatch(items)
    return SubmittedBatch(id: id, alias: link.alias, provider: link.model.provider, model: link.model.model, keys: keys)
  }

  public func collectBatch(
    _ batch: SubmittedBatch, task: String, pollInterval: Duration, onUpdate: @escaping @Sendable (BatchStatus) -> Void
  ) async throws -> [String: BatchOutcome] {
    let (_, provider) = try batchLink(task: task, alias: batch.alias)
    let status = try await provider.waitForBatch(
      batch.id, interval: pollInterval, maxInterval: max(pollInterval, .seconds(60)), onUpdate: onUpdate)
    var byKey: [String: BatchOutcome] = [:]
    for (customID, outcome) in try await provider.batchResults(status) {
      guard let key = batch.keys[customID], byKey[key] == nil else { continue }
      byKey[key] = outcome
    }
    return byKey
  }

  /// The first link of the chain whose provider takes batches, if privacy lets it be used.
  /// Links whose provider takes no batches are passed over; a forbidden one ends the search,
  /// as falling back to a later one would send the review somewhere the user did not put first.
  private func batchLink(task: String, alias: String?) throws(BatchRoutingFailure) -> (RouteLink, any BatchChatProvider) {
    let aliases = alias.map { [$0] } ?? config.chain(for: task)
    for name in aliases {
      guard let model = config.models[name], let provider = providers[model.provider] as? any BatchChatProvider else { continue }
      if policy.refusal(for: provider) != nil { throw .remoteForbidden(provider: provider.name) }
      return (RouteLink(alias: name, model: model, provider: provider), provider)
    }
    throw .noBatchModel(task: task)
  }
}
