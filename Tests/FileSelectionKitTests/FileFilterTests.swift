import FileSelectionKit
import Foundation
import GitKit
import TestSupport
import Testing

@Suite("File selection: globs and what a reviewer skips")
struct FileFilterTests {
  func diff(_ build: (GitFixture) throws -> Void) throws -> (GitFixture, Diff) {
    let repo = try GitFixture()
    try repo.write("README.md", "start\n")
    try repo.commitAll("base")
    try build(repo)
    try repo.git(["add", "-A"])
    return (repo, try Repository(at: repo.path).diff(.staged))
  }

  @Test func globs() {
    #expect(Glob("*.lock").matches("deep/dir/Cargo.lock"))
    #expect(Glob("dist/**").matches("dist/a/b.js") && !Glob("dist/**").matches("src/dist.js"))
    #expect(Glob("docs/").matches("docs/guide/x.md"))
    #expect(Glob("src/*.ts").matches("src/a.ts") && !Glob("src/*.ts").matches("src/deep/a.ts"))
    #expect(Glob("src/**/*.ts").matches("src/a.ts") && Glob("src/**/*.ts").matches("src/x/y/a.ts"))
    #expect(Glob("/top.txt").matches("top.txt") && Glob("fil?.txt").matches("file.txt"))
  }

  @Test func skipsWhatAReviewerWouldSkip() throws {
    let (repo, changes) = try diff { repo in
      try repo.write("app.py", "print('hi')\n")
      try repo.write("package-lock.json", "{}\n")
      try repo.write("vendor/lib.go", "package lib\n")
      try repo.write("gen/api.ts", "export const x = 1\n")
      try repo.write(".gitattributes", "gen/** linguist-generated\n")
      try repo.write("logo.png", Data([0, 1, 2, 3]))
      try repo.write("site/app.min.js", "var a=1;\n")
      try repo.write("dist/bundle.js", "x\n")
      try FileManager.default.removeItem(atPath: repo.path + "/README.md")
    }
    let repository = try Repository(at: repo.path)
    let filter = FileFilter(excludes: ["dist/**"])
    var reasons: [String: String] = [:]
    for file in changes.files { reasons[file.path.text] = filter.skipReason(file) { repository.attribute($0, for: $1) }?.text ?? "review" }
    #expect(
      reasons == [
        "app.py": "review", ".gitattributes": "review", "package-lock.json": "lock file", "vendor/lib.go": "vendored",
        "gen/api.ts": "generated (linguist-generated)", "logo.png": "binary", "site/app.min.js": "minified",
        "dist/bundle.js": "excluded by review.exclude (dist/**)", "README.md": "deletion only",
      ])
  }

  /// The cases a caller switches over, beyond the words: the attribute-driven ones are told apart
  /// from the name-driven ones, and the exclude keeps the glob that matched.
  @Test func skipReasonsAreCasesNotWords() throws {
    let (repo, changes) = try diff { repo in
      try repo.write(".gitattributes", "data.bin -diff\nlib/** linguist-vendored\n")
      try repo.write("data.bin", Data([0, 1, 2]))
      try repo.write("lib/x.c", "int x;\n")
      try repo.write("api.pb.go", "package api\n")
      try repo.write("build/out.js", "x\n")
    }
    let repository = try Repository(at: repo.path)
    let filter = FileFilter(excludes: ["*.md", "build/"])
    var reasons: [String: SkipReason] = [:]
    for file in changes.files {
      reasons[file.path.text] = filter.skipReason(file) { repository.attribute($0, for: $1) }
    }
    #expect(
      reasons == [
        "data.bin": .notDiffed, "lib/x.c": .vendoredByAttribute, "api.pb.go": .generated,
        "build/out.js": .excluded(pattern: "build/"),
      ])
    #expect(SkipReason.notDiffed.text == "not diffed (-diff attribute)")
    #expect(SkipReason.vendoredByAttribute.text == "vendored (linguist-vendored)")
    #expect("\(SkipReason.excluded(pattern: "build/"))" == "excluded by review.exclude (build/)")
  }

  @Test func renamesAndModeChangesAreNamed() throws {
    let (repo, _) = try diff { repo in
      try repo.write("old.txt", "same\n")
      try repo.write("run.sh", "echo\n")
    }
    try repo.commitAll("files")
    try repo.git(["mv", "old.txt", "new.txt"])
    try repo.git(["update-index", "--chmod=+x", "run.sh"])
    let repository = try Repository(at: repo.path)
    let filter = FileFilter(excludes: [])
    var reasons: [String: SkipReason] = [:]
    for file in try repository.diff(.staged).files {
      reasons[file.path.text] = filter.skipReason(file) { repository.attribute($0, for: $1) }
    }
    #expect(reasons == ["new.txt": .renamedWithoutChanges, "run.sh": .modeChangeOnly])
  }

  /// A tree's file is judged as if a commit had added it: its first bytes stand in for the hunk.
  @Test func treeFilesAreJudgedAsAdded() throws {
    let (repo, _) = try diff { repo in
      try repo.write("src/app.py", "print('hi')\n")
      try repo.write("yarn.lock", "x\n")
      try repo.write("icon.ico", Data([0, 0, 1, 0]))
      try repo.write("bundle.js", String(repeating: "a", count: 1_200) + "\n")
    }
    try repo.commitAll("tree")
    let repository = try Repository(at: repo.path)
    let head = try repository.resolveCommit("HEAD")
    let filter = FileFilter(excludes: [])
    var reasons: [String: String] = [:]
    for file in try repository.treeFiles(ofCommit: head) {
      let bytes = try #require(repository.blob(file.id)?.bytes)
      reasons[file.path.text] = filter.skipReason(treeFile: file, bytes: bytes) { repository.attribute($0, for: $1) }?.text ?? "review"
    }
    #expect(
      reasons == ["README.md": "review", "src/app.py": "review", "yarn.lock": "lock file", "icon.ico": "binary", "bundle.js": "minified"])
  }
}
