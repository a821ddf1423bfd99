#!/usr/bin/env python3
"""Evaluates a LoRA adapter from train.py against its base model on a held-out split of the
dataset it was trained from: perplexity on the answer tokens, and greedy generations scored per
pair kind, each with a paired bootstrap interval and a verdict. The script behind
`git llm finetune eval`, in the training image; eval.json's fields are in docs/finetune.md."""

import argparse
import os
import random
import sys
import time
from pathlib import Path

import finetune_data
import finetune_eval_kinds
from train import OneLineErrors, positive_int

EPILOG = """\
metrics (each for the base and for base + adapter, on the same samples):
  perplexity               exp(total NLL / total answer tokens), answer tokens as training masks them
  commit_message.bnorm_bleu  B-Norm BLEU (CommitMsgEmpirical), mean over samples, 0-100
  edit.exact_match         share of answers equal to the reference (whitespace at the ends aside), 0-1
  KIND.chrf                sacrebleu chrF, mean sentence score, 0-100, for every kind present
verdicts: better / worse when the paired bootstrap 95% interval of adapter - base excludes 0 on that
side, else "no clear difference"; overall "better" only when perplexity is better and no generation
metric is worse.

exit status: 0 evaluated, whatever the verdict (eval.json written, its path on stdout); 1 evaluation
failed (the traceback is on stderr); 2 bad arguments, dataset, adapter or base model (one line).
"""


def parser() -> argparse.ArgumentParser:
    p = OneLineErrors(prog="evaluate.py", description="Compare a LoRA adapter with its base model on a "
                      "`git llm finetune dataset` split.", epilog=EPILOG,
                      formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dataset", required=True, type=Path, metavar="DIR", help="the dataset folder the run trained on")
    p.add_argument("--base-model", required=True, metavar="ID|PATH", help="the run's base model")
    p.add_argument("--adapter", required=True, type=Path, metavar="DIR",
                   help="the adapter folder train.py wrote (OUTPUT/adapter)")
    p.add_argument("--output", required=True, type=Path, metavar="FILE.json", help="where eval.json goes")
    p.add_argument("--split", default="test", choices=("test", "valid"), help="the held-out split (default test)")
    p.add_argument("--format", default="auto", choices=("auto", *finetune_data.FORMATS),
                   help="the records' format, as given to train.py (default: the datasheet's)")
    p.add_argument("--max-samples", type=positive_int, default=None, metavar="N",
                   help="evaluate N records of the split, drawn with --seed (default all)")
    p.add_argument("--max-new-tokens", type=positive_int, default=256, metavar="N",
                   help="tokens a generated answer may have (default 256)")
    p.add_argument("--max-length", type=positive_int, default=2048, metavar="N",
                   help="tokens a record is cut to, as given to train.py (default 2048)")
    p.add_argument("--seed", type=int, default=42, help="the sample draw, generation and bootstrap seed (default 42)")
    p.add_argument("--bootstrap", type=positive_int, default=1000, metavar="N",
                   help="bootstrap resamples for the intervals (default 1000)")
    return p


class UsageError(Exception):
    pass


def log(message: str) -> None:
    print(f"eval: {message}", file=sys.stderr, flush=True)


def check(args) -> tuple:
    """The dataset and the split's records; a UsageError names what is wrong and the fix."""
    dataset = finetune_data.load(args.dataset, args.format)
    records = dataset.splits.get(args.split, [])
    if not records:
        raise UsageError(f"{args.dataset / (args.split + '.jsonl')} has no records to evaluate; harvest with a "
                         f"--{'test' if args.split == 'test' else 'val'}-ratio above 0 or pick the other --split")
    if not (args.adapter / "adapter_config.json").is_file():
        raise UsageError(f"--adapter {args.adapter} holds no adapter_config.json; pass the adapter folder a "
                         "training run wrote (its OUTPUT/adapter)")
    if args.output.is_dir():
        raise UsageError(f"--output {args.output} is a folder; pass a file name such as {args.output / 'eval.json'}")
    return dataset, records


def choose(records: list, limit: int | None, seed: int) -> list:
    """The indices evaluated: all, or `limit` of them drawn with the seed, in file order."""
    if limit is None or limit >= len(records):
        return list(range(len(records)))
    return sorted(random.Random(seed).sample(range(len(records)), limit))


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    started = time.monotonic()
    try:
        dataset, records = check(args)
    except (finetune_data.DatasetError, UsageError) as error:
        print(f"evaluate.py: error: {error}", file=sys.stderr)
        return 2
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import finetune_eval_run

    chosen = choose(records, args.max_samples, args.seed)
    kinds = [finetune_eval_kinds.kind_of(records[i]) for i in chosen]
    return finetune_eval_run.run(args, dataset, [records[i] for i in chosen], chosen, kinds, len(records),
                                 started, log)


if __name__ == "__main__":
    sys.exit(main())
