"""Fit the weights of `sitrep.merge.relation.documents_score` on half of the GVA incidents.

Not a test: run it by hand (`python bench/merge_weights.py`) when the terms of
`documents_score` change, and copy the fitted figures into `MergeSettings` with
the table into docs/benchmarks.md.

Every GVA article is run through the pipeline (`sitrep.evaluation.gva`); every
pair of events of *different* articles that could be merged (`merge.linking.candidates`
passing `merge.relation.passes_hard_rules`) is a training example, labelled by whether
the two articles report the same incident (`incident_uri`), with the terms of
`merge.relation.document_terms` as features. The incidents are split in two by a hash of
their URI: a logistic regression (Newton's method, no regularisation) is fit on
the pairs whose articles both belong to the first half, and turned into the
settings' form: with `z` the log-odds of `--probability`, `context_full` is
(z - bias) / weight of the cosine and every other weight is divided by
(z - bias), so that `documents_score >= 1` exactly when the fitted probability
is at least `--probability`. Both the current settings and the fitted ones are
then scored (B-cubed, as `sitrep eval gva_merge`) on the articles of the
*other* half alone, which the fit never saw.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from sitrep.config import Settings
from sitrep.evaluation.gva import Article, read_and_run
from sitrep.evaluation.gva_merge import article_clusters, bcubed
from sitrep.merge import MergeSettings, Profile, candidates, document_names, merge_events
from sitrep.merge.relation import document_terms, passes_hard_rules
from sitrep.model import Analysis, Result

GVA = Path(__file__).resolve().parents[2] / "shared" / "data" / "gva"
TERMS = ("context", "title", "names", "day", "place")


def first_half(uri: str) -> bool:
    """Whether an incident is in the half the weights are fit on (a stable hash)."""
    return int(hashlib.sha1(uri.encode("utf-8")).hexdigest(), 16) % 2 == 0


def training_pairs(
    articles: Sequence[Article], results: Sequence[Result], settings: MergeSettings
) -> tuple[np.ndarray, np.ndarray]:
    """Features (bias first, then `TERMS`) and labels of the first half's pairs."""
    gold = {a.doc_id: a.incident_uri for a in articles}
    names = {a.doc_id: document_names(a.content, a.title) for a in articles}
    events = [
        e
        for r in results
        if isinstance(r, Analysis) and first_half(gold[r.document.id])
        for e in r.events
    ]
    profiles = [Profile.of(e, settings, names[e.doc_id]) for e in events]
    rows: list[list[float]] = []
    labels: list[float] = []
    for i, j in sorted(candidates(profiles)):
        a, b = profiles[i], profiles[j]
        if a.doc_id == b.doc_id or not passes_hard_rules(a, b, settings):
            continue
        rows.append([1.0, *(float(t) for t in document_terms(a, b))])
        labels.append(float(gold[a.doc_id] == gold[b.doc_id]))
    return np.array(rows), np.array(labels)


def fit_logistic(x: np.ndarray, y: np.ndarray, rounds: int = 25) -> np.ndarray:
    """Maximum-likelihood logistic regression by Newton's method (deterministic)."""
    weights = np.zeros(x.shape[1])
    for _ in range(rounds):
        p = 1.0 / (1.0 + np.exp(-(x @ weights)))
        gradient = x.T @ (y - p)
        hessian = (x * (p * (1 - p))[:, None]).T @ x
        weights += np.linalg.solve(hessian + 1e-9 * np.eye(len(weights)), gradient)
    return weights


def as_settings(weights: np.ndarray, probability: float) -> MergeSettings:
    """The fitted weights in `MergeSettings` form (see the module docstring)."""
    bias, context, title, names, day, place = (float(w) for w in weights)
    scale = math.log(probability / (1 - probability)) - bias
    return dataclasses.replace(
        MergeSettings(),
        context_full=round(scale / context, 3),
        documents_title=round(title / scale, 3),
        documents_names=round(names / scale, 3),
        documents_day=round(day / scale, 3),
        documents_place=round(place / scale, 3),
    )


def held_out_bcubed(
    articles: Sequence[Article], results: Sequence[Result], settings: MergeSettings
) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 on the second half's articles alone."""
    kept = [
        (a, r) for a, r in zip(articles, results, strict=True) if not first_half(a.incident_uri)
    ]
    names = {a.doc_id: document_names(a.content, a.title) for a, _ in kept}
    events = [e for _, r in kept if isinstance(r, Analysis) for e in r.events]
    merged = merge_events(events, context=names, settings=settings)
    clusters = article_clusters([a for a, _ in kept], [r for _, r in kept], merged)
    p, r = bcubed(clusters, {a.doc_id: a.incident_uri for a, _ in kept})
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument(
        "--probability",
        type=float,
        default=0.8,
        help="fitted probability of one incident at which documents_score is 1",
    )
    args = parser.parse_args()
    _, articles, results = read_and_run(GVA, args.limit, Settings())
    current = MergeSettings()
    x, y = training_pairs(articles, results, current)
    weights = fit_logistic(x, y)
    fitted = as_settings(weights, args.probability)
    print(f"training pairs: {len(y)} ({int(y.sum())} of one incident)")
    print("logistic weights: " + ", ".join(
        f"{n} {w:.3f}" for n, w in zip(("bias", *TERMS), weights, strict=True)))  # fmt: skip
    print("| settings | context_full | title | names | day | place | P | R | F1 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, chosen in (("current", current), ("fitted", fitted)):
        p, r, f1 = held_out_bcubed(articles, results, chosen)
        print(
            f"| {label} | {chosen.context_full} | {chosen.documents_title} | "
            f"{chosen.documents_names} | {chosen.documents_day} | {chosen.documents_place} | "
            f"{p:.3f} | {r:.3f} | {f1:.3f} |"
        )


if __name__ == "__main__":
    main()
