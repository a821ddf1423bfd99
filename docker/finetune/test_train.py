"""train.py for real on the CPU: a tiny random Llama and a tokenizer trained here (nothing is
downloaded), datasets in the three layouts `git llm finetune dataset` writes."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import finetune_data  # noqa: E402
import make_tiny_model  # noqa: E402
import train  # noqa: E402
from finetune_callbacks import FIELDS  # noqa: E402
from make_tiny_model import ANSWER, pair  # noqa: E402  (the records are the text the tokenizer learnt)


def record(fmt: str, i: int) -> dict:
    system, user, answer = pair(i)
    if fmt == "chat":
        return {"messages": [{"content": system, "role": "system"}, {"content": user, "role": "user"},
                             {"content": answer, "role": "assistant"}]}
    if fmt == "alpaca":
        return {"input": user, "instruction": system, "output": answer}
    return {"completion": answer, "prompt": f"{system}\n\n{user}"}


def write_dataset(folder: Path, fmt: str, train_n=24, valid_n=4, test_n=2, sheet_format=None) -> Path:
    """A folder laid out as `git llm finetune dataset` writes it."""
    folder.mkdir(parents=True)
    counts = {"train": train_n, "valid": valid_n, "test": test_n}
    start = 0
    for split, n in counts.items():
        lines = [json.dumps(record(fmt, start + i), sort_keys=True) for i in range(n)]
        (folder / f"{split}.jsonl").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        start += n
    sheet = {"tool": "git-llm finetune dataset", "format": sheet_format or fmt,
             "records": {f"{s}.jsonl": n for s, n in counts.items()},
             "split": {s: {"pairs": n} for s, n in counts.items()}}
    (folder / "datasheet.json").write_text(json.dumps(sheet, sort_keys=True), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def base_model(tmp_path_factory) -> Path:
    """A one-layer random Llama with a Llama-2-style BPE tokenizer trained on the pattern (no chat template)."""
    return make_tiny_model.write(tmp_path_factory.mktemp("base"))


def common_args(dataset: Path, base: Path, output: Path, *extra) -> list:
    return ["--dataset", str(dataset), "--base-model", str(base), "--output", str(output),
            "--batch-size", "4", "--gradient-accumulation", "1", "--logging-steps", "1",
            "--learning-rate", "1e-2", "--max-length", "256", "--seed", "0", *extra]


def metrics(output: Path) -> list:
    return [json.loads(line) for line in (output / "metrics.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="session")
def trained(tmp_path_factory, base_model) -> Path:
    """The whole chat run: 24 records, batch 4, 3 epochs = 18 steps, an evaluation each epoch."""
    root = tmp_path_factory.mktemp("chat-run")
    dataset = write_dataset(root / "dataset", "chat")
    output = root / "out"
    assert train.main(common_args(dataset, base_model, output)) == 0
    return output


def test_loss_goes_down(trained):
    lines = metrics(trained)
    losses = [line["loss"] for line in lines if line["loss"] is not None]
    evals = [line["eval_loss"] for line in lines if line["eval_loss"] is not None]
    assert len(evals) == 3, "one evaluation each epoch"
    assert losses[-1] < 0.5 * losses[0], f"training loss {losses[0]} -> {losses[-1]}"
    assert evals[-1] < evals[0], f"eval loss {evals}"


def answer_loss(model, tokenizer, messages) -> float:
    import torch

    prompt = tokenizer.apply_chat_template(messages[:-1], tokenize=False, add_generation_prompt=True)
    full = tokenizer.apply_chat_template(messages, tokenize=False)
    prompt_ids = tokenizer(prompt, return_tensors="pt").input_ids
    ids = tokenizer(full, return_tensors="pt").input_ids
    labels = ids.clone()
    labels[:, : prompt_ids.shape[1]] = -100
    with torch.no_grad():
        return model(input_ids=ids, labels=labels).loss.item()


@pytest.mark.filterwarnings("ignore::FutureWarning")  # transformers on PEFT's use of a renamed attribute
def test_adapter_loads_with_peft_and_changes_the_output(trained, base_model):
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    adapter = trained / "adapter"
    for name in ("adapter_model.safetensors", "adapter_config.json", "tokenizer.json", "tokenizer_config.json"):
        assert (adapter / name).is_file(), f"adapter/{name} is missing"
    assert not (adapter / "training_args.bin").exists()
    config = json.loads((adapter / "adapter_config.json").read_text())
    assert config["r"] == 16 and config["lora_alpha"] == 32 and config["lora_dropout"] == 0.05
    assert sorted(config["target_modules"]) == ["k_proj", "o_proj", "q_proj", "v_proj"]

    tokenizer = AutoTokenizer.from_pretrained(adapter)
    assert tokenizer.chat_template, "the ChatML template used for training is saved with the adapter"
    messages = record("chat", 999)["messages"]
    ids = tokenizer.apply_chat_template(messages, return_tensors="pt", return_dict=True)["input_ids"]
    base = AutoModelForCausalLM.from_pretrained(base_model).eval()
    with torch.no_grad():
        before = base(input_ids=ids).logits
    base_loss = answer_loss(base, tokenizer, messages)
    tuned = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(base_model), adapter).eval()
    with torch.no_grad():
        after = tuned(input_ids=ids).logits
    assert (after - before).abs().max().item() > 1e-2, "the adapter must change the logits"
    tuned_loss = answer_loss(tuned, tokenizer, messages)
    assert tuned_loss < 0.5 * base_loss, f"answer loss base {base_loss}, adapter {tuned_loss}"


def test_metrics_lines_have_the_documented_fields(trained):
    lines = metrics(trained)
    assert lines and all(set(line) == set(FIELDS) for line in lines), f"fields {sorted(lines[0])}"
    training = [line for line in lines if line["loss"] is not None]
    evals = [line for line in lines if line["eval_loss"] is not None]
    assert len(training) == 18 and [line["step"] for line in training] == list(range(1, 19))
    assert all(line["eval_loss"] is None for line in training)
    assert all(line["loss"] is None and line["tokens_per_second"] is None for line in evals)
    assert all(line["max_steps"] == 18 for line in lines)
    assert all(line["learning_rate"] is not None and line["eta_seconds"] is not None for line in training)
    assert all(line["tokens_per_second"] > 0 for line in training)
    assert training[-1]["eta_seconds"] == 0 and training[-1]["epoch"] == pytest.approx(3.0)
    assert [line["step"] for line in evals] == [6, 12, 18]
    rates = [line["learning_rate"] for line in training]
    assert rates[-1] < max(rates) / 10, "cosine schedule decays towards 0"


def test_checkpoints_keep_the_last_two(trained):
    names = sorted(p.name for p in (trained / "checkpoints").iterdir() if p.name.startswith("checkpoint-"))
    assert names == ["checkpoint-12", "checkpoint-18"]
    for name in names:
        assert (trained / "checkpoints" / name / "adapter_model.safetensors").is_file()
        assert (trained / "checkpoints" / name / "optimizer.pt").is_file()


def test_result_json(trained):
    result = json.loads((trained / "result.json").read_text())
    assert result["steps"] == 18 and result["epochs"] == pytest.approx(3.0)
    assert result["loss"] is not None and result["eval_loss"] is not None and result["seconds"] > 0
    assert result["adapter"] == "adapter"
    assert result["adapter_bytes"] == (trained / "adapter" / "adapter_model.safetensors").stat().st_size
    assert result["method"] == "lora" and result["device"] == "cpu" and result["format"] == "chat"
    assert result["records"] == {"train": 24, "valid": 4, "test": 2}
    assert result["records_used"] == {"train": 24, "valid": 4}
    assert result["resumed_from_step"] is None
    assert not [p.name for p in trained.iterdir() if p.name.startswith(".")], "no temporary files left"


def test_a_second_run_into_the_same_output_needs_resume(trained, base_model, tmp_path, capsys):
    dataset = write_dataset(tmp_path / "dataset", "chat")
    assert train.main(common_args(dataset, base_model, trained)) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--resume" in err


@pytest.mark.parametrize("signum, resume", [(signal.SIGTERM, "--resume"), (signal.SIGINT, "--resume-if-possible")],
                         ids=["sigterm-resume", "sigint-resume-if-possible"])
def test_a_signal_saves_a_checkpoint_and_resume_continues_the_step(tmp_path, base_model, capsys, signum, resume):
    dataset = write_dataset(tmp_path / "dataset", "chat")
    output = tmp_path / "out"
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    only_signal_saves = ("--max-steps", "2000", "--save-steps", "1000")
    child = subprocess.Popen(
        [sys.executable, str(HERE / "train.py"), *common_args(dataset, base_model, output, *only_signal_saves)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and child.poll() is None:
            path = output / "metrics.jsonl"
            if path.exists() and len(path.read_text().splitlines()) >= 3:
                break
            time.sleep(0.2)
        assert child.poll() is None, f"train.py ended early:\n{child.communicate()[1][-3000:]}"
        child.send_signal(signum)
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 128 + signum, err[-3000:]
    assert "continue with --resume" in err and out == "", "stdout holds only a finished run's result"
    saved = [p for p in (output / "checkpoints").iterdir() if p.name.startswith("checkpoint-")]
    assert len(saved) == 1, saved
    step = int(saved[0].name.split("-")[1])
    assert 3 <= step < 2000
    assert (saved[0] / "adapter_model.safetensors").is_file() and (saved[0] / "trainer_state.json").is_file()
    assert not (output / "result.json").exists() and not (output / "adapter").exists()
    before = metrics(output)
    assert before[-1]["step"] == step, "the checkpoint is of the step training stopped at"

    assert train.main(common_args(dataset, base_model, output, "--max-steps", str(step + 3), "--save-steps", "1000",
                                  resume)) == 0
    result = json.loads((output / "result.json").read_text())
    assert result["resumed_from_step"] == step and result["steps"] == step + 3
    lines = metrics(output)
    assert lines[: len(before)] == before, "metrics.jsonl is appended to on --resume"
    new_steps = [line["step"] for line in lines[len(before):] if line["loss"] is not None]
    assert new_steps == [step + 1, step + 2, step + 3]
    assert "resuming from" in capsys.readouterr().err


def test_resume_if_possible_without_a_checkpoint_starts_afresh(tmp_path, base_model, capsys):
    """A container killed before its first checkpoint (metrics written, a checkpoint half saved)."""
    dataset = write_dataset(tmp_path / "dataset", "chat")
    output = tmp_path / "out"
    half_saved = output / "checkpoints" / "checkpoint-7"
    half_saved.mkdir(parents=True)
    (half_saved / "adapter_model.safetensors").write_bytes(b"cut short")
    stale = {"step": 5, "loss": 9.0}
    (output / "metrics.jsonl").write_text(json.dumps(stale) + "\n", encoding="utf-8")
    assert train.main(common_args(dataset, base_model, output, "--max-steps", "2", "--resume-if-possible")) == 0
    result = json.loads((output / "result.json").read_text())
    assert result["resumed_from_step"] is None and result["steps"] == 2
    lines = metrics(output)
    assert stale not in lines and [line["step"] for line in lines if line["loss"] is not None] == [1, 2]
    assert not half_saved.exists(), "a checkpoint without trainer_state.json is removed, not resumed from"
    err = capsys.readouterr().err
    assert "incomplete" in err and "resuming from" not in err


def test_resume_skips_a_half_saved_checkpoint(tmp_path, capsys):
    output = tmp_path / "out"
    done = output / "checkpoints" / "checkpoint-3"
    done.mkdir(parents=True)
    (done / "trainer_state.json").write_text("{}")
    (output / "checkpoints" / "checkpoint-6").mkdir()
    (output / "result.json").write_text("{}")
    args = train.parser().parse_args(["--dataset", "d", "--base-model", "m", "--output", str(output), "--resume"])
    assert train.prepare_output(args) == str(done)
    assert not (output / "checkpoints" / "checkpoint-6").exists()
    assert not (output / "result.json").exists(), "result.json is there only after a run succeeded"


def test_a_training_failure_exits_1_and_writes_no_result(tmp_path, base_model):
    dataset = write_dataset(tmp_path / "dataset", "chat")
    output = tmp_path / "out"
    broken = output / "checkpoints" / "checkpoint-3"
    broken.mkdir(parents=True)
    (broken / "trainer_state.json").write_text('{"global_step": 3}')  # but no weights to resume
    (output / "result.json").write_text("{}")
    done = run_cli(*common_args(dataset, base_model, output, "--max-steps", "5", "--resume"))
    assert done.returncode == 1, done.stderr[-3000:]
    assert "Traceback" in done.stderr and done.stdout == ""
    assert not (output / "result.json").exists() and not (output / "adapter").exists()


def test_records_whose_prompt_fills_max_length_are_dropped_and_said(tmp_path, base_model, capsys):
    dataset = write_dataset(tmp_path / "dataset", "completion", valid_n=0)
    with (dataset / "train.jsonl").open("a") as out:
        out.write(json.dumps({"prompt": "x" * 300, "completion": ANSWER}) + "\n")
    output = tmp_path / "out"
    assert train.main(common_args(dataset, base_model, output, "--max-steps", "1", "--max-length", "128")) == 0
    assert "1 of 25 train records dropped" in capsys.readouterr().err
    assert json.loads((output / "result.json").read_text())["records_used"] == {"train": 24}
    assert train.main(common_args(dataset, base_model, tmp_path / "out2", "--max-steps", "1",
                                  "--max-length", "4")) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith("raise --max-length") and "every train.jsonl record" in err.splitlines()[-1]


@pytest.mark.parametrize("fmt", ["alpaca", "completion"])
def test_text_formats_train(tmp_path, base_model, fmt, capsys):
    dataset = write_dataset(tmp_path / "dataset", fmt, valid_n=0)
    output = tmp_path / "out"
    # qlora on a CPU trains plain LoRA and says so.
    args = common_args(dataset, base_model, output, "--max-steps", "2", "--method", "qlora", "--target", "all-linear")
    assert train.main(args) == 0
    err = capsys.readouterr().err
    assert "training plain LoRA" in err and "no evaluation" in err
    result = json.loads((output / "result.json").read_text())
    assert result["steps"] == 2 and result["format"] == fmt and result["eval_loss"] is None
    assert result["method"] == "lora" and result["requested_method"] == "qlora"
    config = json.loads((output / "adapter" / "adapter_config.json").read_text())
    adapted = {name.rsplit(".", 1)[-1] for name in config["target_modules"]}
    assert {"gate_proj", "up_proj", "down_proj", "q_proj", "o_proj"} <= adapted, adapted


def test_qlora_config_on_a_cuda_gpu(monkeypatch):
    """No GPU here: the 4-bit configuration is checked as built, not trained with."""
    import importlib.util

    import torch

    import finetune_model

    args = train.parser().parse_args(["--dataset", "d", "--base-model", "m", "--output", "o", "--method", "qlora"])
    said = []
    gpu = finetune_model.Precision("bf16", torch.bfloat16, cuda=True)
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "bitsandbytes" else real_find_spec(name))
    assert finetune_model.quantization(args, gpu, said.append) is None
    assert "bitsandbytes" in said[-1] and "plain LoRA" in said[-1]
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: object() if name == "bitsandbytes" else real_find_spec(name))
    config = finetune_model.quantization(args, gpu, said.append)
    assert config.load_in_4bit and config.bnb_4bit_quant_type == "nf4" and config.bnb_4bit_use_double_quant
    assert config.bnb_4bit_compute_dtype == torch.bfloat16
    lora = finetune_model.lora_config(args)
    assert (lora.r, lora.lora_alpha, lora.lora_dropout) == (16, 32, 0.05)
    assert set(lora.target_modules) == {"q_proj", "k_proj", "v_proj", "o_proj"}


def test_the_three_formats_load_alike(tmp_path):
    loaded = {fmt: finetune_data.load(write_dataset(tmp_path / fmt, fmt)) for fmt in finetune_data.FORMATS}
    for fmt, data in loaded.items():
        assert data.format == fmt and data.layout == "prompt_completion"
        assert (data.count("train"), data.count("valid"), data.count("test")) == (24, 4, 2)
    system, user, answer = pair(0)
    chat = loaded["chat"].splits["train"][0]
    assert chat == {"prompt": [{"role": "system", "content": system}, {"role": "user", "content": user}],
                    "completion": [{"role": "assistant", "content": answer}]}
    assert loaded["alpaca"].splits["train"][0] == loaded["completion"].splits["train"][0] == {
        "prompt": f"{system}\n\n{user}", "completion": answer}


def test_format_comes_from_the_records_without_a_datasheet(tmp_path):
    folder = write_dataset(tmp_path / "d", "alpaca")
    (folder / "datasheet.json").unlink()
    assert finetune_data.load(folder).format == "alpaca"


def test_multi_turn_chats_train_every_assistant_turn(tmp_path):
    folder = write_dataset(tmp_path / "d", "chat", train_n=2, valid_n=0, test_n=0)
    turns = [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"},
             {"role": "user", "content": "c"}, {"role": "assistant", "content": "d"}]
    with (folder / "train.jsonl").open("a") as out:
        out.write(json.dumps({"messages": turns}) + "\n")
    data = finetune_data.load(folder)
    assert data.layout == "messages" and data.splits["train"][-1] == {"messages": turns}
    assert data.splits["train"][0]["messages"][-1]["content"] == ANSWER


def run_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(HERE / "train.py"), *args], capture_output=True, text=True,
                          timeout=60, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))


def test_missing_dataset_folder_is_a_one_line_error(tmp_path):
    done = run_cli("--dataset", str(tmp_path / "nope"), "--base-model", "x", "--output", str(tmp_path / "o"))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "does not exist" in done.stderr and "git llm finetune dataset" in done.stderr
    assert not (tmp_path / "o").exists()


def test_help_lists_the_arguments():
    done = run_cli("--help")
    assert done.returncode == 0
    for flag in ("--dataset", "--base-model", "--output", "--method", "--lora-r", "--target", "--resume",
                 "--resume-if-possible", "--max-length", "metrics.jsonl", "exit status"):
        assert flag in done.stdout


@pytest.mark.parametrize("argv", [[], ["--dataset", "d", "--base-model", "m", "--output", "o", "--lora-r", "0"],
                                  ["--dataset", "d", "--base-model", "m", "--output", "o", "--method", "full"]],
                         ids=["missing", "not-positive", "not-a-choice"])
def test_a_bad_argument_is_one_line_and_exit_2(argv):
    done = run_cli(*argv)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("train.py: error: ") and "--help" in done.stderr


def error_of(capsys, argv) -> str:
    assert train.main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    return err


def test_empty_train_split(tmp_path, capsys):
    folder = write_dataset(tmp_path / "d", "chat", train_n=0)
    err = error_of(capsys, ["--dataset", str(folder), "--base-model", "x", "--output", str(tmp_path / "o")])
    assert "train.jsonl has no records" in err


def test_unknown_format(tmp_path, capsys):
    folder = write_dataset(tmp_path / "d", "chat", sheet_format="sharegpt")
    err = error_of(capsys, ["--dataset", str(folder), "--base-model", "x", "--output", str(tmp_path / "o")])
    assert "'sharegpt'" in err and "expected chat, alpaca or completion" in err
    (folder / "datasheet.json").unlink()
    (folder / "train.jsonl").write_text('{"question": "q", "answer": "a"}\n')
    err = error_of(capsys, ["--dataset", str(folder), "--base-model", "x", "--output", str(tmp_path / "o")])
    assert "unrecognised record layout" in err


def test_bad_lines_name_the_file_and_line(tmp_path, capsys):
    folder = write_dataset(tmp_path / "d", "completion")
    with (folder / "valid.jsonl").open("a") as out:
        out.write('{"prompt": "p"}\n')
    err = error_of(capsys, ["--dataset", str(folder), "--base-model", "x", "--output", str(tmp_path / "o")])
    assert "valid.jsonl:5" in err and "'completion'" in err
    (folder / "valid.jsonl").write_text("not json\n")
    err = error_of(capsys, ["--dataset", str(folder), "--base-model", "x", "--output", str(tmp_path / "o")])
    assert "valid.jsonl:1: not JSON" in err


def test_resume_without_a_checkpoint(tmp_path, capsys):
    folder = write_dataset(tmp_path / "d", "chat")
    err = error_of(capsys, ["--dataset", str(folder), "--base-model", "x", "--output", str(tmp_path / "o"),
                            "--resume"])
    assert "no checkpoint" in err


def test_missing_base_model(tmp_path, capsys):
    folder = write_dataset(tmp_path / "d", "chat")
    err = error_of(capsys, ["--dataset", str(folder), "--base-model", str(tmp_path / "no-model"),
                            "--output", str(tmp_path / "o")])
    assert "cannot load the base model" in err
