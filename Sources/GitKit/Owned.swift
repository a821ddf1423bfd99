internal import CGit2
import Foundation

/// A kind of libgit2 object and the function that frees it.
protocol GitObjectKind {
  static func free(_ pointer: OpaquePointer)
}

/// One libgit2 object that this value owns and frees in `deinit`, so that no way out of a
/// function, a throw or an early return, can leak it or free it twice. The pointer is reached
/// only through `use`, which holds the owner for as long as the pointer is in use (ARC may
/// otherwise release an owner right after its last mention, before the C call that needed it).
/// Not `Sendable`: a libgit2 object stays on its thread.
final class Owned<Kind: GitObjectKind> {
  private let pointer: OpaquePointer

  init(_ pointer: OpaquePointer) { self.pointer = pointer }

  deinit { Kind.free(pointer) }

  /// Runs `body` with the object; the pointer, and anything libgit2 hands out from inside the
  /// object (a name, an id, a blob's bytes), is valid only while `body` runs.
  func use<T, E: Error>(_ body: (OpaquePointer) throws(E) -> T) throws(E) -> T {
    try withExtendedLifetime(self) { () throws(E) -> T in try body(pointer) }
  }

  /// Runs a libgit2 call that hands back a new object through `out`; throws its error, and owns
  /// the object only once the call succeeded (libgit2 leaves `out` empty when it fails).
  static func make(
    _ function: StaticString, missing: @autoclosure () -> String = "no object", _ create: (_ out: inout OpaquePointer?) -> Int32
  ) throws(GitError) -> Owned {
    var out: OpaquePointer?
    let code = create(&out)
    let object = out.map { Owned($0) }
    try check(code, function)
    guard let object else { throw .library(code: -1, function: "\(function)", message: missing()) }
    return object
  }

  /// As `make`, for lookups whose failure is an answer (the object is missing): nil instead of an error.
  static func attempt(_ create: (_ out: inout OpaquePointer?) -> Int32) -> Owned? {
    var out: OpaquePointer?
    let code = create(&out)
    let object = out.map { Owned($0) }
    return code == 0 ? object : nil
  }
}

enum TreeObject: GitObjectKind { static func free(_ pointer: OpaquePointer) { git_tree_free(pointer) } }
enum TreeEntryObject: GitObjectKind { static func free(_ pointer: OpaquePointer) { git_tree_entry_free(pointer) } }
enum CommitObject: GitObjectKind { static func free(_ pointer: OpaquePointer) { git_commit_free(pointer) } }
enum GenericObject: GitObjectKind { static func free(_ pointer: OpaquePointer) { git_object_free(pointer) } }
enum BlobObject: GitObjectKind { static func free(_ pointer: OpaquePointer) { git_blob_free(pointer) } }
enum DiffObject: GitObjectKind { static func free(_ pointer: OpaquePointer) { git_diff_free(pointer) } }
enum PatchObject: GitObjectKind { static func free(_ pointer: OpaquePointer) { git_patch_free(pointer) } }
enum ConfigObject: GitObjectKind { static func free(_ pointer: OpaquePointer) { git_config_free(pointer) } }
enum ReferenceObject: GitObjectKind { static func free(_ pointer: OpaquePointer) { git_reference_free(pointer) } }

enum PathspecObject: GitObjectKind { static func free(_ pointer: OpaquePointer) { git_pathspec_free(pointer) } }
enum PathspecMatchesObject: GitObjectKind { static func free(_ pointer: OpaquePointer) { git_pathspec_match_list_free(pointer) } }

typealias OwnedTree = Owned<TreeObject>
typealias OwnedTreeEntry = Owned<TreeEntryObject>
typealias OwnedCommit = Owned<CommitObject>
typealias OwnedObject = Owned<GenericObject>
typealias OwnedBlob = Owned<BlobObject>
typealias OwnedDiff = Owned<DiffObject>
typealias OwnedPatch = Owned<PatchObject>
typealias OwnedConfig = Owned<ConfigObject>
typealias OwnedReference = Owned<ReferenceObject>
typealias OwnedPathspec = Owned<PathspecObject>
typealias OwnedPathspecMatches = Owned<PathspecMatchesObject>

/// A C `git_strarray` built from Swift strings; the copies are freed in `deinit`.
final class CStringArray {
  private let pointers: [UnsafeMutablePointer<CChar>?]

  init(_ strings: [String]) { pointers = strings.map { strdup($0) } }

  deinit { pointers.forEach { Foundation.free($0) } }

  /// `body` gets a strarray valid only while it runs.
  func withStrArray<T>(_ body: (git_strarray) throws(GitError) -> T) throws(GitError) -> T {
    var copy = pointers
    return try copy.withUnsafeMutableBufferPointer { buffer throws(GitError) in
      try body(git_strarray(strings: buffer.baseAddress, count: buffer.count))
    }
  }
}
