"""The training image for real: docker/fine-tuning.Dockerfile built with podman from a local Debian
base (scripts/training-image, no registry), then one training inside the container on a tiny random
Llama made here. Skipped only where podman is not installed (scripts/bootstrap installs it on
Debian/Ubuntu)."""

import json
import math
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from test_train import base_model, write_dataset  # noqa: F401  (base_model is a fixture)

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "training-image"

pytestmark = pytest.mark.skipif(shutil.which("podman") is None,
                                reason="podman is not installed (scripts/bootstrap installs it on Debian/Ubuntu)")


def build() -> tuple[str, str]:
    """The image id and what the build said on stderr."""
    done = subprocess.run([str(SCRIPT), "build"], capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, f"training-image build failed:\n{done.stderr[-4000:]}"
    return done.stdout.strip().splitlines()[-1], done.stderr


def run_image(dataset: Path, output: Path, model: Path, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATASET": str(dataset), "OUTPUT": str(output), "MODEL": str(model)}
    return subprocess.run([str(SCRIPT), "run", *args], capture_output=True, text=True, env=env, timeout=900)


def train_args(*extra, dataset="/dataset") -> list:
    return ["--dataset", dataset, "--base-model", "/model", "--output", "/out", "--batch-size", "4",
            "--gradient-accumulation", "1", "--logging-steps", "1", "--learning-rate", "1e-2",
            "--max-length", "256", "--epochs", "1", "--seed", "0", *extra]


@pytest.fixture(scope="module")
def image() -> str:
    return build()[0]


def test_one_training_run_inside_the_image(image, base_model, tmp_path):  # noqa: F811
    dataset = write_dataset(tmp_path / "dataset", "chat", train_n=8, valid_n=2, test_n=1)
    output = tmp_path / "out"
    done = run_image(dataset, output, base_model, *train_args())
    assert done.returncode == 0, f"the container's train.py failed:\n{done.stderr[-4000:]}"
    assert (output / "adapter" / "adapter_model.safetensors").is_file()
    lines = (output / "metrics.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines and all(json.loads(line)["step"] >= 1 for line in lines)
    result = json.loads((output / "result.json").read_text(encoding="utf-8"))
    assert result["loss"] is not None and math.isfinite(result["loss"])
    assert result["device"] == "cpu" and result["records"] == {"train": 8, "valid": 2, "test": 1}


def test_the_adapter_exports_to_gguf_inside_the_image(image, base_model, tmp_path):  # noqa: F811
    """export_gguf.py with the converters the image carries, offline, on what train.py wrote there."""
    dataset = write_dataset(tmp_path / "dataset", "chat", train_n=8, valid_n=2, test_n=1)
    output = tmp_path / "out"
    done = run_image(dataset, output, base_model, *train_args("--max-steps", "2"))
    assert done.returncode == 0, f"the container's train.py failed:\n{done.stderr[-4000:]}"
    done = subprocess.run(["podman", "--runtime", "runc", "run", "--rm", "--network", "none", "-e", "HF_HUB_OFFLINE=1",
                           "-v", f"{output}:/out", "-v", f"{base_model}:/model:ro",
                           "--entrypoint", "/opt/git-llm-finetune/venv/bin/python", image,
                           "/opt/git-llm-finetune/export_gguf.py", "--run-folder", "/out", "--base-model", "/model",
                           "--out", "/out/adapter.gguf"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"the container's export_gguf.py failed:\n{done.stderr[-4000:]}"
    assert done.stdout.strip() == "/out/adapter.gguf"
    assert (output / "adapter.gguf").read_bytes()[:4] == b"GGUF"


def test_a_second_build_reuses_the_image(image):
    again, said = build()
    assert again == image and "building" not in said, f"rebuilt: {said}"
    labels = subprocess.run(["podman", "--runtime", "runc", "image", "inspect", "--format",
                             '{{index .Labels "org.git-llm.content-hash"}}', image],
                            capture_output=True, text=True, check=True).stdout.strip()
    env = dict(line.split("=", 1) for line in
               subprocess.run([str(SCRIPT), "env"], capture_output=True, text=True, check=True).stdout.splitlines())
    assert labels == env["GIT_LLM_TRAINING_IMAGE_HASH"]


def test_a_missing_dataset_exits_2_with_one_line(image, base_model, tmp_path):  # noqa: F811
    dataset = write_dataset(tmp_path / "dataset", "chat", train_n=8, valid_n=2, test_n=1)
    done = run_image(dataset, tmp_path / "out", base_model, *train_args(dataset="/dataset/missing"))
    assert done.returncode == 2, f"exit {done.returncode}:\n{done.stderr[-2000:]}"
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "/dataset/missing" in lines[0], f"stderr: {done.stderr!r}"
