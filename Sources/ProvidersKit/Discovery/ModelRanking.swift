/// Which of a server's models should review code.
public enum ModelRanking {
  /// The best model for review: a coding model ("coder", "code" in its name) first, then the larger one
  /// (a bigger download is, within a family, the more capable model), then by name so the choice
  /// is the same every time. Embedding models are never chosen.
  public static func best(_ models: [DiscoveredModel]) -> DiscoveredModel? {
    ranked(models).first
  }

  /// Every usable model, best first.
  public static func ranked(_ models: [DiscoveredModel]) -> [DiscoveredModel] {
    models.filter { !isEmbedding($0.name) }.sorted { lhs, rhs in
      let (left, right) = (isCoder(lhs.name), isCoder(rhs.name))
      if left != right { return left }
      let (leftSize, rightSize) = (lhs.sizeBytes ?? 0, rhs.sizeBytes ?? 0)
      if leftSize != rightSize { return leftSize > rightSize }
      return lhs.name < rhs.name
    }
  }

  static func isCoder(_ name: String) -> Bool {
    // "code" covers qwen2.5-coder, codellama, codestral, codegemma, deepseek-coder.
    name.lowercased().contains("code")
  }

  static func isEmbedding(_ name: String) -> Bool {
    let lower = name.lowercased()
    return lower.contains("embed") || lower.contains("bge-") || lower.contains("minilm")
  }
}
