"""evaluate.py for real on the CPU: an adapter trained here on a repeated pattern against its tiny
random base (make_tiny_model.py; nothing downloaded), B-Norm BLEU against the reference
implementation's own numbers, the paired bootstrap, and the one-line errors."""

import json
import math
import os
import re
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import evaluate  # noqa: E402
import finetune_data  # noqa: E402
import make_tiny_model  # noqa: E402
import train  # noqa: E402
from finetune_eval_kinds import SYSTEM_PROMPTS, kind_of  # noqa: E402
from finetune_eval_metrics import bnorm_bleu, exact_match  # noqa: E402
from finetune_eval_stats import BETTER, UNCLEAR, WORSE, compare, mean, overall, paired_bootstrap  # noqa: E402

MESSAGE = "Fix the off-by-one in top()"
EDITED = "```\nreturn items[i - 1]\n```"


def pair(kind: str, i: int) -> tuple[str, str, str]:
    """Records as the harvest writes them, with the real system prompts: a repeated answer to learn."""
    if kind == "commit_message":
        return (SYSTEM_PROMPTS[kind], f"Write the commit message for this change:\n\n```diff\n-    return items[{i}]\n"
                f"+    return items[{i} - 1]\n```", MESSAGE)
    return SYSTEM_PROMPTS[kind], f"{MESSAGE}\n\n```\nreturn items[{i}]\n```", EDITED


def chat(kind: str, i: int) -> dict:
    system, user, answer = pair(kind, i)
    return {"messages": [{"content": system, "role": "system"}, {"content": user, "role": "user"},
                         {"content": answer, "role": "assistant"}]}


def write_dataset(folder: Path, counts: dict) -> Path:
    folder.mkdir(parents=True)
    start = 0
    for split, n in counts.items():
        kinds = ["commit_message", "edit"] * n
        lines = [json.dumps(chat(kinds[i], start + i), sort_keys=True) for i in range(n)]
        (folder / f"{split}.jsonl").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        start += n
    (folder / "datasheet.json").write_text(json.dumps({"format": "chat"}), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def run(tmp_path_factory) -> dict:
    """A tiny base, a dataset and an adapter trained on it for 60 steps at a high learning rate (30 are
    not enough for the one-layer model to tell the two kinds' prompts apart)."""
    root = tmp_path_factory.mktemp("eval-run")
    base = make_tiny_model.write(root / "base")
    dataset = write_dataset(root / "dataset", {"train": 24, "valid": 4, "test": 6})
    out = root / "out"
    assert train.main(["--dataset", str(dataset), "--base-model", str(base), "--output", str(out),
                       "--batch-size", "4", "--gradient-accumulation", "1", "--learning-rate", "1e-2",
                       "--max-length", "256", "--max-steps", "60", "--logging-steps", "10", "--seed", "0"]) == 0
    return {"root": root, "base": base, "dataset": dataset, "adapter": out / "adapter", "result": out / "result.json"}


def evaluate_args(run, output: Path, *extra) -> list:
    return ["--dataset", str(run["dataset"]), "--base-model", str(run["base"]), "--adapter", str(run["adapter"]),
            "--output", str(output), "--max-new-tokens", "16", "--bootstrap", "200", *extra]


@pytest.fixture(scope="session")
def report(run) -> dict:
    output = run["root"] / "eval" / "eval.json"
    assert evaluate.main(evaluate_args(run, output)) == 0
    return json.loads(output.read_text(encoding="utf-8"))


METRICS = {"perplexity", "commit_message.bnorm_bleu", "commit_message.chrf", "edit.exact_match", "edit.chrf"}


def test_the_adapter_beats_its_base_on_the_pattern(report):
    ppl = report["metrics"]["perplexity"]
    assert ppl["adapter"] < ppl["base"], ppl
    assert ppl["verdict"] == BETTER and ppl["ci95"][1] < 0, ppl
    assert report["overall"] == {"verdict": BETTER, "beats_base": True,
                                 "reason": "perplexity is lower and no generation metric is worse"}
    for name in METRICS - {"perplexity"}:
        assert report["metrics"][name]["verdict"] == BETTER, (name, report["metrics"][name])


def test_eval_json_has_every_metric_for_both_sides(report):
    assert report["schema"] == 1
    assert set(report["metrics"]) == METRICS
    for name, metric in report["metrics"].items():
        assert set(metric) >= {"base", "adapter", "delta", "ci95", "verdict", "better_when", "samples"}, name
        assert math.isclose(metric["delta"], metric["adapter"] - metric["base"]), name
        assert metric["ci95"][0] <= metric["ci95"][1], name
        assert metric["verdict"] in (BETTER, WORSE, UNCLEAR), name
    assert report["records"] == {"split": 6, "chosen": 6, "evaluated": 6, "dropped": 0,
                                 "by_kind": {"commit_message": 3, "edit": 3}}
    assert report["settings"] == {"split": "test", "max_samples": None, "max_new_tokens": 16, "max_length": 2048,
                                  "seed": 42, "bootstrap": 200, "confidence": 0.95}
    assert set(report["versions"]) == {"python", "torch", "transformers", "peft", "trl", "sacrebleu"}
    assert [s["line"] for s in report["samples"]] == [1, 2, 3, 4, 5, 6]
    for sample in report["samples"]:
        assert sample["tokens"] > 0 and all(sample["generated_tokens"][side] <= 16 for side in ("base", "adapter"))
    total = sum(s["nll"]["adapter"] for s in report["samples"]) / sum(s["tokens"] for s in report["samples"])
    assert math.isclose(math.exp(total), report["metrics"]["perplexity"]["adapter"])
    assert report["seconds"] > 0


def test_perplexity_scores_exactly_the_tokens_training_scored(run, tmp_path):
    """On the valid split, the adapter's perplexity is exp(the final eval_loss training logged)."""
    output = tmp_path / "valid.json"
    assert evaluate.main(evaluate_args(run, output, "--split", "valid", "--max-new-tokens", "2")) == 0
    adapter = json.loads(output.read_text())["metrics"]["perplexity"]["adapter"]
    eval_loss = json.loads(run["result"].read_text())["eval_loss"]
    assert math.isclose(math.log(adapter), eval_loss, rel_tol=1e-4), (math.log(adapter), eval_loss)


def test_max_samples_draws_with_the_seed(run, tmp_path, capsys):
    output = tmp_path / "nested" / "two.json"
    assert evaluate.main(evaluate_args(run, output, "--max-samples", "2", "--max-new-tokens", "2")) == 0
    assert capsys.readouterr().out == f"{output}\n"
    report = json.loads(output.read_text())
    assert report["records"]["chosen"] == 2 and len(report["samples"]) == 2
    assert [s["line"] for s in report["samples"]] == [i + 1 for i in evaluate.choose(list(range(6)), 2, 42)]
    assert evaluate.choose(list(range(50)), 5, 1) == evaluate.choose(list(range(50)), 5, 1)
    assert evaluate.choose(list(range(50)), 5, 1) != evaluate.choose(list(range(50)), 5, 2)


# (hypothesis, reference, the score DeepSoftwareAnalytics/CommitMsgEmpirical@f9cbbe0ef783abf3b9986595adb7cfd211404ca6
# metrics/B-Norm.py printed for the pair alone: `python B-Norm.py ref.msg < gen.msg`, one line in each file,
# the reference file without a final newline, which the script would otherwise score as one more empty pair)
BNORM_REFERENCE = [
    ("Fix the off-by-one in top()", "Fix the off-by-one in top()", 100.0),
    ("fix off by one in top", "Fix the off-by-one in top()", 23.148995839173896),
    ("Add README.md, update docs.", "Update the docs and add README.md", 48.109772909788084),
    ("", "Add a test for the parser", 0.24787521766663584),
    ("Add a test for the parser", "", 2.357778394613524e-76),
    ("", "", 100.0),
    ("Bump", "Bump version to 1.2.3", 3.0197383422318502),
    ("Refactor: split Config.load() into read/parse/validate", "Split Config.load() into read, parse and validate steps",
     57.575756362022545),
    ("UPDATE THE CHANGELOG!!!", "update the changelog", 39.76353643835254),
    ("Merge branch 'main' of github.com:x/y", "Merge branch 'main' into feature/x-1", 37.042233381243776),
    ("Use 3.14 instead of 3,14 in the docs; drop the 2-space indent", "Drop the 2-space indent and use 3.14 in the docs",
     52.54996516184553),
    ("Fix &quot;quoted&quot; <skipped> text", 'Fix "quoted" text', 11.731175160263998),
    ("Handle naïve café strings", "Handle naive cafe strings", 37.99178428257963),
]
BNORM_REFERENCE_CORPUS = 39.321602545782184  # the same script on all 13 pairs, one a line


@pytest.mark.parametrize("hypothesis,reference,expected", BNORM_REFERENCE)
def test_bnorm_bleu_matches_the_reference_implementation(hypothesis, reference, expected):
    assert math.isclose(bnorm_bleu(hypothesis, reference), expected, rel_tol=1e-12, abs_tol=1e-12)


def test_bnorm_bleu_corpus_is_the_mean_of_sentences():
    scores = [bnorm_bleu(h, r) for h, r, _ in BNORM_REFERENCE]
    assert math.isclose(sum(scores) / len(scores), BNORM_REFERENCE_CORPUS, rel_tol=1e-12)


def test_exact_match_ignores_only_the_ends():
    assert exact_match("  a\nb\n", "a\nb") == 1.0
    assert exact_match("a b", "a  b") == 0.0


def test_a_clearly_better_side_is_better_and_identical_sides_are_not():
    base = [10.0, 12.0, 11.0, 9.0, 10.5, 11.5, 10.0, 12.0]
    better = [v + 20 for v in base]
    assert compare(mean, base, better, True, 1000, 7)["verdict"] == BETTER
    assert compare(mean, better, base, True, 1000, 7)["verdict"] == WORSE
    assert compare(mean, base, better, False, 1000, 7)["verdict"] == WORSE  # lower is better: higher is worse
    same = compare(mean, base, list(base), True, 1000, 7)
    assert same["verdict"] == UNCLEAR and same["ci95"] == [0.0, 0.0] and same["delta"] == 0.0
    noisy = compare(mean, base, [v + d for v, d in zip(base, [3, -3, 2, -2, 1, -1, 2, -2])], True, 1000, 7)
    assert noisy["verdict"] == UNCLEAR, noisy
    assert compare(mean, [1.0], [50.0], True, 1000, 7)["verdict"] == UNCLEAR, "one sample decides nothing"


def test_the_bootstrap_is_deterministic_with_its_seed():
    base = [float(i % 5) for i in range(30)]
    adapter = [float((i * 7) % 6) for i in range(30)]
    first = paired_bootstrap(mean, base, adapter, 500, 3)
    assert first == paired_bootstrap(mean, base, adapter, 500, 3)
    assert first != paired_bootstrap(mean, base, adapter, 500, 4)


def test_overall_needs_better_perplexity_and_no_worse_generation():
    def m(verdict):
        return {"verdict": verdict}
    assert overall({"perplexity": m(BETTER), "edit.chrf": m(UNCLEAR)})["verdict"] == BETTER
    mixed = overall({"perplexity": m(BETTER), "edit.chrf": m(WORSE)})
    assert mixed["verdict"] == UNCLEAR and not mixed["beats_base"] and "edit.chrf" in mixed["reason"]
    assert overall({"perplexity": m(WORSE), "edit.chrf": m(BETTER)})["verdict"] == WORSE
    assert overall({"perplexity": m(UNCLEAR), "edit.chrf": m(BETTER)})["beats_base"] is False


def test_kinds_are_told_by_the_system_prompt_in_every_format(tmp_path):
    for fmt in ("chat", "alpaca", "completion"):
        folder = tmp_path / fmt
        folder.mkdir()
        lines = []
        for i, kind in enumerate(["edit", "commit_message", "review", "code"]):
            system, user, answer = SYSTEM_PROMPTS[kind], f"user {i}", f"answer {i}"
            lines.append({"chat": chat_record(system, user, answer), "alpaca": {"instruction": system, "input": user,
                          "output": answer}, "completion": {"prompt": f"{system}\n\n{user}", "completion": answer}}[fmt])
        lines.append({"chat": chat_record("Be helpful.", "hi", "hello"), "alpaca": {"instruction": "Be helpful.",
                      "input": "", "output": "hello"}, "completion": {"prompt": "hi", "completion": "hello"}}[fmt])
        (folder / "train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
        records = finetune_data.load(folder).splits["train"]
        assert [kind_of(r) for r in records] == ["edit", "commit_message", "review", "code", "other"], fmt


def chat_record(system, user, answer):
    return {"messages": [{"role": "system", "content": system}, {"role": "user", "content": user},
                         {"role": "assistant", "content": answer}]}


def test_the_system_prompts_are_the_harvests():
    source = HERE.parent.parent / "Sources" / "HarvestKit" / "PairTemplates.swift"
    if not source.is_file():
        pytest.skip("no Swift sources here (inside the training image)")
    text = source.read_text(encoding="utf-8")
    names = {"edit": "editSystem", "commit_message": "commitMessageSystem", "review": "reviewSystem", "code": "codeSystem"}
    for kind, name in names.items():
        found = re.search(rf'static let {name} =\s*"((?:[^"\\]|\\.)*)"', text)
        assert found, f"{name} not found in {source}"
        assert found.group(1) == SYSTEM_PROMPTS[kind], kind


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    return err[0]


def test_a_missing_adapter_is_one_line(run, tmp_path, capsys):
    args = evaluate_args(run, tmp_path / "e.json")
    args[args.index("--adapter") + 1] = str(tmp_path / "nothing")
    assert evaluate.main(args) == 2
    line = one_error_line(capsys)
    assert "--adapter" in line and "adapter_config.json" in line and str(tmp_path / "nothing") in line
    assert not (tmp_path / "e.json").exists()


def test_an_empty_split_is_one_line(run, tmp_path, capsys):
    dataset = write_dataset(tmp_path / "ds", {"train": 2, "valid": 0, "test": 0})
    args = evaluate_args(run, tmp_path / "e.json", "--split", "valid")
    args[args.index("--dataset") + 1] = str(dataset)
    assert evaluate.main(args) == 2
    line = one_error_line(capsys)
    assert str(dataset / "valid.jsonl") in line and "no records" in line


def test_an_unknown_split_is_one_line(run, tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        evaluate.main(evaluate_args(run, tmp_path / "e.json", "--split", "train"))
    assert stopped.value.code == 2
    line = one_error_line(capsys)
    assert "--split" in line and "'train'" in line


def test_a_missing_dataset_is_one_line(run, tmp_path, capsys):
    args = evaluate_args(run, tmp_path / "e.json")
    args[args.index("--dataset") + 1] = str(tmp_path / "none")
    assert evaluate.main(args) == 2
    assert "does not exist" in one_error_line(capsys)
