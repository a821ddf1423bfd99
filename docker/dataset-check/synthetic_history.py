#!/usr/bin/env python3
"""Writes a deterministic synthetic git history as a `git fast-import` stream on stdout.

bench/run-harvest uses it because no real history of 5,000+ commits is available offline on the
machines this project runs on (the local package mirrors hold one commit each). The history
imitates a mid-sized multi-language project: about 300 source files in Python, Swift, Go and
JavaScript (2-20 KB each, documented functions), 1-4 files changed per commit by inserting,
editing or deleting functions and lines, commit messages with a subject and often a body, a few
trivial subjects ("wip", "update"), bot commits to a lock file, and a merge every 250 commits.

    python3 synthetic_history.py [--commits 5200] [--seed 1] | git fast-import --quiet
Standard library only; the same arguments always give the same stream (and the same hashes).
"""

import argparse
import random
import sys

WORDS = ("account address amount batch buffer cache cart channel client config cursor "
         "document entry event field filter frame handler header index item journal key "
         "ledger limit line list message node offset order packet page parser path payload "
         "price queue range record region report request result route row schema session "
         "shard signal slot snapshot source state stream table task token tree user value "
         "window worker").split()
VERBS = "add apply build check compute decode encode fetch find flush format load merge " \
        "normalize parse read render reset resolve scan select sort split store update validate write".split()
AREAS = ["api", "billing", "cli", "core", "db", "docs", "ingest", "net", "parser", "report", "search", "ui"]
AUTHORS = [("Ada Lovelace", "ada@example.com"), ("Grace Hopper", "grace@example.com"),
           ("Alan Turing", "alan@example.com"), ("Barbara Liskov", "barbara@example.com"),
           ("Dennis Ritchie", "dennis@example.com"), ("Edsger Dijkstra", "edsger@example.com"),
           ("Frances Allen", "frances@example.com"), ("Ken Thompson", "ken@example.com"),
           ("Margaret Hamilton", "margaret@example.com"), ("Niklaus Wirth", "niklaus@example.com"),
           ("Radia Perlman", "radia@example.com"), ("Tony Hoare", "tony@example.com")]
BOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
EXT = {"python": "py", "swift": "swift", "go": "go", "javascript": "js"}


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def ident(self, n=2):
        parts = [self.r.choice(VERBS)] + [self.r.choice(WORDS) for _ in range(n - 1)]
        return parts

    def sentence(self):
        verb, *objs = self.ident(3)
        third = verb[:-1] + "ies" if verb.endswith("y") else verb + ("es" if verb.endswith(("h", "s")) else "s")
        return f"{third.capitalize()} the {objs[0]} of a {objs[1]}, " \
               f"{self.r.choice(['skipping empty entries', 'in place', 'without copying', 'and returns how many changed', 'as the caller asked'])}."

    def expr(self, names):
        a, b = self.r.choice(names), self.r.choice(names)
        op = self.r.choice(["+", "-", "*", "//" , "%"])
        return f"{a} {op} {b}" if self.r.random() < 0.6 else f"{a} {op} {self.r.randint(1, 512)}"

    def body_line(self, lang, names, depth=1):
        v = "_".join(self.ident(2)) if lang in ("python", "go") else "".join(
            w if i == 0 else w.capitalize() for i, w in enumerate(self.ident(2)))
        names.append(v)
        e = self.expr(names[:-1] or ["1"])
        ind = {"python": "    ", "swift": "  ", "go": "\t", "javascript": "  "}[lang] * depth
        if lang == "python":
            return f"{ind}{v} = {e}"
        if lang == "swift":
            return f"{ind}let {v} = {e}"
        if lang == "go":
            return f"{ind}{v} := {e}"
        return f"{ind}const {v} = {e};"

    def function(self, lang):
        verb, *objs = self.ident(3)
        args = [objs[0], objs[1] if objs[1] != objs[0] else objs[1] + "2"]
        names = list(args)
        doc = self.sentence()
        body = [self.body_line(lang, names) for _ in range(self.r.randint(3, 14))]
        last = names[-1]
        if lang == "python":
            name = f"{verb}_{objs[0]}_{objs[1]}"
            return [f"def {name}({args[0]}, {args[1]}):", f'    """{doc}"""', *body,
                    f"    if {last} > {self.r.randint(1, 99)}:", f"        return {last} - 1", f"    return {last}", "", ""]
        if lang == "swift":
            name = verb + objs[0].capitalize() + objs[1].capitalize()
            return [f"/// {doc}", f"public func {name}(_ {args[0]}: Int, _ {args[1]}: Int) -> Int {{", *body,
                    f"  if {last} > {self.r.randint(1, 99)} {{ return {last} - 1 }}", f"  return {last}", "}", ""]
        if lang == "go":
            name = verb.capitalize() + objs[0].capitalize() + objs[1].capitalize()
            return [f"// {name} {doc[0].lower()}{doc[1:]}", f"func {name}({args[0]}, {args[1]} int) int {{", *body,
                    f"\tif {last} > {self.r.randint(1, 99)} {{", f"\t\treturn {last} - 1", "\t}",
                    *[f"\t_ = {n}" for n in names[2:-1]], f"\treturn {last}", "}", ""]
        name = verb + objs[0].capitalize() + objs[1].capitalize()
        return ["/**", f" * {doc}", " */", f"export function {name}({args[0]}, {args[1]}) {{", *body,
                f"  if ({last} > {self.r.randint(1, 99)}) return {last} - 1;", f"  return {last};", "}", ""]

    def header(self, lang, path):
        if lang == "python":
            return [f'"""{path}: helpers for the {self.r.choice(AREAS)} area."""', "", ""]
        if lang == "swift":
            return ["import Foundation", ""]
        if lang == "go":
            return [f"package {path.split('/')[-2]}", ""]
        return ["'use strict';", ""]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--commits", type=int, default=5200)
    ap.add_argument("--files", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    g = Gen(args.seed)
    r = g.r
    out = sys.stdout.buffer
    files = {}  # path -> (lang, header lines, [function blocks])

    def new_file():
        lang = r.choice(["python", "python", "swift", "go", "javascript"])
        area = r.choice(AREAS)
        path = f"{area}/{'_'.join(g.ident(2))}.{EXT[lang]}"
        while path in files:
            path = f"{area}/{'_'.join(g.ident(3))}.{EXT[lang]}"
        files[path] = (lang, g.header(lang, path), [g.function(lang) for _ in range(r.randint(3, 25))])
        return path

    def render(path):
        lang, head, blocks = files[path]
        return ("\n".join(head + [line for b in blocks for line in b]) + "\n").encode()

    def edit(path):
        """One change to a file; returns a word for the commit message."""
        lang, head, blocks = files[path]
        roll = r.random()
        if roll < 0.35 or not blocks:
            blocks.insert(r.randint(0, len(blocks)), g.function(lang))
            return "add"
        i = r.randrange(len(blocks))
        block = blocks[i]
        if roll < 0.45 and len(blocks) > 2:
            del blocks[i]
            return "remove"
        # Edit 1-3 body lines of one function (the signature and doc stay).
        body = [k for k, line in enumerate(block) if (" = " in line or ":= " in line) and not line.lstrip().startswith(("def", "func", "public", "export", "///", "//", "/*", " *"))]
        if not body:
            blocks[i] = g.function(lang)
            return "rewrite"
        for k in r.sample(body, min(len(body), r.randint(1, 3))):
            line = block[k]
            lhs = line.split("=")[0].rstrip(":").rstrip()
            names = [w for w in line.replace("(", " ").replace(")", " ").split() if w.isidentifier()] or ["x"]
            rhs = g.expr(names)
            block[k] = f"{lhs} = {rhs}" + (";" if lang == "javascript" else "") if lang != "go" else f"{lhs} := {rhs}"
        if r.random() < 0.3:
            block.insert(min(len(block) - 3, max(2, body[0] + 1)), g.body_line(lang, [w for w in g.ident(2)], 1))
        return "fix" if r.random() < 0.4 else "change"

    def message(kind, path):
        area = path.split("/")[0]
        stem = path.split("/")[-1].rsplit(".", 1)[0].replace("_", " ")
        verb, *objs = g.ident(3)
        subject = {
            "add": f"Add {verb} {objs[0]} to {area} {stem}",
            "remove": f"Remove unused {objs[0]} {objs[1]} helper from {area}",
            "rewrite": f"Rewrite {verb} {objs[0]} in {area} for clarity",
            "fix": r.choice([f"Fix off-by-one in {area} {objs[0]} {verb}", f"Fix {objs[0]} overflow in {verb} for large {objs[1]}s",
                             f"{area}: fix wrong {objs[0]} after {verb}"]),
            "change": r.choice([f"{area}: {verb} {objs[0]}s before the {objs[1]}", f"Make {stem} {verb} {objs[0]}s lazily",
                                f"Use a {objs[0]} {objs[1]} in {area} {stem}"]),
        }[kind]
        if r.random() < 0.04:
            subject = r.choice(["wip", "update", "fix typo", "more"])
        body = ""
        if r.random() < 0.55:
            lines = [g.sentence() for _ in range(r.randint(1, 4))]
            if r.random() < 0.3:
                lines.append("")
                lines.append(f"Refs #{r.randint(10, 4000)}")
            body = "\n\n" + "\n".join(lines)
        return subject + body

    when = 1_546_300_800  # 2019-01-01
    mark = 0
    main_tip = None
    data = []

    def blob_cmds(paths):
        for p in paths:
            content = render(p)
            data.append(b"M 100644 inline " + p.encode() + b"\ndata %d\n" % len(content) + content + b"\n")

    def commit(ref, author, msg, paths, parents, deleted=()):
        nonlocal mark, when
        mark += 1
        when += r.randint(600, 40_000)
        name, email = author
        msg_b = msg.encode()
        head = b"commit " + ref + b"\nmark :%d\n" % mark
        head += f"author {name} <{email}> {when} +0000\ncommitter {name} <{email}> {when} +0000\n".encode()
        head += b"data %d\n" % len(msg_b) + msg_b + b"\n"
        if parents:
            head += b"from :%d\n" % parents[0]
            for p in parents[1:]:
                head += b"merge :%d\n" % p
        out.write(head)
        data.clear()
        blob_cmds(paths)
        for p in deleted:
            data.append(b"D " + p.encode() + b"\n")
        out.write(b"".join(data) + b"\n")
        return mark

    # The first commit: the whole initial tree.
    initial = [new_file() for _ in range(args.files)]
    files["package-lock.json"] = ("json", ['{"lockfileVersion": 3, "packages": {}}'], [])
    main_tip = commit(b"refs/heads/main", AUTHORS[0], "Initial import of the project", initial + ["package-lock.json"], [])
    n = 1
    while n < args.commits:
        if n % 250 == 0:
            # A side branch commit and its merge back.
            p = r.choice([k for k in files if k != "package-lock.json"])
            kind = edit(p)
            side = commit(b"refs/heads/side", r.choice(AUTHORS), message(kind, p), [p], [main_tip])
            main_tip = commit(b"refs/heads/main", r.choice(AUTHORS), "Merge branch 'side'", [p], [main_tip, side])
            n += 2
            continue
        if r.random() < 0.02:
            lang, head, _ = files["package-lock.json"]
            head[0] = '{"lockfileVersion": 3, "packages": {"left-pad": "1.%d.%d"}}' % (r.randint(0, 9), n)
            main_tip = commit(b"refs/heads/main", BOT, f"Bump left-pad from 1.0.{n - 1} to 1.0.{n}",
                              ["package-lock.json"], [main_tip])
            n += 1
            continue
        changed, deleted = [], []
        if r.random() < 0.03:
            changed.append(new_file())
            kind = "add"
        elif r.random() < 0.005 and len(files) > 50:
            victim = r.choice([k for k in files if k != "package-lock.json"])
            del files[victim]
            deleted.append(victim)
            kind = "remove"
        for p in r.sample([k for k in files if k != "package-lock.json"], r.choice([1, 1, 1, 2, 2, 3, 4])):
            kind = edit(p)
            changed.append(p)
        main_tip = commit(b"refs/heads/main", r.choice(AUTHORS), message(kind, changed[0]), changed, [main_tip], deleted)
        n += 1
    out.write(b"done\n")


if __name__ == "__main__":
    main()
