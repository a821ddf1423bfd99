"""Reads a dataset folder as `git llm finetune dataset` writes it (docs/finetune.md, "Formats"):
train.jsonl, valid.jsonl, test.jsonl and datasheet.json, one JSON object a line, in the chat,
alpaca or completion layout, and turns each split into the records TRL's SFTTrainer takes.

Standard library only, so that a bad folder fails in a moment, before torch is imported."""

import json
from dataclasses import dataclass, field
from pathlib import Path

FORMATS = ("chat", "alpaca", "completion")
SPLITS = ("train", "valid", "test")
ROLES = {"system", "user", "assistant"}


class DatasetError(Exception):
    """A dataset folder or record training cannot use; the message names the thing and the fix."""


@dataclass
class LoadedDataset:
    format: str
    # How the records reach TRL: "prompt_completion" (loss on the completion: the answer, or the
    # last assistant turn of a chat) or "messages" (loss on every assistant turn).
    layout: str
    splits: dict = field(default_factory=dict)

    def count(self, split: str) -> int:
        return len(self.splits.get(split, []))


def read_records(path: Path) -> list:
    """Every non-blank line of a JSONL file, as dicts; a bad line names the file and line."""
    if not path.exists():
        return []
    records = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise DatasetError(f"{path}:{number}: not JSON ({error.msg}); rebuild it with `git llm finetune dataset`")
            if not isinstance(record, dict):
                raise DatasetError(f"{path}:{number}: not a JSON object; rebuild it with `git llm finetune dataset`")
            records.append(record)
    return records


def sniff_format(record: dict) -> str | None:
    keys = set(record)
    if "messages" in keys:
        return "chat"
    if {"instruction", "output"} <= keys:
        return "alpaca"
    if {"prompt", "completion"} <= keys:
        return "completion"
    return None


def datasheet_format(folder: Path) -> str | None:
    sheet = folder / "datasheet.json"
    if not sheet.exists():
        return None
    try:
        data = json.loads(sheet.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise DatasetError(f"{sheet}: not JSON ({error}); rebuild the dataset with `git llm finetune dataset`")
    value = data.get("format") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def choose_format(folder: Path, asked: str, first: dict) -> str:
    """--format if given, else the datasheet's, else what the first record looks like."""
    if asked != "auto":
        chosen, source = asked, "--format"
    else:
        chosen, source = datasheet_format(folder), f"{folder / 'datasheet.json'}"
        if chosen is None:
            chosen, source = sniff_format(first), f"the records of {folder / 'train.jsonl'}"
    if chosen not in FORMATS:
        shown = "an unrecognised record layout" if chosen is None else f"format {chosen!r}"
        raise DatasetError(f"{source} gives {shown}; expected chat, alpaca or completion "
                           "(pass --format or rebuild with `git llm finetune dataset --format chat`)")
    return chosen


def check_text(value, where: str, key: str) -> str:
    if not isinstance(value, str):
        raise DatasetError(f"{where}: {key!r} is missing or not a string")
    return value


def chat_messages(record: dict, where: str) -> list:
    messages = record.get("messages")
    if not isinstance(messages, list) or not messages:
        raise DatasetError(f"{where}: 'messages' is missing or empty")
    out = []
    for message in messages:
        if not isinstance(message, dict) or message.get("role") not in ROLES:
            raise DatasetError(f"{where}: every message needs a role (system, user or assistant) and content")
        out.append({"role": message["role"], "content": check_text(message.get("content"), where, "content")})
    if out[-1]["role"] != "assistant":
        raise DatasetError(f"{where}: the last message must be the assistant's answer")
    return out


def text_prompt(record: dict, fmt: str, where: str) -> dict:
    if fmt == "completion":
        return {"prompt": check_text(record.get("prompt"), where, "prompt"),
                "completion": check_text(record.get("completion"), where, "completion")}
    # alpaca: the harvest's instruction is the system prompt and its input the user turn; joined
    # the way the completion format joins them, so both formats train on the same text.
    instruction = check_text(record.get("instruction"), where, "instruction")
    given = record.get("input", "")
    given = check_text(given, where, "input") if given is not None else ""
    prompt = f"{instruction}\n\n{given}" if given else instruction
    return {"prompt": prompt, "completion": check_text(record.get("output"), where, "output")}


def convert(records: list, fmt: str, path: Path) -> tuple[str, list]:
    """The records as TRL takes them, and their layout."""
    if fmt != "chat":
        return "prompt_completion", [text_prompt(r, fmt, f"{path}:{i}") for i, r in enumerate(records, 1)]
    chats = [chat_messages(r, f"{path}:{i}") for i, r in enumerate(records, 1)]
    if all(sum(m["role"] == "assistant" for m in c) == 1 for c in chats):
        # One answer at the end (what the harvest writes): a conversational prompt/completion pair
        # trains on the answer alone with any chat template, no {% generation %} markers needed.
        return "prompt_completion", [{"prompt": c[:-1], "completion": c[-1:]} for c in chats]
    return "messages", [{"messages": c} for c in chats]


def load(folder: Path, asked_format: str = "auto") -> LoadedDataset:
    folder = Path(folder)
    if not folder.is_dir():
        raise DatasetError(f"dataset folder {folder} does not exist; make one with `git llm finetune dataset --out {folder}`")
    train_path = folder / "train.jsonl"
    if not train_path.exists():
        raise DatasetError(f"{train_path} is missing; make the dataset with `git llm finetune dataset --out {folder}`")
    raw = {split: read_records(folder / f"{split}.jsonl") for split in SPLITS}
    if not raw["train"]:
        raise DatasetError(f"{train_path} has no records; harvest more history (a wider range, or --val-ratio/--test-ratio 0)")
    fmt = choose_format(folder, asked_format, raw["train"][0])
    loaded = LoadedDataset(format=fmt, layout="")
    layouts = set()
    for split in SPLITS:
        if raw[split]:
            layout, records = convert(raw[split], fmt, folder / f"{split}.jsonl")
            layouts.add(layout)
            loaded.splits[split] = records
    # A chat dataset mixing one-answer and multi-turn records trains all as messages.
    if len(layouts) > 1:
        for split in loaded.splits:
            loaded.splits[split] = [{"messages": r["prompt"] + r["completion"]} if "prompt" in r else r
                                    for r in loaded.splits[split]]
        layouts = {"messages"}
    loaded.layout = layouts.pop()
    return loaded
