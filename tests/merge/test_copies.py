"""Tests of sitrep.merge.copies: near-duplicate documents found by MinHash signatures."""

from __future__ import annotations

import datetime
import os
import random
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.merge.copies import Copy, CopyIndex, DedupeSettings, Signature, signature

# Made-up reports. BASE and its variants are one article; RETOLD is the same event
# written by someone else, which must not count as a copy.
BASE = """Shelling kills four in Koreni market

KORENI, May 12 - Artillery shells struck the central market of Koreni on Sunday morning, killing four civilians and wounding at least eleven others, the regional health office said.

Witnesses said the first shell landed near the fish stalls shortly after nine o'clock, when the market was crowded with families buying food for the week. Two more shells hit a row of shops and a parked bus minutes later.

The provincial governor blamed the Northern Front militia, whose fighters have held the hills above the town since March. A spokesman for the militia denied any involvement and accused government troops of staging the attack.

Aid workers evacuated the wounded to the district hospital in Samar, where doctors said three patients remained in critical condition. Local officials closed the market until further notice.
"""

# Case, punctuation, quotes, accents and line breaks changed; not one word.
REFORMATTED = """SHELLING KILLS FOUR IN KORENI MARKET
KORENI (May 12) -- artillery shells struck the central market of Koreni on Sunday morning; killing four civilians and wounding at least eleven others, the regional health office said!
Witnesses said the first shell landed near the fish stalls shortly after nine o’clock,
when the market was crowded with families buying food for the week.   Two more shells hit a row of shops and a parked bus minutes later.
The provincial governor blamed the "Northern Front" militia, whose fighters have held the hills above the town since March... A spokesman for the militia denied any involvement and accused government troops of staging the attack.
Aid workers evacuated the wounded to the district hospital in Sâmar, where doctors said three patients remained in critical condition. Local officials closed the market until further notice.
"""

NEW_HEADLINE = (
    BASE.replace("Shelling kills four in Koreni market", "Koreni market attack: death toll rises")
    + "\nThis story has been updated with comment from the militia.\n"
)

RETOLD = """Four dead as artillery hits busy Koreni market

Four civilians died on Sunday when artillery fire hit the crowded central market in Koreni, health officials in the region said, and eleven or more people were hurt.

According to people at the scene, shells began falling at around 9 a.m. near stalls selling fish, then struck shops and a bus. Families had come to stock up on food.

The governor of the province accused the Northern Front, a militia that has controlled the surrounding hills since March. The group rejected the accusation and said the army had carried out the strike itself.

Three of the injured were in a critical state at Samar's district hospital, doctors there said. The market will stay closed for now.
"""

OTHER = """Police detain twenty protesters in Almeth

ALMETH, June 3 - Police detained at least twenty people on Monday after a march against rising fuel prices turned violent near the parliament building, the interior ministry said in a statement.

Protesters threw stones at officers guarding the main gate, and police responded with tear gas and water cannon, according to a photographer at the scene. Several shop windows along Freedom Avenue were broken.

Organisers of the march said their members had been peaceful and that plain-clothes men had started the clashes. The ministry said eight officers were treated for minor injuries.

Opposition leaders called for the release of all detainees and announced a second march for Friday.
"""

# A wire service's copy: the same text with its name in the dateline.
OTHER_WIRE = OTHER.replace("ALMETH, June 3 - ", "ALMETH, June 3 (Capital Wire) - ")

SHORT = "Shelling hit Koreni market on Sunday, killing four civilians, officials said."

DAY = datetime.date(2024, 5, 12)


def _copies_of(*docs: tuple[str, str, datetime.date | None]) -> list[Copy]:
    """copies() of an index holding these (doc_id, text, published) documents."""
    index = CopyIndex()
    for doc_id, text, published in docs:
        index.add(doc_id, signature(text), published=published)
    return index.copies()


@pytest.mark.parametrize(
    ("variant", "is_copy"),
    [
        pytest.param(BASE, True, id="identical"),
        pytest.param(REFORMATTED, True, id="reformatted"),
        pytest.param(NEW_HEADLINE, True, id="new-headline-and-extra-paragraph"),
        pytest.param(OTHER, False, id="unrelated-article"),
        pytest.param(RETOLD, False, id="same-event-written-differently"),
    ],
)
def test_copy_of_base_article(variant: str, is_copy: bool) -> None:
    copies = _copies_of(("base", BASE, DAY), ("variant", variant, DAY))
    assert [(c.doc_id, c.original) for c in copies] == ([("variant", "base")] if is_copy else [])


@pytest.mark.parametrize(
    ("variant", "low", "high"),
    [
        pytest.param(REFORMATTED, 1.0, 1.0, id="reformatted-is-the-same-text"),
        pytest.param(NEW_HEADLINE, 0.8, 0.95, id="new-headline"),
        pytest.param(RETOLD, 0.0, 0.1, id="retold"),
    ],
)
def test_similarity_to_base(variant: str, low: float, high: float) -> None:
    base, other = signature(BASE), signature(variant)
    assert base is not None
    assert other is not None
    assert low <= base.similarity(other) <= high
    assert base.similarity(other) == other.similarity(base)


@pytest.mark.parametrize(
    ("words", "has_signature"),
    [(1, False), (29, False), (30, True), (31, True)],
)
def test_min_words(words: int, has_signature: bool) -> None:
    text = " ".join([w for w in BASE.split() if w.isalpha()][:words])  # no "-" tokens
    assert (signature(text) is not None) is has_signature


def test_short_texts_are_never_copies() -> None:
    copies = _copies_of(("a", SHORT, DAY), ("b", SHORT, DAY), ("c", SHORT.upper(), None))
    assert copies == []


def test_short_text_is_counted_but_never_a_copy() -> None:
    index = CopyIndex()
    index.add("short", signature(SHORT))
    index.add("base", signature(BASE))
    index.add("copy", signature(REFORMATTED))
    assert len(index) == 3
    assert index.copies() == [Copy("copy", "base", 1.0)]


@pytest.mark.parametrize(
    ("dates", "original"),
    [
        pytest.param({"a": DAY, "b": DAY.replace(day=11)}, "b", id="earliest-date"),
        pytest.param({"a": DAY.replace(day=13), "b": DAY}, "b", id="earliest-date-other-way"),
        pytest.param({"a": DAY, "b": DAY}, "a", id="tie-smallest-id"),
        pytest.param({"a": None, "b": DAY}, "b", id="undated-is-latest"),
        pytest.param({"a": None, "b": None}, "a", id="both-undated-smallest-id"),
        pytest.param({"b": DAY, "a": None, "c": DAY}, "b", id="three-dated-tie"),
    ],
)
def test_original_is_earliest(dates: dict[str, datetime.date | None], original: str) -> None:
    texts = {"a": BASE, "b": REFORMATTED, "c": NEW_HEADLINE}
    copies = _copies_of(*((doc_id, texts[doc_id], day) for doc_id, day in dates.items()))
    assert {c.original for c in copies} == {original}
    assert sorted(c.doc_id for c in copies) == sorted(set(dates) - {original})


def test_copy_similarity_is_to_the_original_rounded() -> None:
    copies = _copies_of(
        ("base", BASE, DAY),
        ("update", NEW_HEADLINE, DAY.replace(day=13)),
        ("format", REFORMATTED, DAY),
    )
    base, update = signature(BASE), signature(NEW_HEADLINE)
    assert base is not None
    assert update is not None
    assert copies == [
        Copy("format", "base", 1.0),
        Copy("update", "base", round(update.similarity(base), 3)),
    ]


# The documents of the order test: one group of three copies (two tied on date),
# a retelling, a pair whose undated first version is not the original, and two
# identical short texts.
DOCS: list[tuple[str, str, datetime.date | None]] = [
    ("koreni-local", BASE, DAY),
    ("koreni-agency", REFORMATTED, DAY),
    ("koreni-update", NEW_HEADLINE, DAY.replace(day=13)),
    ("koreni-retold", RETOLD, DAY),
    ("almeth-first", OTHER, None),
    ("almeth-wire", OTHER_WIRE, datetime.date(2024, 6, 3)),
    ("brief-1", SHORT, DAY),
    ("brief-2", SHORT, DAY),
]
SIGNED = [(doc_id, signature(text), day) for doc_id, text, day in DOCS]


def test_expected_groups_of_docs() -> None:
    copies = _copies_of(*DOCS)
    assert [(c.doc_id, c.original) for c in copies] == [
        ("almeth-first", "almeth-wire"),
        ("koreni-local", "koreni-agency"),
        ("koreni-update", "koreni-agency"),
    ]


@settings(max_examples=60, deadline=None)
@given(st.permutations(SIGNED))
def test_order_of_adds_does_not_matter(
    docs: list[tuple[str, Signature | None, datetime.date | None]],
) -> None:
    index = CopyIndex()
    for doc_id, sig, day in docs:
        index.add(doc_id, sig, published=day)
    reference = CopyIndex()
    for doc_id, sig, day in SIGNED:
        reference.add(doc_id, sig, published=day)
    assert index.copies() == reference.copies()
    assert len(index) == len(DOCS)


def _brute_force(docs: list[tuple[str, Signature]], threshold: float) -> list[Copy]:
    """copies() by comparing every pair: the answer the LSH index must give."""
    group = {doc_id: {doc_id} for doc_id, _ in docs}
    for i, (a, sig_a) in enumerate(docs):
        for b, sig_b in docs[i + 1 :]:
            if sig_a.similarity(sig_b) >= threshold and group[a] is not group[b]:
                merged = group[a] | group[b]
                for doc_id in merged:
                    group[doc_id] = merged
    sigs = dict(docs)
    result = []
    for members in {id(g): g for g in group.values()}.values():
        original = min(members)
        result += [
            Copy(m, original, round(sigs[m].similarity(sigs[original]), 3))
            for m in members - {original}
        ]
    return sorted(result, key=lambda c: c.doc_id)


@st.composite
def _mutated_signatures(draw: st.DrawFn) -> list[tuple[str, Signature]]:
    """Signatures derived from a few random bases by changing up to 40 of 128 values."""
    bases = draw(
        st.lists(
            st.lists(st.integers(0, 2**32 - 1), min_size=128, max_size=128), min_size=1, max_size=3
        )
    )
    docs = []
    for n in range(draw(st.integers(2, 12))):
        values = list(draw(st.sampled_from(bases)))
        for position in draw(st.sets(st.integers(0, 127), max_size=40)):
            values[position] = draw(st.integers(0, 2**32 - 1))
        docs.append((f"d{n:02d}", Signature(tuple(values))))
    return docs


@settings(max_examples=80, deadline=None)
@given(_mutated_signatures(), st.randoms(use_true_random=False))
def test_index_matches_all_pairs(docs: list[tuple[str, Signature]], rnd: random.Random) -> None:
    shuffled = list(docs)
    rnd.shuffle(shuffled)
    index = CopyIndex()
    for doc_id, sig in shuffled:
        index.add(doc_id, sig)
    assert index.copies() == _brute_force(docs, DedupeSettings().threshold)


@pytest.mark.parametrize(
    ("changed", "is_copy"),
    [(0, True), (12, True), (25, True), (26, False), (64, False)],
)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_lsh_never_misses_a_pair_at_the_threshold(
    changed: int, is_copy: bool, data: st.DataObject
) -> None:
    # 103 of 128 equal values is 0.805, just above 0.8: LSH must offer the pair
    # wherever the 25 differences fall; 102 of 128 is below the threshold.
    first = tuple(range(1, 129))
    positions = data.draw(st.sets(st.integers(0, 127), min_size=changed, max_size=changed))
    second = tuple(v + 1000 if i in positions else v for i, v in enumerate(first))
    index = CopyIndex()
    index.add("a", Signature(first))
    index.add("b", Signature(second))
    assert (index.copies() == [Copy("b", "a", round((128 - changed) / 128, 3))]) is is_copy


def test_readding_the_same_document_is_a_no_op() -> None:
    index = CopyIndex()
    for doc_id, sig, day in SIGNED:
        index.add(doc_id, sig, published=day)
    before = index.copies()
    for doc_id, sig, day in SIGNED:
        index.add(doc_id, sig, published=day)
    assert len(index) == len(DOCS)
    assert index.copies() == before


@pytest.mark.parametrize(
    ("signature_text", "published"),
    [
        pytest.param(OTHER, DAY, id="other-signature"),
        pytest.param(BASE, DAY.replace(day=1), id="other-date"),
        pytest.param(SHORT, DAY, id="no-signature"),
    ],
)
def test_readding_with_other_data_is_an_error(
    signature_text: str, published: datetime.date
) -> None:
    index = CopyIndex()
    index.add("base", signature(BASE), published=DAY)
    with pytest.raises(ValueError, match="already added"):
        index.add("base", signature(signature_text), published=published)


@pytest.mark.parametrize(
    ("text", "num_perm"),
    [(BASE, 128), (OTHER, 128), (RETOLD, 16), (OTHER, 256)],
)
def test_signature_bytes_round_trip(text: str, num_perm: int) -> None:
    sig = signature(text, DedupeSettings(num_perm=num_perm))
    assert sig is not None
    assert len(sig.values) == num_perm
    data = sig.to_bytes()
    assert isinstance(data, bytes)
    assert len(data) == 1 + 4 * num_perm
    assert Signature.from_bytes(data) == sig


@pytest.mark.parametrize(
    "data",
    [b"", b"\x01", b"\x01abc", b"\x02" + bytes(512), b"\x01" + bytes(511)],
)
def test_signature_from_bad_bytes(data: bytes) -> None:
    with pytest.raises(ValueError, match="not a signature"):
        Signature.from_bytes(data)


def test_signature_of_another_length_cannot_be_added() -> None:
    index = CopyIndex()
    with pytest.raises(ValueError, match="values"):
        index.add("small", signature(BASE, DedupeSettings(num_perm=64)))


_PRINT_SIGNATURE = (
    "import sys; from sitrep.merge.copies import signature; "
    "print(signature(sys.stdin.read()).to_bytes().hex())"
)


def test_signature_is_the_same_in_every_process() -> None:
    outputs = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-c", _PRINT_SIGNATURE],
            input=BASE,
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outputs.add(done.stdout.strip())
    sig = signature(BASE)
    assert sig is not None
    assert outputs == {sig.to_bytes().hex()}


@pytest.mark.parametrize(
    "kwargs",
    [
        {"threshold": 0.0},
        {"threshold": 1.5},
        {"num_perm": 1},
        {"shingle": 0},
        {"min_words": 0},
    ],
)
def test_bad_settings(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="must be"):
        DedupeSettings(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("threshold", [0.5, 0.7, 0.9, 1.0])
def test_other_thresholds(threshold: float) -> None:
    # NEW_HEADLINE is about 0.85 similar to BASE: a copy below that threshold only.
    index = CopyIndex(DedupeSettings(threshold=threshold))
    index.add("base", signature(BASE), published=DAY)
    index.add("format", signature(REFORMATTED), published=DAY)
    index.add("update", signature(NEW_HEADLINE), published=DAY)
    copies = [c.doc_id for c in index.copies()]
    assert copies == (["format", "update"] if threshold < 0.85 else ["format"])
