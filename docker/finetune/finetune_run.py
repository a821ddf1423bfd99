"""One training run: the SFTTrainer set up from train.py's arguments, then the adapter and
result.json written (atomically: each goes to a temporary name first, then is renamed)."""

import json
import os
import shutil
import sys
import time
import warnings
from pathlib import Path

import datasets
import peft
import torch
import transformers
import trl
from transformers.trainer_callback import PrinterCallback
from trl import SFTConfig, SFTTrainer

import finetune_model
from finetune_callbacks import MetricsCallback, StopOnSignal


def tokenization(layout: str, max_length: int) -> dict:
    """The SFTConfig fields that decide which tokens a record has and which carry the loss, shared
    with evaluate.py so that it scores exactly the tokens training learnt."""
    prompt_completion = layout == "prompt_completion"
    return {
        "max_length": max_length,
        # Loss on the answer only: the completion (an alpaca or completion record, or a chat's one
        # final assistant turn) or, for multi-turn chats, every assistant turn.
        "completion_only_loss": True if prompt_completion else None,
        "assistant_only_loss": not prompt_completion,
        "packing": False,
    }


def sft_config(args, dataset, prec, has_valid: bool) -> SFTConfig:
    return SFTConfig(
        output_dir=str(args.output / "checkpoints"),
        num_train_epochs=args.epochs,
        max_steps=args.max_steps or -1,
        per_device_train_batch_size=args.batch_size,
        per_device_eval_batch_size=args.batch_size,
        gradient_accumulation_steps=args.gradient_accumulation,
        learning_rate=args.learning_rate,
        lr_scheduler_type="cosine",
        warmup_steps=args.warmup_ratio,
        gradient_checkpointing=args.gradient_checkpointing,
        gradient_checkpointing_kwargs={"use_reentrant": False},
        **tokenization(dataset.layout, args.max_length),
        eval_strategy="epoch" if has_valid else "no",
        save_strategy="steps" if args.save_steps else "epoch",
        save_steps=args.save_steps or 500,
        save_total_limit=2,
        logging_steps=args.logging_steps,
        logging_first_step=True,
        include_num_input_tokens_seen="non_padding",
        report_to="none",
        bf16=prec.name == "bf16",
        fp16=prec.name == "fp16",
        use_cpu=not prec.cuda,
        seed=args.seed,
        dataloader_num_workers=0,
        disable_tqdm=not sys.stderr.isatty(),
    )


def describe(args, dataset, prec, quant) -> str:
    method = "qlora" if quant is not None else "lora"
    counts = ", ".join(f"{s} {dataset.count(s)}" for s in ("train", "valid", "test"))
    return (f"{method} on {args.base_model} ({prec.name}, {'CUDA' if prec.cuda else 'CPU'}), "
            f"{dataset.format} records ({counts}), r {args.lora_r}, alpha {args.lora_alpha}, "
            f"targets {args.target}, lr {args.learning_rate}, max length {args.max_length}")


def replace_folder(source: Path, target: Path) -> None:
    """Moves source into target's place; the old target goes only once the new one is there."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    source.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def write_json(path: Path, value: dict) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(value, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)


def save_adapter(trainer, output: Path) -> Path | None:
    """The adapter in OUTPUT/adapter; every process calls this, the main one writes (None elsewhere)."""
    staging = output / ".adapter.new"
    if trainer.is_world_process_zero():
        shutil.rmtree(staging, ignore_errors=True)
    trainer.save_model(str(staging))  # the PEFT adapter (safetensors) and the tokenizer
    if not trainer.is_world_process_zero():
        return None
    # A pickle of the training arguments: not needed to load the adapter, and unsafe to unpickle.
    (staging / "training_args.bin").unlink(missing_ok=True)
    adapter = output / "adapter"
    replace_folder(staging, adapter)
    return adapter


def last(history: list, key: str):
    return next((entry[key] for entry in reversed(history) if key in entry), None)


def result(args, dataset, trainer, train_output, adapter: Path, quant, prec, resumed, started, used) -> dict:
    history = trainer.state.log_history
    weights = adapter / "adapter_model.safetensors"
    return {
        "steps": trainer.state.global_step,
        "epochs": trainer.state.epoch,
        "loss": last(history, "loss"),
        "train_loss": train_output.training_loss,
        "eval_loss": last(history, "eval_loss"),
        "seconds": round(time.monotonic() - started, 3),
        "train_seconds": train_output.metrics.get("train_runtime"),
        "adapter": adapter.name,  # relative to --output: the container's paths are not the host's
        "adapter_bytes": weights.stat().st_size if weights.exists() else None,
        "method": "qlora" if quant is not None else "lora",
        "requested_method": args.method,
        "precision": prec.name,
        "device": "cuda" if prec.cuda else "cpu",
        "base_model": args.base_model,
        "format": dataset.format,
        "records": {s: dataset.count(s) for s in ("train", "valid", "test")},
        "records_used": used,
        "resumed_from_step": resumed,
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__,
                     "peft": peft.__version__, "trl": trl.__version__},
    }


def run(args, dataset, resume_from, started, log) -> int:
    stop = StopOnSignal(log)
    stop.install()
    try:
        with warnings.catch_warnings():
            # TRL sets TrainingArguments.gradient_checkpointing, which transformers 5.23 renamed
            # activation_checkpointing: a warning on every run about TRL's field, not actionable here.
            warnings.filterwarnings("ignore", message=r"`(is_)?gradient_checkpointing\w*` is deprecated",
                                    category=FutureWarning)
            return train(args, dataset, resume_from, started, log, stop)
    finally:
        stop.uninstall()


def quiet_when_logged() -> None:
    """Progress bars only on a terminal; in a container log the metrics lines say it all."""
    if not sys.stderr.isatty():
        datasets.disable_progress_bars()
        transformers.utils.logging.disable_progress_bar()


def records_used(trainer, has_valid: bool) -> dict:
    """Records per split after TRL's preparation, which drops those that truncation leaves with no
    loss token (a prompt as long as --max-length)."""
    used = {"train": len(trainer.train_dataset)}
    if has_valid:
        used["valid"] = len(trainer.eval_dataset)
    return used


def train(args, dataset, resume_from, started, log, stop) -> int:
    quiet_when_logged()
    prec = finetune_model.precision()
    quant = finetune_model.quantization(args, prec, log)
    try:
        tokenizer = finetune_model.load_tokenizer(args.base_model, dataset.format == "chat", log)
        model = finetune_model.load_model(args.base_model, quant, prec, args.gradient_checkpointing)
    except OSError as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        print(f"train.py: error: cannot load the base model {args.base_model}: {first} "
              "(pass a local model folder, or a Hub id with network access and HF_TOKEN for gated models)",
              file=sys.stderr)
        return 2
    log(describe(args, dataset, prec, quant))
    has_valid = dataset.count("valid") > 0
    if not has_valid:
        log("valid.jsonl is empty: no evaluation")
    trainer = SFTTrainer(
        model=model, args=sft_config(args, dataset, prec, has_valid), processing_class=tokenizer,
        train_dataset=datasets.Dataset.from_list(dataset.splits["train"]),
        eval_dataset=datasets.Dataset.from_list(dataset.splits["valid"]) if has_valid else None,
        peft_config=finetune_model.lora_config(args),
        callbacks=[MetricsCallback(args.output / "metrics.jsonl", append=resume_from is not None, log=log), stop])
    used = records_used(trainer, has_valid)
    if used["train"] == 0:
        print(f"train.py: error: every train.jsonl record's prompt fills --max-length {args.max_length} tokens, "
              "leaving no answer to learn; raise --max-length", file=sys.stderr)
        return 2
    for split, n in used.items():
        if n < dataset.count(split):
            log(f"{dataset.count(split) - n} of {dataset.count(split)} {split} records dropped: their prompt alone "
                f"fills --max-length {args.max_length} tokens (raise it to keep them)")
    # Without a terminal the trainer prints each log as a dict on stdout; metrics.jsonl and the
    # progress lines on stderr replace it, and stdout keeps only the result.
    trainer.remove_callback(PrinterCallback)
    resumed = int(Path(resume_from).name.split("-")[-1]) if resume_from else None
    if resume_from:
        log(f"resuming from {resume_from} (global step {resumed})")
    train_output = trainer.train(resume_from_checkpoint=resume_from)
    if stop.signal is not None and trainer.state.global_step < trainer.state.max_steps:
        log(f"stopped at step {trainer.state.global_step}; checkpoint saved in {args.output / 'checkpoints'}; "
            "continue with --resume")
        return 128 + stop.signal
    adapter = save_adapter(trainer, args.output)
    if adapter is None:
        return 0
    summary = result(args, dataset, trainer, train_output, adapter, quant, prec, resumed, started, used)
    write_json(args.output / "result.json", summary)
    log(f"done: {summary['steps']} steps, loss {summary['loss']}, eval_loss {summary['eval_loss']}, "
        f"adapter {adapter} ({summary['adapter_bytes']} bytes)")
    print(json.dumps(summary, sort_keys=True))
    return 0
