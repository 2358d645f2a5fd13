"""The shared scoring core: tallies, head words and one-to-one matching."""

from __future__ import annotations

import pytest

from sitrep.evaluation.core import Tally, head_word, heads_match, macro_f1, match_sets


@pytest.mark.parametrize(
    ("phrase", "head"),
    [
        ("the Kenyan troops", "troops"),
        ("COLUMN OF SHINING PATH TERRORISTS", "column"),  # the head comes before "of"
        ("members of the armed forces", "members"),
        ("Tupac Amaru", "amaru"),
        ("", ""),
    ],
)
def test_head_word(phrase: str, head: str) -> None:
    assert head_word(phrase) == head


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        (["Kenyan troops"], ["troops"], (1, 0, 0)),
        (["troops", "police"], ["troops"], (1, 1, 0)),
        ([], ["troops"], (0, 0, 1)),
        (["the column"], ["column of Shining Path terrorists"], (1, 0, 0)),
    ],
)
def test_match_sets_is_one_to_one(
    predicted: list[str], gold: list[str], expected: tuple[int, int, int]
) -> None:
    assert match_sets(predicted, gold, same=heads_match) == expected


def test_tally_and_macro_f1() -> None:
    tally = Tally()
    tally.add(tp=2, fp=1, fn=1)
    assert (round(tally.precision, 3), round(tally.recall, 3), round(tally.f1, 3)) == (
        0.667,
        0.667,
        0.667,
    )
    pairs = [("A", "A"), ("A", "B"), ("B", "B")]
    assert macro_f1(pairs, ["A", "B"]) == pytest.approx((2 / 3 + 2 / 3) / 2)
