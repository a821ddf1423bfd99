/// The resource.Quantity pattern both CRDs attach to every resources.limits/requests value.
enum Quantity {
  static let pattern =
    #"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))"#
    + #"(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$"#
}
