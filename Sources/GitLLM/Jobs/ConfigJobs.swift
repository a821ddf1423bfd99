import ConfigKit
import Foundation
import GitKit
import OutputKit

/// The work behind `git llm config …`.
public enum ConfigJobs {
  /// Prints the merged configuration, secrets as `***`, optionally with where each value came from.
  public static func show(directory: String, overrides: [String], origins: Bool, quiet: Bool) throws {
    let app = try Composition.load(directory: directory, overrides: overrides, quiet: quiet)
    app.reportWarnings()
    let out = OutputStream()
    out.write(app.context.loaded.rendered(withOrigins: origins))
    out.flush()
  }

  /// Checks one file on its own, or every layer together when no file is named.
  public static func validate(file: String?, directory: String, overrides: [String], quiet: Bool) throws {
    if let file {
      let path = file.hasPrefix("/") ? file : directory + "/" + file
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
        throw CommandFailure(.usage, "no such file: \(file); pass the path of a git-llm YAML file")
      }
      if isFolder.boolValue {
        throw CommandFailure(.usage, "\(file) is a folder; pass the path of a git-llm YAML file")
      }
      _ = try ConfigLoader.validate(fileAt: path, environment: .current())
      print("\(file): ok")
      return
    }
    let app = try Composition.load(directory: directory, overrides: overrides, quiet: quiet)
    app.reportWarnings()
    let used = app.context.loaded.files.filter(\.exists).map { "\($0.path) (\($0.layer.rawValue))" }
    print(used.isEmpty ? "ok: built-in defaults (no config files found)" : "ok: " + used.joined(separator: ", "))
  }

  /// Writes a commented starter `.git-llm.yaml` at the top of the work tree.
  public static func initialize(directory: String, force: Bool) throws {
    let repository = try Repository(discoveringFrom: directory)
    guard let root = repository.workTreeRoot else {
      throw CommandFailure(.usage, "config init needs a work tree; this repository is bare")
    }
    let path = root + "/.git-llm.yaml"
    if FileManager.default.fileExists(atPath: path) && !force {
      throw CommandFailure(.usage, "\(path) already exists; pass --force to replace it")
    }
    try AtomicFile.write(Data(ConfigTemplate.repositoryFile.utf8), to: path)
    print("wrote \(path)")
  }

  /// Records (or revokes) trust in this repository's `.git-llm.yaml`, outside the repository.
  public static func trust(directory: String, revoke: Bool) throws {
    let repository = try Repository(discoveringFrom: directory)
    guard let root = repository.workTreeRoot else {
      throw CommandFailure(.usage, "config trust needs a work tree; this repository is bare")
    }
    let path = root + "/.git-llm.yaml"
    guard FileManager.default.fileExists(atPath: path) else {
      throw CommandFailure(.usage, "\(path) does not exist; there is nothing to trust")
    }
    guard let store = ConfigTrust(environment: .current()) else {
      throw CommandFailure(.usage, "no place to record trust: set HOME or XDG_CONFIG_HOME")
    }
    if revoke {
      try store.untrust(fileAt: path)
      print("no longer trusted: \(path)")
    } else {
      try store.trust(fileAt: path)
      print("trusted \(path) as it is now (recorded in \(store.storePath)); any change to it lapses the trust")
    }
  }
}
