#!/usr/bin/env python3
"""Writes a tiny random Llama and a Llama-2-style BPE tokenizer trained here, on commit-message-like
text, into OUT_DIR (nothing is downloaded): a base model that train.py can really train, in seconds
on a CPU, for tests (test_train.py, test_image.py, the Swift runner tests). The tokenizer has no
chat template of its own: train.py gives it ChatML, with the <|im_start|>/<|im_end|> tokens it
holds. The same arguments and the same library versions write the same weights (fixed seeds).
Prints OUT_DIR on stdout.

  make_tiny_model.py OUT_DIR [--vocab N] [--hidden N] [--layers N]
"""

import argparse
import json
import os
import sys
from pathlib import Path

SPECIALS = ["<|pad|>", "<|endoftext|>", "<|im_start|>", "<|im_end|>"]
BYTE_TOKENS = [f"<0x{b:02X}>" for b in range(256)]
SYSTEM = "You write git commit messages for this repository: a short imperative subject line."
ANSWER = "Fix the off-by-one in top()"


def pair(i: int) -> tuple[str, str, str]:
    """A system prompt, a diff and its commit message: test_train.py's records are made of these."""
    user = (f"Write the commit message for this change:\n```diff\n-    return items[{i}]\n"
            f"+    return items[{i} - 1]\n```")
    return SYSTEM, user, ANSWER


def sample_texts(n: int = 40) -> list[str]:
    """The text the tokenizer learns its merges from."""
    return [part for i in range(n) for part in pair(i)] + ["system user assistant"]


def positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text} is not a positive whole number")
    return value


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="make_tiny_model.py", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="the folder to write (created if missing)")
    p.add_argument("--vocab", type=positive_int, default=400, metavar="N",
                   help="tokenizer vocabulary size at most (default 400; the text may give fewer merges)")
    p.add_argument("--hidden", type=positive_int, default=64, metavar="N",
                   help="hidden size, a multiple of 4 (4 attention heads; default 64)")
    p.add_argument("--layers", type=positive_int, default=1, metavar="N", help="decoder layers (default 1)")
    p.add_argument("--positions", type=positive_int, default=512, metavar="N",
                   help="max_position_embeddings: the longest sequence the model takes (default 512)")
    return p


def make_tokenizer(vocab: int):
    """A Llama-2-style BPE: "▁" for spaces, a byte fallback (<0x00>..<0xFF> after the specials).
    llama.cpp's convert_hf_to_gguf.py takes this kind without a pre-tokenizer hash (LlamaHfVocab);
    a byte-level BPE like GPT-2's or Llama 3's it identifies by the hash of how it splits a fixed
    text, which a tokenizer trained here can never match (export_gguf.py, docs/finetune.md, "From adapter to GGUF")."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    core = Tokenizer(models.BPE(byte_fallback=True))
    core.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="first")
    core.decoder = decoders.Sequence([decoders.Replace("\u2581", " "), decoders.ByteFallback(), decoders.Fuse(),
                                      decoders.Strip(" ", 1, 0)])
    core.train_from_iterator(sample_texts(), trainer=trainers.BpeTrainer(
        vocab_size=vocab - len(BYTE_TOKENS), special_tokens=SPECIALS, show_progress=False))
    return PreTrainedTokenizerFast(tokenizer_object=with_byte_tokens(core), pad_token="<|pad|>",
                                   eos_token="<|im_end|>", bos_token="<|endoftext|>")


def with_byte_tokens(core):
    """core with the 256 byte tokens its byte fallback needs, numbered right after the specials as
    in Llama 2 (the trainer cannot add them itself; merges name tokens by text, so they still hold)."""
    from tokenizers import Tokenizer

    spec = json.loads(core.to_str())
    learnt = sorted(spec["model"]["vocab"], key=spec["model"]["vocab"].get)
    order = SPECIALS + BYTE_TOKENS + [t for t in learnt if t not in SPECIALS and t not in BYTE_TOKENS]
    spec["model"]["vocab"] = {token: i for i, token in enumerate(order)}
    for added in spec["added_tokens"]:
        added["id"] = spec["model"]["vocab"][added["content"]]
    return Tokenizer.from_str(json.dumps(spec))


def write(out_dir: Path, vocab: int = 400, hidden: int = 64, layers: int = 1, positions: int = 512) -> Path:
    """The model and tokenizer in out_dir; returns out_dir."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM
    from transformers.utils import logging

    logging.disable_progress_bar()
    tokenizer = make_tokenizer(vocab)
    out_dir.mkdir(parents=True, exist_ok=True)
    tokenizer.save_pretrained(out_dir)
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=hidden, intermediate_size=2 * hidden,
                         num_hidden_layers=layers, num_attention_heads=4, num_key_value_heads=4,
                         max_position_embeddings=positions, initializer_range=0.1,
                         pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id,
                         bos_token_id=tokenizer.bos_token_id)
    LlamaForCausalLM(config).save_pretrained(out_dir)
    return out_dir


def main(argv=None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if args.hidden % 4:
        p.error(f"--hidden {args.hidden} is not a multiple of 4 (the model has 4 attention heads)")
    if args.vocab < 256 + len(SPECIALS):
        p.error(f"--vocab {args.vocab} is below {256 + len(SPECIALS)} (the 256 bytes and the special tokens)")
    if args.out_dir.exists() and not args.out_dir.is_dir():
        p.error(f"OUT_DIR {args.out_dir} is a file; pass a folder")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    print(write(args.out_dir, args.vocab, args.hidden, args.layers, args.positions))
    return 0


if __name__ == "__main__":
    sys.exit(main())
