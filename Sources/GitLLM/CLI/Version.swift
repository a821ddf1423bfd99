/// The release this binary is.
public enum GitLLMVersion {
  public static let current = "0.1.0"
}
