"""Fixtures for the dataset checks: one harvested dataset folder per format.

GIT_LLM_DATASET_DIR=DIR checks a dataset you already have (its format read from the records);
otherwise GIT_LLM_BIN=/path/to/git-llm harvests a small fixture history (fixture_repo.py) into
chat, alpaca and completion folders. With neither set, the tests are skipped with that reason.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

import fixture_repo

FORMATS = ("chat", "alpaca", "completion")
SPLITS = ("train", "valid", "test")


def detect_format(folder: Path) -> str:
    for split in SPLITS:
        path = folder / f"{split}.jsonl"
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    keys = set(json.loads(line))
                    if "messages" in keys:
                        return "chat"
                    if {"instruction", "output"} <= keys:
                        return "alpaca"
                    if {"prompt", "completion"} <= keys:
                        return "completion"
                    return "unknown"
    return "unknown"


@pytest.fixture(scope="session")
def datasets_by_format(tmp_path_factory) -> dict:
    given = os.environ.get("GIT_LLM_DATASET_DIR")
    if given:
        folder = Path(given)
        assert folder.is_dir(), f"GIT_LLM_DATASET_DIR={given} is not a folder"
        return {detect_format(folder): folder}
    binary = os.environ.get("GIT_LLM_BIN")
    if not binary:
        pytest.skip("set GIT_LLM_BIN (a git-llm binary) or GIT_LLM_DATASET_DIR (a dataset folder)")
    assert os.access(binary, os.X_OK), f"GIT_LLM_BIN={binary} is not executable"
    root = tmp_path_factory.mktemp("harvest")
    repo = fixture_repo.build(root / "repo")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env |= {"HOME": str(root), "XDG_CONFIG_HOME": str(root / ".config"), "GIT_CONFIG_NOSYSTEM": "1",
            "NO_COLOR": "1"}
    out = {}
    for fmt in FORMATS:
        folder = root / f"dataset-{fmt}"
        run = subprocess.run(
            [binary, "finetune", "dataset", "--out", str(folder), "--format", fmt,
             "--val-ratio", "0.2", "--test-ratio", "0.1"],
            cwd=repo, env=env, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, f"git-llm finetune dataset --format {fmt} exited {run.returncode}:\n{run.stderr}"
        out[fmt] = folder
    return out


@pytest.fixture(scope="session")
def chat_dir(datasets_by_format):
    if "chat" not in datasets_by_format:
        pytest.skip("no chat-format dataset to check")
    return datasets_by_format["chat"]
