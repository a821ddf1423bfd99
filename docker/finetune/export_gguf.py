#!/usr/bin/env python3
"""Converts a trained adapter (a run folder's adapter/, written by train.py) to GGUF with llama.cpp's
converters: by default a GGUF LoRA adapter (convert_lora_to_gguf.py) to serve on its base
(`llama-server -m base.gguf --lora adapter.gguf`, Ollama's ADAPTER); with --merge the adapter merged
into the base (PEFT merge_and_unload) and the whole model converted (convert_hf_to_gguf.py), for a
server or an architecture that takes no adapter. See docs/finetune.md, "Deploying"."""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

EPILOG = """\
the converters: llama.cpp's scripts from the llama-cpp-python sdist pinned in
requirements-convert.txt, extracted by fetch_converters.py into the venv (VENV/llama.cpp: the image's
and ensure-venv's); --converters or GIT_LLM_LLAMA_CPP names another folder.

exit status: 0 written (each file's path on its own line of stdout, --out's first); 1 the converter
or the merge failed (its last lines on stderr); 2 bad arguments, no adapter, no base model, an
architecture llama.cpp cannot convert (one line on stderr).
"""
OUTTYPES = ("f16", "f32", "q8_0")
# What the LoRA converter needs of the base: its config and tokenizer, never the weights.
BASE_CONFIG_FILES = ["config.json", "generation_config.json", "tokenizer*", "special_tokens_map.json", "*.model",
                     "vocab.json", "merges.txt", "chat_template*"]
TAIL_LINES = 15


class Failure(Exception):
    """One line for stderr, and the exit status."""

    def __init__(self, message: str, status: int = 2):
        super().__init__(message)
        self.status = status


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="export_gguf.py", description=__doc__.split("\n\n")[0], epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run-folder", required=True, type=Path, metavar="DIR",
                   help="a run folder (its adapter/ is converted) or an adapter folder itself")
    p.add_argument("--base-model", required=True, metavar="ID|PATH",
                   help="the base the adapter was trained on: a local model folder or a Hub id (from the HF cache)")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.gguf", help="the GGUF file to write (replaced)")
    p.add_argument("--merge", action="store_true",
                   help="merge the adapter into the base and write the whole model instead of a LoRA adapter")
    p.add_argument("--base-out", type=Path, metavar="FILE.gguf", default=None,
                   help="also write the base itself as GGUF, the file the LoRA adapter is served on (not with --merge)")
    p.add_argument("--outtype", default="f16", choices=OUTTYPES, help="tensor type in the file (default f16)")
    p.add_argument("--converters", type=Path, metavar="DIR", default=None,
                   help="llama.cpp's converter scripts (default: $GIT_LLM_LLAMA_CPP, else VENV/llama.cpp)")
    return p


def adapter_folder(run_folder: Path) -> Path:
    folder = run_folder if (run_folder / "adapter_config.json").is_file() else run_folder / "adapter"
    weights = [folder / "adapter_model.safetensors", folder / "adapter_model.bin"]
    if not (folder / "adapter_config.json").is_file() or not any(w.is_file() for w in weights):
        raise Failure(f"no adapter in {run_folder}: {folder} needs adapter_config.json and adapter_model.safetensors "
                      "(a run that finished training writes them)")
    return folder


def converters_folder(given: Path | None) -> Path:
    folder = given or Path(os.environ.get("GIT_LLM_LLAMA_CPP") or Path(sys.prefix) / "llama.cpp")
    if not (folder / "convert_lora_to_gguf.py").is_file() or not (folder / "convert_hf_to_gguf.py").is_file():
        raise Failure(f"llama.cpp's converters are not in {folder}: docker/finetune/fetch_converters.py --extract "
                      f"{folder} puts them there (docker/finetune/ensure-venv and the image do)")
    return folder


def looks_like_path(spec: str) -> bool:
    return spec.startswith(("/", "./", "../", "~")) or spec.count("/") > 1 or os.sep != "/" and os.sep in spec


def local_base(spec: str, weights: bool) -> Path | None:
    """The base's folder when spec is one; None for a Hub id."""
    folder = Path(spec).expanduser()
    if not folder.exists():
        if looks_like_path(spec):
            raise Failure(f"base model {spec}: no such folder (a local model folder: config.json, weights, tokenizer)")
        return None
    if not (folder / "config.json").is_file():
        raise Failure(f"base model {spec}: {folder} has no config.json (a local model folder: config, weights, tokenizer)")
    if weights and not any(folder.glob("*.safetensors")) and not any(folder.glob("*.bin")):
        raise Failure(f"base model {spec}: {folder} has no weights (*.safetensors) to merge into or convert")
    return folder


def hub_base(spec: str, weights: bool) -> Path:
    """The cached (or, online, downloaded) snapshot of a Hub id: config and tokenizer, and the
    safetensors weights when they are converted too."""
    patterns = BASE_CONFIG_FILES + (["*.safetensors", "*.safetensors.index.json"] if weights else [])
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(repo_id=spec, allow_patterns=patterns))
    except Exception as error:  # offline and not cached, no such repository, no access: all one answer
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise Failure(f"base model {spec}: not a local folder and not in the Hugging Face cache "
                      f"({os.environ.get('HF_HOME', '~/.cache/huggingface')}): {first}") from None


def architecture(config_dir: Path, converters: Path) -> str:
    """The base's architecture, refused with a one-line answer when llama.cpp's converter has no class for it."""
    config = json.loads((config_dir / "config.json").read_text(encoding="utf-8"))
    names = config.get("architectures") or []
    if not names:
        raise Failure(f"base model {config_dir}: config.json names no architectures, so llama.cpp cannot convert it")
    sys.path[:0] = [str(converters), str(converters / "gguf-py")]
    from conversion import TEXT_MODEL_MAP

    if names[0] not in TEXT_MODEL_MAP:
        source = converters / "SOURCE"
        origin = source.read_text(encoding="utf-8").split()[0] if source.is_file() else str(converters)
        raise Failure(f"base architecture {names[0]} is not one llama.cpp's converter ({origin}) knows: neither "
                      "the adapter nor a merged model (--merge) converts to GGUF; a newer llama-cpp-python pin may")
    return names[0]


def run_converter(command: list, hint: str) -> None:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env.pop("NO_LOCAL_GGUF", None)  # the converters' own gguf-py, of their version, not a pip one
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    if done.returncode == 0:
        return
    lines = done.stdout.strip().splitlines()
    tail = "\n".join(lines[-TAIL_LINES:])
    raise Failure(f"{Path(command[1]).name} failed with exit status {done.returncode}{hint}; its last lines:\n{tail}", 1)


def merge_into(base: str, adapter: Path, out_dir: Path) -> None:
    """The adapter folded into the base's weights, saved with the adapter's tokenizer (its chat template)."""
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging

    logging.disable_progress_bar()
    try:
        model = AutoModelForCausalLM.from_pretrained(base, dtype="auto")
        merged = PeftModel.from_pretrained(model, str(adapter)).merge_and_unload()
        merged.save_pretrained(out_dir)
        has_tokenizer = (adapter / "tokenizer_config.json").is_file()
        AutoTokenizer.from_pretrained(str(adapter) if has_tokenizer else base).save_pretrained(out_dir)
    except (OSError, ValueError, RuntimeError, KeyError) as error:
        raise Failure(f"merging {adapter} into {base} failed: {str(error).strip().splitlines()[0]}", 1) from None


def convert(command: list, out: Path, work: Path, outtype: str, hint: str = "") -> Path:
    """command's file written in work, then moved to out: never half a file at out."""
    partial = work / out.name
    run_converter([*command, "--outfile", str(partial), "--outtype", outtype], hint)
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(partial, out)  # a rename when out is beside the work folder (--out always is)
    return out


def export(args, work: Path) -> list:
    adapter = adapter_folder(args.run_folder)
    converters = converters_folder(args.converters)
    if args.base_out is not None and (args.merge or args.base_out.resolve() == args.out.resolve()):
        raise Failure("--base-out writes the base beside a LoRA adapter: not with --merge, and not to --out's file")
    needs_weights = args.merge or args.base_out is not None
    base_dir = local_base(args.base_model, needs_weights)
    config_dir = base_dir or hub_base(args.base_model, needs_weights)
    arch = architecture(config_dir, converters)
    hf_to_gguf = [sys.executable, str(converters / "convert_hf_to_gguf.py")]
    if args.merge:
        merged = work / "merged"
        merge_into(str(base_dir or args.base_model), adapter, merged)
        return [convert([*hf_to_gguf, str(merged)], args.out, work, args.outtype)]
    lora = [sys.executable, str(converters / "convert_lora_to_gguf.py"), str(adapter), "--base", str(config_dir)]
    hint = f" (the LoRA converter may not handle this {arch} adapter: --merge converts a merged model instead)"
    written = [convert(lora, args.out, work, args.outtype, hint)]
    if args.base_out is not None:
        written.append(convert([*hf_to_gguf, str(config_dir)], args.base_out, work, args.outtype))
    return written


def out_parent(out: Path) -> Path:
    if out.is_dir():
        raise Failure(f"--out {out} is a folder; give the file to write, e.g. {out / 'adapter.gguf'}")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise Failure(f"--out {out}: cannot create its folder ({error.strerror})") from None
    return out.parent


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        # The work folder sits beside the output: a merged model is as big as the base, and the
        # finished file is renamed into place on the same file system.
        with tempfile.TemporaryDirectory(prefix=".export-gguf-", dir=out_parent(args.out)) as work:
            for path in export(args, Path(work)):
                print(path)
    except Failure as failure:
        print(f"export_gguf: {failure}", file=sys.stderr)
        return failure.status
    return 0


if __name__ == "__main__":
    sys.exit(main())
