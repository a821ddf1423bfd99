#!/usr/bin/env python3
"""Puts llama.cpp's GGUF converters where export_gguf.py finds them, offline when the pinned source
distribution is already at hand. PyPI has no package of the scripts; llama-cpp-python's sdist
vendors llama.cpp, so the pin in requirements-convert.txt (version and sha256) names the scripts'
exact version. Standard library only: it runs before any venv has packages (the Dockerfile).

  fetch_converters.py [--find DIR]... [--download DIR] [--extract DIR] [--copy-sdist DIR]

  --find DIR        look for the sdist here (repeatable; PIP_FIND_LINKS' folders are looked in too)
  --download DIR    not found: `pip download` it into DIR (needs PyPI), then use it
  --extract DIR     write convert_hf_to_gguf.py, convert_lora_to_gguf.py, conversion/, gguf-py/ and
                    LICENSE into DIR (replaced whole; kept when its SOURCE file names the same sdist)
  --copy-sdist DIR  copy the sdist into DIR (a wheelhouse the image build mounts)

Prints the folder written (--extract) or the sdist's path. Exit 2 when the sdist is not found and
cannot be downloaded, or its sha256 is not the pinned one.
"""

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PIN_FILE = HERE / "requirements-convert.txt"
# What export_gguf.py runs, relative to the sdist's vendor/llama.cpp/.
KEEP = ("convert_hf_to_gguf.py", "convert_lora_to_gguf.py", "conversion/", "gguf-py/gguf/", "LICENSE")


class Failure(Exception):
    """A one-line reason to stop (exit 2)."""


def pin() -> tuple[str, str, str]:
    """(line, version, sha256) of the llama-cpp-python pin."""
    for line in PIN_FILE.read_text(encoding="utf-8").splitlines():
        found = re.match(r"llama-cpp-python==(\S+)\s+--hash=sha256:([0-9a-f]{64})", line.strip())
        if found:
            return line.strip(), found.group(1), found.group(2)
    raise Failure(f"{PIN_FILE} has no 'llama-cpp-python==VERSION --hash=sha256:HEX' line")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def find(dirs: list[Path], name: str, want: str) -> Path | None:
    for folder in dirs:
        candidate = folder / name
        if candidate.is_file():
            if sha256(candidate) != want:
                raise Failure(f"{candidate} is not the pinned sdist (sha256 differs from {PIN_FILE.name}); delete it")
            return candidate
    return None


def download(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    print(f"fetch_converters: downloading {name} (once; 76 MB, a few minutes)", file=sys.stderr)
    # --no-binary: the sdist is what vendors llama.cpp; --require-hashes checks it against the pin.
    command = [sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "-q", "--no-deps",
               "--no-binary", ":all:", "--require-hashes", "-r", str(PIN_FILE), "-d", str(folder)]
    if subprocess.run(command, stdout=sys.stderr).returncode != 0:
        raise Failure(f"pip download of {name} failed (offline? put it in a --find folder or PIP_FIND_LINKS)")
    return folder / name


def extract(sdist: Path, out: Path, source: str) -> Path:
    stamp = out / "SOURCE"
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == source:
        return out
    prefix = f"{sdist.name.removesuffix('.tar.gz')}/vendor/llama.cpp/"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        with tarfile.open(sdist, "r:gz") as tar:
            members = [m for m in tar.getmembers() if m.isfile() and m.name.startswith(prefix)
                       and m.name[len(prefix):].startswith(KEEP)]
            for member in members:
                member.name = member.name[len(prefix):]
            if hasattr(tarfile, "data_filter"):
                tar.extractall(tmp, members=members, filter="data")
            else:  # Python before 3.11.4 (Debian bookworm's 3.11.2): regular files of a pinned sdist
                tar.extractall(tmp, members=members)
        if not (tmp / "convert_lora_to_gguf.py").is_file():
            raise Failure(f"{sdist} has no vendor/llama.cpp/convert_lora_to_gguf.py")
        (tmp / "SOURCE").write_text(source, encoding="utf-8")
        shutil.rmtree(out, ignore_errors=True)
        os.replace(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="fetch_converters.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--find", type=Path, action="append", default=[], metavar="DIR")
    p.add_argument("--download", type=Path, metavar="DIR")
    p.add_argument("--extract", type=Path, metavar="DIR")
    p.add_argument("--copy-sdist", type=Path, metavar="DIR")
    args = p.parse_args(argv)
    try:
        line, version, want = pin()
        name = f"llama_cpp_python-{version}.tar.gz"
        links = [Path(d) for d in os.environ.get("PIP_FIND_LINKS", "").split() if Path(d).is_dir()]
        sdist = find(args.find + ([args.download] if args.download else []) + links, name, want)
        if sdist is None:
            if args.download is None:
                raise Failure(f"{name} is not in {', '.join(map(str, args.find + links)) or 'any --find folder'}")
            sdist = download(args.download, name)
            if find([args.download], name, want) is None:
                raise Failure(f"pip download wrote no {name} into {args.download}")
        result = sdist
        if args.copy_sdist:
            args.copy_sdist.mkdir(parents=True, exist_ok=True)
            if find([args.copy_sdist], name, want) is None:
                shutil.copyfile(sdist, args.copy_sdist / name)
            result = args.copy_sdist / name
        if args.extract:
            result = extract(sdist, args.extract, f"{line}\n")
    except Failure as failure:
        print(f"fetch_converters: {failure}", file=sys.stderr)
        return 2
    print(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
