"""Fuzzing sitrep's entry points with generated hostile input: nothing crashes, nothing is lost.

Not a test: a benchmark run of (by default) 100,000 generated inputs, each reproducible
from its generator name and seed, through sitrep's real entry points, at four levels:

* **reader** (every input): written as a file (name and bytes as generated) into a
  temporary folder and read with `read_paths` over the folder (a few through stdin,
  ``-``). Each input must come out as `Document`s or counted `Rejected`s: nothing
  raised, nothing lost (an input that yields nothing is *unaccounted*; a JSON Lines
  file must give one result per non-blank line), and each result keeps the reader's
  promises (text non-blank, at most max_chars, normalised newlines, storable UTF-8).
* **pipeline** (a sample, ``--pipeline-share``): what the reader gave, through
  ``build_pipeline(Settings()).process_batch`` in batches of 16; documents are mostly
  small (at most 5,000 characters) with a few large ones (``--large``), run alone
  and timed. Every result must be an `Analysis` or a `Rejected`; documents stopped by
  the time budget (reason ``time_budget``) are counted as over budget.
* **api** (a quarter of that sample): the raw texts, surrogates and carriage returns
  included, through `sitrep.api.analyze`, with the input's publication date.
* **run** (a smaller sample, ``--run-share``): folders of 50 inputs through
  `run_paths` into one temporary SQLite `Store` (with publication dates at the
  calendar's edges). A folder that fails is run input by input to say which input
  fails, then again without those. Every save is timed (saving is outside the time
  budget); the first folder that runs is run a second time at once, which must leave
  the store as it was; the last one also runs with ``workers=2`` and with
  ``workers=1`` into fresh stores, which must hold the same rows; at the end
  ``PRAGMA integrity_check``.

It prints a table per level and generator (inputs, documents, rejections by reason,
uncaught exceptions, unaccounted inputs, broken promises, documents over the time
budget, the slowest input) and, for every uncaught exception, the generator, seed and
a traceback summary; failing inputs are written to ``--keep DIR`` with a note on how
to reproduce them (``--replay GENERATOR:SEED``). Exit status 1 if any exception
escaped, any input was unaccounted or any promise was broken.

    .venv/bin/python bench/fuzz.py --inputs 2000                 # a quick look
    .venv/bin/python bench/fuzz.py --out fuzz.json --keep fuzz-failures
    .venv/bin/python bench/fuzz.py --replay jsonl_fields:220001234

Input ``i`` of a run with ``--seed S`` has seed ``S * 10**7 + i`` and generator
``GENERATORS[i % len(GENERATORS)]``; everything about it (bytes, file name,
extension, publication date) comes from ``random.Random(seed)``. Every generator
is written for this benchmark.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import dataclasses
import datetime as dt
import faulthandler
import hashlib
import html
import io
import json
import math
import os
import platform
import random
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import Any

import sitrep
from sitrep.api import analyze, build_pipeline
from sitrep.config import Settings
from sitrep.errors import Reason
from sitrep.ingest.read import document_id, read_paths
from sitrep.model import Analysis, Document, Rejected, Result
from sitrep.pipeline import allowance
from sitrep.runner import run_paths
from sitrep.store import SaveCounts, Store

DEFAULT_SEED = 22  # the issue that asked for this benchmark
SEED_STRIDE = 10**7
SMALL_DOC = 5_000  # characters: pipeline documents above this are "large" and run alone
PIPELINE_BATCH = 16
RUN_GROUP = 50
READER_TIMEOUT = 120.0  # seconds one file may take in the reader before it is stopped
GRACE = 5.0  # seconds past a document's allowance before a budget overrun is reported
LEVELS = ("reader", "pipeline", "api", "run")
#: Findings that fail the run (exit status 1); documents over the time budget are
#: reported but do not fail it, as they depend on the machine's load.
FAILING = frozenset({"exception", "stage_error", "unaccounted", "violation"})
REASONS = frozenset(str(r) for r in Reason)

# ================================================================ material

_PLACES = [
    "Goma", "Mosul", "Kismayo", "Kharkiv", "Kabul", "Aleppo", "Mandera", "Beni", "Gaza",
    "Khartoum", "Bamako", "Kyiv", "Donetsk", "Tripoli", "Sanaa", "Mogadishu", "Juba",
    "Maiduguri", "Tal Afar", "Port-au-Prince", "Kandahar", "Bunia", "El Fasher", "Rafah",
]  # fmt: skip
_ACTORS = [
    "the army", "rebels", "police", "militiamen", "protesters", "al-Shabaab fighters",
    "Russian forces", "Ukrainian troops", "M23 rebels", "Houthi rebels", "Boko Haram",
    "the government", "the United Nations", "NATO", "a suicide bomber", "unidentified gunmen",
    "the ministry of defence", "President Ruto", "Hamas", "Israeli forces", "the RSF",
    "Wagner mercenaries", "striking teachers", "the Taliban", "security forces",
]  # fmt: skip
_VERBS = [
    "attacked", "shelled", "bombed", "killed", "kidnapped", "arrested", "raided", "ambushed",
    "besieged", "captured", "accused", "threatened", "condemned", "met", "fired on",
    "signed a ceasefire with", "protested against", "looted", "deported", "sanctioned",
    "negotiated with", "expelled", "executed", "freed", "blockaded",
]  # fmt: skip
_DAYS = [
    "Monday", "Tuesday", "Wednesday night", "Thursday morning", "Friday", "Saturday",
    "Sunday", "yesterday", "last week", "earlier this month", "on Monday", "today",
]  # fmt: skip
_TEMPLATES = [
    "{A} {v} {b} in {p} on {d}, killing {n} people, officials said.",
    "{A} {v} {b} near {p} late on {d}.",
    '"We will not leave {p}," a spokesman for {a} told reporters on {d}.',
    "At least {n} civilians were killed when {a} {v} a market in {p}.",
    "{P}, {date} (Reuters) - {A} {v} {b} on {d}.",
    "Talks between {a} and {b} resumed in {p} after {n} weeks.",
    "{A} said {b} had {v} {n} villages around {p} since {date}.",
    "Thousands of protesters marched in {p} on {d}, demanding the release of {n} detainees.",
    "The UN said {n} families had fled {p} since {date}.",
    "According to {a}, {b} {v} a convoy on the road to {p}.",
    "{A} denied that it had {v} {b}, calling the reports \u201cpropaganda\u201d.",
]
_FOREIGN = {
    "latin": [
        "Bogot\u00e1", "S\u00e3o Paulo", "Z\u00fcrich", "Gda\u0144sk", "na\u00efve",
        "caf\u00e9", "se\u00f1or", "\u201cquoted\u201d", "\u2013", "\u2026", "\u20ac5",
    ],
    "cyrillic": [
        "\u041a\u0438\u0435\u0432", "\u0414\u043e\u043d\u0435\u0446\u043a",
        "\u043e\u0431\u0441\u0442\u0440\u0435\u043b",
        "\u0425\u0430\u0440\u044c\u043a\u043e\u0432",
        "\u0432\u043e\u0439\u0441\u043a\u0430 \u0430\u0442\u0430\u043a\u043e\u0432\u0430",
    ],
    "arabic": [
        "\u062d\u0644\u0628", "\u0642\u0635\u0641 \u0627\u0644\u062c\u064a\u0634",
        "\u063a\u0632\u0629", "\u0627\u0644\u0645\u0648\u0635\u0644",
    ],
    "greek": [
        "\u0391\u03b8\u03ae\u03bd\u03b1",
        "\u03b4\u03b9\u03b1\u03b4\u03ae\u03bb\u03c9\u03c3\u03b7",
    ],
    "hebrew": ["\u05e2\u05d6\u05d4", "\u05d9\u05e8\u05d5\u05e9\u05dc\u05d9\u05dd"],
    "japanese": ["\u6771\u4eac", "\u653b\u6483", "\u30ab\u30d6\u30fc\u30eb"],
    "chinese": ["\u519b\u961f\u88ad\u51fb\u4e86\u57ce\u5e02", "\u5580\u5e03\u5c14"],
    "korean": ["\uc11c\uc6b8", "\uacf5\uaca9"],
    "thai": ["\u0e01\u0e23\u0e38\u0e07\u0e40\u0e17\u0e1e", "\u0e42\u0e08\u0e21\u0e15\u0e35"],
}  # fmt: skip
_ALL_FOREIGN = [w for words in _FOREIGN.values() for w in words]

_SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
_DIGIT_SETS = [
    "0123456789",
    _SUPERSCRIPTS,
    "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089",  # subscripts
    "".join(chr(0xFF10 + i) for i in range(10)),  # fullwidth
    "".join(chr(0x0660 + i) for i in range(10)),  # Arabic-Indic
    "".join(chr(0x0966 + i) for i in range(10)),  # Devanagari
    "".join(chr(0x1D7CE + i) for i in range(10)),  # mathematical bold
    "\u24ea\u2460\u2461\u2462\u2463\u2464\u2465\u2466\u2467\u2468",  # circled
]
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
_BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
_COMBINING = "".join(chr(c) for c in range(0x300, 0x370)) + "\u20d0\u20e3\u0489"
_EMOJI = [
    "\U0001f600", "\U0001f4a3", "\U0001f525", "\U0001f1fa\U0001f1e6", "\U0001f44d\U0001f3fd",
    "\U0001f469\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466", "\u2764\ufe0f",
    "\U0001f9d1\u200d\U0001f680",
    "#\ufe0f\u20e3", "\U0001f3f3\ufe0f\u200d\U0001f308", "\U0001faf6",
]  # fmt: skip
_SPACES = (
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2007\u2009\u200a\u2028\u2029\u202f\u205f"
    "\u3000\u0085\x0b\x0c\t"
)
_ODD = "\ufffe\uffff\ufffd\U0010ffff\ue000\U000f0000\ufdd0\U0001fffe\u0378\U000e0001"
_PUNCT = "!?.,;:-\u2014\u2013\u2026()[]{}<>\"'`\u00ab\u00bb\u201c\u201d\u2018\u2019*&^%$#@~|\\/_+="
_ABBREVIATIONS = [
    "Mr.", "Mrs.", "Dr.", "Gen.", "Lt. Col.", "Maj.", "Capt.", "Sgt.", "Gov.", "Sen.", "Rep.",
    "U.S.", "U.N.", "U.K.", "E.U.", "a.m.", "p.m.", "No.", "St.", "Ft.", "Mt.", "Jan.", "Feb.",
    "Sept.", "approx.", "e.g.", "i.e.", "etc.", "Inc.", "Ltd.", "Co.", "vs.", "cf.", "a.", "b.",
    "A.B.C.D.E.F.", "Ph.D.", "Jr.", "Sr.", "Prof.", "Rev.", "Hon.", "Brig. Gen.", "D.C.",
]  # fmt: skip
_CLOCKS = [
    "10:30", "4 p.m.", "23:59:59", "00:00", "12.30", "9h30", "1430 GMT", "0600 local time",
    "10:30 a.m.", "25:99", "24:00", "noon", "midnight", "3pm", "07:15 UTC", "11:59:60",
    "1:2:3:4:5", "12:00 p.m. EST", "T23:59Z",
]  # fmt: skip
_EDGE_DATES = [
    dt.date.min, dt.date.max, dt.date(1, 1, 2), dt.date(9999, 12, 30), dt.date(1, 12, 31),
    dt.date(9999, 1, 1), dt.date(1970, 1, 1), dt.date(2000, 2, 29), dt.date(1900, 3, 1),
    dt.date(2038, 1, 19),
]  # fmt: skip
_ORDINARY_DATE = dt.date(2024, 3, 11)
_DATE_TEXTS = [
    "0001-01-01", "9999-12-31", "0000-01-01", "0000-00-00", "9999-12-31T23:59:59Z",
    "10000-01-01", "-0001-01-01", "1 January 0001", "31 December 9999", "December 31, 9999",
    "Dec. 31, 9999", "Jan 1, 1", "the year 0000", "in 9999", "in the year 10000",
    "February 30, 2024", "29 February 1900", "29 February 2000", "31/12/9999", "01/01/0001",
    "12/31/9999", "9999", "0000", "1 BC", "10,000 BC", "the 1st century", "year 1",
    "Monday, January 1, 0001", "Friday, 31 December 9999", "30 Feb", "32 March 2024",
    "2024-13-45", "99999-12-31", "the day before 0001-01-01", "the day after 9999-12-31",
    "next year", "last year", "a decade later", "three centuries ago", "in 2 days",
    "the day before yesterday", "next Monday", "last December", "in 8000 years", "tomorrow",
]  # fmt: skip
_ANY_EXT = [
    "", ".txt", ".text", ".md", ".html", ".htm", ".jsonl", ".ndjson", ".TXT", ".Html",
    ".JSONL", ".dat", ".csv", ".json", ".xml", ".pdf", ".docx", ".gz", ".tar.gz", ".txt.bak",
    ".", ".exe", ".txt ", ".log",
]  # fmt: skip
_CHARSETS = [
    "rot-13", "rot13", "rot_13", "hex", "hex_codec", "base64", "base_64", "zlib", "bz2", "uu",
    "quopri", "undefined", "utf-16", "utf-16le", "utf-16-be", "utf-32", "utf-7", "idna",
    "punycode", "unicode_escape", "raw_unicode_escape", "unicode-internal", "mbcs", "oem",
    "cp65001", "x-user-defined", "utf8", "UTF-8", "latin-1", "iso-8859-1", "windows-1252",
    "shift_jis", "koi8-r", "charmap", "ascii", "aliases", "__init__", "encodings",
    "encodings.rot_13", "..", "-", "_", "utf-8-sig", "big5hkscs", "hz", "iso2022_jp", "cp037",
    "cp500", "cp1140", "palmos", "mac-arabic", "tis-620", "ptcp154", "kz1048", "cp1251",
    "gb18030", "utf_8_sig", "string_escape", "bogus", "none", "null", "0", "x", "8bit",
    "binary", "us-ascii", "unicode", "ucs-2", "utf-16-sig",
]  # fmt: skip
_CHARSET_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:-"
_LEGACY = [
    ("cp1252", "latin"), ("latin-1", "latin"), ("iso-8859-15", "latin"), ("mac_roman", "latin"),
    ("cp437", "latin"), ("cp037", "latin"), ("cp1251", "cyrillic"), ("koi8-r", "cyrillic"),
    ("iso-8859-5", "cyrillic"), ("cp1256", "arabic"), ("iso-8859-6", "arabic"),
    ("iso-8859-7", "greek"), ("cp1253", "greek"), ("iso-8859-8", "hebrew"),
    ("shift_jis", "japanese"), ("euc-jp", "japanese"), ("gb2312", "chinese"),
    ("gb18030", "chinese"), ("big5", "chinese"), ("euc-kr", "korean"), ("tis-620", "thai"),
    ("utf-16", "any"), ("utf-16-le", "any"), ("utf-16-be", "any"), ("utf-32", "any"),
    ("utf-7", "any"), ("hz", "chinese"), ("iso2022_jp", "japanese"),
]  # fmt: skip
_TAGS = [
    "div", "p", "span", "a", "b", "i", "table", "tr", "td", "ul", "li", "script", "style",
    "svg", "math", "iframe", "noscript", "template", "article", "main", "header", "footer",
    "nav", "aside", "form", "input", "img", "br", "hr", "pre", "code", "blockquote", "h1",
    "h2", "h3", "title", "head", "body", "html", "meta", "link", "object", "embed", "video",
    "frameset", "frame", "xmp", "plaintext", "textarea", "select", "option", "figure",
    "figcaption", "time", "section", "foreignObject", "desc", "mi", "font", "center",
]  # fmt: skip
_ENTITIES = [
    "&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&eacute;", "&nbsp;", "&copy;", "&notanentity;",
    "&amp", "&#0;", "&#xD800;", "&#xDFFF;", "&#x110000;", "&#99999999999999;", "&#x;", "&#;",
    "&#65", "&#x41", "&#x1F4A3;", "&zwj;", "&rlm;", "&#x202E;", "&#8203;", "&hellip;",
    "&mdash;", "&#x0D;", "&#13;", "&#x85;", "&#128;", "&#xFFFE;", "&AElig", "&ltfoo;",
]  # fmt: skip

# ================================================================ inputs


@dataclasses.dataclass(frozen=True)
class Made:
    """What a generator makes: the bytes of one input, its extension and file name."""

    data: bytes
    ext: str
    name: bytes = b""
    published: dt.date | None = None
    edge_published: bool = False  # the generator wants a date at the calendar's edge


@dataclasses.dataclass(frozen=True)
class Case:
    """One generated input, reproducible from (generator, seed)."""

    generator: str
    seed: int
    data: bytes
    ext: str
    name: bytes
    published: dt.date | None

    def file_name(self, index: int | None = None) -> bytes:
        head = b"" if index is None else b"f%07d_" % index
        stem = (head + self.generator.encode() + b"_" + self.name)[:200]
        return stem + self.ext.encode()

    @property
    def label(self) -> str:
        return f"{self.generator}:{self.seed}"


def _size(rng: random.Random, top: int = 5_000) -> int:
    """Mostly small, sometimes tens of thousands, rarely up to and past the 2 MB limit."""
    r = rng.random()
    if r < 0.002:
        return rng.randint(100_000, 2_200_000)
    if r < 0.03:
        return rng.randint(5_000, 60_000)
    return int(10 ** rng.uniform(1.0, math.log10(top)))


def _sentence(rng: random.Random, date: str | None = None) -> str:
    actor, other = rng.choice(_ACTORS), rng.choice(_ACTORS)
    place = rng.choice(_PLACES)
    text = rng.choice(_TEMPLATES).format(
        A=actor[0].upper() + actor[1:],
        a=actor,
        b=other,
        v=rng.choice(_VERBS),
        p=place,
        P=place.upper(),
        d=rng.choice(_DAYS),
        n=rng.choice(["two", "three", "dozens of", "12", "150", "1,200", "at least 40"]),
        date=date or rng.choice(["March 3", "2024-03-11", "Jan. 5, 2023", "last Friday"]),
    )
    return text


def _report(rng: random.Random, chars: int, foreign: float = 0.0) -> str:
    """Paragraphs of reporting, about `chars` characters long."""
    paragraphs: list[str] = []
    total = 0
    while total < chars:
        sentences = []
        for _ in range(rng.randint(1, 5)):
            sentence = _sentence(rng)
            if foreign and rng.random() < foreign:
                words = sentence.split(" ")
                words.insert(rng.randrange(len(words) + 1), rng.choice(_ALL_FOREIGN))
                sentence = " ".join(words)
            sentences.append(sentence)
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
        if total > 60_000:  # long texts: repeat a varied block rather than write each
            block = "\n\n".join(paragraphs)
            parts = [block]
            while total < chars:
                parts.append(block.replace(" on ", f" on day {len(parts)} of ", 1))
                total += len(block) + 2
            return "\n\n".join(parts)[:chars]
    return "\n\n".join(paragraphs)[:chars]


def _unicode_soup(rng: random.Random, n: int, *, surrogates: bool = False) -> str:
    """`n` characters drawn from pools of awkward code points."""
    pools = [
        "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 .,;:'\"!?",
        "".join(_ALL_FOREIGN),
        _ZERO_WIDTH,
        _BIDI,
        _COMBINING,
        "".join(_EMOJI),
        _SPACES,
        _ODD,
        _PUNCT,
        "".join(_DIGIT_SETS),
        "".join(chr(c) for c in range(0x80, 0x100)),
        "\x01\x02\x07\x08\x1b\x1f\x7f",
    ]
    if surrogates:
        pools.append("\ud800\udbff\udc00\udfff\ud83d\ude00")
    out: list[str] = []
    while len(out) < n:
        if rng.random() < 0.05:
            out.append(chr(rng.randrange(0x10000, 0x110000)))
            continue
        pool = rng.choice(pools)
        out.extend(rng.choices(pool, k=min(n - len(out), rng.randint(1, 40))))
    return "".join(out)


def _newlines(rng: random.Random, text: str) -> str:
    r = rng.random()
    if r < 0.06:
        return text.replace("\n", "\r\n")
    if r < 0.1:
        return text.replace("\n", "\r")
    return text


def _html_page(rng: random.Random, text: str, head: str = "") -> str:
    paragraphs = text.split("\n\n")
    escape = rng.random() < 0.8
    body = "".join(f"<p>{html.escape(p) if escape else p}</p>\n" for p in paragraphs)
    title = html.escape(paragraphs[0][:80]) if paragraphs else ""
    if rng.random() < 0.2:
        return body  # a fragment
    return (
        f"<!DOCTYPE html>\n<html><head><title>{title}</title>{head}</head>"
        f"<body><article>{body}</article></body></html>"
    )


def _json_line(rng: random.Random, record: Any) -> str:
    return json.dumps(record, ensure_ascii=rng.random() < 0.5)


def _pack(rng: random.Random, text: str, *, surrogates: bool = False) -> tuple[bytes, str]:
    """`text` as a text file (mostly), a JSON Lines record or an HTML page."""
    text = _newlines(rng, text)
    r = rng.random()
    if r < 0.7:
        ext = rng.choice([".txt", ".txt", ".txt", ".md", ".text", ""])
        body = text
    elif r < 0.85:
        ext = rng.choice([".jsonl", ".ndjson"])
        record: dict[str, Any] = {"text": text}
        if rng.random() < 0.5:
            record["published"] = rng.choice(["0001-01-01", "9999-12-31", "2024-03-11", "bad"])
        if rng.random() < 0.3:
            record["id"] = rng.choice(["a", 1, "x" * 40])
        body = _json_line(rng, record) + "\n"
    else:
        ext = rng.choice([".html", ".htm"])
        body = _html_page(rng, text)
    return body.encode("utf-8", "surrogatepass" if surrogates else "strict"), ext


def _made(rng: random.Random, text: str, **extra: Any) -> Made:
    data, ext = _pack(rng, text)
    return Made(data, ext, **extra)


# ---------------------------------------------------------------- byte generators


def gen_bytes_random(rng: random.Random) -> Made:
    """Arbitrary bytes, sometimes behind a format's first bytes or without control bytes."""
    n = _size(rng, 8_192)
    r = rng.random()
    if r < 0.4:
        data = rng.randbytes(n)
    elif r < 0.7:
        data = bytes(rng.choices(range(0x80, 0x100), k=n))
    else:
        data = rng.randbytes(n).translate(None, bytes(range(0x20)) + b"\x7f")
    if rng.random() < 0.3:
        prefix = rng.choice(
            [b"<html><body><p>", b'{"text": "', codecs.BOM_UTF8, codecs.BOM_UTF16_LE,
             codecs.BOM_UTF16_BE, b"%PDF-1.4\n", b"PK\x03\x04", b"\x1f\x8b\x08", b"<p>",
             b"<?xml version='1.0'?>", b"GIF89a"]
        )  # fmt: skip
        data = prefix + data
    return Made(data, rng.choice(_ANY_EXT))


def gen_bytes_control(rng: random.Random) -> Made:
    """Reporting with NULs and control characters mixed in, at densities either side of
    the reader's 30% threshold, and NULs placed past the first 8 KB it inspects."""
    text = _report(rng, _size(rng))
    r = rng.random()
    controls = [chr(c) for c in (*range(1, 9), *range(14, 32), 0x7F, 0x85, 0x9B)]
    if r < 0.15:
        text = _report(rng, rng.randint(8_300, 20_000))
        cut = rng.randint(8_300, len(text))
        text = text[:cut] + "\x00" * rng.randint(1, 3) + text[cut:]
    elif r < 0.3:
        text = "".join(f"\x1b[{rng.randint(0, 99)}m{w} " for w in text.split(" "))
    else:
        density = rng.choice([0.001, 0.01, 0.1, 0.25, 0.29, 0.31, 0.5, 0.9])
        pool = controls + (["\x00"] if rng.random() < 0.3 else [])
        out: list[str] = []
        for ch in text:
            out.append(ch)
            if rng.random() < density:
                out.append(rng.choice(pool))
        text = "".join(out)
    return _made(rng, text)


def gen_utf8_invalid(rng: random.Random) -> Made:
    """Valid UTF-8 broken: truncated sequences, stray continuation bytes, overlong forms,
    encoded surrogates, code points past U+10FFFF, stray BOMs, a byte of Latin-1."""
    data, ext = _pack(rng, _report(rng, _size(rng), foreign=0.5))
    breaks = [
        b"\x80", b"\xbf", b"\xc0\xaf", b"\xe0\x80\xaf", b"\xc1\xbf", b"\xed\xa0\xbd",
        b"\xed\xa0\xbd\xed\xb8\x80", b"\xf4\x90\x80\x80", b"\xf5\x80\x80\x80",
        b"\xf8\x88\x80\x80\x80", b"\xfe", b"\xff", b"\xe9", b"\x93", codecs.BOM_UTF8, b"\xc3",
        b"\xe2\x82", b"\xf0\x9f\x98",
    ]  # fmt: skip
    for _ in range(rng.randint(1, 5)):
        r = rng.random()
        if r < 0.2 and len(data) > 1:
            data = data[: rng.randrange(1, len(data))]
        elif r < 0.25:
            data = codecs.BOM_UTF8 + data
        else:
            at = rng.randrange(len(data) + 1)
            data = data[:at] + rng.choice(breaks) * rng.randint(1, 3) + data[at:]
    return Made(data, ext)


def gen_legacy_encoding(rng: random.Random) -> Made:
    """Text in a legacy encoding (and UTF-16/32 with and without BOM) as text, HTML that
    declares the right, a wrong or no charset, or JSON Lines."""
    encoding, script = rng.choice(_LEGACY)
    words = _FOREIGN.get(script, _ALL_FOREIGN)
    size = _size(rng)
    if rng.random() < 0.4:  # mostly English with a few names, as English news is
        text = _report(rng, size, foreign=0.3)
        for word in rng.choices(words, k=3):
            text = text.replace(" the ", f" {word} ", 1)
    else:  # mostly the script's own words
        text = " ".join(rng.choices(words, k=max(1, size // 8)))
        text = ". ".join(text[i : i + 200] for i in range(0, len(text), 200))
    r = rng.random()
    if r < 0.5:
        ext, body = rng.choice([".txt", "", ".md"]), text
    elif r < 0.8:
        declared = rng.choice([encoding, "utf-8", "cp1252", rng.choice(_CHARSETS), ""])
        meta = f'<meta charset="{declared}">' if declared else ""
        ext, body = rng.choice([".html", ""]), _html_page(rng, text, meta)
    else:
        ext, body = ".jsonl", _json_line(rng, {"text": text}) + "\n"
    data = body.encode(encoding, "replace")
    if encoding in ("utf-16-le", "utf-16-be") and rng.random() < 0.5:
        data = (codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE) + data
    elif encoding in ("utf-16", "utf-32") and rng.random() < 0.3:
        data = data[4 if encoding == "utf-32" else 2 :]  # strip the BOM
    return Made(data, ext)


# ---------------------------------------------------------------- JSON Lines


def _huge_int(rng: random.Random) -> str:
    digits = rng.choice([20, 40, 400, 4_299, 4_300, 4_301, 5_000, rng.randint(1, 8_000)])
    return rng.choice(["", "-"]) + "9" + "".join(rng.choices("0123456789", k=digits - 1))


def _json_scalar(rng: random.Random, *, surrogates: bool = False) -> str:
    r = rng.random()
    if r < 0.1:
        return rng.choice(["null", "true", "false"])
    if r < 0.25:
        return str(rng.randint(-(10**9), 10**9))
    if r < 0.3:
        return _huge_int(rng)
    if r < 0.4:
        return rng.choice(
            ["NaN", "Infinity", "-Infinity", "1e309", "-0", "5e-324", "1.7976931348623157e308",
             "0.1e-99999", "1E+400", "-0.0", "1.0"]
        )  # fmt: skip
    if r < 0.7:
        return json.dumps(_unicode_soup(rng, rng.randint(0, 60), surrogates=surrogates))
    return json.dumps(_sentence(rng), ensure_ascii=rng.random() < 0.5)


def _json_value(rng: random.Random, depth: int = 0, *, surrogates: bool = False) -> str:
    r = rng.random()
    if depth > 3 or r < 0.5:
        return _json_scalar(rng, surrogates=surrogates)
    if r < 0.7:
        items = [_json_value(rng, depth + 1) for _ in range(rng.randint(0, 5))]
        return "[" + ", ".join(items) + "]"
    keys = ["text", "id", "title", "url", "outlet", "published", "", "TEXT", "text ", "body"]
    pairs = [
        f"{json.dumps(rng.choice(keys))}: {_json_value(rng, depth + 1)}"
        for _ in range(rng.randint(0, 6))
    ]
    return "{" + ", ".join(pairs) + "}"


def _broken_json(rng: random.Random) -> str:
    good = json.dumps({"text": _sentence(rng), "id": str(rng.randint(1, 99))})
    return rng.choice(
        [
            good[: rng.randrange(len(good))],
            good.replace('"', "'"),
            good[:-1] + ",}",
            "// comment\n" + good,
            "{text: " + json.dumps(_sentence(rng)) + "}",
            '{"text": }',
            "{",
            "}",
            "{}",
            "[]",
            '{"text": "tab\there"}',
            '{"text": "bad \\x escape"}',
            '{"text": "short \\u12"}',
            '{"text": "nul \\u0000 inside", "id": "nul\\u0000"}',
            '{"text": "' + "\\\\" * rng.randint(1, 2_000) + '"}',
            codecs.BOM_UTF8.decode("utf-8") + good,
            good + " " + good,
            good + " trailing",
            '{"text": "a", "text": 5}',
            '{"text": 5, "text": "b"}',
            '{"text": "line\u2028separator\u0085next"}',
        ]
    )


def gen_jsonl_values(rng: random.Random) -> Made:
    """Lines of arbitrary JSON values, broken JSON, blank lines, and empty feeds."""
    r = rng.random()
    if r < 0.04:
        return Made(b"", ".jsonl")
    if r < 0.08:
        blank = "".join(rng.choices(["\n", " \n", "\t\n", "\r\n", "\u3000\n", "\u00a0\n"], k=5))
        return Made(blank.encode(), rng.choice([".jsonl", ".ndjson"]))
    lines: list[str] = []
    for _ in range(rng.randint(1, 30)):
        k = rng.random()
        if k < 0.35:
            lines.append(_json_value(rng))
        elif k < 0.6:
            lines.append(_broken_json(rng))
        elif k < 0.65:
            lines.append("")
        else:
            record = {"text": _sentence(rng)}
            extra = [
                f"{json.dumps(f)}: {_json_value(rng, 2)}"
                for f in rng.sample(["id", "title", "url", "outlet", "published", "x"], 2)
            ]
            lines.append("{" + ", ".join([f'"text": {json.dumps(record["text"])}', *extra]) + "}")
    body = "\n".join(lines) + rng.choice(["", "\n", "\n\n"])
    return Made(body.encode("utf-8", "surrogatepass"), rng.choice([".jsonl", ".ndjson", ""]))


_BAD_IDS: list[Any] = [
    3.5, True, False, [], {}, None, "", "   ", "\t", 0, -1, 2**63, 2**64 + 1, "x" * 10_000,
    "id\nwith\nnewlines", "id\x00nul", "\ud83d", "\u0663", "../../etc/passwd", "1e5",
    "' OR 1=1 --", "\u202eevil", float("nan"), float("inf"),
]  # fmt: skip
_BAD_STRINGS: list[Any] = [
    5, [], {}, True, "", " ", "x" * 50_000, "<script>alert(1)</script>", "\u202eevil",
    "\x00", "\ud800", 1e309, ["a"], {"name": "x"},
]  # fmt: skip
_BAD_PUBLISHED: list[Any] = [
    "0001-01-01", "9999-12-31", "0000-01-01", "0000-00-00", "9999-12-31T23:59:59.999999+23:59",
    "10000-01-01", "-0001-01-01", "2024-02-30", "2023-02-29", "2024-02-29", "1900-02-29",
    "2024-13-01", "2024-1-1", "20240101", "2024-01-01T", "2024-01-01 garbage",
    "\uff12\uff10\uff12\uff14-\uff10\uff11-\uff10\uff11",
    "\u0662\u0660\u0662\u0664-\u0660\u0661-\u0660\u0661", "2024-01-01\ud83d", 20240101,
    2024.0, None, [], {"y": 2024}, "", "yesterday", "1e309", "9999-12-31T24:00:00",
    "0001-01-01T00:00:00-23:59", " 2024-01-01 ", "2024-W01-1", "2024-001",
]  # fmt: skip


def gen_jsonl_fields(rng: random.Random) -> Made:
    """Records with plausible text and fields of the wrong type or form: bad and huge ids,
    non-string titles, publication dates at and past the calendar's edges."""
    lines: list[str] = []
    for _ in range(rng.randint(1, 12)):
        record: dict[str, Any] = {"text": _report(rng, rng.randint(40, 3_000))}
        raw_id: str | None = None
        for field in rng.sample(["id", "title", "url", "outlet", "published", "text"], 2):
            if field == "id":
                if rng.random() < 0.3:
                    raw_id = _huge_int(rng)
                else:
                    record["id"] = rng.choice(_BAD_IDS)
            elif field == "published":
                record["published"] = rng.choice(_BAD_PUBLISHED)
            elif field == "text":
                if rng.random() < 0.3:
                    record["text"] = rng.choice([5, None, [], {"en": "x"}, True, "", "  "])
            else:
                record[field] = rng.choice(_BAD_STRINGS)
        line = json.dumps(record, ensure_ascii=rng.random() < 0.7)
        if raw_id is not None:
            line = line[:-1] + f', "id": {raw_id}}}'
        lines.append(line)
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    return Made(data, rng.choice([".jsonl", ".jsonl", ".ndjson", ""]))


def gen_jsonl_nesting(rng: random.Random) -> Made:
    """JSON nested from a few to 200,000 levels, as the line, in the text or another field."""
    lines: list[str] = []
    for _ in range(rng.randint(1, 4)):
        depth = int(10 ** rng.uniform(0.5, 5.3))
        arrays = "[" * depth + "1" + "]" * depth
        objects = '{"a":' * depth + "1" + "}" * depth
        nested = rng.choice([arrays, objects, "[{" * depth + "}]" * depth, "[" * depth])
        if nested.startswith("[{"):
            nested = '[{"a":' * depth + "1" + "}]" * depth
        text = json.dumps(_sentence(rng))
        lines.append(
            rng.choice(
                [
                    nested,
                    '{"text": ' + nested + "}",
                    '{"text": ' + text + ', "meta": ' + nested + "}",
                    '{"text": ' + text + ', "title": ' + nested + "}",
                    '{"text": ' + text + ', "id": ' + nested + "}",
                ]
            )
        )
    return Made("\n".join(lines).encode(), ".jsonl")


def _with_surrogates(rng: random.Random, text: str) -> str:
    lone = ["\ud83d", "\udc00", "\udfff", "\ud800", "\ude00\ud83d", "\udbff"]
    out = list(text)
    for _ in range(rng.randint(1, 8)):
        out.insert(rng.randrange(len(out) + 1), rng.choice(lone))
    return "".join(out)


def gen_jsonl_surrogates(rng: random.Random) -> Made:
    """Lone surrogate escapes ("\\ud83d") in the text, in other fields and in keys; texts of
    only surrogates; reversed pairs; raw surrogate bytes when not escaped."""
    lines: list[str] = []
    for _ in range(rng.randint(1, 10)):
        r = rng.random()
        if r < 0.15:
            text = "".join(rng.choices("\ud800\udbff\udc00\udfff\ud83d", k=rng.randint(1, 20)))
        else:
            text = _with_surrogates(rng, _report(rng, rng.randint(20, 2_000)))
        record: dict[str, Any] = {"text": text}
        for field in rng.sample(["id", "title", "url", "outlet", "published", "\ud83dkey"], 2):
            record[field] = _with_surrogates(rng, rng.choice(["a", "2024-03-11", "Reuters"]))
        ensure_ascii = rng.random() < 0.8
        line = json.dumps(record, ensure_ascii=ensure_ascii)
        if ensure_ascii and rng.random() < 0.3:
            line = line.replace("\\ud83d", "\\uD83D")
        lines.append(line)
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    return Made(data, rng.choice([".jsonl", ".ndjson", ""]))


_SHARED_IDS: list[Any] = ["dup-0", "dup-1", 7, "7", " 7", "7 ", "DUP-0"]


def gen_jsonl_duplicate_ids(rng: random.Random) -> Made:
    """One id for two texts (in one file and, in the run level, across files), the same
    text twice, and an id equal to another line's content hash."""
    texts = [_report(rng, rng.randint(50, 800)) for _ in range(3)]
    lines: list[str] = []
    for _ in range(rng.randint(2, 20)):
        text = rng.choice(texts)
        record: dict[str, Any] = {"text": text}
        r = rng.random()
        if r < 0.5:
            record["id"] = rng.choice(_SHARED_IDS)
        elif r < 0.7:
            record["id"] = document_id(rng.choice(texts))
        if rng.random() < 0.3:
            record["published"] = rng.choice(["0001-01-01", "9999-12-31", "2024-03-11"])
        lines.append(json.dumps(record))
    return Made("\n".join(lines).encode(), ".jsonl")


# ---------------------------------------------------------------- HTML


def _charset_name(rng: random.Random) -> str:
    if rng.random() < 0.2:
        return "".join(rng.choices(_CHARSET_CHARS, k=rng.randint(1, 300)))
    return rng.choice(_CHARSETS)


def gen_html_charset(rng: random.Random) -> Made:
    """Pages whose <meta charset> or http-equiv names a bogus, non-text or wrong codec
    (rot-13, hex, base64, undefined, utf-16, ...), over bytes that are not UTF-8."""
    text = _report(rng, _size(rng), foreign=0.3)
    name = _charset_name(rng)
    metas = [
        f'<meta charset="{name}">',
        f"<meta charset={name}>",
        f'<meta http-equiv="Content-Type" content="text/html; charset={name}">',
        f"<META HTTP-EQUIV='content-type' CONTENT='text/html;charset= {name}'>",
        f'<meta charset="{name}"><meta charset="{_charset_name(rng)}">',
        "<!--" + "x" * 9_000 + f'--><meta charset="{name}">',
    ]
    head = rng.choice(metas)
    page = _html_page(rng, text, head)
    if rng.random() < 0.2:
        page = f'<?xml version="1.0" encoding="{name}"?>\n' + page
    body_encoding = rng.choice(["cp1252", "latin-1", "cp1251", "utf-8", "mac_roman", "cp037"])
    return Made(page.encode(body_encoding, "replace"), rng.choice([".html", ".htm", ""]))


def _attributes(rng: random.Random) -> str:
    attrs = [
        ' class="article-body"', ' id="main"', " hidden", ' style="display:none"',
        ' onload="alert(1)"', ' href="javascript:void(0)"', ' data-x="' + "y" * 5_000 + '"',
        ' title="unbalanced', " lang=ar dir=rtl", ' xmlns="http://www.w3.org/2000/svg"',
        ' datetime="9999-12-31"', ' content="0001-01-01"', " a=b=c", ' src="x.png"',
    ]  # fmt: skip
    return "".join(rng.sample(attrs, rng.randint(0, 3)))


def _markup_soup(rng: random.Random, size: int) -> str:
    out: list[str] = []
    stack: list[str] = []
    total = 0
    while total < size:
        r = rng.random()
        if r < 0.25:
            tag = rng.choice(_TAGS)
            piece = f"<{tag}{_attributes(rng)}>"
            stack.append(tag)
        elif r < 0.4:
            if stack and rng.random() < 0.8:
                piece = f"</{stack.pop()}>"
            else:
                piece = f"</{rng.choice(_TAGS)}>"
        elif r < 0.7:
            piece = html.escape(_sentence(rng)) if rng.random() < 0.8 else _sentence(rng)
        elif r < 0.8:
            piece = "".join(rng.choices(_ENTITIES, k=rng.randint(1, 50)))
        else:
            piece = rng.choice(
                [
                    "<!-- comment -->", "<!-- unterminated", "<![CDATA[ x ]]>", "<![CDATA[",
                    "<?php echo 1; ?>", "<!DOCTYPE html>", "<!doctype>",
                    "<script>var s='</scr'+'ipt>';</script>",
                    "<style>p{color:red}</style>", "<script>", "<style>",
                    "<svg><foreignObject><p>Rebels attacked Goma.</p></foreignObject>"
                    "<text>x</text></svg>",
                    "<math><mi>x</mi></math>", "<br/>", "<p/>", "<", ">", "</>", "<<p>>", "&",
                    "<table><tr><td>Killed</td><td>12</td></tr></table>", "<![if !IE]>",
                    "<template><p>hidden</p></template>", "<noscript>Enable JS</noscript>",
                    '<meta property="article:published_time" content="0001-01-01T00:00:00Z">',
                    '<meta name="date" content="9999-12-31">',
                    '<time datetime="0000-00-00">x</time>',
                    '<script type="application/ld+json">{"datePublished": "9999-12-31"}</script>',
                ]
            )  # fmt: skip
        out.append(piece)
        total += len(piece)
    return "".join(out)


def gen_html_markup(rng: random.Random) -> Made:
    """Markup no one would write: unclosed and stray tags, dense character entities,
    script/style, SVG, deeply nested divs, thousands of paragraphs, edge dates in metadata."""
    size = _size(rng)
    r = rng.random()
    if r < 0.3:
        page = _markup_soup(rng, size)
    elif r < 0.45:
        depth = int(10 ** rng.uniform(1, 4.7))
        closing = "</div>" * depth if rng.random() < 0.5 else ""
        page = "<html><body>" + "<div>" * depth + _sentence(rng) + closing
    elif r < 0.6:
        ents = "".join(rng.choices(_ENTITIES, k=max(1, size // 6)))
        words = " ".join(_sentence(rng) for _ in range(3))
        page = f"<html><body><p>{words} {ents}</p><p>{words}</p></body></html>"
    elif r < 0.7:
        count = rng.choice([10, 100, 1_000, rng.randint(1, 3_000)])
        paragraphs = "".join(f"<p>{_sentence(rng)} {i}</p>" for i in range(count))
        page = f"<html><body><article>{paragraphs}</article></body></html>"
    elif r < 0.8:
        date = rng.choice(_DATE_TEXTS[:12])
        head = (
            f'<meta property="article:published_time" content="{date}">'
            f'<meta name="date" content="{date}"><title>&#xD83D; &#0; {date}</title>'
            f'<script type="application/ld+json">{{"datePublished": "{date}"}}</script>'
        )
        page = _html_page(rng, _report(rng, size), head).replace(
            "<article>", f'<article><time datetime="{date}">{date}</time>'
        )
    elif r < 0.9:
        script = "var a = '</scr' + 'ipt>'; // " + "x" * size
        page = (
            f"<html><head><style>{'p{}' * (size // 3)}</style><script>{script}</script></head>"
            f"<body><svg><text>{_sentence(rng)}</text><foreignObject><p>{_sentence(rng)}</p>"
            f"</foreignObject></svg><p>{_sentence(rng)}</p></body></html>"
        )
    else:
        page = _html_page(rng, _report(rng, size))
        cut = rng.randrange(len(page))
        page = page[:cut] + _markup_soup(rng, 200) + page[cut:]
    return Made(page.encode("utf-8", "replace"), rng.choice([".html", ".html", ".htm", ""]))


# ---------------------------------------------------------------- text for the coder


def gen_text_abbreviations(rng: random.Random) -> Made:
    """Tens to thousands of abbreviations and clock times, alone or between sentences."""
    count = rng.choice([10, 100, 1_000, 3_000, rng.randint(1, 6_000)])
    units = rng.choices(_ABBREVIATIONS + _CLOCKS, k=count)
    sep = rng.choice([" ", "", ", ", "\n", " at ", ". "])
    if rng.random() < 0.5:
        units = [u if rng.random() < 0.9 else _sentence(rng) for u in units]
    return _made(rng, sep.join(units))


def _long_number(rng: random.Random) -> str:
    digits = rng.choice([1, 3, 10, 300, 1_000, 4_300, 5_000, rng.randint(1, 20_000)])
    number = "".join(rng.choices("0123456789", k=digits))
    r = rng.random()
    if r < 0.2:
        number = f"{int('1' + number[:4000]):,}"
    elif r < 0.4:
        digit_set = rng.choice(_DIGIT_SETS)
        number = number.translate(str.maketrans("0123456789", digit_set))
    elif r < 0.5:
        number = number[: len(number) // 2] + "." + number[len(number) // 2 :]
    return number


def gen_text_numbers(rng: random.Random) -> Made:
    """Counts with thousands of digits, superscript and other digit scripts, odd forms."""
    parts: list[str] = []
    for _ in range(rng.randint(1, 20)):
        number = rng.choice(
            [
                _long_number(rng), "10\u2075", "1e309", "10^400", "-0", "\u00bd", "\u2153",
                "\u216b", "1.5bn", "100,00,000", "tens of thousands", "half a million",
                "1,2,3,4,5,6", "12killed", "\u00b9\u00b2\u00b3", "\u0663\u0660",
                "two million three hundred thousand and one", "0x1F", "1_000", "\u221e",
            ]
        )  # fmt: skip
        template = rng.choice(
            [
                "{A} killed {n} people in {p}.", "At least {n} civilians died in {p}.",
                "{n} soldiers were wounded near {p}.", "{A} arrested {n} protesters.",
                "The death toll rose to {n}.", "{n}", "{n} {n} {n}",
            ]
        )  # fmt: skip
        actor = rng.choice(_ACTORS)
        parts.append(template.format(n=number, A=actor.capitalize(), p=rng.choice(_PLACES)))
    return _made(rng, " ".join(parts))


def gen_text_dates(rng: random.Random) -> Made:
    """Dates at the calendar's edges in the text and in datelines, with `published` (the
    reader's argument, or the record's own) at the edges too."""
    sentences: list[str] = []
    for _ in range(rng.randint(1, 15)):
        date = rng.choice(_DATE_TEXTS)
        r = rng.random()
        if r < 0.3:
            place = rng.choice(_PLACES).upper()
            sentences.append(f"{place}, {date} (AP) \u2014 {_sentence(rng)}")
        elif r < 0.7:
            sentences.append(_sentence(rng, date=date))
        else:
            sentences.append(f"{rng.choice(_ACTORS).capitalize()} attacked the town on {date}.")
    text = " ".join(sentences) if rng.random() < 0.5 else "\n\n".join(sentences)
    return Made(*_pack(rng, text), edge_published=rng.random() < 0.7)


def gen_text_repeats(rng: random.Random) -> Made:
    """One sentence or paragraph repeated, near-identical paragraphs, and short fragments
    ("a. ", "Kabul, ", "killed ") repeated thousands of times."""
    size = _size(rng, 60_000)
    sentence = _sentence(rng)
    r = rng.random()
    if r < 0.25:
        text = " ".join([sentence] * max(1, size // (len(sentence) + 1)))
    elif r < 0.45:
        paragraph = " ".join(_sentence(rng) for _ in range(3))
        text = "\n\n".join([paragraph] * max(1, size // (len(paragraph) + 2)))
    elif r < 0.65:
        count = max(1, size // (len(sentence) + 2))
        text = "\n\n".join(sentence.replace(" on ", f" on {i} ", 1) for i in range(count))
    elif r < 0.85:
        fragment = rng.choice(["a. ", "Kabul, ", "killed ", "- ", '" ', "Mr. ", "GOMA - "])
        text = fragment * max(1, size // len(fragment))
    else:
        first, second = _sentence(rng), _sentence(rng)
        text = "\n".join([first, second] * max(1, size // (len(first) + len(second) + 2)))
    return _made(rng, text)


def gen_text_quotes(rng: random.Random) -> Made:
    """Thousands of quotations; unbalanced, nested, curly, angle and CJK quotes."""
    count = rng.choice([5, 50, 500, 2_000, rng.randint(1, 5_000)])
    marks = [('"', '"'), ("\u201c", "\u201d"), ("\u2018", "\u2019"), ("\u00ab", "\u00bb"),
             ("\u201e", "\u201c"), ("\u300c", "\u300d"), ("``", "''"), ("'", "'")]  # fmt: skip
    parts: list[str] = []
    for _ in range(count):
        opening, closing = rng.choice(marks)
        quote = f"We will fight on in {rng.choice(_PLACES)}"
        r = rng.random()
        if r < 0.6:
            parts.append(f"{opening}{quote},{closing} {rng.choice(_ACTORS)} said.")
        elif r < 0.75:
            parts.append(f"{opening}{quote}.")  # never closed
        elif r < 0.85:
            parts.append(f'{opening}He said {opening}"{quote}"{closing} twice.{closing}')
        else:
            parts.append(f"{closing}{quote}{opening}")
    sep = rng.choice([" ", "\n\n", "\n", ""])
    return _made(rng, sep.join(parts))


def gen_text_unicode(rng: random.Random) -> Made:
    """Very long words, no spaces, mixed scripts, RTL marks and overrides, zero-width
    characters, emoji, combining marks, only punctuation, odd white space."""
    size = _size(rng)
    r = rng.random()
    if r < 0.1:
        text = "".join(rng.choices("abcdefghij", k=size))  # one very long word
    elif r < 0.2:
        text = _report(rng, size).replace(" ", "")  # no spaces
    elif r < 0.3:
        text = "".join(rng.choices(_PUNCT, k=size))  # only punctuation
    elif r < 0.4:
        text = "".join(rng.choices(_SPACES, k=size)) + rng.choice(["", ".", "x"])
    elif r < 0.5:
        base = _report(rng, size)
        text = "".join(c + "".join(rng.choices(_COMBINING, k=rng.randint(0, 12))) for c in base)
    elif r < 0.6:
        words = _report(rng, size).split(" ")
        text = " ".join(f"{rng.choice(_BIDI)}{w}{rng.choice(_BIDI)}" for w in words)
    elif r < 0.7:
        base = _report(rng, size)
        text = rng.choice(_ZERO_WIDTH).join(base)
    elif r < 0.8:
        words = _report(rng, size).split(" ")
        text = " ".join(w if rng.random() < 0.7 else rng.choice(_EMOJI) * 3 for w in words)
    elif r < 0.85:  # one unbroken run of a symbol (spaCy's tokenizer strips them one by one)
        run = rng.choice([*_PUNCT, *_EMOJI]) * rng.randint(size // 2, size)
        text = _report(rng, size // 4) + rng.choice(["", " "]) + run
    else:
        text = _unicode_soup(rng, size)
    return _made(rng, text)


def gen_file_names(rng: random.Random) -> Made:
    """Ordinary reports under file names that are not UTF-8, hold control characters,
    tabs and newlines, RTL overrides, shell characters, or are very long."""
    pieces = [
        b"\xff", b"\xfe", b"\xc3", b"\x80", b"\xed\xa0\x80", b"caf\xe9", b"\t", b"\n", b"\r",
        b"\x1b[31m", b"\x7f", b"\x01", "\u202e".encode(), "e\u0301".encode(), "\u200b".encode(),
        "\U0001f4a3".encode(), b" ", b"-", b"--help", b"*", b"?", b"'", b'"', b"$(x)", b"`",
        b"\\", b":", b"|", b";", b"&", b"%s", b"%n", b"{}", b"..", b"~", b"a" * 150,
        "\u041a\u0438\u0435\u0432".encode(), "\u0645\u0648\u0635\u0644".encode("cp1256"),
    ]  # fmt: skip
    name = b"".join(rng.choices(pieces, k=rng.randint(1, 6)))[:180]
    data, ext = _pack(rng, _report(rng, _size(rng, 3_000)))
    if rng.random() < 0.2:
        ext = rng.choice([".TXT", ".txt ", ".txt\n", ".Jsonl", ".txt.", ".t\xe9xt", ".html\t"])
    return Made(data, ext, name=name)


_MUTATIONS: list[Callable[[random.Random, str], str]] = [
    lambda rng, t: rng.choice(_ZERO_WIDTH).join(t.split(" ", 5)),
    lambda rng, t: t.replace(" ", "\u00a0"),
    lambda rng, t: t.upper(),
    lambda rng, t: t.replace(rng.choice(_PLACES), f"\u202e{rng.choice(_PLACES)}\u202c"),
    lambda rng, t: t.translate(str.maketrans("0123456789", _SUPERSCRIPTS)),
    lambda rng, t: t + f" They killed {_long_number(rng)} people.",
    lambda rng, t: t.replace(".", f" {rng.choice(_EMOJI)}.", 3),
    lambda rng, t: "".join(c + ("\u0301" if c == "a" else "") for c in t),
    lambda rng, t: t.replace("on ", f"on {rng.choice(_DATE_TEXTS)} ", 2),
    lambda rng, t: t + "\n\n" + t,
    lambda rng, t: t.replace("\n", "\x0b\x0c"),
    lambda rng, t: t.replace(". ", ".\u2028", 4),
    lambda rng, t: t[: rng.randrange(1, max(2, len(t)))],
    lambda rng, t: t.replace(" the ", " <b>the</b> "),
    lambda rng, t: t.replace(" ", "  \t ", 10),
    lambda rng, t: t.lower(),
    lambda rng, t: t.replace(" said", " said\u00ad"),
    lambda rng, t: t.replace("killed", "killed " * rng.randint(2, 400)),
    lambda rng, t: f"{rng.choice(_ABBREVIATIONS)} " * rng.randint(1, 300) + t,
]


def gen_report_mutated(rng: random.Random) -> Made:
    """Plausible reporting, so the coder finds events, with one to five hostile edits."""
    text = _report(rng, _size(rng, 4_000))
    for _ in range(rng.randint(1, 5)):
        text = rng.choice(_MUTATIONS)(rng, text)
    return Made(*_pack(rng, text), edge_published=rng.random() < 0.3)


GENERATORS: dict[str, Callable[[random.Random], Made]] = {
    "bytes_random": gen_bytes_random,
    "bytes_control": gen_bytes_control,
    "utf8_invalid": gen_utf8_invalid,
    "legacy_encoding": gen_legacy_encoding,
    "jsonl_values": gen_jsonl_values,
    "jsonl_fields": gen_jsonl_fields,
    "jsonl_nesting": gen_jsonl_nesting,
    "jsonl_surrogates": gen_jsonl_surrogates,
    "jsonl_duplicate_ids": gen_jsonl_duplicate_ids,
    "html_charset": gen_html_charset,
    "html_markup": gen_html_markup,
    "text_abbreviations": gen_text_abbreviations,
    "text_numbers": gen_text_numbers,
    "text_dates": gen_text_dates,
    "text_repeats": gen_text_repeats,
    "text_quotes": gen_text_quotes,
    "text_unicode": gen_text_unicode,
    "file_names": gen_file_names,
    "report_mutated": gen_report_mutated,
}


def make_case(generator: str, seed: int) -> Case:
    """The input of `generator` for `seed`: the same bytes, name and date every time."""
    rng = random.Random(seed)
    made = GENERATORS[generator](rng)
    ext = made.ext
    if rng.random() < 0.05:
        ext = rng.choice(_ANY_EXT)  # a wrong or missing extension: sniffed or refused
    r = rng.random()
    if made.edge_published or r < 0.15:
        published: dt.date | None = rng.choice(_EDGE_DATES)
    elif r < 0.35:
        published = _ORDINARY_DATE
    else:
        published = made.published
    return Case(generator, seed, made.data, ext, made.name, published)


def case_seed(master: int, index: int) -> int:
    return master * SEED_STRIDE + index


def plan(master: int, count: int, names: Sequence[str]) -> Iterator[tuple[int, str, int]]:
    """(index, generator, seed) of every input of a run."""
    for index in range(count):
        yield index, names[index % len(names)], case_seed(master, index)


def sampled(seed: int, level: str, share: float) -> bool:
    """Whether input `seed` goes to `level` too (the same answer on every run)."""
    return random.Random(f"{level}:{seed}").random() < share


# ================================================================ bookkeeping


@dataclasses.dataclass
class Tally:
    """What one generator's inputs gave at one level."""

    inputs: int = 0
    documents: int = 0
    events: int = 0
    rejections: Counter[str] = dataclasses.field(default_factory=Counter)
    exceptions: int = 0
    unaccounted: int = 0
    violations: int = 0
    over_budget: int = 0
    seconds: float = 0.0
    slowest: float = 0.0
    slowest_seed: int = 0

    def timed(self, seconds: float, seed: int) -> None:
        self.seconds += seconds
        if seconds > self.slowest:
            self.slowest, self.slowest_seed = seconds, seed

    def add(self, other: Tally) -> None:
        for name in ("inputs", "documents", "events", "exceptions", "unaccounted"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.violations += other.violations
        self.over_budget += other.over_budget
        self.rejections.update(other.rejections)
        self.seconds += other.seconds
        if other.slowest > self.slowest:
            self.slowest, self.slowest_seed = other.slowest, other.slowest_seed

    def as_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["rejections"] = dict(sorted(self.rejections.items()))
        out["seconds"] = round(self.seconds, 3)
        out["slowest"] = round(self.slowest, 3)
        return out


@dataclasses.dataclass
class Finding:
    """Something that must not happen: an exception, a lost input, a broken promise, a
    document over the time budget."""

    level: str
    kind: str  # exception | stage_error | unaccounted | violation | over_budget
    generator: str
    seed: int
    summary: str
    trace: str = ""
    kept: str = ""
    members: list[str] = dataclasses.field(default_factory=list)  # for a run-level group

    @property
    def signature(self) -> str:
        """What findings of one kind share: the exception and where it was raised, or
        the summary with its numbers left out."""
        if " | at " in self.summary:
            error = self.summary.split(":", 1)[0]
            where = self.summary.split(" | at ", 1)[1]
            return f"{self.level} {self.kind}: {error} at {where}"
        return f"{self.level} {self.kind}: " + re.sub(r"\d[\d,.]*", "N", self.summary)[:90]


class Book:
    """Tallies per level and generator, the findings, and where failing inputs are kept."""

    def __init__(self, keep: Path | None) -> None:
        self.tallies: dict[str, dict[str, Tally]] = {lv: defaultdict(Tally) for lv in LEVELS}
        self.findings: list[Finding] = []
        self.wall: dict[str, float] = {}
        self.checks: dict[str, Any] = {}
        self._keep = keep

    def tally(self, level: str, generator: str) -> Tally:
        return self.tallies[level][generator]

    def find(self, finding: Finding, cases: Sequence[Case] = ()) -> None:
        tally = self.tally(finding.level, finding.generator)
        if finding.kind == "exception":
            tally.exceptions += 1
        elif finding.kind == "unaccounted":
            tally.unaccounted += 1
        elif finding.kind == "violation":
            tally.violations += 1
        finding.kept = self._write(finding, cases)
        self.findings.append(finding)

    def keep_dir(self) -> Path:
        if self._keep is None:
            self._keep = Path(tempfile.mkdtemp(prefix="sitrep-fuzz-failures-"))
        return self._keep

    def _write(self, finding: Finding, cases: Sequence[Case]) -> str:
        if finding.kind == "over_budget" or not cases:
            return ""
        folder = (
            self.keep_dir() / f"{finding.level}-{finding.kind}-{finding.generator}-{finding.seed}"
        )
        folder.mkdir(parents=True, exist_ok=True)
        for case in cases:
            target = os.fsencode(folder) + b"/" + case.file_name()
            with open(target, "wb") as out:
                out.write(case.data)
        note = [
            f"{finding.level} {finding.kind}: {finding.summary}",
            f"reproduce: .venv/bin/python bench/fuzz.py --replay {finding.generator}"
            f":{finding.seed}",
            f"published: {cases[0].published}",
            "",
            finding.trace,
        ]
        if finding.members:
            note[1:1] = ["inputs together: " + " ".join(finding.members)]
        (folder / "FINDING.txt").write_text("\n".join(note), encoding="utf-8")
        return str(folder)


def _short(path: str) -> str:
    for marker in ("site-packages/", "/src/", "/lib/python3.11/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def trace_summary(err: BaseException) -> tuple[str, str]:
    """A one-line summary (exception, the innermost frame and the innermost frame in
    sitrep) and the full traceback."""
    frames = traceback.extract_tb(err.__traceback__)
    ours = [f for f in frames if f"{os.sep}sitrep{os.sep}" in f.filename]
    shown = [frames[-1], *ours[-1:]] if frames else []
    where = " <- ".join(dict.fromkeys(f"{_short(f.filename)}:{f.lineno} {f.name}" for f in shown))
    message = " ".join(str(err).split())[:160]
    full = "".join(traceback.format_exception(err))
    return f"{type(err).__name__}: {message} | at {where}", full


def check_document(doc: Document, max_chars: int, *, newlines: bool = True) -> list[str]:
    """The reader's promises about a document, as a list of what is broken (`newlines`:
    whether ``\\r`` must be gone; `analyze` keeps the text as given)."""
    broken: list[str] = []
    if not isinstance(doc.id, str) or not doc.id:
        broken.append(f"id {doc.id!r} is not a non-empty string")
    if not isinstance(doc.text, str) or not doc.text.strip():
        broken.append("text is empty")
    elif len(doc.text) > max_chars:
        broken.append(f"text has {len(doc.text)} characters, more than max_chars")
    elif newlines and "\r" in doc.text:
        broken.append("text holds \\r (newlines not normalised)")
    fields = {"id": doc.id, "text": doc.text, "title": doc.title, "origin": doc.origin,
              "url": doc.url, "outlet": doc.outlet}  # fmt: skip
    for name, value in (*fields.items(), *((f"note {i}", n) for i, n in enumerate(doc.notes))):
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                broken.append(f"{name} cannot be stored as UTF-8 (surrogates)")
        elif value is not None:
            broken.append(f"{name} is a {type(value).__name__}")
    if doc.published is not None and not isinstance(doc.published, dt.date):
        broken.append(f"published is a {type(doc.published).__name__}")
    if doc.format not in ("text", "html", "jsonl"):
        broken.append(f"format {doc.format!r}")
    return broken


def check_rejected(rej: Rejected) -> list[str]:
    """A rejection's promises: a known reason and fields that can be stored."""
    broken = [] if str(rej.reason) in REASONS else [f"unknown reason {rej.reason!r}"]
    for name in ("doc_id", "stage", "detail", "origin"):
        value = getattr(rej, name)
        if value is None:
            continue
        if not isinstance(value, str):
            broken.append(f"{name} is a {type(value).__name__}")
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            broken.append(f"{name} cannot be stored as UTF-8 (surrogates)")
    return broken


def expected_lines(case: Case) -> int | None:
    """Non-blank lines of a JSON Lines input that is valid UTF-8 (None when unknown)."""
    try:
        text = case.data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return sum(1 for line in text.split("\n") if line.strip())


# ================================================================ level 1: the reader


class _Hang(BaseException):
    """Raised by the watchdog in a read that takes longer than the reader timeout."""


@contextlib.contextmanager
def watchdog() -> Iterator[Callable[[float], None]]:
    """Yield `arm(seconds)`: after that many seconds a `_Hang` is raised where the
    program is (0 disarms)."""

    def ring(signum: int, frame: FrameType | None) -> None:
        raise _Hang

    previous = signal.signal(signal.SIGALRM, ring)

    def arm(seconds: float) -> None:
        signal.setitimer(signal.ITIMER_REAL, seconds)

    try:
        yield arm
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_INDEX = re.compile(r"f(\d{7})_")


def _index_of(origin: str | None) -> int | None:
    if not origin:
        return None
    match = _INDEX.match(origin.rsplit("/", 1)[-1])
    return int(match.group(1)) if match else None


def _write_files(folder: Path, items: Sequence[tuple[int, Case]]) -> dict[int, bytes]:
    folder.mkdir(parents=True)
    paths: dict[int, bytes] = {}
    for index, case in items:
        path = os.fsencode(folder) + b"/" + case.file_name(index)
        with open(path, "wb") as out:
            out.write(case.data)
        paths[index] = path
    return paths


class ReaderLevel:
    """Every input through `read_paths`, a folder at a time."""

    def __init__(self, book: Book, tmp: Path, *, timeout: float, budget: float) -> None:
        self.book = book
        self.tmp = tmp
        self.timeout = timeout
        self.budget = budget
        self.max_chars = Settings().max_chars
        self.kept: dict[int, list[Document | Rejected]] = {}  # results of sampled inputs
        self._folders = 0

    def read_folder(self, items: Sequence[tuple[int, Case]], keep: set[int]) -> None:
        """Read one folder of inputs (all with the same publication date)."""
        self._folders += 1
        folder = self.tmp / f"reader-{self._folders:06d}"
        paths = _write_files(folder, items)
        published = items[0][1].published
        results: dict[int, list[Document | Rejected]] = defaultdict(list)
        seconds: dict[int, float] = defaultdict(float)
        strays: list[object] = []
        try:
            with watchdog() as arm:
                iterator = read_paths([folder], published=published)
                last = time.perf_counter()
                while True:
                    arm(self.timeout)
                    try:
                        item = next(iterator)
                    except StopIteration:
                        break
                    now = time.perf_counter()
                    origin = getattr(item, "origin", None)
                    index = _index_of(origin)
                    if index is None or index not in paths:
                        strays.append(item)
                    else:
                        results[index].append(item)
                        seconds[index] += now - last
                    last = now
        except (Exception, _Hang):
            # Something escaped, or one file hung: read each file alone to say which.
            shutil.rmtree(folder, ignore_errors=True)
            self.read_alone(items, keep, published)
            return
        shutil.rmtree(folder, ignore_errors=True)
        for index, case in items:
            self._account(index, case, results.get(index, []), seconds.get(index, 0.0), keep)
        for stray in strays:
            self.book.find(
                Finding("reader", "violation", items[0][1].generator, items[0][1].seed,
                        f"a result names no input of its folder: {stray!r}"[:300])
            )  # fmt: skip

    def read_alone(
        self, items: Sequence[tuple[int, Case]], keep: set[int], published: dt.date | None
    ) -> None:
        folder = self.tmp / f"alone-{self._folders:06d}"
        paths = _write_files(folder, items)
        for index, case in items:
            self.read_one(index, case, keep, path=paths[index], published=published)
        shutil.rmtree(folder, ignore_errors=True)

    def read_one(
        self,
        index: int,
        case: Case,
        keep: set[int],
        *,
        path: bytes | None = None,
        published: dt.date | None = None,
    ) -> None:
        """One input alone: from its file at `path`, or through stdin when None."""
        results: list[Document | Rejected] = []
        started = time.perf_counter()
        try:
            with watchdog() as arm:
                arm(self.timeout)
                if path is None:
                    source = read_paths(["-"], published=published, stdin=io.BytesIO(case.data))
                else:
                    source = read_paths([os.fsdecode(path)], published=published)
                results.extend(source)
        except _Hang:
            tally = self.book.tally("reader", case.generator)
            tally.inputs += 1
            tally.over_budget += 1
            self.book.find(
                Finding("reader", "over_budget", case.generator, case.seed,
                        f"reading took more than {self.timeout:.0f} s and was stopped")
            )  # fmt: skip
            self.book.find(
                Finding("reader", "unaccounted", case.generator, case.seed,
                        "stopped by the watchdog: no result"), [case]
            )  # fmt: skip
            return
        except Exception as err:
            tally = self.book.tally("reader", case.generator)
            tally.inputs += 1
            summary, full = trace_summary(err)
            self.book.find(
                Finding("reader", "exception", case.generator, case.seed, summary, full), [case]
            )
            return
        self._account(index, case, results, time.perf_counter() - started, keep)

    def _account(
        self,
        index: int,
        case: Case,
        results: list[Document | Rejected],
        seconds: float,
        keep: set[int],
    ) -> None:
        tally = self.book.tally("reader", case.generator)
        tally.inputs += 1
        tally.timed(seconds, case.seed)
        if seconds > allowance(self.budget, len(case.data)) + GRACE:
            tally.over_budget += 1
            self.book.find(
                Finding("reader", "over_budget", case.generator, case.seed,
                        f"reading {len(case.data):,} bytes took {seconds:.1f} s")
            )  # fmt: skip
        broken: list[str] = []
        for item in results:
            if isinstance(item, Document):
                tally.documents += 1
                broken += check_document(item, self.max_chars)
            elif isinstance(item, Rejected):
                tally.rejections[str(item.reason)] += 1
                broken += check_rejected(item)
            else:
                broken.append(f"a {type(item).__name__}, neither Document nor Rejected")
        if not results:
            self.book.find(
                Finding("reader", "unaccounted", case.generator, case.seed,
                        f"no document and no rejection (extension {case.ext!r}, "
                        f"{len(case.data)} bytes)"), [case]
            )  # fmt: skip
        elif any(_is_line(item.origin) for item in results):
            want = expected_lines(case)
            lines = {item.origin for item in results}
            if len(lines) != len(results):
                broken.append("two results for one line")
            if want is not None and want != len(results):
                self.book.find(
                    Finding("reader", "unaccounted", case.generator, case.seed,
                            f"{len(results)} result(s) for {want} non-blank JSON Lines lines"),
                    [case],
                )  # fmt: skip
        if broken:
            summary = "; ".join(sorted(set(broken)))[:400]
            self.book.find(
                Finding("reader", "violation", case.generator, case.seed, summary), [case]
            )
        if index in keep:
            self.kept[index] = results[:PIPELINE_BATCH]


def _is_line(origin: str | None) -> bool:
    return bool(origin) and re.search(r":\d+$", origin or "") is not None


# ================================================================ level 2: the pipeline


class PipelineLevel:
    """A sample of what the reader gave, through the whole pipeline."""

    def __init__(self, book: Book, settings: Settings) -> None:
        self.book = book
        self.settings = settings
        self.pipeline = build_pipeline(settings)

    def run(self, items: Sequence[tuple[Case, Document | Rejected]]) -> None:
        small = [(c, d) for c, d in items if not _large(d)]
        large = [(c, d) for c, d in items if _large(d)]
        done = 0
        total = len(small) + len(large)
        started = time.perf_counter()
        for start in range(0, len(small), PIPELINE_BATCH):
            self._batch(small[start : start + PIPELINE_BATCH])
            done = min(start + PIPELINE_BATCH, len(small))
            if (start // PIPELINE_BATCH) % 25 == 0:
                _progress("pipeline", min(done, total), total, started)
        for case, doc in large:
            self._batch([(case, doc)])
            done += 1
            _progress("pipeline", min(done, total), total, started)

    def _batch(self, batch: Sequence[tuple[Case, Document | Rejected]]) -> None:
        docs = [d for _, d in batch]
        started = time.perf_counter()
        faulthandler.dump_traceback_later(900, exit=False)  # a stall prints its stack
        try:
            results = self.pipeline.process_batch(docs)
        except Exception as err:
            faulthandler.cancel_dump_traceback_later()
            if len(batch) > 1:  # redo one by one to say which input fails
                for one in batch:
                    self._batch([one])
                return
            case = batch[0][0]
            summary, full = trace_summary(err)
            self.book.tally("pipeline", case.generator).inputs += 1
            self.book.find(
                Finding("pipeline", "exception", case.generator, case.seed, summary, full), [case]
            )
            return
        faulthandler.cancel_dump_traceback_later()
        seconds = time.perf_counter() - started
        if len(results) != len(docs):
            case = batch[0][0]
            self.book.find(
                Finding("pipeline", "unaccounted", case.generator, case.seed,
                        f"{len(results)} results for a batch of {len(docs)}"), [c for c, _ in batch]
            )  # fmt: skip
        limit = sum(
            allowance(self.settings.time_budget, len(d.text))
            for d in docs
            if isinstance(d, Document)
        )
        for (case, doc), result in zip(batch, results, strict=False):
            chars = len(doc.text) if isinstance(doc, Document) else 0
            share = seconds * chars / max(1, sum(len(getattr(d, "text", "")) for d in docs))
            self._account(case, doc, result, share)
        if self.settings.time_budget and seconds > limit + GRACE:
            case = batch[0][0]
            tally = self.book.tally("pipeline", case.generator)
            tally.over_budget += 1
            self.book.find(
                Finding("pipeline", "over_budget", case.generator, case.seed,
                        f"a batch of {len(docs)} took {seconds:.1f} s, past the {limit:.0f} s "
                        "its documents are allowed together, and was not stopped")
            )  # fmt: skip

    def _account(
        self, case: Case, doc: Document | Rejected, result: Result, seconds: float
    ) -> None:
        tally = self.book.tally("pipeline", case.generator)
        tally.inputs += 1
        tally.timed(seconds, case.seed)
        if isinstance(result, Analysis):
            tally.documents += 1
            tally.events += len(result.events)
            broken = check_document(result.document, self.settings.max_chars)
            if isinstance(doc, Document) and result.document.id != doc.id:
                broken.append("the analysis belongs to another document")
            if broken:
                self.book.find(
                    Finding("pipeline", "violation", case.generator, case.seed, "; ".join(broken)),
                    [case],
                )
        elif isinstance(result, Rejected):
            tally.rejections[str(result.reason)] += 1
            broken = check_rejected(result)
            if result is not doc and isinstance(doc, Document) and result.origin != doc.origin:
                broken.append(
                    f"a rejection by stage {result.stage} ({result.reason}: {result.detail[:60]}) "
                    "drops the document's origin"
                )
            if broken:
                self.book.find(
                    Finding("pipeline", "violation", case.generator, case.seed, "; ".join(broken)),
                    [case],
                )
            if result.reason == Reason.TIME_BUDGET:
                tally.over_budget += 1
                chars = len(doc.text) if isinstance(doc, Document) else 0
                self.book.find(
                    Finding("pipeline", "over_budget", case.generator, case.seed,
                            f"{chars:,} characters rejected for the time budget: {result.detail}")
                )  # fmt: skip
            elif result.reason == Reason.STAGE_ERROR and result is not doc:
                # A bug inside a stage, caught by the pipeline: no crash, but report it.
                self.book.find(
                    Finding("pipeline", "stage_error", case.generator, case.seed,
                            f"{result.detail} | at stage {result.stage}"), [case]
                )  # fmt: skip
        else:
            self.book.find(
                Finding("pipeline", "violation", case.generator, case.seed,
                        f"a {type(result).__name__}, neither Analysis nor Rejected"), [case]
            )  # fmt: skip


def _large(item: Document | Rejected) -> bool:
    return isinstance(item, Document) and len(item.text) > SMALL_DOC


def api_texts(case: Case) -> list[tuple[str, str | None]]:
    """The raw texts of an input (surrogates, \\r and all) for `analyze`, with their ids."""
    if case.ext in (".jsonl", ".ndjson"):
        texts: list[tuple[str, str | None]] = []
        for line in case.data.decode("utf-8", "replace").split("\n")[:3]:
            try:
                record = json.loads(line)
            except (ValueError, RecursionError):
                continue
            if isinstance(record, dict) and isinstance(record.get("text"), str):
                given = record.get("id")
                texts.append((record["text"], given if isinstance(given, str) else None))
        return texts
    if case.ext in (".txt", ".md", ".text", ""):
        try:
            return [(case.data.decode("utf-8"), None)]
        except UnicodeDecodeError:
            return []
    return []


def run_api(book: Book, cases: Sequence[Case], settings: Settings) -> None:
    """Raw texts through `sitrep.api.analyze`, with the input's publication date."""
    started = time.perf_counter()
    for number, case in enumerate(cases, start=1):
        for text, given in api_texts(case):
            if len(text) > SMALL_DOC:
                continue
            tally = book.tally("api", case.generator)
            tally.inputs += 1
            began = time.perf_counter()
            try:
                result = analyze(text, published=case.published, doc_id=given, settings=settings)
            except Exception as err:
                summary, full = trace_summary(err)
                book.find(
                    Finding("api", "exception", case.generator, case.seed, summary, full), [case]
                )
                continue
            tally.timed(time.perf_counter() - began, case.seed)
            if isinstance(result, Analysis):
                tally.documents += 1
                tally.events += len(result.events)
                broken = check_document(result.document, settings.max_chars, newlines=False)
                if broken:
                    summary = "analyze: " + "; ".join(broken)
                    book.find(
                        Finding("api", "violation", case.generator, case.seed, summary), [case]
                    )
            elif isinstance(result, Rejected):
                tally.rejections[str(result.reason)] += 1
                if result.reason == Reason.TIME_BUDGET:
                    tally.over_budget += 1
                    book.find(
                        Finding("api", "over_budget", case.generator, case.seed, result.detail)
                    )
                elif result.reason == Reason.STAGE_ERROR:
                    book.find(
                        Finding("api", "stage_error", case.generator, case.seed,
                                f"{result.detail} | at stage {result.stage}"), [case]
                    )  # fmt: skip
            else:
                book.find(
                    Finding("api", "violation", case.generator, case.seed,
                            f"analyze returned a {type(result).__name__}"), [case]
                )  # fmt: skip
        if number % 200 == 0:
            _progress("api", number, len(cases), started)


# ================================================================ level 3: run_paths into a store


class TimedStore(Store):
    """A store that times each `save` (`run_paths` saves 64 results at a time): saving
    is outside the pipeline's time budget, so a slow save could still stall a run."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.saves: list[tuple[float, int, int, int]] = []  # seconds, results, events, chars

    def save(self, results: Iterable[Analysis | Rejected]) -> SaveCounts:
        batch = list(results)
        started = time.perf_counter()
        try:
            return super().save(batch)
        finally:
            analyses = [r for r in batch if isinstance(r, Analysis)]
            events = sum(len(a.events) for a in analyses)
            chars = sum(len(a.document.text) for a in analyses)
            self.saves.append((time.perf_counter() - started, len(batch), events, chars))


class RunLevel:
    """Folders of inputs through `run_paths` into one temporary SQLite store."""

    PUBLISHED = (None, dt.date.min, dt.date.max)

    def __init__(self, book: Book, tmp: Path, *, workers_check: bool) -> None:
        self.book = book
        self.tmp = tmp / "run"
        self.tmp.mkdir()
        self.db = self.tmp / "fuzz.db"
        self.workers_check = workers_check

    def run(self, cases: Sequence[tuple[int, Case]]) -> None:
        groups = [cases[i : i + RUN_GROUP] for i in range(0, len(cases), RUN_GROUP)]
        started = time.perf_counter()
        store = TimedStore.open(self.db)
        assert isinstance(store, TimedStore)
        try:
            for number, group in enumerate(groups):
                several = self.workers_check and number > 0 and number == len(groups) - 1
                published = self.PUBLISHED[number % len(self.PUBLISHED)]
                settings = Settings(published=published, workers=2 if several else 1)
                folder = self.tmp / f"group-{number:05d}"
                paths = _write_files(folder, group)
                stored = self._group(store, settings, folder, group, paths)
                if stored and not several:
                    self._rerun(store, folder, settings, group)
                if stored and several:
                    self._compare_workers(folder, settings)
                shutil.rmtree(folder, ignore_errors=True)
                self._judge_saves(store, group)
                _progress("run", number + 1, len(groups), started)
        finally:
            store.close()
        with contextlib.closing(sqlite3.connect(self.db)) as conn:
            check = conn.execute("PRAGMA integrity_check").fetchone()[0]
            counts = {
                table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("documents", "events", "rejections")
            }
        self.book.checks["run_integrity_check"] = check
        self.book.checks["run_store_rows"] = counts
        if check != "ok":
            self.book.find(Finding("run", "violation", "-", 0, f"integrity_check: {check}"))

    def _judge_saves(self, store: TimedStore, group: Sequence[tuple[int, Case]]) -> None:
        """Count the saves of a folder that took longer than its documents' allowance."""
        budget = Settings().time_budget
        for seconds, results, events, chars in store.saves:
            checks = self.book.checks
            checks["run_saves"] = checks.get("run_saves", 0) + 1
            checks["run_save_seconds"] = round(checks.get("run_save_seconds", 0.0) + seconds, 1)
            if seconds > checks.get("run_slowest_save", (0.0,))[0]:
                checks["run_slowest_save"] = (round(seconds, 1), results, events, chars)
            if budget and seconds > allowance(budget, chars) + GRACE:
                first = group[0][1]
                self.book.tally("run", "(saving)").over_budget += 1
                self.book.find(
                    Finding("run", "over_budget", first.generator, first.seed,
                            f"saving {results} results ({events:,} events, {chars:,} "
                            f"characters) took {seconds:.1f} s, outside the time budget"),
                )  # fmt: skip
        store.saves.clear()

    def _group(
        self,
        store: Store,
        settings: Settings,
        folder: Path,
        group: Sequence[tuple[int, Case]],
        paths: dict[int, bytes],
        *,
        retry: bool = True,
    ) -> bool:
        """Run one folder into the shared store and account for its inputs; whether it
        ran. A failed run is retried once without the inputs that fail alone."""
        results: list[Result] = []
        began = time.perf_counter()
        try:
            summary = run_paths([folder], settings=settings, store=store, on_result=results.append)
        except Exception as err:
            blamed = self._isolate(settings, folder, group, paths, err, blame=retry)
            if not blamed:
                return False
            for index in blamed:
                os.unlink(paths[index])
            rest = [(i, c) for i, c in group if i not in blamed]
            return bool(rest) and self._group(store, settings, folder, rest, paths, retry=False)
        seconds = time.perf_counter() - began
        by_index: dict[int, list[Result]] = defaultdict(list)
        nameless = 0  # results that name no input of the folder (their origin is missing)
        for result in results:
            doc = result.document if isinstance(result, Analysis) else result
            found = _index_of(doc.origin)
            if found is not None:
                by_index[found].append(result)
                continue
            nameless += 1
            first = group[0][1]
            self.book.find(
                Finding("run", "violation", first.generator, first.seed,
                        f"a result names no input (origin {doc.origin!r}): {_describe(result)}",
                        members=[c.label for _, c in group]), [c for _, c in group]
            )  # fmt: skip
        skipped = 0  # documents of inputs without a result: skipped as already stored
        for index, case in group:
            tally = self.book.tally("run", case.generator)
            tally.inputs += 1
            tally.seconds += seconds / len(group)  # a folder's time, shared out
            mine = by_index.get(index, [])
            for result in mine:
                if isinstance(result, Analysis):
                    tally.documents += 1
                    tally.events += len(result.events)
                    broken = check_document(result.document, settings.max_chars)
                    if broken:
                        self.book.find(
                            Finding("run", "violation", case.generator, case.seed,
                                    "; ".join(broken)), [case]
                        )  # fmt: skip
                elif isinstance(result, Rejected):
                    tally.rejections[str(result.reason)] += 1
                    if result.reason == Reason.TIME_BUDGET:
                        tally.over_budget += 1
                        self.book.find(
                            Finding("run", "over_budget", case.generator, case.seed, result.detail)
                        )
                    elif result.reason == Reason.STAGE_ERROR:
                        self.book.find(
                            Finding("run", "stage_error", case.generator, case.seed,
                                    f"{result.detail} | at stage {result.stage}"), [case]
                        )  # fmt: skip
            if not mine:
                unchanged = self._skippable(paths[index], settings)
                skipped += unchanged
                if not unchanged:
                    self.book.find(
                        Finding("run", "unaccounted", case.generator, case.seed,
                                "run_paths gave no result, and the input holds no document "
                                "it could have skipped as already stored"), [case]
                    )  # fmt: skip
        if skipped > summary.unchanged + nameless:
            first = group[0][1]
            self.book.find(
                Finding("run", "unaccounted", first.generator, first.seed,
                        f"{skipped} document(s) gave no result but the run counted "
                        f"{summary.unchanged} as already stored ({nameless} result(s) "
                        "named no input)"), [c for _, c in group]
            )  # fmt: skip
        self.book.checks.setdefault("run_summaries", []).append(
            {"inputs": len(group), "workers": settings.workers,
             "published": str(settings.published), "read": summary.read,
             "documents": summary.documents, "unchanged": summary.unchanged,
             "replaced": summary.replaced, "rejections": dict(summary.rejections)}
        )  # fmt: skip
        return True

    @staticmethod
    def _skippable(path: bytes, settings: Settings) -> int:
        """How many documents an input without a result holds, if it holds only documents
        (`run_paths` skips one the store holds with the same text; a later input may then
        replace it under the same id, as documented), else 0."""
        items = list(read_paths([os.fsdecode(path)], published=settings.published))
        return len(items) if all(isinstance(i, Document) for i in items) else 0

    def _isolate(
        self,
        settings: Settings,
        folder: Path,
        group: Sequence[tuple[int, Case]],
        paths: dict[int, bytes],
        err: BaseException,
        *,
        blame: bool,
    ) -> set[int]:
        """A run failed: say which inputs fail alone (their indexes are returned, each
        counted with its exception): first by reading each (cheap), else by running each
        alone (one worker) into a fresh store. If none fails alone, say whether the inputs
        fail only together, only with several workers, or only in the shared store (after
        the earlier folders), and count them all."""
        one_worker = dataclasses.replace(settings, workers=1)
        blamed: set[int] = set()
        attempts: list[Callable[[str], BaseException | None]] = [
            lambda path: _read_fails(path, settings.published),
            lambda path: self._fails([path], one_worker),
        ]
        for attempt in attempts if blame else []:
            for index, case in group:
                failure = attempt(os.fsdecode(paths[index]))
                if failure is not None:
                    blamed.add(index)
                    self.book.tally("run", case.generator).inputs += 1
                    summary, full = trace_summary(failure)
                    self.book.find(
                        Finding("run", "exception", case.generator, case.seed, summary, full),
                        [case],
                    )
            if blamed:
                return blamed
        for _, case in group:
            self.book.tally("run", case.generator).inputs += 1
        if self._fails([folder], one_worker) is not None:
            how = "only when run together"
        elif settings.workers > 1 and self._fails([folder], settings) is not None:
            how = f"only with workers={settings.workers}"
        else:
            how = "only in the shared store, after the earlier folders"
        summary, full = trace_summary(err)
        first = group[0][1]
        self.book.find(
            Finding("run", "exception", first.generator, first.seed,
                    f"{summary} ({how}; published {settings.published})", full,
                    members=[c.label for _, c in group]),
            [c for _, c in group],
        )  # fmt: skip
        return blamed

    def _fails(self, paths: list[str | Path], settings: Settings) -> BaseException | None:
        """The exception `run_paths` raises over `paths` into a fresh store, if any."""
        db = self.tmp / "fresh.db"
        try:
            with Store.open(db) as store:
                run_paths(paths, settings=settings, store=store)
        except Exception as err:
            return err
        finally:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
        return None

    def _rerun(
        self, store: Store, folder: Path, settings: Settings, group: Sequence[tuple[int, Case]]
    ) -> None:
        """A second run over the same folder, at once, must leave the store as it was."""
        before = store_fingerprint(self.db)
        try:
            summary = run_paths([folder], settings=settings, store=store)
        except Exception as err:
            summary_line, full = trace_summary(err)
            first = group[0][1]
            self.book.find(
                Finding("run", "exception", first.generator, first.seed,
                        f"rerun: {summary_line}", full, members=[c.label for _, c in group]),
                [c for _, c in group],
            )  # fmt: skip
            return
        changed = store_fingerprint(self.db) != before
        tally = self.book.checks.setdefault("run_reruns", {"folders": 0, "store_changed": 0})
        tally["folders"] += 1
        tally["store_changed"] += changed
        if changed:
            first = group[0][1]
            self.book.find(
                Finding("run", "violation", first.generator, first.seed,
                        "a second run over the same folder changed the store "
                        f"({summary.documents} document(s) stored again, "
                        f"{summary.replaced} replacing)", members=[c.label for _, c in group]),
                [c for _, c in group],
            )  # fmt: skip

    def _compare_workers(self, folder: Path, settings: Settings) -> None:
        """The folder with workers=N and with workers=1, each into a fresh store: the
        stores must hold the same rows."""
        prints: dict[int, str] = {}
        for workers in (1, settings.workers):
            db = self.tmp / f"workers-{workers}.db"
            try:
                with Store.open(db) as fresh:
                    run_paths([folder], settings=dataclasses.replace(settings, workers=workers),
                              store=fresh)  # fmt: skip
            except Exception as err:
                summary, full = trace_summary(err)
                self.book.find(
                    Finding("run", "exception", "-", 0, f"workers={workers}: {summary}", full)
                )
                return
            prints[workers] = store_fingerprint(db)
        same = len(set(prints.values())) == 1
        self.book.checks["run_workers_same_store"] = same
        if not same:
            self.book.find(
                Finding("run", "violation", "-", 0,
                        f"workers={settings.workers} and workers=1 gave different stores")
            )  # fmt: skip


def _read_fails(path: str, published: dt.date | None) -> BaseException | None:
    """The exception reading `path` raises, if any."""
    try:
        for _ in read_paths([path], published=published):
            pass
    except Exception as err:
        return err
    return None


def store_fingerprint(db: Path) -> str:
    """A digest of what a store holds: documents (id, content hash), events and rejections."""
    digest = hashlib.sha256()
    queries = (
        "SELECT id, content_hash FROM documents ORDER BY id",
        "SELECT id, record FROM events ORDER BY id",
        "SELECT doc_id, stage, reason, detail, origin FROM rejections ORDER BY 1, 2, 3, 4, 5",
    )
    with contextlib.closing(sqlite3.connect(db)) as conn:
        for query in queries:
            for row in conn.execute(query):
                digest.update(repr(row).encode("utf-8", "backslashreplace"))
    return digest.hexdigest()[:16]


# ================================================================ driver


def _peak_mb() -> int:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def _progress(level: str, done: int, total: int, started: float) -> None:
    elapsed = time.perf_counter() - started
    rate = done / elapsed if elapsed else 0.0
    print(f"  [{level}] {done:,}/{total:,}  {elapsed:,.0f} s  {rate:,.1f}/s", file=sys.stderr)


def fuzz(args: argparse.Namespace, book: Book) -> None:
    names = args.generators.split(",") if args.generators else list(GENERATORS)
    unknown = [n for n in names if n not in GENERATORS]
    if unknown:
        raise SystemExit(f"unknown generator(s): {', '.join(unknown)}; see --list")
    settings = Settings()
    tmp = Path(tempfile.mkdtemp(prefix="sitrep-fuzz-"))
    try:
        reader = ReaderLevel(book, tmp, timeout=args.reader_timeout, budget=settings.time_budget)
        pipeline_keep: set[int] = set()
        run_cases: list[tuple[int, Case]] = []
        api_cases: list[Case] = []
        pending: dict[dt.date | None, list[tuple[int, Case]]] = defaultdict(list)
        cases_by_index: dict[int, Case] = {}
        started = time.perf_counter()
        for index, generator, seed in plan(args.seed, args.inputs, names):
            case = make_case(generator, seed)
            if sampled(seed, "pipeline", args.pipeline_share):
                pipeline_keep.add(index)
                cases_by_index[index] = case
                if sampled(seed, "api", 0.25):
                    api_cases.append(case)
            if sampled(seed, "run", args.run_share):
                run_cases.append((index, case))
            if seed % 37 == 0:  # a few through standard input, their format sniffed
                reader.read_one(index, case, pipeline_keep, published=case.published)
            else:
                batch = pending[case.published]
                batch.append((index, case))
                if len(batch) >= args.chunk:
                    reader.read_folder(batch, pipeline_keep)
                    pending[case.published] = []
            if (index + 1) % 5_000 == 0:
                _progress("reader", index + 1, args.inputs, started)
        for batch in pending.values():
            if batch:
                reader.read_folder(batch, pipeline_keep)
        book.wall["reader"] = time.perf_counter() - started
        book.checks["peak_memory_mb_after_reader"] = _peak_mb()
        print(f"reader: {args.inputs:,} inputs in {book.wall['reader']:,.0f} s", file=sys.stderr)

        items: list[tuple[Case, Document | Rejected]] = []
        large: Counter[str] = Counter()
        for index in sorted(reader.kept):
            case = cases_by_index[index]
            for item in reader.kept[index]:
                if _large(item):
                    if sum(large.values()) >= args.large or large[case.generator] >= 2:
                        continue
                    large[case.generator] += 1
                items.append((case, item))
        started = time.perf_counter()
        if items:
            PipelineLevel(book, settings).run(items)
        book.wall["pipeline"] = time.perf_counter() - started
        book.checks["peak_memory_mb_after_pipeline"] = _peak_mb()

        started = time.perf_counter()
        run_api(book, api_cases, settings)
        book.wall["api"] = time.perf_counter() - started
        book.checks["peak_memory_mb_after_api"] = _peak_mb()

        started = time.perf_counter()
        if run_cases:
            RunLevel(book, tmp, workers_check=not args.no_workers_check).run(run_cases)
        book.wall["run"] = time.perf_counter() - started
        book.checks["peak_memory_mb_after_run"] = _peak_mb()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _reasons(counter: Counter[str]) -> str:
    return ", ".join(f"{r} {n:,}" for r, n in sorted(counter.items(), key=lambda x: -x[1]))


def report(book: Book, args: argparse.Namespace, wall: float) -> dict[str, Any]:
    """Print the tables and the findings; return everything for --out."""
    out: dict[str, Any] = {
        "command": " ".join(sys.argv),
        "seed": args.seed,
        "seed_rule": f"input i: seed = {args.seed} * 10**7 + i, generator GENERATORS[i % n]",
        "inputs": args.inputs,
        "pipeline_share": args.pipeline_share,
        "run_share": args.run_share,
        "time_budget": Settings().time_budget,
        "sitrep": _version(),
        "python": platform.python_version(),
        "wall_seconds": round(wall, 1),
        "levels": {},
    }
    print()
    print(f"sitrep fuzz: seed {args.seed}, {args.inputs:,} inputs, wall time {wall:,.0f} s")
    for level in LEVELS:
        rows = book.tallies[level]
        if not rows:
            continue
        total = Tally()
        for tally in rows.values():
            total.add(tally)
        print()
        print(f"## {level} ({book.wall.get(level, 0):,.0f} s)")
        print()
        print(
            "| generator | inputs | documents | events | rejections by reason | exceptions "
            "| unaccounted | broken promises | over budget | slowest s (seed) |"
        )
        print("|---|---:|---:|---:|---|---:|---:|---:|---:|---|")
        for name, tally in [*sorted(rows.items()), ("**total**", total)]:
            print(
                f"| {name} | {tally.inputs:,} | {tally.documents:,} | {tally.events:,} "
                f"| {_reasons(tally.rejections)} | {tally.exceptions} | {tally.unaccounted} "
                f"| {tally.violations} | {tally.over_budget} "
                f"| {tally.slowest:.2f} ({tally.slowest_seed}) |"
            )
        out["levels"][level] = {
            "wall_seconds": round(book.wall.get(level, 0.0), 1),
            "total": total.as_dict(),
            "generators": {n: t.as_dict() for n, t in sorted(rows.items())},
        }
    if book.checks:
        print()
        for name, value in book.checks.items():
            if name != "run_summaries":
                print(f"{name}: {value}")
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in book.findings:
        groups[finding.signature].append(finding)
    print()
    print(f"## findings: {len(book.findings)} in {len(groups)} kinds")
    for signature, found in sorted(groups.items(), key=lambda g: (g[0].split()[1], -len(g[1]))):
        print()
        print(f"- {len(found)} x {signature}")
        print(f"  {found[0].summary}")
        labels = [f"{f.generator}:{f.seed}" for f in found]
        for start in range(0, len(labels), 6):
            print("    " + " ".join(labels[start : start + 6]))
        if found[0].kept:
            print(f"  kept: {found[0].kept}" + (" (and the others beside it)" if found[1:] else ""))
    out["checks"] = book.checks
    out["findings"] = [dataclasses.asdict(f) for f in book.findings]
    return out


def _version() -> str:
    here = Path(sitrep.__file__).resolve().parent
    try:
        head = subprocess.run(
            ["git", "-C", str(here), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, check=True, timeout=10,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        head = "unknown"
    return f"{here} (git {head})"


def replay(label: str, keep: Path | None) -> int:
    """Regenerate one input and run it through every level, printing full tracebacks."""
    generator, _, seed_text = label.partition(":")
    case = make_case(generator, int(seed_text))
    print(f"{case.label}: {len(case.data):,} bytes, extension {case.ext!r}, "
          f"name {case.file_name()!r}, published {case.published}")  # fmt: skip
    print(f"first bytes: {case.data[:200]!r}")
    failed = 0
    with tempfile.TemporaryDirectory(prefix="sitrep-replay-") as tmp:
        path = os.fsencode(tmp) + b"/" + case.file_name()
        with open(path, "wb") as out:
            out.write(case.data)
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            with open(os.fsencode(keep) + b"/" + case.file_name(), "wb") as out:
                out.write(case.data)
            print(f"written to {keep}")
        items: list[Document | Rejected] = []
        try:
            items = list(read_paths([os.fsdecode(path)], published=case.published))
            for item in items:
                print(f"  read: {_describe(item)}")
        except Exception:
            failed += 1
            traceback.print_exc()
        settings = Settings()
        if items:
            try:
                results = build_pipeline(settings).process_batch(items)
                for result in results:
                    print(f"  pipeline: {_describe(result)}")
                if any(getattr(r, "reason", "") == Reason.STAGE_ERROR for r in results):
                    failed += 1
                    print("  a stage failed; again with strict=True for its traceback:")
                    build_pipeline(Settings(strict=True)).process_batch(items)
            except Exception:
                failed += 1
                traceback.print_exc()
        for text, given in api_texts(case):
            try:
                result = analyze(text, published=case.published, doc_id=given, settings=settings)
                print(f"  analyze: {_describe(result)}")
            except Exception:
                failed += 1
                traceback.print_exc()
        try:
            with Store.open(Path(tmp) / "replay.db") as store:
                summary = run_paths([os.fsdecode(path)], settings=settings, store=store)
                print("  run_paths: " + summary.render().replace("\n", "\n  "))
        except Exception:
            failed += 1
            traceback.print_exc()
    return 1 if failed else 0


def _describe(item: object) -> str:
    if isinstance(item, Document):
        return f"Document {item.id} ({len(item.text):,} chars, {item.format}, {item.origin!r})"
    if isinstance(item, Analysis):
        return f"Analysis {item.document.id} ({len(item.events)} events)"
    if isinstance(item, Rejected):
        return f"Rejected {item.reason} at {item.stage}: {item.detail[:200]!r}"
    return repr(item)[:200]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--inputs", type=int, default=100_000, help="inputs to generate")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="master seed")
    parser.add_argument(
        "--pipeline-share", type=float, default=0.05,
        help="share of inputs also run through the whole pipeline (a quarter of them also "
        "through sitrep.api.analyze)",
    )  # fmt: skip
    parser.add_argument(
        "--run-share", type=float, default=0.005, help="share of inputs also run with run_paths"
    )
    parser.add_argument(
        "--large", type=int, default=12,
        help=f"at most this many pipeline documents over {SMALL_DOC:,} characters",
    )  # fmt: skip
    parser.add_argument("--chunk", type=int, default=250, help="files per folder for the reader")
    parser.add_argument("--reader-timeout", type=float, default=READER_TIMEOUT)
    parser.add_argument("--generators", default="", help="comma-separated subset")
    parser.add_argument("--no-workers-check", action="store_true", help="no workers=2 run")
    parser.add_argument("--out", type=Path, help="write the figures and findings as JSON")
    parser.add_argument("--keep", type=Path, help="folder for the failing inputs")
    parser.add_argument("--replay", metavar="GENERATOR:SEED", help="rerun one input verbosely")
    parser.add_argument("--list", action="store_true", help="list the generators")
    args = parser.parse_args(argv)
    if args.list:
        for name, make in GENERATORS.items():
            doc = " ".join((make.__doc__ or "").split())
            print(f"{name:22} {doc}")
        return 0
    faulthandler.enable()
    faulthandler.register(signal.SIGUSR1, all_threads=True)  # kill -USR1 PID: where is it?
    if args.replay:
        return replay(args.replay, args.keep)
    book = Book(args.keep)
    started = time.perf_counter()
    fuzz(args, book)
    out = report(book, args, time.perf_counter() - started)
    if args.out:
        args.out.write_text(json.dumps(out, indent=1, default=str), encoding="utf-8")
        print(f"\nwritten: {args.out}")
    bad = [f for f in book.findings if f.kind in FAILING]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
