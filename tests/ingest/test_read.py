"""Tests for sitrep.ingest.read: files, folders and stdin into Documents or Rejected."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.errors import ConfigError, Reason
from sitrep.ingest.read import document_id, read_paths, read_text
from sitrep.model import Document, Rejected

ARTICLE_HTML = b"""<!DOCTYPE html>
<html><head><title>Clashes in the north | Example News</title>
<meta property="article:published_time" content="2024-03-02T10:00:00Z"></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news menu</a></li></ul></nav>
<article>
<h1>Clashes in the north</h1>
<p>Government forces clashed with rebels near the town of Kidal on Saturday, killing at least twelve fighters, local officials said.</p>
<p>The fighting began early in the morning and lasted several hours, according to residents who fled to neighbouring villages.</p>
<p>A spokesman for the army said the operation was aimed at securing the main road between the two towns.</p>
</article>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>Reader comment: this is terrible news for everyone here.</p></div></section>
<footer><p>Copyright 2024 Example News. All rights reserved. Privacy policy.</p></footer>
</body></html>
"""

LATIN1_HTML = (
    b'<html><head><meta charset="iso-8859-1"><title>Caf\xe9</title></head><body><article>'
    b"<p>Des combats ont \xe9clat\xe9 pr\xe8s de la ville samedi, selon des responsables locaux qui ont parl\xe9 \xe0 la presse.</p>"
    b"<p>Les habitants ont fui vers les villages voisins pendant plusieurs heures de combats intenses.</p>"
    b"</article></body></html>"
)


def jsonl(*records: object) -> bytes:
    """JSON Lines bytes; str items are written as they are (for broken lines)."""
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    return ("\n".join(lines) + "\n").encode()


def read_one(tmp_path: Path, name: str, data: bytes, **kwargs: Any) -> list[Document | Rejected]:
    path = tmp_path / name
    path.write_bytes(data)
    return list(read_paths([path], **kwargs))


def kinds(results: list[Document | Rejected]) -> list[str]:
    """ "doc:<format>" or "rej:<reason>" per result, for compact expectations."""
    return [f"doc:{r.format}" if isinstance(r, Document) else f"rej:{r.reason}" for r in results]


# ---------------------------------------------------------------- the table

CASES: list[tuple[str, bytes, dict[str, Any], list[str]]] = [
    ("plain.txt", b"Ten people were killed in Kabul.\n", {}, ["doc:text"]),
    ("notes.md", b"# Notes\n\nShelling continued.", {}, ["doc:text"]),
    ("crlf.txt", b"Line one.\r\nLine two.\rLine three.", {}, ["doc:text"]),
    ("bom.txt", b"\xef\xbb\xbfText after a BOM.", {}, ["doc:text"]),
    ("empty.txt", b"", {}, ["rej:empty"]),
    ("blank.txt", b"  \n\t\r\n  ", {}, ["rej:empty"]),
    ("nul.txt", b"abc\x00def", {}, ["rej:binary"]),
    ("controls.txt", bytes(range(1, 9)) * 20, {}, ["rej:binary"]),
    ("cp1252.txt", b"caf\xe9 au lait \x93quoted\x94", {}, ["doc:text"]),
    ("bad.txt", b"abc" + bytes(range(0x80, 0x100)) * 2, {}, ["rej:undecodable"]),
    ("big.txt", b"x" * 50, {"max_chars": 10}, ["rej:oversized"]),
    ("exact.txt", b"x" * 10, {"max_chars": 10}, ["doc:text"]),
    ("page.html", ARTICLE_HTML, {}, ["doc:html"]),
    ("latin1.htm", LATIN1_HTML, {}, ["doc:html"]),
    (
        "script-only.html",
        b"<html><body><script>var a = 1;</script></body></html>",
        {},
        ["rej:empty"],
    ),
    ("page.dat", ARTICLE_HTML, {}, ["doc:html"]),  # sniffed
    (
        "records.dat",
        jsonl({"text": "A."}, {"text": "B."}),
        {},
        ["doc:jsonl", "doc:jsonl"],
    ),  # sniffed
    ("noext", b"Just words.\n", {}, ["doc:text"]),  # sniffed
    (
        "good.jsonl",
        jsonl({"id": 1, "text": "A."}, {"id": "b", "text": "B."}),
        {},
        ["doc:jsonl", "doc:jsonl"],
    ),
    (
        "mixed.ndjson",
        jsonl({"text": "A."}, "{not json", {"text": "C."}),
        {},
        ["doc:jsonl", "rej:malformed", "doc:jsonl"],
    ),
    ("array.jsonl", jsonl([1, 2], {"text": "B."}), {}, ["rej:malformed", "doc:jsonl"]),
    (
        "notext.jsonl",
        jsonl({"title": "no text"}, {"text": 5}),
        {},
        ["rej:malformed", "rej:malformed"],
    ),
    ("blanks.jsonl", b'\n{"text": "A."}\n\n   \n{"text": "B."}\n', {}, ["doc:jsonl", "doc:jsonl"]),
    (
        "type.jsonl",
        jsonl({"text": "A.", "title": 3}, {"text": "B.", "id": [1]}),
        {},
        ["rej:bad_field", "rej:bad_field"],
    ),
    (
        "date.jsonl",
        jsonl({"text": "A.", "published": "03/02/2024"}, {"text": "B.", "published": "2024-02-30"}),
        {},
        ["rej:bad_field", "rej:bad_field"],
    ),
    (
        "dup.jsonl",
        jsonl({"id": "x", "text": "A."}, {"id": "x", "text": "A."}),
        {},
        ["doc:jsonl", "rej:duplicate"],
    ),
    (
        "reuse.jsonl",
        jsonl({"id": "x", "text": "A."}, {"id": "x", "text": "B."}),
        {},
        ["doc:jsonl", "rej:bad_field"],
    ),
    ("samehash.jsonl", jsonl({"text": "A."}, {"text": "A."}), {}, ["doc:jsonl", "rej:duplicate"]),
    ("emptytext.jsonl", jsonl({"text": " "}, {"text": "B."}), {}, ["rej:empty", "doc:jsonl"]),
    ("scan.pdf", b"%PDF-1.4 whatever", {}, ["rej:unsupported"]),
]


@pytest.mark.parametrize(("name", "data", "kwargs", "expected"), CASES, ids=[c[0] for c in CASES])
def test_file_kinds(
    tmp_path: Path, name: str, data: bytes, kwargs: dict[str, Any], expected: list[str]
) -> None:
    results = read_one(tmp_path, name, data, **kwargs)
    assert kinds(results) == expected
    for r in results:
        assert r.origin is not None
        assert r.origin.startswith(str(tmp_path / name))
        if isinstance(r, Rejected):
            assert r.stage == "read"
            assert r.reason in set(Reason)
            assert r.detail


# ---------------------------------------------------------------- text details


def test_crlf_normalised_and_offsets_refer_to_it(tmp_path: Path) -> None:
    (doc,) = read_one(tmp_path, "a.txt", b"First line.\r\nSecond line.\rThird.")
    assert isinstance(doc, Document)
    assert doc.text == "First line.\nSecond line.\nThird."
    start = doc.text.index("Second")
    assert start == 12  # one "\n", not "\r\n", before it
    assert doc.text[start : start + 12] == "Second line."


def test_bom_is_stripped(tmp_path: Path) -> None:
    (doc,) = read_one(tmp_path, "a.txt", b"\xef\xbb\xbfHello.")
    assert isinstance(doc, Document)
    assert doc.text == "Hello."
    assert doc.id == document_id("Hello.")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Rebels seize town\n\nRebels seized the town.", "Rebels seize town"),
        ("  Padded title  \n   \nBody.", "Padded title"),
        ("Rebels seized the town.\n\nMore.", None),  # final period: a sentence
        ("Rebels seize town\nNo blank line follows.", None),
        ("T" * 120 + "\n\nBody.", None),  # too long
        ("\n\nBody.", None),  # blank first line
        ("Just one line", None),
    ],
)
def test_title_detection(text: str, title: str | None) -> None:
    doc = read_text(text, origin="t")
    assert isinstance(doc, Document)
    assert doc.title == title
    assert doc.text == text  # the title stays in the text


@pytest.mark.parametrize(
    ("text", "same"),
    [("Ten killed.", True), ("Ten killed.\r\n", False), ("Ten killed!", False)],
)
def test_stable_ids(text: str, same: bool) -> None:
    first = read_text("Ten killed.", origin="a")
    again = read_text(text, origin="b")
    assert isinstance(first, Document)
    assert isinstance(again, Document)
    assert (first.id == again.id) is same
    assert first.id == document_id("Ten killed.")
    assert len(first.id) == 16
    assert int(first.id, 16) >= 0


def test_undecodable_names_the_byte(tmp_path: Path) -> None:
    # Every byte above ASCII in turn: no encoding makes text of that.
    (rej,) = read_one(tmp_path, "a.txt", b"abc" + bytes(range(0x80, 0x100)) * 2)
    assert isinstance(rej, Rejected)
    assert rej.reason == Reason.UNDECODABLE
    assert "byte 3" in rej.detail
    assert rej.doc_id == ""


@pytest.mark.parametrize(
    ("data", "html", "text", "note"),
    [
        # English with a curly quote and an accented name, saved by an old Windows editor
        (b"Troops entered \x93Sak\xe9\x94 at dawn.", False, "Troops entered “Saké” at dawn.",
         "decoded as cp1252 (detected; not UTF-8)"),
        # a page that names a codec that is no text encoding
        (b'<html><head><meta charset="rot-13"></head><body><article><p>Troops entered '
         b"Sak\xe9 at dawn on Monday, residents said, and the fighting went on.</p></article>"
         b"</body></html>", True, "Troops entered Saké at dawn",
         "decoded as cp1252 (detected; not UTF-8)"),
        (b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=hex">'
         b"</head><body><article><p>Troops entered Sak\xe9 at dawn on Monday, residents said, "
         b"and the fighting went on.</p></article></body></html>", True, "Troops entered Saké",
         "decoded as cp1252 (detected; not UTF-8)"),
        # a page whose declared charset does not fit its bytes
        (b'<html><head><meta charset="utf-8"></head><body><article><p>Troops entered Sak\xe9 '
         b"at dawn on Monday, residents said, and the fighting went on.</p></article></body>"
         b"</html>", True, "Troops entered Saké",
         "decoded as cp1252 (detected; declared utf-8 does not fit)"),
        # Cyrillic in Windows-1251: statistical detection
        ("Войска обстреляли город Харьков в понедельник утром, сообщили власти.".encode("cp1251"),
         False, "Войска обстреляли город", "decoded as cp1251 (detected; not UTF-8)"),
    ],
)  # fmt: skip
def test_other_encodings_are_detected_and_noted(
    tmp_path: Path, data: bytes, html: bool, text: str, note: str
) -> None:
    (doc,) = read_one(tmp_path, "a.html" if html else "a.txt", data)
    assert isinstance(doc, Document), doc
    assert text in doc.text
    assert doc.notes == (note,)


def test_oversized_detail_names_numbers_and_setting(tmp_path: Path) -> None:
    (rej,) = read_one(tmp_path, "a.txt", b"y" * 25, max_chars=20)
    assert isinstance(rej, Rejected)
    assert rej.reason == Reason.OVERSIZED
    for needle in ("25", "20", "max_chars", "SITREP_MAX_CHARS"):
        assert needle in rej.detail
    assert rej.doc_id == document_id("y" * 25)


@pytest.mark.parametrize("bad", [0, -5])
def test_bad_max_chars_is_a_config_error(bad: int) -> None:
    with pytest.raises(ConfigError, match="max_chars"):
        list(read_paths([], max_chars=bad))


def test_published_argument_is_the_fallback(tmp_path: Path) -> None:
    day = dt.date(2023, 1, 5)
    (doc,) = read_one(tmp_path, "a.txt", b"Text.", published=day)
    assert isinstance(doc, Document)
    assert doc.published == day


# ---------------------------------------------------------------- HTML


def test_html_keeps_article_drops_furniture(tmp_path: Path) -> None:
    (doc,) = read_one(tmp_path, "a.html", ARTICLE_HTML, published=dt.date(2020, 1, 1))
    assert isinstance(doc, Document)
    assert doc.format == "html"
    assert "killing at least twelve fighters" in doc.text
    assert "securing the main road" in doc.text
    for furniture in ("World news menu", "Reader comment", "Copyright", "Privacy policy"):
        assert furniture not in doc.text
    assert doc.title is not None
    assert "Clashes in the north" in doc.title
    assert doc.published == dt.date(2024, 3, 2)  # the page's own date beats the argument
    assert doc.id == document_id(doc.text)


def test_html_meta_charset_is_honoured(tmp_path: Path) -> None:
    (doc,) = read_one(tmp_path, "a.html", LATIN1_HTML)
    assert isinstance(doc, Document)
    assert "éclaté près" in doc.text


def test_html_without_main_text(tmp_path: Path) -> None:
    (rej,) = read_one(
        tmp_path,
        "a.html",
        b"<html><head><title>T</title></head><body><script>x()</script></body></html>",
    )
    assert isinstance(rej, Rejected)
    assert rej.reason == Reason.EMPTY
    assert "no main text found in the HTML" in rej.detail


# ---------------------------------------------------------------- JSON Lines


def test_jsonl_fields_and_origins(tmp_path: Path) -> None:
    data = jsonl(
        {
            "id": 7,
            "text": "Shelling hit Kharkiv.",
            "title": "Kharkiv",
            "url": "https://example.org/a",
            "outlet": "Example",
            "published": "2024-05-01T08:00:00Z",
        },
        {"text": "No date here."},
    )
    first, second = read_one(tmp_path, "a.jsonl", data, published=dt.date(2024, 1, 1))
    assert isinstance(first, Document)
    assert isinstance(second, Document)
    assert (first.id, first.title, first.url, first.outlet) == (
        "7",
        "Kharkiv",
        "https://example.org/a",
        "Example",
    )
    assert first.published == dt.date(2024, 5, 1)
    assert first.origin == f"{tmp_path / 'a.jsonl'}:1"
    assert second.id == document_id("No date here.")
    assert second.published == dt.date(2024, 1, 1)
    assert second.origin == f"{tmp_path / 'a.jsonl'}:2"


def test_jsonl_malformed_line_in_the_middle(tmp_path: Path) -> None:
    results = read_one(tmp_path, "a.jsonl", jsonl({"text": "A."}, "[oops", {"text": "C."}))
    assert kinds(results) == ["doc:jsonl", "rej:malformed", "doc:jsonl"]
    bad = results[1]
    assert isinstance(bad, Rejected)
    assert bad.origin is not None
    assert bad.origin.endswith(":2")
    assert bad.detail.startswith(f"{tmp_path / 'a.jsonl'}:2: ")
    assert results[2].origin is not None
    assert results[2].origin.endswith(":3")


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"text": "A.", "title": 3}, "title"),
        ({"text": "A.", "url": ["x"]}, "url"),
        ({"text": "A.", "outlet": True}, "outlet"),
        ({"text": "A.", "id": 1.5}, "id"),
        ({"text": "A.", "id": True}, "id"),
        ({"text": "A.", "published": "yesterday"}, "published"),
        ({"text": "A.", "published": "2024-13-01"}, "published"),
        ({"text": "A.", "published": 20240101}, "published"),
    ],
)
def test_jsonl_bad_field_is_named(record: dict[str, object], field: str) -> None:
    results = list(read_paths(["-"], stdin=io.BytesIO(jsonl(record))))
    (rej,) = results
    assert isinstance(rej, Rejected)
    assert rej.reason == Reason.BAD_FIELD
    assert f'"{field}"' in rej.detail


def test_jsonl_reused_id(tmp_path: Path) -> None:
    data = jsonl({"id": "x", "text": "A."}, {"id": "x", "text": "A."}, {"id": "x", "text": "B."})
    _, dup, clash = read_one(tmp_path, "a.jsonl", data)
    assert isinstance(dup, Rejected)
    assert isinstance(clash, Rejected)
    assert (dup.reason, dup.doc_id) == (Reason.DUPLICATE, "x")
    assert (clash.reason, clash.doc_id) == (Reason.BAD_FIELD, "x")
    assert "id x already used by line 1 with a different text" in clash.detail


# ---------------------------------------------------------------- folders, paths, stdin


def test_folder_recursive_sorted_hidden_skipped(tmp_path: Path) -> None:
    root = tmp_path / "in"
    files = {
        "b.txt": b"B.",
        "a.txt": b"A.",
        "sub/c.txt": b"C.",
        "sub/deeper/d.md": b"D.",
        ".hidden.txt": b"hidden",
        ".git/config.txt": b"hidden too",
        "sub/.cache/e.txt": b"hidden three",
        "sub/photo.JPG": b"\xff\xd8\xff",
    }
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    results = list(read_paths([root]))
    assert [r.origin for r in results] == [
        str(root / "a.txt"),
        str(root / "b.txt"),
        str(root / "sub/c.txt"),
        str(root / "sub/deeper/d.md"),
        str(root / "sub/photo.JPG"),
    ]
    assert [r.text for r in results if isinstance(r, Document)] == ["A.", "B.", "C.", "D."]
    rej = results[-1]
    assert isinstance(rej, Rejected)
    assert rej.reason == Reason.UNSUPPORTED
    assert ".jpg" in rej.detail


def test_symlinked_folder_is_reported_not_followed(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "x.txt").write_text("X.")
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text("A.")
    (root / "link").symlink_to(target, target_is_directory=True)
    results = list(read_paths([root]))
    assert kinds(results) == ["doc:text", "rej:unsupported"]
    assert results[1].origin == str(root / "link")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions")
def test_unlistable_subfolder_is_unreadable(tmp_path: Path) -> None:
    locked = tmp_path / "in" / "locked"
    locked.mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text("A.")
    locked.chmod(0)
    try:
        results = list(read_paths([tmp_path / "in"]))
    finally:
        locked.chmod(0o755)
    assert kinds(results) == ["doc:text", "rej:unreadable"]
    assert results[1].origin == str(locked)


def test_missing_path_then_continue(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text("Still read.")
    missing = tmp_path / "nope.txt"
    results = list(read_paths([missing, good]))
    assert kinds(results) == ["rej:unreadable", "doc:text"]
    rej = results[0]
    assert isinstance(rej, Rejected)
    assert str(missing) in rej.detail
    assert (rej.origin, rej.doc_id, rej.stage) == (str(missing), "", "read")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"Plain words from a pipe.", ["doc:text"]),
        (ARTICLE_HTML, ["doc:html"]),
        (jsonl({"text": "A."}, "{nope"), ["doc:jsonl", "rej:malformed"]),
        (jsonl({"text": "A."}, "nope"), ["doc:text"]),  # not every line starts with "{"
        (b"", ["rej:empty"]),
        (b"\x00\x01", ["rej:binary"]),
    ],
)
def test_stdin_is_sniffed(data: bytes, expected: list[str]) -> None:
    results = list(read_paths(["-"], stdin=io.BytesIO(data)))
    assert kinds(results) == expected
    assert all(r.origin is not None and r.origin.startswith("<stdin>") for r in results)


def test_read_text_rejects_unknown_format() -> None:
    with pytest.raises(ValueError, match="fmt"):
        read_text("x", origin="o", fmt="pdf")


def test_symlink_loop_is_unreadable(tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    (rej,) = list(read_paths([loop]))
    assert isinstance(rej, Rejected)
    assert (rej.reason, rej.origin) == (Reason.UNREADABLE, str(loop))


# ---------------------------------------------------------------- hostile input


@pytest.mark.parametrize(
    ("record", "field", "expected"),
    [
        # a lone high surrogate, as scrapers cut emoji in half
        ({"text": "Troops shelled Goma \\ud83d today."}, "text", "Troops shelled Goma \ufffd today."),
        ({"text": "Troops shelled Goma.", "title": "Goma \\udc00"}, "title", "Goma \ufffd"),
        ({"text": "Troops shelled Goma.", "id": "a\\ud800b"}, "id", "a\ufffdb"),
        # a pair in order is one character and stays whole
        ({"text": "Goma \\ud83d\\ude00 today."}, "text", "Goma \U0001f600 today."),
    ],
)  # fmt: skip
def test_unpaired_surrogates_are_replaced_and_noted(
    tmp_path: Path, record: dict[str, str], field: str, expected: str
) -> None:
    line = json.dumps(record).replace("\\\\u", "\\u")  # keep the escapes as JSON escapes
    (doc,) = read_one(tmp_path, "a.jsonl", line.encode("ascii") + b"\n")
    assert isinstance(doc, Document), doc
    assert getattr(doc, field) == expected
    paired = "\U0001f600" in expected
    assert bool(doc.notes) is not paired
    assert all("surrogate" in note for note in doc.notes)
    doc.text.encode("utf-8")  # storable: no exception


def test_a_json_number_too_long_to_read_is_a_malformed_line(tmp_path: Path) -> None:
    line = '{"text": "Troops shelled Goma.", "id": ' + "9" * 5000 + "}"
    (rejected,) = read_one(tmp_path, "a.jsonl", line.encode("ascii"))
    assert isinstance(rejected, Rejected)
    assert rejected.reason == Reason.MALFORMED
    assert "more digits than Python reads" in rejected.detail


def test_surrogates_in_a_text_given_from_python_are_replaced() -> None:
    doc = read_text("Troops shelled \ud83d Goma.", origin="api")
    assert isinstance(doc, Document)
    assert doc.text == "Troops shelled \ufffd Goma."
    assert doc.notes == ("text: 1 unpaired surrogate code point(s) replaced by U+FFFD",)
    assert doc.id == document_id(doc.text)


def test_a_file_name_that_is_not_utf8_is_read_and_shown_escaped(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"bad\xffname.txt"), "wb") as handle:
        handle.write(b"Troops shelled Goma on Monday.")
    (doc,) = read_paths([tmp_path])
    assert isinstance(doc, Document)
    assert doc.origin is not None
    assert doc.origin.endswith("bad\\xffname.txt")
    doc.origin.encode("utf-8")  # printable and storable


_EXTENSIONS = [".txt", ".html", ".jsonl", ".unknown"]


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(_EXTENSIONS))
def test_any_bytes_become_documents_or_rejections(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "input" + suffix)
        path.write_bytes(data)
        results = list(read_paths([path]))
    _check_accounted(results)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
_RECORDS = st.fixed_dictionaries(
    {},
    optional={
        "text": st.text() | _JSON,
        "id": st.text() | _JSON,
        "title": st.text() | _JSON,
        "url": st.text() | _JSON,
        "outlet": st.text() | _JSON,
        "published": st.text() | st.dates().map(str) | _JSON,
    },
)


@settings(max_examples=150, deadline=None)
@given(lines=st.lists(_RECORDS | _JSON, max_size=6))
def test_any_json_lines_become_documents_or_rejections(lines: list[Any]) -> None:
    data = "\n".join(json.dumps(line) for line in lines).encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "feed.jsonl")
        path.write_bytes(data)
        results = list(read_paths([path]))
    _check_accounted(results)
    # one result per line; an empty file is one rejection
    assert len(results) == max(1, len(lines))


_TAGS = st.sampled_from(["p", "div", "article", "script", "style", "svg", "meta", "title", "a"])
_FRAGMENT = st.lists(
    st.one_of(
        _TAGS.map(lambda t: f"<{t}>"),
        _TAGS.map(lambda t: f"</{t}>"),
        st.sampled_from(['<meta charset="rot-13">', '<meta charset="hex">', "&amp;", "&#0;",
                         "&#xD800;", "<!--", "-->", "<![CDATA[", "<a href=\"javascript:x()\">"]),
        st.text(max_size=40),
    ),
    max_size=40,
).map("".join)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(fragment=_FRAGMENT)
def test_any_html_becomes_a_document_or_a_rejection(fragment: str) -> None:
    result = read_text("<html><body>" + fragment, origin="page", fmt="html")
    _check_accounted([result])


def _check_accounted(results: list[Document | Rejected]) -> None:
    """Every result is a document that can be stored, or a rejection with a reason."""
    for result in results:
        assert isinstance(result, Document | Rejected)
        if isinstance(result, Rejected):
            assert result.reason in set(Reason)
            assert result.detail
        else:
            for value in (result.text, result.title, result.origin, result.id):
                (value or "").encode("utf-8")
