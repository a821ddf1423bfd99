/// Which paths hold program code, as opposed to prose, data, configuration and dependency
/// manifests: what a `review` training pair may be built from, since a fix to a README or a
/// version pin teaches a reviewer nothing about code.
public enum CodePath {
  /// Extensions of source files (lower-cased, without the dot).
  static let sourceExtensions: Set<String> = [
    "swift", "py", "pyi", "js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts", "go", "rs", "java", "kt", "kts", "scala",
    "c", "h", "cc", "cpp", "cxx", "hh", "hpp", "hxx", "m", "mm", "cs", "fs", "php", "rb", "sh", "bash", "zsh", "lua",
    "pl", "pm", "r", "jl", "dart", "ex", "exs", "erl", "hs", "ml", "clj", "cljs", "el", "zig", "nim", "vue", "svelte",
    "groovy", "sql", "ps1",
  ]
  /// Files with a source extension that declare dependencies or a version rather than behaviour.
  static let manifests: Set<String> = [
    "package.swift", "setup.py", "conanfile.py", "build.gradle.kts", "settings.gradle.kts", "version.py",
    "_version.py", "__version__.py",
  ]
  /// Folders of documentation: the code in them (examples, a Sphinx `conf.py`) is not the product.
  static let documentationFolders: Set<String> = ["doc", "docs", "documentation"]

  /// Whether `path` is a source file: a source extension, not a dependency manifest, and not in
  /// a documentation folder. Prose (`.md`, `.rst`, `.txt`), data and configuration (`.json`,
  /// `.yaml`, `.toml`), lock files and `requirements*.txt` are not.
  public static func isCode(_ path: String) -> Bool {
    let components = path.split(separator: "/")
    guard let name = components.last?.lowercased(), !manifests.contains(name) else { return false }
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
    guard sourceExtensions.contains(String(name[name.index(after: dot)...])) else { return false }
    return !components.dropLast().contains { documentationFolders.contains($0.lowercased()) }
  }
}
