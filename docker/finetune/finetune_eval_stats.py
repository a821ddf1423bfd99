"""Paired bootstrap confidence intervals over samples and the verdicts evaluate.py draws from them.

Each metric is a statistic of per-sample values for the base and for the adapter on the same
samples (a mean, or perplexity's exp(total NLL / total tokens)). A resample draws sample indices
with replacement, the same indices for both sides, and takes the difference adapter - base; the 95%
interval is the 2.5th to 97.5th percentile of those differences. Standard library only."""

import math
import random
import statistics

BETTER, WORSE, UNCLEAR = "better", "worse", "no clear difference"
CONFIDENCE = 0.95


def paired_bootstrap(statistic, base, adapter, resamples: int, seed: int) -> tuple[float, float]:
    """The 95% interval of statistic(adapter, idx) - statistic(base, idx) over seeded resamples."""
    n = len(base)
    rng = random.Random(seed)
    deltas = []
    for _ in range(resamples):
        idx = [rng.randrange(n) for _ in range(n)]
        deltas.append(statistic(adapter, idx) - statistic(base, idx))
    if len(deltas) == 1:
        return deltas[0], deltas[0]
    cuts = statistics.quantiles(deltas, n=40, method="inclusive")  # every 2.5%
    return cuts[0], cuts[-1]


def verdict(low: float, high: float, higher_is_better: bool, samples: int) -> str:
    """better or worse when the interval excludes 0 on that side; one sample decides nothing."""
    if samples < 2:
        return UNCLEAR
    if low > 0:
        return BETTER if higher_is_better else WORSE
    if high < 0:
        return WORSE if higher_is_better else BETTER
    return UNCLEAR


def mean(values, idx) -> float:
    return sum(values[i] for i in idx) / len(idx)


def corpus_perplexity(pairs, idx) -> float:
    """pairs[i] = (nll, tokens) of sample i; exp of the token-weighted mean NLL."""
    nll = sum(pairs[i][0] for i in idx)
    tokens = sum(pairs[i][1] for i in idx)
    return math.exp(nll / tokens)


def compare(statistic, base, adapter, higher_is_better: bool, resamples: int, seed: int) -> dict:
    """A metric's base and adapter values, delta, interval and verdict."""
    every = range(len(base))
    base_value, adapter_value = statistic(base, every), statistic(adapter, every)
    low, high = paired_bootstrap(statistic, base, adapter, resamples, seed)
    return {"base": base_value, "adapter": adapter_value, "delta": adapter_value - base_value,
            "ci95": [low, high], "verdict": verdict(low, high, higher_is_better, len(base)),
            "better_when": "higher" if higher_is_better else "lower", "samples": len(base)}


def overall(metrics: dict) -> dict:
    """better only when perplexity is better and no generation metric is worse; worse when
    perplexity is worse; otherwise no clear difference. The reason says which metrics decided."""
    ppl = metrics["perplexity"]["verdict"]
    worse = sorted(name for name, m in metrics.items() if name != "perplexity" and m["verdict"] == WORSE)
    if ppl == BETTER and not worse:
        return {"verdict": BETTER, "beats_base": True,
                "reason": "perplexity is lower and no generation metric is worse"}
    if ppl == WORSE:
        result, reason = WORSE, "perplexity is higher"
    elif ppl == BETTER:
        result, reason = UNCLEAR, f"perplexity is lower but {', '.join(worse)} worse"
    else:
        result, reason = UNCLEAR, "perplexity shows no clear difference"
    if worse and ppl != BETTER:
        reason += f"; worse: {', '.join(worse)}"
    return {"verdict": result, "beats_base": False, "reason": reason}
