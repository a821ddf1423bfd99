#!/usr/bin/env python3
"""bench/run-harvest's PyDriller side: the same walk as `git log -p --no-merges`, every non-merge
commit reachable from HEAD with each modified file's diff, in PyDriller (GitPython underneath).

    python pydriller_walk.py REPO      prints "commits N files M diff_bytes B" on stderr
"""

import sys

from pydriller import Repository


def main():
    repo = sys.argv[1]
    commits = files = size = 0
    for commit in Repository(repo, only_no_merge=True, order="reverse").traverse_commits():
        commits += 1
        _ = commit.msg
        for modified in commit.modified_files:
            files += 1
            size += len(modified.diff)
    print(f"commits {commits} files {files} diff_bytes {size}", file=sys.stderr)


if __name__ == "__main__":
    main()
