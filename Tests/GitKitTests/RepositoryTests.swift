import Foundation
import GitKit
import TestSupport
import Testing

@Suite("Opening repositories and resolving what users type")
struct RepositoryTests {
  /// main: c1 - c2 - c3 - c4 (tag v1 at c2); side branch from c2 with s1, merged into c4? no:
  /// a small history with a fork so ranges have something to cut.
  private func history() throws -> (GitFixture, [String: String]) {
    let repo = try GitFixture()
    var ids: [String: String] = [:]
    try repo.write("a.txt", "1\n")
    ids["c1"] = try repo.commitAll("c1")
    try repo.write("a.txt", "1\n2\n")
    ids["c2"] = try repo.commitAll("c2")
    try repo.git(["tag", "-a", "v1", "-m", "release one"])
    try repo.git(["checkout", "-q", "-b", "side"])
    try repo.write("side.txt", "s\n")
    ids["s1"] = try repo.commitAll("s1")
    try repo.git(["checkout", "-q", "main"])
    try repo.write("a.txt", "1\n2\n3\n")
    ids["c3"] = try repo.commitAll("c3")
    try repo.write("b.txt", "b\n")
    ids["c4"] = try repo.commitAll("c4")
    return (repo, ids)
  }

  @Test func discoversFromASubfolder() throws {
    let (repo, _) = try history()
    try FileManager.default.createDirectory(atPath: repo.path + "/deep/er", withIntermediateDirectories: true)
    let opened = try Repository(discoveringFrom: repo.path + "/deep/er", honourGitEnvironment: false)
    #expect(opened.workTreeRoot == repo.path)
    #expect(opened.gitDirectory == repo.path + "/.git")
    #expect(!opened.isBare)
  }

  @Test func outsideARepositoryIsAClearError() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(throws: GitError.notARepository(path: folder)) {
      try Repository(discoveringFrom: folder, honourGitEnvironment: false)
    }
  }

  @Test(arguments: ["HEAD~3..", "HEAD~2..HEAD", "v1..main", "v1...side", "side...main", "HEAD", "v1", "HEAD^", "main~1"])
  func rangesResolveLikeGit(spec: String) throws {
    let (repo, _) = try history()
    let repository = try Repository(at: repo.path)
    let range = try repository.resolveRange(spec)
    // git's own view of the same range: the commits it lists and the diff endpoints.
    let listed = try repo.git(["rev-list", spec.contains(".") ? spec : spec]).split(separator: "\n").map(String.init)
    var walked: [String] = []
    try repository.walkHistory(including: range.included, excluding: range.excluded) {
      walked.append($0.id.hex); return true
    }
    #expect(Set(walked) == Set(listed))
    if range.form == .single {
      #expect(range.diffHead.hex == (try repo.revParse(spec)))
    } else {
      #expect(try Oracle.patch(repository, .commits(base: range.diffBase, head: range.diffHead)) == (try Oracle.gitPatch(repo, [spec])))
    }
  }

  @Test func unknownRevisionNamesTheSpec() throws {
    let (repo, _) = try history()
    let repository = try Repository(at: repo.path)
    let error = #expect(throws: GitError.self) { try repository.resolveRange("nope..HEAD") }
    #expect(error?.description.contains("'nope..HEAD'") == true)
    #expect(error?.description.contains("'nope'") == true)
  }

  @Test func upstreamShorthand() throws {
    let (origin, _) = try history()
    let clone = origin.scratch("clone")
    try origin.git(["clone", "-q", origin.path, clone])
    let cloned = GitFixture(existing: clone, owner: origin.scratch("unused"))
    try cloned.write("local.txt", "mine\n")
    try cloned.commitAll("local work")
    let repository = try Repository(at: clone)
    let range = try repository.resolveRange("@{u}..")
    #expect(range.diffBase?.hex == (try cloned.revParse("@{u}")))
    #expect(try Oracle.patch(repository, .commits(base: range.diffBase, head: range.diffHead)) == (try Oracle.gitPatch(cloned, ["@{u}.."])))
  }

  @Test func rootCommitIsItsChangeAgainstTheEmptyTree() throws {
    let (repo, ids) = try history()
    let repository = try Repository(at: repo.path)
    let range = try repository.resolveRange(try #require(ids["c1"]))
    #expect(range.diffBase == nil)
    let emptyTree = try repo.git(["hash-object", "-t", "tree", "/dev/null"]).trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(
      try Oracle.patch(repository, .commits(base: nil, head: range.diffHead))
        == (try Oracle.gitPatch(repo, [emptyTree, try #require(ids["c1"])])))
  }

  @Test func mergeCommitIsItsChangeAgainstTheFirstParent() throws {
    let (repo, _) = try history()
    try repo.git(["merge", "-q", "--no-ff", "-m", "merge side", "side"])
    let repository = try Repository(at: repo.path)
    let range = try repository.resolveRange("HEAD")
    #expect(range.diffBase?.hex == (try repo.revParse("HEAD^1")))
    #expect(try repository.commit(range.diffHead).isMerge)
    #expect(
      try Oracle.patch(repository, .commits(base: range.diffBase, head: range.diffHead)) == (try Oracle.gitPatch(repo, ["HEAD^1", "HEAD"])))
  }

  @Test func emptyRepositoryAndUnbornStagedChange() throws {
    let repo = try GitFixture()
    let repository = try Repository(at: repo.path)
    #expect(repository.isHeadUnborn)
    #expect(try repository.headCommit() == nil)
    #expect(repository.currentBranch == "main")
    #expect(try repository.diff(.staged).files.isEmpty)
    try repo.write("first.txt", "hello\n")
    try repo.git(["add", "first.txt"])
    let staged = try Repository(at: repo.path)
    #expect(try Oracle.patch(staged, .staged) == (try Oracle.gitPatch(repo, ["--cached"])))
    #expect(throws: GitError.self) { try staged.resolveRange("HEAD~1..") }
  }

  @Test func stagedAndWorktreeChanges() throws {
    let (repo, _) = try history()
    try repo.write("a.txt", "1\n2\n3\nstaged\n")
    try repo.git(["add", "a.txt"])
    try repo.write("a.txt", "1\n2\n3\nstaged\nunstaged\n")
    let repository = try Repository(at: repo.path)
    #expect(try Oracle.patch(repository, .staged) == (try Oracle.gitPatch(repo, ["--cached"])))
    #expect(try Oracle.patch(repository, .worktree) == (try Oracle.gitPatch(repo, [])))
  }

  @Test func detachedHead() throws {
    let (repo, ids) = try history()
    try repo.git(["checkout", "-q", "--detach", "HEAD~1"])
    let repository = try Repository(at: repo.path)
    #expect(repository.isHeadDetached)
    #expect(repository.currentBranch == nil)
    #expect(try repository.headCommit()?.hex == ids["c3"])
  }

  @Test func shallowClone() throws {
    let (origin, _) = try history()
    let clone = origin.scratch("shallow")
    try origin.git(["clone", "-q", "--depth", "2", "file://" + origin.path, clone])
    let repository = try Repository(at: clone)
    #expect(repository.isShallow)
    var walked: [String] = []
    try repository.walkHistory(including: [try #require(try repository.headCommit())]) {
      walked.append($0.id.hex); return true
    }
    let listed = try origin.git(["-C", clone, "rev-list", "HEAD"]).split(separator: "\n").map(String.init)
    #expect(walked == listed)
  }

  @Test func bareClone() throws {
    let (origin, ids) = try history()
    let bare = origin.scratch("bare.git")
    try origin.git(["clone", "-q", "--bare", origin.path, bare])
    let repository = try Repository(discoveringFrom: bare, honourGitEnvironment: false)
    #expect(repository.isBare)
    #expect(repository.workTreeRoot == nil)
    let range = try repository.resolveRange("HEAD~1..")
    #expect(range.diffHead.hex == ids["c4"])
    #expect(throws: GitError.self) { try repository.diff(.staged) }
  }

  @Test func linkedWorktree() throws {
    let (repo, ids) = try history()
    let tree = repo.scratch("wt")
    try repo.git(["worktree", "add", "-q", tree, "side"])
    try repo.write("../wt/side.txt", "s\nmore\n")
    let repository = try Repository(discoveringFrom: tree, honourGitEnvironment: false)
    #expect(repository.isLinkedWorktree)
    #expect(repository.workTreeRoot == tree)
    #expect(repository.commonDirectory == repo.path + "/.git")
    #expect(repository.gitDirectory.hasPrefix(repo.path + "/.git/worktrees/"))
    #expect(try repository.headCommit()?.hex == ids["s1"])
    #expect(repository.hooksDirectory == repo.path + "/.git/hooks")
    let worktreeFixture = GitFixture(existing: tree, owner: repo.scratch("unused"))
    #expect(try Oracle.patch(repository, .worktree) == (try Oracle.gitPatch(worktreeFixture, [])))
  }

  @Test func hooksPathIsHonoured() throws {
    let (repo, _) = try history()
    #expect(try Repository(at: repo.path).hooksDirectory == repo.path + "/.git/hooks")
    try repo.git(["config", "core.hooksPath", ".githooks"])
    #expect(try Repository(at: repo.path).hooksDirectory == repo.path + "/.githooks")
    try repo.git(["config", "core.hooksPath", "/opt/shared-hooks"])
    #expect(try Repository(at: repo.path).hooksDirectory == "/opt/shared-hooks")
  }
}
