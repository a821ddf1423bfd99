#!/usr/bin/env python3
"""Trains a LoRA (or QLoRA) adapter on a dataset folder from `git llm finetune dataset`, with TRL's
SFTTrainer and PEFT. The training container's entry point (docker/fine-tuning.Dockerfile); see
docs/finetune.md, "The training script"."""

import argparse
import os
import re
import shutil
import sys
import time
from pathlib import Path

import finetune_data

EPILOG = """\
outputs, under --output DIR:
  adapter/        adapter_model.safetensors, adapter_config.json and the tokenizer files
  checkpoints/    checkpoint-STEP folders, the last 2 kept (adapter, optimizer, scheduler, trainer state)
  metrics.jsonl   one JSON object per logged training step and per evaluation (fields in docs/finetune.md)
  result.json     written last, on success only: steps, loss, eval_loss, seconds, adapter_bytes, ...

resuming:
  --resume              continue from OUTPUT/checkpoints' last complete checkpoint-STEP: the global step,
                        optimizer, scheduler and data order continue; metrics.jsonl is appended to.
                        No checkpoint: exit 2.
  --resume-if-possible  the same when a checkpoint is there; else a fresh start at step 0, even when
                        metrics.jsonl exists (it is emptied): what a runner passes on every restart.
  Either way a checkpoint folder without trainer_state.json (the process died while saving it) is
  removed, and a result.json left from before is removed before training.

exit status: 0 trained, result.json written last; 1 training failed (the traceback is in the log);
2 bad arguments, dataset or base model (one line on stderr); 143 (130 for SIGINT) stopped by SIGTERM
after saving a checkpoint (continue with --resume or --resume-if-possible).
"""


def positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text} is not a positive whole number")
    return value


def positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number")
    return value


def ratio(text: str) -> float:
    value = float(text)
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not in [0, 1)")
    return value


class OneLineErrors(argparse.ArgumentParser):
    """A bad argument is one line on stderr and exit 2, like every other usage error (no usage block)."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def parser() -> argparse.ArgumentParser:
    p = OneLineErrors(
        prog="train.py", description="Train a LoRA/QLoRA adapter on a `git llm finetune dataset` folder.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dataset", required=True, type=Path, metavar="DIR",
                   help="the dataset folder: train.jsonl, valid.jsonl, test.jsonl, datasheet.json")
    p.add_argument("--base-model", required=True, metavar="ID|PATH", help="a Hub model id or a local model folder")
    p.add_argument("--output", required=True, type=Path, metavar="DIR", help="where adapter/, checkpoints/, "
                   "metrics.jsonl and result.json go")
    p.add_argument("--format", default="auto", choices=("auto", *finetune_data.FORMATS),
                   help="the records' format (default: the datasheet's, else read from the records)")
    p.add_argument("--method", default="lora", choices=("lora", "qlora"),
                   help="qlora: 4-bit NF4 base with double quantization and bf16 compute; needs a CUDA GPU, "
                   "else plain LoRA (default lora)")
    p.add_argument("--lora-r", type=positive_int, default=16, metavar="N", help="LoRA rank (default 16)")
    p.add_argument("--lora-alpha", type=positive_int, default=32, metavar="N", help="LoRA alpha (default 32)")
    p.add_argument("--lora-dropout", type=ratio, default=0.05, metavar="P", help="LoRA dropout (default 0.05)")
    p.add_argument("--target", default="q_proj,k_proj,v_proj,o_proj", metavar="MODULES",
                   help="modules to adapt: a comma list, or all-linear (default q_proj,k_proj,v_proj,o_proj)")
    p.add_argument("--epochs", type=positive_float, default=3.0, metavar="N", help="epochs (default 3)")
    p.add_argument("--max-steps", type=positive_int, default=None, metavar="N",
                   help="stop after N optimizer steps in all, overriding --epochs (for smoke tests)")
    p.add_argument("--learning-rate", type=positive_float, default=2e-4, metavar="X",
                   help="peak learning rate, cosine schedule (default 2e-4)")
    p.add_argument("--warmup-ratio", type=ratio, default=0.03, metavar="R",
                   help="share of the steps for linear warm-up (default 0.03)")
    p.add_argument("--max-length", type=positive_int, default=2048, metavar="N",
                   help="tokens a record is cut to (default 2048)")
    p.add_argument("--batch-size", type=positive_int, default=2, metavar="N",
                   help="records per step on each device (default 2)")
    p.add_argument("--gradient-accumulation", type=positive_int, default=4, metavar="N",
                   help="batches per optimizer step (default 4)")
    p.add_argument("--logging-steps", type=positive_int, default=10, metavar="N",
                   help="a metrics.jsonl line every N steps (default 10)")
    p.add_argument("--save-steps", type=positive_int, default=None, metavar="N",
                   help="a checkpoint every N steps (default: at the end of each epoch)")
    p.add_argument("--no-gradient-checkpointing", dest="gradient_checkpointing", action="store_false",
                   help="faster, more memory (gradient checkpointing is on by default)")
    p.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    p.add_argument("--resume", action="store_true",
                   help="continue from the last checkpoint in OUTPUT/checkpoints (the global step continues); "
                   "exit 2 when there is none")
    p.add_argument("--resume-if-possible", action="store_true",
                   help="--resume when OUTPUT/checkpoints holds a checkpoint, else start afresh at step 0 "
                   "(metrics.jsonl restarted): for restarting a run whatever it reached")
    return p


class UsageError(Exception):
    pass


def log(message: str) -> None:
    print(f"train: {message}", file=sys.stderr, flush=True)


def checkpoints_by_step(folder: Path) -> dict[int, Path]:
    if not folder.is_dir():
        return {}
    return {int(m.group(1)): p for p in folder.iterdir()
            if p.is_dir() and (m := re.fullmatch(r"checkpoint-(\d+)", p.name))}


def prepare_output(args) -> str | None:
    """Creates the output folders; returns the checkpoint to resume from, if any."""
    if args.output.exists() and not args.output.is_dir():
        raise UsageError(f"--output {args.output} is a file; pass a folder")
    checkpoints = args.output / "checkpoints"
    steps = checkpoints_by_step(checkpoints)
    # The trainer writes trainer_state.json last: without it the process died while saving, and the
    # folder cannot be resumed from (nor may it be left for the trainer's checkpoint rotation).
    complete = {step: path for step, path in steps.items() if (path / "trainer_state.json").is_file()}
    if args.resume or args.resume_if_possible:
        for step in sorted(set(steps) - set(complete)):
            log(f"removing {steps[step]}: incomplete (no trainer_state.json; the run stopped while saving it)")
            shutil.rmtree(steps[step])
        steps = complete
    if steps and (args.resume or args.resume_if_possible):
        (args.output / "result.json").unlink(missing_ok=True)  # result.json only ever describes a success
        return str(steps[max(steps)])
    if args.resume:
        raise UsageError(f"no checkpoint in {checkpoints} to resume from; run again without --resume "
                         "(or with --resume-if-possible)")
    if steps:
        raise UsageError(f"{checkpoints} already holds checkpoints; pass --resume to continue that run "
                         "or choose another --output")
    checkpoints.mkdir(parents=True, exist_ok=True)
    # A fresh start: the metrics of an attempt killed before its first checkpoint are not this run's.
    (args.output / "result.json").unlink(missing_ok=True)
    metrics = args.output / "metrics.jsonl"
    if metrics.exists():
        metrics.write_text("", encoding="utf-8")
    return None


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    started = time.monotonic()
    try:
        dataset = finetune_data.load(args.dataset, args.format)
        resume_from = prepare_output(args)
    except (finetune_data.DatasetError, UsageError) as error:
        print(f"train.py: error: {error}", file=sys.stderr)
        return 2
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import finetune_run

    return finetune_run.run(args, dataset, resume_from, started, log)


if __name__ == "__main__":
    sys.exit(main())
