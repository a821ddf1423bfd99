import RoutingKit

/// What a review needs of the router: one request at a time for `run`, batches for `--batch`.
/// The review sees no provider: where a request may go, and scrubbed how, is the router's call.
public typealias ReviewRouting = ChatRouting & BatchRouting
