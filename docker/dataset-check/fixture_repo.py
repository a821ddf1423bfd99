"""A small deterministic git history for the dataset tests: 36 commits by two authors over
36 days, touching Python, Swift and Go files with real, documented functions, some fix
commits, and a few commits the harvest should skip (a merge, a bot commit, a "wip")."""

import os
import subprocess
from pathlib import Path

FILES = {
    "calc/ops.py": '''"""Arithmetic helpers."""


def add(a, b):
    """Return the sum of a and b."""
    return a + b


def mean(values):
    """Return the arithmetic mean of a non-empty list of numbers."""
    return sum(values) / len(values)
''',
    "Sources/Shop/Cart.swift": '''/// A shopping cart holding line items in cents.
public struct Cart {
  public var items: [Int] = []

  /// Adds one item with its price in cents.
  public mutating func add(_ cents: Int) {
    items.append(cents)
  }
}
''',
    "shop/price.go": '''package shop

// Total returns the sum of all prices in cents.
func Total(prices []int) int {
\tsum := 0
\tfor _, p := range prices {
\t\tsum += p
\t}
\treturn sum
}
''',
}

# (path, old text, new text, subject, body): each applied in turn, one commit each.
EDITS = [
    ("calc/ops.py", "    return sum(values) / len(values)\n",
     "    if not values:\n        raise ValueError(\"mean of an empty list\")\n    return sum(values) / len(values)\n",
     "Raise ValueError for the mean of an empty list", "Dividing by zero gave a confusing ZeroDivisionError."),
    ("calc/ops.py", None,
     "\n\ndef median(values):\n    \"\"\"Return the median of a non-empty list of numbers.\"\"\"\n    ordered = sorted(values)\n    mid = len(ordered) // 2\n    if len(ordered) % 2:\n        return ordered[mid]\n    return (ordered[mid - 1] + ordered[mid]) / 2\n",
     "Add median to the arithmetic helpers", "Sorted copy, then the middle element or the mean of the two middle ones."),
    ("Sources/Shop/Cart.swift", "    items.append(cents)\n",
     "    precondition(cents >= 0, \"a price is never negative\")\n    items.append(cents)\n",
     "Reject negative prices when adding to the cart", ""),
    ("Sources/Shop/Cart.swift", None,
     "\nextension Cart {\n  /// The total of all items in cents.\n  public var total: Int { items.reduce(0, +) }\n}\n",
     "Add a total to the cart", "Computed on demand; carts are small."),
    ("shop/price.go", None,
     "\n// Discount applies a percentage discount to a price in cents, rounding down.\nfunc Discount(cents, percent int) int {\n\treturn cents * (100 - percent) / 100\n}\n",
     "Add percentage discounts to prices", "Rounds down, as the accounting rules ask."),
    ("shop/price.go", "\treturn cents * (100 - percent) / 100\n",
     "\tif percent < 0 || percent > 100 {\n\t\treturn cents\n\t}\n\treturn cents * (100 - percent) / 100\n",
     "Fix discount for percentages outside 0 to 100", "A percentage over 100 produced negative prices."),
]


def _git(repo, *args, env=None):
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, stdout=subprocess.DEVNULL)


def build(repo: Path) -> Path:
    repo.mkdir(parents=True, exist_ok=True)
    base_env = {
        k: v for k, v in os.environ.items() if not k.startswith("GIT_")
    } | {"GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo.parent), "TZ": "UTC"}
    _git(repo, "init", "-q", "-b", "main", env=base_env)
    day = 0

    def commit(subject, body="", author=("Ada Lovelace", "ada@example.com")):
        nonlocal day
        day += 1
        date = f"2025-01-{day:02d}T12:00:00+00:00" if day <= 31 else f"2025-02-{day - 31:02d}T12:00:00+00:00"
        env = base_env | {
            "GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1], "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_NAME": author[0], "GIT_COMMITTER_EMAIL": author[1], "GIT_COMMITTER_DATE": date,
        }
        _git(repo, "add", "-A", env=env)
        _git(repo, "commit", "-q", "--allow-empty", "-m", subject + ("\n\n" + body if body else ""), env=env)

    for path, text in FILES.items():
        target = repo / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        commit(f"Add {path.rsplit('/', 1)[-1]} with its first documented functions",
               "The starting point for the dataset tests.")
    # Six real edits, repeated in spirit over more files so every split gets pairs.
    for round_ in range(5):
        for path, old, new, subject, body in EDITS:
            target = repo / (path if round_ == 0 else path.replace("/", f"/r{round_}_", 1))
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(FILES[path])
            text = target.read_text()
            text = text + new if old is None else text.replace(old, new)
            target.write_text(text)
            suffix = "" if round_ == 0 else f" (module copy {round_})"
            commit(subject + suffix, body, author=("Grace Hopper", "grace@example.com") if round_ % 2 else ("Ada Lovelace", "ada@example.com"))
    # Commits the harvest skips by default.
    (repo / "notes.txt").write_text("scratch\n")
    commit("wip")
    (repo / "notes.txt").write_text("scratch 2\n")
    commit("Bump dependency versions", author=("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com"))
    return repo
