#!/usr/bin/env python3
"""Writes a tiny random Llama and a byte-level BPE tokenizer trained here, on commit-message-like
text, into OUT_DIR (nothing is downloaded): a base model that train.py can really train, in seconds
on a CPU, for tests (test_train.py, test_image.py, the Swift runner tests). The tokenizer has no
chat template of its own: train.py gives it ChatML, with the <|im_start|>/<|im_end|> tokens it
holds. The same arguments and the same library versions write the same weights (fixed seeds).
Prints OUT_DIR on stdout.

  make_tiny_model.py OUT_DIR [--vocab N] [--hidden N] [--layers N]
"""

import argparse
import os
import sys
from pathlib import Path

SPECIALS = ["<|pad|>", "<|endoftext|>", "<|im_start|>", "<|im_end|>"]
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
    return p


def make_tokenizer(vocab: int):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    core = Tokenizer(models.BPE())
    core.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    core.decoder = decoders.ByteLevel()
    core.train_from_iterator(sample_texts(), trainer=trainers.BpeTrainer(
        vocab_size=vocab, special_tokens=SPECIALS, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False))
    return PreTrainedTokenizerFast(tokenizer_object=core, pad_token="<|pad|>", eos_token="<|im_end|>",
                                   bos_token="<|endoftext|>")


def write(out_dir: Path, vocab: int = 400, hidden: int = 64, layers: int = 1) -> Path:
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
                         max_position_embeddings=512, initializer_range=0.1,
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
    print(write(args.out_dir, args.vocab, args.hidden, args.layers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
