"""The cleaning stage: passages with roles and voices, datelines, repeats, rejection."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.ingest.clean import Cleaner, split_passages
from sitrep.model import Analysis, Dateline, Document, Rejected, Span

Row = tuple[str, str, str, str | None]  # kind, text, voice kind, speaker

BODY = "Taliban fighters attacked a police post in Kandahar on Monday, officials said."
LONG = (
    "Government forces shelled the northern district overnight, killing at least "
    "twelve civilians, according to local elders."
)


def rows(text: str) -> list[Row]:
    """Every passage as (kind, its text, voice kind, speaker)."""
    passages, _ = split_passages(text)
    return [(p.kind, text[p.start : p.end], p.voice.kind, p.voice.speaker) for p in passages]


def in_order(expected: list[Row], actual: list[Row]) -> bool:
    """Whether `expected` appears in `actual` in the same order (gaps allowed)."""
    it = iter(actual)
    return all(row in it for row in expected)


# ------------------------------------------------------------------ furniture

FURNITURE_LINES = [
    "No comments:",
    "Post a Comment",
    "Leave a reply",
    "Leave a Reply Cancel reply",
    "Share this:",
    "Share on Facebook",
    "Share on Twitter",
    "Share on X",
    "Tweet",
    "Subscribe to our newsletter",
    "Sign up for our newsletter",
    "This site uses cookies to improve your experience.",
    "We use cookies to personalise content",
    "Accept cookies",
    "Related: Taliban seize second district",
    "Read more: Fighting spreads to the north",
    "Read also",
    "Follow us on Telegram",
    "Click here to donate",
    "Advertisement",
    "© 2024 The Daily Herald",
    "All rights reserved",
    "Tags: Afghanistan, Taliban",
    "Labels: war, news",
    "Posted by Admin at 10:30 AM",
    "1:11 Brain-dead Vacaville toddler leaves U.S. for treatment, attorney says",
    "0:43 Homeless man found dead in Parkland; suspect arrested Pause",
    "12 comments",
    "Email This",
    "Print",
    "SHARE THIS:",
    "---",
    "* * *",
]


@pytest.mark.parametrize("line", FURNITURE_LINES)
def test_furniture_lines(line: str) -> None:
    passages, _ = split_passages(f"{BODY}\n\n{line}\n")
    assert [p.kind for p in passages] == ["body", "furniture"]
    assert passages[1].note  # says which rule


@pytest.mark.parametrize(
    "text",
    [
        "Residents share their fears as fighting reaches the city outskirts, and many say they will leave soon.",
        "Share prices fell in Kabul as the Taliban advanced.",
        "Print media reported that twelve people were killed.",
        "10:30 a.m. Police arrived at the scene of the shooting.",
    ],
)
def test_sentences_mentioning_furniture_words_stay_body(text: str) -> None:
    assert rows(text) == [("body", text, "author", None)]


def test_furniture_line_inside_a_paragraph_is_split_off() -> None:
    text = f"{BODY}\nShare this:\nTweet"
    assert [r[:2] for r in rows(text)] == [
        ("body", BODY),
        ("furniture", "Share this:"),
        ("furniture", "Tweet"),
    ]


# ------------------------------------------------------------------ bylines


@pytest.mark.parametrize(
    ("byline", "speaker"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("By Jane Doe and John Roe", "Jane Doe and John Roe"),
        ("By Jane Doe, Reuters", "Jane Doe"),
        ("BY Ahmad Shah Massoud", "Ahmad Shah Massoud"),
    ],
)
def test_bylines_at_the_top_are_the_author(byline: str, speaker: str) -> None:
    text = f"Taliban seize district\n{byline}\n\n{BODY}"
    assert rows(text) == [
        ("headline", "Taliban seize district", "author", None),
        ("byline", byline, "author", speaker),
        ("body", BODY, "author", None),
    ]


def test_by_in_a_sentence_is_not_a_byline() -> None:
    text = "By nightfall the army had retreated from the town."
    assert rows(text) == [("body", text, "author", None)]


# ------------------------------------------------------------------ datelines


@pytest.mark.parametrize(
    ("prefix", "dateline_text", "place", "date", "outlet"),
    [
        (
            "KABUL, March 3 (Reuters) - ",
            "KABUL, March 3 (Reuters) -",
            "KABUL",
            "March 3",
            "Reuters",
        ),
        ("MOGADISHU, Somalia (AP) — ", "MOGADISHU, Somalia (AP) —", "MOGADISHU", None, "AP"),
        ("BEIRUT — ", "BEIRUT —", "BEIRUT", None, None),
        (
            "Kandahar, Afghanistan, 3 March: ",
            "Kandahar, Afghanistan, 3 March:",
            "Kandahar",
            "3 March",
            None,
        ),
        (
            "NEW YORK, Jan. 5, 2024 (AFP) -- ",
            "NEW YORK, Jan. 5, 2024 (AFP) --",
            "NEW YORK",
            "Jan. 5, 2024",
            "AFP",
        ),
        (
            "SAN SALVADOR, 3 JAN 90 -- ",
            "SAN SALVADOR, 3 JAN 90 --",
            "SAN SALVADOR",
            "3 JAN 90",
            None,
        ),
        (
            "GOMA, Democratic Republic of Congo, January 22, 2024 (Reuters) - ",
            "GOMA, Democratic Republic of Congo, January 22, 2024 (Reuters) -",
            "GOMA",
            "January 22, 2024",
            "Reuters",
        ),
    ],
)
def test_datelines(
    prefix: str, dateline_text: str, place: str, date: str | None, outlet: str | None
) -> None:
    text = f"By Jane Doe\n\n{prefix}{BODY}"
    _, dateline = split_passages(text)
    assert rows(text)[1:] == [
        ("dateline", dateline_text, "author", None),
        ("body", BODY, "author", None),
    ]
    assert dateline is not None
    assert dateline.place is not None
    assert dateline.place.text == place
    assert text[dateline.place.start : dateline.place.end] == place
    assert (dateline.date_text.text if dateline.date_text else None) == date
    if dateline.date_text:
        assert text[dateline.date_text.start : dateline.date_text.end] == date
    assert dateline.outlet == outlet


def test_dateline_spans_are_offsets() -> None:
    _, dateline = split_passages("KABUL, March 3 (Reuters) - Fighting broke out.")
    assert dateline == Dateline(Span(0, 5, "KABUL"), Span(7, 14, "March 3"), "Reuters")


@pytest.mark.parametrize(
    "text",
    [
        "Update: the army retreated from the town.",
        "Meanwhile - the army retreated from the town.",
        "The army retreated from the town - officials said.",
    ],
)
def test_no_dateline(text: str) -> None:
    passages, dateline = split_passages(text)
    assert dateline is None
    assert [p.kind for p in passages] == ["body"]


# ------------------------------------------------------------------ quotes

ARTICLE = f"""{BODY}

By John Roe

Soldiers fired on the crowd, witnesses told the paper.

Three people died in hospital later that day.

---

{LONG}"""


def test_quoted_article_after_a_byline() -> None:
    assert rows(ARTICLE) == [
        ("body", BODY, "author", None),
        ("byline", "By John Roe", "quoted", "John Roe"),
        ("quote", "Soldiers fired on the crowd, witnesses told the paper.", "quoted", "John Roe"),
        ("quote", "Three people died in hospital later that day.", "quoted", "John Roe"),
        ("furniture", "---", "author", None),
        ("body", LONG, "author", None),
    ]


def test_quoted_article_runs_to_the_end_without_separator() -> None:
    text = f"{BODY}\n\nBy John Roe, Herald\n\nSoldiers fired.\n\nEnd of story."
    assert rows(text)[-2:] == [
        ("quote", "Soldiers fired.", "quoted", "John Roe"),
        ("quote", "End of story.", "quoted", "John Roe"),
    ]


@pytest.mark.parametrize(
    ("intro", "quoted", "speaker"),
    [
        (
            "As Jane Doe wrote in the Herald:",
            '"The army has lost control of the north."',
            "Jane Doe",
        ),
        ("Jane Doe writes:", "“The army has lost control of the north,” she adds.", "Jane Doe"),
        ("Yesterday the analyst Omar Khan said:", '"We expect more attacks."', "Omar Khan"),
        ("Jane Doe writes:", "> The army has lost control.\n> It will not return.", "Jane Doe"),
    ],
)
def test_quote_after_a_writer_intro(intro: str, quoted: str, speaker: str) -> None:
    text = f"{BODY}\n\n{intro}\n\n{quoted}\n\n{LONG}"
    assert rows(text) == [
        ("body", BODY, "author", None),
        ("body", intro, "author", None),
        ("quote", quoted, "quoted", speaker),
        ("body", LONG, "author", None),
    ]


@pytest.mark.parametrize(
    ("intro", "paragraph"),
    [
        ("He wrote:", '"The army has lost control."'),  # no named writer
        ("Jane Doe writes:", "The army has lost control."),  # not in quotation marks
        ("Jane Doe writes this.", '"The army has lost control."'),  # no colon
    ],
)
def test_not_a_quote(intro: str, paragraph: str) -> None:
    assert rows(f"{intro}\n\n{paragraph}")[-1] == ("body", paragraph, "author", None)


@pytest.mark.parametrize("ellipsis", ["...", "…"])
def test_ellipsis_continues_the_quote(ellipsis: str) -> None:
    cont = f"{ellipsis} and the police fled the town."
    text = f'Jane Doe writes:\n\n"The army left."\n\n{cont}\n\n{ellipsis} not a quote now.'
    assert rows(text)[1:3] == [
        ("quote", '"The army left."', "quoted", "Jane Doe"),
        ("quote", cont, "quoted", "Jane Doe"),
    ]
    assert rows(f"{BODY}\n\n{cont}")[-1] == ("body", cont, "author", None)


# ------------------------------------------------------------------ comments


@pytest.mark.parametrize(
    "comment",
    [
        "[Comment: this is disputed.]",
        "[Editor's note: not confirmed]",
        "[Ed.: sic]",
        "[NOTE: see below]",
    ],
)
def test_comment_splits_a_quote(comment: str) -> None:
    text = f'Jane Doe writes:\n\n"The army left the town. {comment} Police followed."'
    assert rows(text)[1:] == [
        ("quote", '"The army left the town.', "quoted", "Jane Doe"),
        ("comment", comment, "comment", None),
        ("quote", 'Police followed."', "quoted", "Jane Doe"),
    ]


def test_comment_in_quoted_article_and_body() -> None:
    text = f"{BODY}\n\nBy John Roe\n\nSoldiers fired. [Comment: unverified] Two died.\n\n---\n\n[Note: edited]"
    assert rows(text)[2:] == [
        ("quote", "Soldiers fired.", "quoted", "John Roe"),
        ("comment", "[Comment: unverified]", "comment", None),
        ("quote", "Two died.", "quoted", "John Roe"),
        ("furniture", "---", "author", None),
        ("comment", "[Note: edited]", "comment", None),
    ]


def test_plain_brackets_are_not_comments() -> None:
    text = "The spokesman [Zabihullah Mujahid] denied it."
    assert rows(text) == [("body", text, "author", None)]


# ------------------------------------------------------------------ repeats


@pytest.mark.parametrize(
    ("second", "note_start"),
    [
        (LONG, "repeats passage 0"),
        (LONG.replace(" ", "  ").replace(",", ";"), "repeats passage 0"),  # spaces, punctuation
        (
            LONG.replace("twelve", "twelve local").replace("overnight", "over night"),
            "nearly repeats",
        ),
    ],
)
def test_repeats(second: str, note_start: str) -> None:
    passages, _ = split_passages(f"{LONG}\n\n{BODY}\n\n{second}")
    assert [p.kind for p in passages] == ["body", "body", "repeat"]
    assert passages[2].repeat_of == 0
    assert passages[2].note is not None
    assert passages[2].note.startswith(note_start)


@pytest.mark.parametrize(
    "text",
    [
        "Short line.\n\nShort line.",  # under 60 characters: not a repeat
        f"{LONG}\n\nGovernment forces withdrew from the northern district overnight, say elders.",
    ],
)
def test_not_repeats(text: str) -> None:
    assert "repeat" not in [p.kind for p in split_passages(text)[0]]


def test_repeat_points_at_first_occurrence_and_keeps_voice() -> None:
    text = f'{LONG}\n\nJane Doe writes:\n\n"{LONG}"\n\n{LONG}'
    passages, _ = split_passages(text)
    assert [(p.kind, p.repeat_of) for p in passages] == [
        ("body", None),
        ("body", None),
        ("repeat", 0),
        ("repeat", 0),
    ]
    assert passages[2].voice.speaker == "Jane Doe"


# ------------------------------------------------------------------ the stage


def analysis(text: str) -> Analysis:
    return Analysis(Document(id="d1", text=text))


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n  ", "Share this:\nTweet\n\nAll rights reserved\n© 2024 Herald", "By Jane Doe"],
)
def test_stage_rejects_furniture_only(text: str) -> None:
    assert Cleaner()(analysis(text)) == Rejected(
        "d1", "clean", "empty", "only page furniture, no report text"
    )


def test_stage_keeps_a_headline_over_nothing_but_furniture() -> None:
    # On many crawled pages the headline is the only report there is.
    result = Cleaner()(analysis("Boy stable after accidental shooting\n\nShare this:\nTweet"))
    assert isinstance(result, Analysis)
    assert [p.kind for p in result.passages] == ["headline", "furniture", "furniture"]


def test_stage_fills_passages_and_dateline() -> None:
    text = f"KABUL, March 3 (Reuters) - {BODY}\n\nShare this:"
    result = Cleaner()(analysis(text))
    assert isinstance(result, Analysis)
    assert (result.passages, result.dateline) == split_passages(text)
    assert result.dateline is not None
    assert result.document.text == text
    assert Cleaner.name == "clean.rules.v1"
    assert Cleaner.requires == frozenset({"document"})
    assert Cleaner.provides == frozenset({"passages", "dateline"})


# ------------------------------------------------------------------ properties

PIECES = st.sampled_from(
    [
        *FURNITURE_LINES,
        BODY,
        LONG,
        LONG.replace(",", ""),
        "By Jane Doe",
        "By John Roe, Reuters",
        "KABUL, March 3 (Reuters) - Fighting broke out.",
        "Jane Doe writes:",
        '"The army left." she said',
        "… and then more.",
        "> quoted line",
        "Soldiers fired. [Comment: unverified] Two died.",
        "[Ed.: sic",
        "  ",
        "",
        "\t",
        "\r",
        "End quote",
    ]
)
TEXTS = st.lists(PIECES, max_size=25).map("\n".join)
ANY_TEXTS = st.one_of(TEXTS, st.text(max_size=300))


@given(ANY_TEXTS)
@settings(max_examples=300, deadline=None)
def test_passages_are_ordered_disjoint_trimmed_and_cover_the_text(text: str) -> None:
    passages, _ = split_passages(text)
    covered = set()
    last_end = 0
    for p in passages:
        assert last_end <= p.start < p.end <= len(text)
        assert not text[p.start].isspace()
        assert not text[p.end - 1].isspace()
        covered.update(range(p.start, p.end))
        last_end = p.end
    assert {i for i, ch in enumerate(text) if not ch.isspace()} <= covered


@given(ANY_TEXTS)
@settings(max_examples=200, deadline=None)
def test_split_is_deterministic_and_repeats_point_back(text: str) -> None:
    first = split_passages(text)
    assert split_passages(text) == first
    passages, dateline = first
    for index, p in enumerate(passages):
        if p.kind == "repeat":
            assert p.repeat_of is not None
            assert 0 <= p.repeat_of < index
            assert passages[p.repeat_of].kind in {"body", "quote", "comment"}
    if dateline is not None and dateline.place is not None:
        assert text[dateline.place.start : dateline.place.end] == dateline.place.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a sentence pasted again inside a new paragraph is split out as a repeat
            f"{LONG}\n\nMy view: this matters. {LONG}",
            [("body", LONG), ("body", "My view: this matters."), ("repeat", LONG)],
        ),
        (  # the repeat differs only in spacing and punctuation
            f"{LONG}\n\nMy view: this matters. {LONG.replace(' ', '  ').replace(',', ' -')}",
            [("body", LONG), ("body", "My view: this matters."), ("repeat", None)],
        ),
    ],
)
def test_sentences_pasted_again_are_repeats(
    text: str, expected: list[tuple[str, str | None]]
) -> None:
    passages, _ = split_passages(text)
    got = [(p.kind, text[p.start : p.end]) for p in passages]
    assert [kind for kind, _ in got] == [kind for kind, _ in expected]
    for (_, got_text), (_, want_text) in zip(got, expected, strict=True):
        assert want_text is None or got_text == want_text
    assert passages[-1].repeat_of == 0


@pytest.mark.parametrize(
    ("text", "headline"),
    [
        (
            "Troops and rebels clash in Kandahar\n\nTroops fought rebels on Monday.",
            "Troops and rebels clash in Kandahar",
        ),
        (
            "Shelling hits Kharkiv\nRussian forces shelled the city on Sunday.",
            "Shelling hits Kharkiv",
        ),
        ("Troops fought rebels on Monday.", None),  # a sentence is not a headline
        # A full stop after an abbreviation or an initial does not end a sentence.
        (
            "St. Louis woman killed in park\n\nA woman was shot on Sunday.",
            "St. Louis woman killed in park",
        ),
        ("U.S. soldier wounded in Kabul\n\nA soldier was hurt.", "U.S. soldier wounded in Kabul"),
        # A headline cut short by its site ends in an ellipsis, not a full stop.
        (
            "Man killed, boy hurt in shooting in SW...\n\nA man died.",
            "Man killed, boy hurt in shooting in SW...",
        ),
        ("Man killed, boy hurt in shooting…\n\nA man died.", "Man killed, boy hurt in shooting…"),
        ("Man shot. Police investigate\n\nA man was shot on Sunday.", None),
        ("BEIRUT — Gunmen opened fire on Monday.", None),  # a dateline is not a headline
    ],
)
def test_headline_is_kept_but_not_coded(text: str, headline: str | None) -> None:
    passages, _ = split_passages(text)
    found = [text[p.start : p.end] for p in passages if p.kind == "headline"]
    assert found == ([headline] if headline else [])
    assert any(p.kind == "body" for p in passages)
