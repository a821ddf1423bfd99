"""One evaluation: both sides' NLL and generations for every sample, the metrics with their
intervals and verdicts, and eval.json (schema in docs/finetune.md, "eval.json")."""

import platform
import sys
import time
import warnings

import peft
import sacrebleu
import torch
import transformers
import trl

import finetune_eval_model as em
from finetune_eval_kinds import answer_of
from finetune_eval_metrics import Chrf, scorers
from finetune_eval_stats import compare, corpus_perplexity, mean, overall
from finetune_run import quiet_when_logged, write_json

SCHEMA = 1
BNORM_SOURCE = "DeepSoftwareAnalytics/CommitMsgEmpirical@f9cbbe0ef783abf3b9986595adb7cfd211404ca6 metrics/B-Norm.py"


def every(n: int) -> int:
    return max(1, n // 10)


def score_samples(args, models, prepared, records, kinds, chrf, log) -> list:
    """Per sample: its kind, answer tokens, NLL and generation scores on each side."""
    config = em.generation_config(models, args.max_new_tokens)
    rows = []
    for done, sample in enumerate(prepared, start=1):
        i = sample["index"]
        row = {"index": i, "kind": kinds[i], "nll": {}, "generated_tokens": {}, "scores": {}}
        for side in ("base", "adapter"):
            transformers.set_seed(args.seed)
            if side == "base":
                with models.base():
                    total, tokens = em.nll(models.model, sample, models.device)
                    text, length = em.generate(models.model, models, sample, config)
            else:
                total, tokens = em.nll(models.model, sample, models.device)
                text, length = em.generate(models.model, models, sample, config)
            reference = answer_of(records[i])
            row["nll"][side], row["tokens"] = total, tokens
            row["generated_tokens"][side] = length
            row["scores"][side] = {name: score(text, reference) for name, score in scorers(kinds[i], chrf).items()}
        rows.append(row)
        if done % every(len(prepared)) == 0 or done == len(prepared):
            log(f"scored {done}/{len(prepared)} samples")
    return rows


def metrics(rows: list, resamples: int, seed: int) -> dict:
    out = {"perplexity": compare(corpus_perplexity, [(r["nll"]["base"], r["tokens"]) for r in rows],
                                 [(r["nll"]["adapter"], r["tokens"]) for r in rows], False, resamples, seed)}
    out["perplexity"]["tokens"] = sum(r["tokens"] for r in rows)
    for kind in sorted({r["kind"] for r in rows}):
        mine = [r for r in rows if r["kind"] == kind]
        for name in sorted(mine[0]["scores"]["base"]):
            out[f"{kind}.{name}"] = compare(mean, [r["scores"]["base"][name] for r in mine],
                                            [r["scores"]["adapter"][name] for r in mine], True, resamples, seed)
    return out


def versions() -> dict:
    return {"python": platform.python_version(), "torch": torch.__version__, "transformers": transformers.__version__,
            "peft": peft.__version__, "trl": trl.__version__, "sacrebleu": sacrebleu.__version__}


def report(args, dataset, rows, chosen, split_records, models, chrf, started) -> dict:
    found = metrics(rows, args.bootstrap, args.seed)
    by_kind = {}
    for row in rows:
        by_kind[row["kind"]] = by_kind.get(row["kind"], 0) + 1
    return {
        "schema": SCHEMA,
        "dataset": str(args.dataset), "base_model": args.base_model, "adapter": str(args.adapter),
        "format": dataset.format,
        "settings": {"split": args.split, "max_samples": args.max_samples, "max_new_tokens": args.max_new_tokens,
                     "max_length": args.max_length, "seed": args.seed, "bootstrap": args.bootstrap,
                     "confidence": 0.95},
        "records": {"split": split_records, "chosen": len(chosen), "evaluated": len(rows),
                    "dropped": len(chosen) - len(rows), "by_kind": by_kind},
        "metrics": found,
        "overall": overall(found),
        "samples": [{"line": chosen[r["index"]] + 1, "kind": r["kind"], "tokens": r["tokens"], "nll": r["nll"],
                     "generated_tokens": r["generated_tokens"], "scores": r["scores"]} for r in rows],
        "metric_sources": {"chrf": chrf.signature(), "bnorm_bleu": BNORM_SOURCE},
        "device": "cuda" if models.prec.cuda else "cpu", "precision": models.prec.name,
        "versions": versions(),
        "seconds": round(time.monotonic() - started, 3),
    }


def run(args, dataset, records, chosen, kinds, split_records, started, log) -> int:
    quiet_when_logged()
    log(f"{len(records)} of {split_records} {args.split} records "
        f"({', '.join(f'{k} {kinds.count(k)}' for k in sorted(set(kinds)))}); base {args.base_model}")
    try:
        models = em.Models(args.base_model, str(args.adapter), dataset.format == "chat", log)
    except OSError as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        print(f"evaluate.py: error: cannot load the base model {args.base_model}: {first} "
              "(pass the run's base model: a local folder, or a Hub id with network access)", file=sys.stderr)
        return 2
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=FutureWarning)  # transformers on PEFT's renamed attributes
        prepared = em.prepare(models, records, dataset.layout, args.max_length)
        if not prepared:
            print(f"evaluate.py: error: every chosen {args.split} record's prompt fills --max-length "
                  f"{args.max_length} tokens; raise --max-length", file=sys.stderr)
            return 2
        if len(prepared) < len(records):
            log(f"{len(records) - len(prepared)} records left out: the prompt fills --max-length {args.max_length}")
        models.attach_adapter()
        chrf = Chrf()
        rows = score_samples(args, models, prepared, records, kinds, chrf, log)
    summary = report(args, dataset, rows, chosen, split_records, models, chrf, started)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    write_json(args.output, summary)
    ppl = summary["metrics"]["perplexity"]
    log(f"perplexity {ppl['base']:.3f} -> {ppl['adapter']:.3f} ({ppl['verdict']}); overall "
        f"{summary['overall']['verdict']}: {summary['overall']['reason']}")
    print(args.output)
    return 0
