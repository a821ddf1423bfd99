import Foundation
import Testing

@testable import ProvidersKit

/// One line per finding, for exact comparisons that read well when they fail.
private func summary(_ findings: [BuiltinFinding]) -> [String] {
  findings.map { "\($0.path):\($0.startLine)-\($0.endLine) \($0.severity) \($0.category) \($0.title)" }
}

private func review(_ patch: String) -> [String] { summary(BuiltinRules.review(patch: patch)) }

/// A fake GitHub token of the right shape, assembled so the literal never sits in the source.
private let fakeToken = "ghp_" + String(repeating: "aB3dE5", count: 6)

@Suite("Built-in reviewer rules")
struct BuiltinReviewerTests {
  @Test func secretOnAddedLineIsCriticalAndNeverQuoted() throws {
    let patch = """
      diff --git a/Sources/App/Config.swift b/Sources/App/Config.swift
      index 1111111..2222222 100644
      --- a/Sources/App/Config.swift
      +++ b/Sources/App/Config.swift
      @@ -10,4 +10,5 @@ struct Config {
         let region = "eu"
      -  let token = "\(fakeToken)"
      +  let token = ProcessInfo.processInfo.environment["TOKEN"]
      +  let fallback = "\(fakeToken)"
         let retries = 3
         let timeout = 30
      """
    let findings = BuiltinRules.review(patch: patch)
    #expect(summary(findings) == ["Sources/App/Config.swift:12-12 critical security GitHub token added"])
    let answer = BuiltinProvider.encode(findings)
    let leaked = answer.contains(fakeToken) || answer.contains(String(fakeToken.dropFirst(4)))
    #expect(!leaked)
    #expect(findings.first?.explanation.contains("github-token") == true)
  }

  @Test func nothingFiresOnRemovedOrContextLines() {
    let patch = """
      diff --git a/app.py b/app.py
      --- a/app.py
      +++ b/app.py
      @@ -1,4 +1,2 @@
       password = "\(fakeToken)"
      -breakpoint()
      -# TODO: remove
       print("ok")
      """
    #expect(review(patch) == [])
  }

  @Test func privateKeyBlockIsOneFindingOverItsLines() {
    let body = (0..<3).map { _ in "+" + String(repeating: "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", count: 2) }.joined(separator: "\n")
    let patch = """
      diff --git a/deploy/id_rsa b/deploy/id_rsa
      new file mode 100600
      --- /dev/null
      +++ b/deploy/id_rsa
      @@ -0,0 +1,5 @@
      +-----BEGIN RSA PRIVATE KEY-----
      \(body)
      +-----END RSA PRIVATE KEY-----
      """
    #expect(
      review(patch) == [
        "deploy/id_rsa:1-5 critical security Private key added",
        "deploy/id_rsa:1-1 critical security SSH private key file added",
      ])
  }

  @Test func conflictMarkersBetweenMarkersOnly() {
    let patch = """
      diff --git a/src/merge.py b/src/merge.py
      --- a/src/merge.py
      +++ b/src/merge.py
      @@ -3,2 +3,7 @@ def f():
           a = 1
      +<<<<<<< HEAD
      +    b = 2
      +=======
      +    b = 3
      +>>>>>>> feature
           return a
      diff --git a/README.md b/README.md
      --- a/README.md
      +++ b/README.md
      @@ -1,1 +1,3 @@
       Intro
      +Install
      +=======
      """
    #expect(review(patch) == ["src/merge.py:4-8 high correctness Merge conflict markers left in"])
  }

  @Test func debugLeftoversByFileType() {
    let patch = """
      diff --git a/web/app.ts b/web/app.ts
      --- a/web/app.ts
      +++ b/web/app.ts
      @@ -1,1 +1,5 @@
       export {}
      +console.log("state", state)
      +  // console.log("commented out")
      +  debugger;
      +const catalog = myconsole.log(1)
      diff --git a/scripts/build.js b/scripts/build.js
      --- a/scripts/build.js
      +++ b/scripts/build.js
      @@ -1,0 +1,1 @@
      +console.log("building")
      diff --git a/svc/views.py b/svc/views.py
      --- a/svc/views.py
      +++ b/svc/views.py
      @@ -7,0 +8,3 @@
      +    print("fine in Python")
      +    import pdb; pdb.set_trace()
      +    breakpoint()
      diff --git a/lib/x.rb b/lib/x.rb
      --- a/lib/x.rb
      +++ b/lib/x.rb
      @@ -1,0 +2,1 @@
      +  binding.pry
      diff --git a/src/main.rs b/src/main.rs
      --- a/src/main.rs
      +++ b/src/main.rs
      @@ -1,0 +2,1 @@
      +    let x = dbg!(y);
      diff --git a/index.php b/index.php
      --- a/index.php
      +++ b/index.php
      @@ -1,0 +2,3 @@
      +dd($request);
      +$total = add($a, $b);
      +var_dump($x);
      """
    #expect(
      review(patch) == [
        "index.php:2-2 low maintainability Debug statement left in: dd",
        "index.php:4-4 low maintainability Debug statement left in: var_dump",
        "lib/x.rb:2-2 low maintainability Debug statement left in: binding.pry",
        "src/main.rs:2-2 low maintainability Debug statement left in: dbg!",
        "svc/views.py:9-9 low maintainability Debug statement left in: pdb.set_trace()",
        "svc/views.py:10-10 low maintainability Debug statement left in: breakpoint()",
        "web/app.ts:2-2 low maintainability Debug statement left in: console.log",
        "web/app.ts:4-4 low maintainability Debug statement left in: debugger",
      ])
  }

  @Test func todoInCommentsOnly() {
    let patch = """
      diff --git a/src/a.go b/src/a.go
      --- a/src/a.go
      +++ b/src/a.go
      @@ -1,0 +1,6 @@
      +// TODO: handle the error
      +todoList := fetchTodos() // FIXME(alice) pagination
      +url := "https://example.com/TODO"
      +x := 1 // TODOS are fine as a word? no: not a marker
      +/* HACK */
      +label := "XXX"
      diff --git a/NOTES.md b/NOTES.md
      --- a/NOTES.md
      +++ b/NOTES.md
      @@ -1,0 +1,1 @@
      +# TODO list
      """
    #expect(
      review(patch) == [
        "src/a.go:1-1 info maintainability TODO comment added",
        "src/a.go:2-2 info maintainability FIXME comment added",
        "src/a.go:5-5 info maintainability HACK comment added",
      ])
  }

  @Test func largeAdditionOncePerFileAtFirstAddedLine() {
    let lines = (1...1_001).map { "+let value\($0) = \($0)" }.joined(separator: "\n")
    let patch =
      "diff --git a/gen/table.swift b/gen/table.swift\nnew file mode 100644\n--- /dev/null\n+++ b/gen/table.swift\n@@ -0,0 +1,1001 @@\n\(lines)\n"
    #expect(review(patch) == ["gen/table.swift:1-1 info maintainability Very large addition"])
    let small = "diff --git a/t.swift b/t.swift\n--- a/t.swift\n+++ b/t.swift\n@@ -0,0 +1,2 @@\n+a\n+b\n"
    #expect(review(small) == [])
  }

  @Test func binaryAndSensitiveFiles() {
    let patch = """
      diff --git a/assets/logo.png b/assets/logo.png
      new file mode 100644
      index 0000000..3f4a2b1
      Binary files /dev/null and b/assets/logo.png differ
      diff --git a/assets/old.png b/assets/old.png
      deleted file mode 100644
      Binary files a/assets/old.png and /dev/null differ
      diff --git a/assets/icon.ico b/assets/icon.ico
      index 1111111..2222222 100644
      Binary files a/assets/icon.ico and b/assets/icon.ico differ
      diff --git a/.env b/.env
      new file mode 100644
      --- /dev/null
      +++ b/.env
      @@ -0,0 +1,1 @@
      +DEBUG=1
      diff --git a/.env.example b/.env.example
      new file mode 100644
      --- /dev/null
      +++ b/.env.example
      @@ -0,0 +1,1 @@
      +DEBUG=1
      """
    #expect(
      review(patch) == [
        ".env:1-1 high security Environment file added",
        "assets/icon.ico:1-1 info maintainability Binary file changed",
        "assets/logo.png:1-1 info maintainability Binary file added",
      ])
  }

  @Test func longLinesInSourceFilesOnly() {
    let long = String(repeating: "x", count: 501)
    let patch = """
      diff --git a/a.js b/a.js
      --- a/a.js
      +++ b/a.js
      @@ -0,0 +1,3 @@
      +short
      +const s = "\(long)"
      +const t = "\(long)"
      diff --git a/dist/a.min.js b/dist/a.min.js
      --- a/dist/a.min.js
      +++ b/dist/a.min.js
      @@ -0,0 +1,1 @@
      +\(long)
      diff --git a/data.json b/data.json
      --- a/data.json
      +++ b/data.json
      @@ -0,0 +1,1 @@
      +\(long)
      """
    #expect(review(patch) == ["a.js:2-2 low style Very long line"])
  }

  @Test func quotedNonASCIIPathsAreUnquoted() {
    let patch = #"""
      diff --git "a/docs/caf\303\251 menu.py" "b/docs/caf\303\251 menu.py"
      index 1111111..2222222 100644
      --- "a/docs/caf\303\251 menu.py"
      +++ "b/docs/caf\303\251 menu.py"
      @@ -1 +1,2 @@
       x = 1
      +breakpoint()
      diff --git "a/\346\227\245\346\234\254.bin" "b/\346\227\245\346\234\254.bin"
      new file mode 100644
      Binary files /dev/null and "b/\346\227\245\346\234\254.bin" differ
      """#
    #expect(
      review(patch) == [
        "docs/café menu.py:2-2 low maintainability Debug statement left in: breakpoint()",
        "日本.bin:1-1 info maintainability Binary file added",
      ])
  }

  @Test func threeFilesWithRenamesAndGarbageAround() {
    let patch = """
      Please review the following change carefully.
      ```diff
      diff --git a/old/name.js b/new/name.js
      similarity index 90%
      rename from old/name.js
      rename to new/name.js
      index 1111111..2222222 100644
      --- a/old/name.js
      +++ b/new/name.js
      @@ -2,3 +2,4 @@ function main() {
         const a = 1
      -  const b = 2
      +  const b = 3
      +  console.log(b)
         return a
      \\ No newline at end of file
      diff --git a/docs/guide v2.md b/docs/guide v2.md
      --- a/docs/guide v2.md
      +++ b/docs/guide v2.md
      @@ -10,2 +10,3 @@
       Some text

      +<<<<<<< ours
      diff --git a/lib/util.py b/lib/helpers/util.py
      similarity index 100%
      rename from lib/util.py
      rename to lib/helpers/util.py
      ```
      +1 from me, and a stray line: console.log("not a diff")
      """
    #expect(
      review(patch) == [
        "docs/guide v2.md:12-12 high correctness Merge conflict markers left in",
        "new/name.js:4-4 low maintainability Debug statement left in: console.log",
      ])
    let files = PatchParser.parse(patch)
    #expect(files.map(\.path) == ["new/name.js", "docs/guide v2.md", "lib/helpers/util.py"])
    #expect(files.map(\.isRename) == [true, false, true])
    #expect(files[0].added.map(\.number) == [3, 4])
  }

  @Test func plainUnifiedDiffWithoutGitHeaders() {
    let patch =
      "--- a/x.py\t2024-01-01 00:00:00\n+++ b/x.py\t2024-01-02 00:00:00\n@@ -1,1 +1,2 @@\n a\n+breakpoint()\n--- y.rb\n+++ y.rb\n@@ -5 +5 @@\n-x\n+binding.pry\n"
    #expect(
      review(patch) == [
        "x.py:2-2 low maintainability Debug statement left in: breakpoint()",
        "y.rb:5-5 low maintainability Debug statement left in: binding.pry",
      ])
  }

  @Test func noDiffNoFindings() {
    #expect(review("") == [])
    #expect(review("What does this function do?\n+ not a diff\n@@ neither @@") == [])
  }
}
