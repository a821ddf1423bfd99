"""Trainer callbacks: metrics.jsonl and a plain progress line per log, and a clean stop on SIGTERM.

metrics.jsonl has one JSON object a line, written when the trainer logs a training step (every
--logging-steps) and after each evaluation; a field that does not apply to a line is null:
  step               global step (continues across --resume)
  max_steps          the run's total steps
  epoch              fractional epoch
  loss               mean training loss since the previous training line (null on eval lines)
  eval_loss          loss on the valid split (eval lines only)
  learning_rate      the scheduler's learning rate at this step
  grad_norm          gradient norm before clipping
  tokens_per_second  input tokens (padding excluded) a second since the previous training line
  eta_seconds        estimated seconds left, from this process's steps per second
  elapsed_seconds    seconds since this process started training
  time               UTC wall-clock time, ISO 8601
"""

import json
import math
import signal
import sys
import time
from datetime import datetime, timezone

from transformers import TrainerCallback

FIELDS = ("step", "max_steps", "epoch", "loss", "eval_loss", "learning_rate", "grad_norm",
          "tokens_per_second", "eta_seconds", "elapsed_seconds", "time")


def finite(value):
    """A number for JSON, or None (NaN and infinity are not JSON)."""
    if isinstance(value, (int, float)) and math.isfinite(value):
        return value
    return None


class MetricsCallback(TrainerCallback):
    def __init__(self, path, append: bool, log=print):
        self.path = path
        self.append = append
        self.log = log
        self.started = None
        self.start_step = 0
        self.last_time = None
        self.last_tokens = 0

    def on_train_begin(self, args, state, control, **kwargs):
        if state.is_world_process_zero and not self.append:
            self.path.write_text("", encoding="utf-8")
        self.started = self.last_time = time.monotonic()
        self.start_step = state.global_step
        self.last_tokens = state.num_input_tokens_seen or 0

    def on_log(self, args, state, control, logs=None, **kwargs):
        logs = logs or {}
        if not state.is_world_process_zero or ("loss" not in logs and "eval_loss" not in logs):
            return  # the end-of-training summary goes to result.json instead
        now = time.monotonic()
        line = self.line(state, logs, now)
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(line, sort_keys=True) + "\n")
        self.log(progress_text(line))

    def line(self, state, logs, now) -> dict:
        elapsed = now - (self.started or now)
        done = state.global_step - self.start_step
        eta = (state.max_steps - state.global_step) * elapsed / done if done > 0 else None
        tokens_per_second = None
        if "loss" in logs:
            tokens = state.num_input_tokens_seen or 0
            if now > (self.last_time or now) and tokens > self.last_tokens:
                tokens_per_second = (tokens - self.last_tokens) / (now - self.last_time)
            self.last_time, self.last_tokens = now, tokens
        return {
            "step": state.global_step,
            "max_steps": state.max_steps,
            "epoch": finite(logs.get("epoch", state.epoch)),
            "loss": finite(logs.get("loss")),
            "eval_loss": finite(logs.get("eval_loss")),
            "learning_rate": finite(logs.get("learning_rate")),
            "grad_norm": finite(logs.get("grad_norm")),
            "tokens_per_second": finite(tokens_per_second),
            "eta_seconds": finite(eta),
            "elapsed_seconds": round(elapsed, 3),
            "time": datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
        }


def progress_text(line: dict) -> str:
    parts = [f"step {line['step']}/{line['max_steps']}"]
    if line["epoch"] is not None:
        parts.append(f"epoch {line['epoch']:.2f}")
    for key, label in (("loss", "loss"), ("eval_loss", "eval_loss")):
        if line[key] is not None:
            parts.append(f"{label} {line[key]:.4f}")
    if line["learning_rate"] is not None and line["loss"] is not None:
        parts.append(f"lr {line['learning_rate']:.2e}")
    if line["tokens_per_second"] is not None:
        parts.append(f"{line['tokens_per_second']:.0f} tok/s")
    if line["eta_seconds"] is not None:
        parts.append(f"eta {line['eta_seconds']:.0f}s")
    return " ".join(parts)


class StopOnSignal(TrainerCallback):
    """SIGTERM (docker stop, `git llm finetune cancel`) or SIGINT: before training, exit at once;
    during it, finish the current step, save a checkpoint and stop, so `--resume` continues there.
    After the last step the adapter and result.json are still written (the run is done)."""

    def __init__(self, log=print):
        self.log = log
        self.signal = None
        self.started = False
        self.previous = {}

    def install(self):
        for signum in (signal.SIGTERM, signal.SIGINT):
            self.previous[signum] = signal.signal(signum, self.handle)

    def uninstall(self):
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)
        self.previous = {}

    def handle(self, signum, frame):
        if not self.started:
            self.log(f"stopped by {signal.Signals(signum).name} before training started; nothing saved")
            sys.exit(128 + signum)
        if self.signal is None:
            self.log(f"{signal.Signals(signum).name}: saving a checkpoint after this step, then stopping")
        self.signal = signum

    def on_train_begin(self, args, state, control, **kwargs):
        self.started = True

    def on_step_end(self, args, state, control, **kwargs):
        if self.signal is not None:
            control.should_save = True
            control.should_training_stop = True
        return control

    def on_epoch_end(self, args, state, control, **kwargs):
        if self.signal is not None:
            # The step's checkpoint is saved; no epoch-end evaluation or second save while stopping.
            control.should_evaluate = False
            control.should_save = False
        return control
