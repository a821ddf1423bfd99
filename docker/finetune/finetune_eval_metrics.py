"""The per-sample scores evaluate.py gives a generated answer against the record's answer:
B-Norm BLEU for commit messages, chrF for every kind, exact match for edits.

B-Norm is the sentence-BLEU variant Tao et al. (ICSME'21, EMSE'22) found closest to human judgement
of commit messages, as DeepSoftwareAnalytics/CommitMsgEmpirical metrics/B-Norm.py computes it:
lowercase, split punctuation, then the Moses/NIST normalization, sentence BLEU-4 with +1 smoothing
for n > 1 and the brevity penalty exp(min(0, 1 - (r + 1) / (c + 1))), averaged over samples. The
script reads one message a line; here a multi-line message is scored whole (splitting keeps no
line breaks, so the lines simply run on). Standard library only, apart from sacrebleu's chrF."""

import math
import re
import sys
import xml.sax.saxutils

N = 4  # BLEU-4
TINY = sys.float_info.min  # the reference adds it inside every log, so log(0) never raises

_SPLIT = re.compile(r"[\w]+|[^\s\w]")
_NORMALIZE1 = [(re.compile(p), r) for p, r in (("<skipped>", ""), (r"-\n", ""), (r"\n", " "))]
# NIST mteval-v11a's tokenization, as in the reference (the apostrophe is left attached).
_NORMALIZE2 = [(re.compile(p), r) for p, r in (
    (r"([\{-\~\[-\` -\&\(-\+\:-\@\/])", r" \1 "),
    (r"([^0-9])([\.,])", r"\1 \2 "),
    (r"([\.,])([^0-9])", r" \1 \2"),
    (r"([0-9])(-)", r"\1 \2 "),
)]


def split_puncts(text: str) -> str:
    """Words and single punctuation characters, space-separated."""
    return " ".join(_SPLIT.findall(text))


def nist_tokens(text: str) -> list:
    for pattern, replace in _NORMALIZE1:
        text = pattern.sub(replace, text)
    text = xml.sax.saxutils.unescape(text, {"&quot;": '"'})
    text = f" {text} ".lower()
    for pattern, replace in _NORMALIZE2:
        text = pattern.sub(replace, text)
    return text.split()


def ngram_counts(words: list) -> dict:
    counts = {}
    for k in range(1, N + 1):
        for i in range(len(words) - k + 1):
            gram = tuple(words[i:i + k])
            counts[gram] = counts.get(gram, 0) + 1
    return counts


def bnorm_bleu(hypothesis: str, reference: str) -> float:
    """One sample's B-Norm BLEU, 0 to 100 (the corpus value is the mean over samples)."""
    hyp = nist_tokens(split_puncts(hypothesis.strip().lower()))
    ref = nist_tokens(split_puncts(reference.strip().lower()))
    ref_counts = ngram_counts(ref)
    correct = [0] * N
    for gram, count in ngram_counts(hyp).items():
        correct[len(gram) - 1] += min(ref_counts.get(gram, 0), count)
    log_bleu = 0.0
    for k in range(N):
        guess = max(len(hyp) - k, 0)
        smooth = 1 if k > 0 else 0
        log_bleu += math.log(correct[k] + smooth + TINY) - math.log(guess + smooth + TINY)
    brevity = min(0.0, 1 - (len(ref) + 1) / (len(hyp) + 1))
    return 100.0 * math.exp(log_bleu / N + brevity)


def exact_match(hypothesis: str, reference: str) -> float:
    """1.0 when the answer is the reference, leading and trailing whitespace aside; else 0.0."""
    return 1.0 if hypothesis.strip() == reference.strip() else 0.0


class Chrf:
    """sacrebleu's chrF (character 6-grams, beta 2, no word n-grams), one sentence at a time."""

    def __init__(self):
        from sacrebleu.metrics import CHRF

        self.metric = CHRF()

    def __call__(self, hypothesis: str, reference: str) -> float:
        return self.metric.sentence_score(hypothesis.strip(), [reference.strip()]).score

    def signature(self) -> str:
        """sacrebleu's signature of the settings (known once a sentence has been scored)."""
        return str(self.metric.get_signature())


# What each kind is scored with besides chrF; kinds not named here get chrF alone.
EXTRA = {"commit_message": {"bnorm_bleu": bnorm_bleu}, "edit": {"exact_match": exact_match}}


def scorers(kind: str, chrf: Chrf) -> dict:
    """The metric names and functions (hypothesis, reference) -> float for a kind, all higher-better."""
    return {**EXTRA.get(kind, {}), "chrf": chrf}
