"""Which part of a plan a passage is about, read from its words: a small statistical reader.

The rules in `topics.py` find a part by the names schools give it. Where a school gives a part a
name we do not know ('Alongside the shorter days: ELSA twice weekly; Lego therapy ...'), the
words of what is written still say what it is. This is a multinomial naive Bayes over words and
word pairs, one class per part of the plan the guidance asks for and one for everything else
(pupil details, hours, background ...). It is trained by `scripts/train_topic_model.py`
(reproducible: fixed inputs, sorted output) and ships as `data/topic_model.json`; the training
data and its provenance are written down in that script.

It is used for one thing only: a part the rules did not find, while a passage of the plan reads
like it, is asked about rather than claimed missing. It never decides that a part is there.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

OTHER = "other"
_WORD = re.compile(r"[a-z][a-z'’-]+")
_STOP = frozenset(
    ["a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "by", "for", "with", "will", "be", "is", "are", "was", "were", "we", "our", "his", "her", "their", "he", "she", "they", "it", "its", "this", "that", "as", "from", "have", "has", "had", "do", "does", "not", "but", "if", "so", "than", "then", "there", "these", "those", "who", "which", "what", "when", "where", "how", "all", "any", "each", "per", "also", "can", "would", "should", "may"]
)


def features(text: str) -> list[str]:
    """Words (lower case, no stop words) and pairs of neighbouring words."""
    words = [w for w in _WORD.findall(text.lower()) if w not in _STOP]
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


@dataclass(frozen=True)
class TopicModel:
    log_prior: dict[str, float]
    log_likelihood: dict[str, dict[str, float]]
    log_unseen: dict[str, float]

    def mean_log_odds(self, feats: list[str], cls: str) -> float:
        """How much more each feature speaks for the class than for 'other', on average: the
        posterior alone is overconfident on long passages (naive Bayes multiplies evidence)."""
        if not feats:
            return 0.0
        ours, theirs = self.log_likelihood[cls], self.log_likelihood[OTHER]
        return sum(
            ours.get(f, self.log_unseen[cls]) - theirs.get(f, self.log_unseen[OTHER]) for f in feats
        ) / len(feats)

    def posterior(self, text: str) -> dict[str, float]:
        """P(class | text) over the classes; an empty text gives the prior."""
        return self.posterior_of(features(text))

    def posterior_of(self, feats: list[str]) -> dict[str, float]:
        scores = dict(self.log_prior)
        for feature in feats:
            for cls in scores:
                scores[cls] += self.log_likelihood[cls].get(feature, self.log_unseen[cls])
        top = max(scores.values())
        exp = {cls: math.exp(s - top) for cls, s in scores.items()}
        total = sum(exp.values())
        return {cls: v / total for cls, v in exp.items()}


def build_model(counts: dict[str, dict[str, int]], docs: dict[str, int], alpha: float = 0.5) -> TopicModel:
    """The model from feature counts per class and the number of passages per class."""
    vocabulary = {f for per_class in counts.values() for f in per_class}
    n_docs = sum(docs.values())
    log_prior = {cls: math.log(docs[cls] / n_docs) for cls in counts}
    log_likelihood: dict[str, dict[str, float]] = {}
    log_unseen: dict[str, float] = {}
    for cls, per_class in counts.items():
        denominator = sum(per_class.values()) + alpha * (len(vocabulary) + 1)
        log_likelihood[cls] = {f: math.log((c + alpha) / denominator) for f, c in per_class.items()}
        log_unseen[cls] = math.log(alpha / denominator)
    return TopicModel(log_prior, log_likelihood, log_unseen)


@cache
def shipped_model() -> TopicModel:
    """The model trained by `scripts/train_topic_model.py`, loaded once."""
    raw = resources.files("parsers.extract").joinpath("data/topic_model.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    return build_model(data["counts"], data["docs"], data["alpha"])


_MIN_WORDS = 6
_SURE_ENOUGH = 0.99
_MIN_LOG_ODDS = 1.0
"""Chosen on blind set 6's tuning part and the training sets: every part there that a passage
read like was in the plan, and no part truly missing was read into a passage."""


def reading(text: str, model: TopicModel | None = None) -> str | None:
    """The part of the plan the passage reads like, or None: the model's first class, with at
    least 0.99 of the probability and a mean log-odds against 'other' of at least 1, on a passage
    of at least six words that are not stop words ('other' itself is no part)."""
    if sum(1 for w in _WORD.findall(text.lower()) if w not in _STOP) < _MIN_WORDS:
        return None  # a label or a question alone, not a passage
    model = model or shipped_model()
    feats = features(text)
    posterior = model.posterior_of(feats)
    best = max(posterior, key=lambda cls: posterior[cls])
    sure = posterior[best] >= _SURE_ENOUGH and model.mean_log_odds(feats, best) >= _MIN_LOG_ODDS
    return best if sure and best != OTHER else None


def reads_like(text: str, topic: str, model: TopicModel | None = None) -> bool:
    """The passage reads like that part of the plan (`reading`)."""
    return reading(text, model) == topic
