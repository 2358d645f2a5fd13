"""Read files, folders and stdin into `Document`s, rejecting bad input with a reason.

This is the front door of sitrep. Everything a user hands us comes out of
`read_paths` either as a `Document` or as a `Rejected` that says why it was
refused; nothing is dropped silently, and one bad file never stops the others.

The rules, in the order they are applied:

* **Paths.** A path is a file, a folder or ``-`` (stdin). Folders are read
  recursively, files sorted by path so that runs are repeatable; hidden files
  and folders (names starting with ``.``) are skipped. A missing or unreadable
  path becomes `Reason.UNREADABLE`.
* **Format.** By extension: ``.txt``/``.text``/``.md`` are text,
  ``.html``/``.htm`` HTML, ``.jsonl``/``.ndjson`` JSON Lines. Known binary or
  office formats (``.pdf``, ``.docx``, images, archives, ...) are
  `Reason.UNSUPPORTED`. Anything else, and stdin, is sniffed from the content.
* **Bytes to text.** NUL bytes or more than 30% control characters in the first
  8 KB mean `Reason.BINARY`. UTF-8 is read as it is (a BOM is dropped); HTML that
  is not UTF-8 may declare another charset in a ``<meta>`` tag (a name that is no
  text encoding, such as ``rot-13`` or ``hex``, is ignored). Anything else is
  decoded with the encoding that `charset_normalizer` detects, and the
  document's `notes` say so; bytes that fit no encoding are
  `Reason.UNDECODABLE`, with the byte position.
* **Code points.** Unpaired UTF-16 surrogates (``"\\ud83d"`` in scraped JSON) cannot
  be stored or hashed; each becomes U+FFFD, one character for one, so lengths
  and offsets hold, and the document's `notes` count them. A file name that is
  not valid UTF-8 is shown with its bad bytes escaped (``bad\\xffname.txt``).
* **Newlines.** ``\\r\\n`` and ``\\r`` become ``\\n``. Every offset elsewhere in
  sitrep refers to this normalised text: `Document.text` is "the text as read".
* **Size.** Empty or blank text is `Reason.EMPTY`; more than ``max_chars``
  characters (setting ``max_chars``, env ``SITREP_MAX_CHARS``) is
  `Reason.OVERSIZED`.
* **HTML** is reduced to its main text by trafilatura (menus, footers and
  reader comments dropped); its title and date come from the page metadata.
* **JSON Lines**: one JSON object per line with a string ``"text"`` and optional
  ``id``, ``title``, ``url``, ``outlet``, ``published``. Each line is judged on
  its own (`Reason.MALFORMED`, `Reason.BAD_FIELD`, `Reason.DUPLICATE`), and its
  origin is ``path:LINE``.

A document's `published` date is its own (HTML metadata, JSON field) when it has
one, else the ``published`` argument.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import os
import re
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO, Literal

import charset_normalizer
import trafilatura

from sitrep.errors import ConfigError, Reason
from sitrep.model import Document, Rejected

__all__ = ["display_path", "document_id", "read_paths", "read_text", "repair_surrogates"]

Format = Literal["text", "html", "jsonl"]
STDIN_ORIGIN = "<stdin>"

_EXTENSIONS: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}

# Formats we know we cannot read; sniffing them would only give a vaguer reason.
_UNSUPPORTED = frozenset(
    ".pdf .doc .docx .odt .rtf .xls .xlsx .ods .ppt .pptx .odp .epub "
    ".png .jpg .jpeg .gif .bmp .tif .tiff .webp .svg .ico .heic "
    ".mp3 .mp4 .wav .ogg .avi .mov .mkv .webm .flac "
    ".zip .gz .tgz .bz2 .xz .7z .rar .tar .zst "
    ".exe .dll .so .dylib .bin .o .a .class .jar .pyc .whl "
    ".sqlite .db .parquet .pickle .pkl .npy .npz".split()
)

_SNIFF_BYTES = 8192
_MAX_CONTROL_SHARE = 0.30
# Bytes below 0x20 that ordinary text does contain: tab, newline, VT, form feed, CR.
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r")
_TITLE_MAX = 120
# trafilatura is given raw markup; pages are markup-heavy, so allow this many times
# max_chars of markup before refusing to parse at all.
_HTML_MARKUP_FACTOR = 10

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)
_DATE_PREFIX = re.compile(r"\d{4}-\d{2}-\d{2}(?:$|[T ])")
_SURROGATE = re.compile("[\ud800-\udfff]")
_MOSTLY_ASCII = 0.9


def document_id(text: str) -> str:
    """The id of a text: the first 16 hex characters of the SHA-256 of its UTF-8 bytes.

    Readers repair unpaired surrogates first (`repair_surrogates`); any still here
    are hashed by their code points rather than raising."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def repair_surrogates(text: str) -> tuple[str, int]:
    """`text` with each unpaired surrogate code point replaced by U+FFFD, and how many.

    Surrogates come from JSON escapes such as ``"\\ud83d"`` whose pair was cut
    off; no encoding can store them. Paired halves (``"\\ud83d\\ude00"``) are
    joined into their character by `json.loads` already, so any left are unpaired.
    """
    if text.isascii():  # the common case, decided in C
        return text, 0
    found = len(_SURROGATE.findall(text))
    return (_SURROGATE.sub("\ufffd", text), found) if found else (text, 0)


def display_path(path: str | Path) -> str:
    """`path` as text that can always be printed and stored: bytes of a file name
    that are not UTF-8 (old archives) are shown escaped, ``bad\\xffname.txt``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


# ---------------------------------------------------------------- entry points


def read_paths(
    paths: Sequence[str | Path],
    *,
    published: dt.date | None = None,
    max_chars: int = 2_000_000,
    stdin: BinaryIO | None = None,
) -> Iterator[Document | Rejected]:
    """Yield a `Document` or a `Rejected` for every input found under `paths`.

    `paths` holds files, folders (read recursively in sorted order, hidden
    entries skipped) and ``"-"`` for standard input (`stdin`, default
    ``sys.stdin.buffer``; its format is sniffed). `published` is the date used
    for documents that carry none of their own. Texts are newline-normalised
    (``\\r\\n``/``\\r`` -> ``\\n``) and offsets refer to that text, the text as
    read. Raises `ConfigError` if `max_chars` is not positive.
    """
    _check_max_chars(max_chars)
    for raw in paths:
        if str(raw) == "-":
            data = (stdin if stdin is not None else sys.stdin.buffer).read()
            yield from _read_bytes(data, STDIN_ORIGIN, None, published, max_chars)
            continue
        path = Path(raw)
        if _is_dir(path):
            for file, problem in _walk(path):
                if problem is not None:
                    yield problem
                else:
                    yield from _read_file(file, published, max_chars)
        else:
            yield from _read_file(path, published, max_chars)


def read_text(
    text: str,
    *,
    origin: str,
    published: dt.date | None = None,
    max_chars: int = 2_000_000,
    fmt: str = "text",
    notes: Sequence[str] = (),
) -> Document | Rejected:
    """Turn one decoded text into a `Document`, or say why not.

    `fmt` is ``"text"`` (a title is taken from a short first line followed by a
    blank line), ``"html"`` (the main text is extracted from the markup) or
    ``"jsonl"`` (the ``text`` of one JSON Lines record: checked like plain text,
    no title guessing). Newlines are normalised first; `Document.text` and all
    offsets refer to the normalised text. Unpaired surrogates are replaced
    (`repair_surrogates`). `notes` (what reading repaired or guessed before) are
    kept on the document with any of its own. Raises `ValueError` for another `fmt`.
    """
    _check_max_chars(max_chars)
    text, repaired = repair_surrogates(normalise_newlines(text))
    notes = (*notes, *_surrogate_note(repaired))
    if fmt == "html":
        return _html_document(text, origin, published, max_chars, notes)
    if fmt not in ("text", "jsonl"):
        raise ValueError(f"fmt must be 'text', 'html' or 'jsonl', not {fmt!r}")
    problem = _check_size(text, origin, max_chars)
    if problem is not None:
        return problem
    title = None if fmt == "jsonl" else _text_title(text)
    return Document(
        document_id(text),
        text,
        title=title,
        origin=origin,
        published=published,
        format="jsonl" if fmt == "jsonl" else "text",
        notes=notes,
    )


def read_records(
    text: str, *, origin: str, published: dt.date | None = None, max_chars: int = 2_000_000
) -> Iterator[Document | Rejected]:
    """The documents of JSON Lines `text` (one object with "text" per line), checked as
    `read_paths` checks a .jsonl file; `origin` names where the lines came from."""
    _check_max_chars(max_chars)
    yield from _read_jsonl(text, origin, published, max_chars, ())


def _surrogate_note(count: int, where: str = "text") -> tuple[str, ...]:
    if not count:
        return ()
    return (f"{where}: {count} unpaired surrogate code point(s) replaced by U+FFFD",)


def normalise_newlines(text: str) -> str:
    """Turn ``\\r\\n`` and lone ``\\r`` into ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------- files and folders


def _check_max_chars(max_chars: int) -> None:
    if max_chars < 1:
        raise ConfigError(f"max_chars (env SITREP_MAX_CHARS) must be at least 1, not {max_chars}")


def _is_dir(path: Path) -> bool:
    """Whether `path` is a folder; errors are left for `_read_file` to report."""
    try:
        return stat.S_ISDIR(path.stat().st_mode)
    except OSError:
        return False


def _walk(folder: Path) -> list[tuple[Path, Rejected | None]]:
    """Every non-hidden file below `folder`, sorted by path.

    Entries that cannot be walked come with a `Rejected` instead of being lost:
    unreadable folders, and symlinked folders (os.walk does not follow them, so
    a link loop cannot trap us, but the user should know they were not read).
    """
    found: list[tuple[Path, Rejected | None]] = []

    def unreadable(err: OSError) -> None:
        where = display_path(err.filename or folder)
        detail = f"{where}: cannot list folder ({err.strerror or err})"
        found.append((Path(where), _reject(Reason.UNREADABLE, detail, where)))

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in dirs:
            link = Path(root, name)
            if link.is_symlink():
                shown = display_path(link)
                detail = f"{shown}: symlinked folder not followed; pass its target path instead"
                found.append((link, _reject(Reason.UNSUPPORTED, detail, shown)))
        found.extend((Path(root, f), None) for f in files if not f.startswith("."))
    return sorted(found, key=lambda item: item[0])


def _reject(reason: Reason, detail: str, origin: str, doc_id: str = "") -> Rejected:
    return Rejected(doc_id=doc_id, stage="read", reason=str(reason), detail=detail, origin=origin)


def _read_file(
    path: Path, published: dt.date | None, max_chars: int
) -> Iterator[Document | Rejected]:
    origin = display_path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        yield _reject(Reason.UNREADABLE, f"{origin}: no such file or folder", origin)
        return
    except OSError as err:  # permission denied on a parent, a symlink loop, ...
        yield _reject(Reason.UNREADABLE, f"{origin}: {err.strerror or err}", origin)
        return
    if not stat.S_ISREG(mode):
        # FIFOs and devices could block forever or never end.
        yield _reject(Reason.UNSUPPORTED, f"{origin}: not a regular file or folder", origin)
        return
    suffix = path.suffix.lower()
    if suffix in _UNSUPPORTED:
        yield _reject(
            Reason.UNSUPPORTED,
            f"{origin}: sitrep cannot read {suffix} files; convert it to text, HTML or JSON Lines",
            origin,
        )
        return
    try:
        data = path.read_bytes()
    except OSError as err:
        yield _reject(Reason.UNREADABLE, f"{origin}: {err.strerror or err}", origin)
        return
    yield from _read_bytes(data, origin, _EXTENSIONS.get(suffix), published, max_chars)


# ---------------------------------------------------------------- bytes to text


def _read_bytes(
    data: bytes,
    origin: str,
    fmt: Format | None,
    published: dt.date | None,
    max_chars: int,
) -> Iterator[Document | Rejected]:
    """Check, decode and dispatch the bytes of one input; `fmt` None means sniff."""
    binary = _binary_problem(data[:_SNIFF_BYTES])
    if binary is not None:
        yield _reject(Reason.BINARY, f"{origin}: looks like a binary file ({binary})", origin)
        return
    if fmt is None:
        fmt = _sniff(data)
    decoded = _decode(data, origin, html=fmt == "html")
    if isinstance(decoded, Rejected):
        yield decoded
        return
    text, notes = decoded
    if fmt == "jsonl":
        yield from _read_jsonl(text, origin, published, max_chars, notes)
    else:
        yield read_text(
            text, origin=origin, published=published, max_chars=max_chars, fmt=fmt, notes=notes
        )


def _binary_problem(head: bytes) -> str | None:
    """Why `head` (the first bytes of a file) is not text, or None."""
    if b"\0" in head:
        return "it contains NUL bytes"
    if not head:
        return None
    controls = sum(1 for b in head if (b < 0x20 and b not in _TEXT_CONTROLS) or b == 0x7F)
    share = controls / len(head)
    if share > _MAX_CONTROL_SHARE:
        return f"{share:.0%} of its first {len(head)} bytes are control characters"
    return None


def _sniff(data: bytes) -> Format:
    """Guess the format from the content (works on bytes: any ASCII-compatible text)."""
    head = data[:_SNIFF_BYTES].removeprefix(codecs.BOM_UTF8).lstrip()
    lowered = head.lower()
    if head.startswith(b"<") and any(tag in lowered for tag in (b"<html", b"<p", b"<body")):
        return "html"
    lines = [line.strip() for line in data.removeprefix(codecs.BOM_UTF8).splitlines()]
    lines = [line for line in lines if line]
    if lines and all(line.startswith(b"{") for line in lines):
        return "jsonl"
    return "text"


def _decode(data: bytes, origin: str, *, html: bool) -> tuple[str, tuple[str, ...]] | Rejected:
    """The text and notes on how it was decoded: UTF-8 (BOM dropped); for HTML the
    charset its <meta> tag declares; else the encoding detected; else a rejection."""
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError as err:
        utf8_error = err
    declared = _declared_charset(data) if html else None
    if declared is not None:
        try:
            return data.decode(declared), ()
        except UnicodeError:  # idna and punycode raise UnicodeError itself
            pass  # the page lies about its encoding: detect it instead
    detected = _detected(data)
    if detected is None:
        return _reject(
            Reason.UNDECODABLE,
            f"{origin}: not valid UTF-8 at byte {utf8_error.start}, and no other encoding fits",
            origin,
        )
    text, encoding = detected
    why = f"declared {declared} does not fit" if declared else "not UTF-8"
    return text, (f"decoded as {encoding} (detected; {why})",)


def _detected(data: bytes) -> tuple[str, str] | None:
    """The text and encoding `data` is most likely in, or None when none fits.

    Text that is nearly all ASCII is English with a few curly quotes or accented
    names, nearly always in Windows-1252; on so few bytes statistical detection
    guesses wildly (it takes "caf\\xe9" for Urdu). Other text goes to
    `charset_normalizer`."""
    ascii_share = sum(b < 0x80 for b in data[:_SNIFF_BYTES]) / max(1, len(data[:_SNIFF_BYTES]))
    if ascii_share >= _MOSTLY_ASCII:
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass  # one of its five unused bytes: not Windows-1252 after all
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return None
    return str(best), best.encoding


def _declared_charset(data: bytes) -> str | None:
    """The text encoding named by a <meta charset> in the head of an HTML page, if Python
    knows it; names of codecs that are not text encodings (``rot-13``, ``hex``) are ignored."""
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    if match is None:
        return None
    try:
        info = codecs.lookup(match.group(1).decode("ascii"))
    except (LookupError, UnicodeDecodeError):
        return None
    # bytes-to-bytes and str-to-str codecs say so in this flag (bytes.decode checks it too)
    return info.name if getattr(info, "_is_text_encoding", True) else None


# ---------------------------------------------------------------- text and HTML


def _check_size(text: str, origin: str, max_chars: int) -> Rejected | None:
    if not text.strip():
        return _reject(Reason.EMPTY, f"{origin}: no text (empty or only white space)", origin)
    if len(text) > max_chars:
        return _reject(
            Reason.OVERSIZED,
            f"{origin}: {len(text)} characters, more than max_chars={max_chars} "
            "(raise the setting max_chars or env SITREP_MAX_CHARS)",
            origin,
            document_id(text),
        )
    return None


def _text_title(text: str) -> str | None:
    """A short first line without a final period, followed by a blank line, is a title."""
    lines = text.split("\n", 2)
    if len(lines) < 2 or lines[1].strip():
        return None
    first = lines[0].strip()
    if not first or len(first) >= _TITLE_MAX or first.endswith("."):
        return None
    return first


def _html_document(
    html: str, origin: str, published: dt.date | None, max_chars: int, notes: tuple[str, ...]
) -> Document | Rejected:
    if not html.strip():
        return _reject(Reason.EMPTY, f"{origin}: no text (empty or only white space)", origin)
    if len(html) > max_chars * _HTML_MARKUP_FACTOR:
        return _reject(
            Reason.OVERSIZED,
            f"{origin}: {len(html)} characters of HTML, more than {_HTML_MARKUP_FACTOR} x "
            f"max_chars={max_chars} (raise the setting max_chars or env SITREP_MAX_CHARS)",
            origin,
        )
    try:
        extracted = trafilatura.extract(
            html, include_comments=False, include_tables=False, favor_precision=True
        )
        title, date = _html_metadata(html)
    # trafilatura and lxml may raise on markup no one foresaw; one page must not stop a run.
    except Exception as err:
        detail = f"{origin}: the HTML could not be parsed ({type(err).__name__}: {err})"
        return _reject(Reason.MALFORMED, detail[:500], origin)
    text, repaired = repair_surrogates(normalise_newlines(extracted or ""))
    if not text.strip():
        return _reject(Reason.EMPTY, f"{origin}: no main text found in the HTML", origin)
    problem = _check_size(text, origin, max_chars)
    if problem is not None:
        return problem
    return Document(
        document_id(text),
        text,
        title=repair_surrogates(title)[0] if title else None,
        origin=origin,
        published=date or published,
        format="html",
        notes=(*notes, *_surrogate_note(repaired)),
    )


def _html_metadata(html: str) -> tuple[str | None, dt.date | None]:
    """Title and ISO publication date of a page, each None when unknown."""
    meta: Any = trafilatura.extract_metadata(html)
    title = getattr(meta, "title", None)
    if not isinstance(title, str) or not title.strip():
        match = _TITLE_TAG.search(html)
        title = " ".join(match.group(1).split()) if match else None
    raw_date = getattr(meta, "date", None)
    date = _parse_date(raw_date) if isinstance(raw_date, str) else None
    return (title or None), date


def _parse_date(value: str) -> dt.date | None:
    """A date from "YYYY-MM-DD" or a datetime string that starts with one."""
    value = value.strip()
    if not _DATE_PREFIX.match(value):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


# ---------------------------------------------------------------- JSON Lines

_OPTIONAL_STRINGS = ("title", "url", "outlet")


def _read_jsonl(
    text: str, origin: str, published: dt.date | None, max_chars: int, notes: tuple[str, ...]
) -> Iterator[Document | Rejected]:
    """One result per non-blank line (one rejection for a file with none); ids are
    checked for reuse within the file."""
    if not text.strip():
        yield _reject(Reason.EMPTY, f"{origin}: no lines (empty or only white space)", origin)
        return
    seen: dict[str, tuple[int, str]] = {}  # id -> (line number, text)
    # split("\n"), not splitlines(): JSON text may hold U+2028 and friends unescaped.
    for number, line in enumerate(normalise_newlines(text).split("\n"), start=1):
        if line.strip():
            result = _jsonl_line(line, f"{origin}:{number}", published, max_chars, notes)
            if isinstance(result, Document):
                result = _check_reuse(result, number, seen)
            yield result


def _jsonl_line(
    line: str, where: str, published: dt.date | None, max_chars: int, notes: tuple[str, ...]
) -> Document | Rejected:
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as err:  # [[[[... nests past the stack
        return _reject(Reason.MALFORMED, f"{where}: not valid JSON ({_json_problem(err)})", where)
    if not isinstance(record, dict):
        kind = type(record).__name__
        return _reject(Reason.MALFORMED, f"{where}: a JSON {kind}, not an object", where)
    record, repaired = _repaired_record(record)
    notes = (*notes, *repaired)
    text = record.get("text")
    if not isinstance(text, str):
        what = 'no "text"' if text is None else f'"text" is a {type(text).__name__}'
        return _reject(Reason.MALFORMED, f"{where}: {what}; a string is needed", where)
    given_id, problem = _record_id(record, where)
    if problem is not None:
        return problem
    fields = _record_fields(record, where, given_id or document_id(text))
    if isinstance(fields, Rejected):
        return fields
    doc = read_text(
        text, origin=where, published=published, max_chars=max_chars, fmt="jsonl", notes=notes
    )
    if isinstance(doc, Rejected):
        return replace(doc, doc_id=given_id or doc.doc_id)
    own_date = fields.pop("published", None)
    return replace(
        doc,
        id=given_id or doc.id,
        published=own_date or published,
        **fields,
    )


def _json_problem(err: ValueError | RecursionError) -> str:
    if isinstance(err, json.JSONDecodeError):
        return err.msg
    if isinstance(err, RecursionError):
        return "nested too deeply"
    return "a number with more digits than Python reads"  # the int-string limit, 4,300


def _repaired_record(record: dict[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The record with unpaired surrogates replaced in the string fields sitrep keeps."""
    repaired = dict(record)
    notes: list[str] = []
    for name in ("text", "id", *_OPTIONAL_STRINGS):
        value = record.get(name)
        if isinstance(value, str):
            repaired[name], count = repair_surrogates(value)
            notes += _surrogate_note(count, f'field "{name}"')
    return repaired, tuple(notes)


def _record_id(record: dict[str, Any], where: str) -> tuple[str | None, Rejected | None]:
    """The record's own id as a string (None if it has none), or why it is unusable."""
    value = record.get("id")
    text_id = document_id(record["text"])
    if value is None:
        return None, None
    # bool is an int in Python, but `true` is no id.
    if isinstance(value, bool) or not isinstance(value, str | int):
        kind = type(value).__name__
        return None, _reject(
            Reason.BAD_FIELD,
            f'{where}: field "id" must be a string or integer, not {kind}',
            where,
            text_id,
        )
    if isinstance(value, str) and not value.strip():
        return None, _reject(Reason.BAD_FIELD, f'{where}: field "id" is empty', where, text_id)
    return str(value), None


def _record_fields(record: dict[str, Any], where: str, doc_id: str) -> dict[str, Any] | Rejected:
    """title/url/outlet (strings) and published (a date), or the first bad field."""
    fields: dict[str, Any] = {}
    for name in _OPTIONAL_STRINGS:
        value = record.get(name)
        if value is None:
            continue  # absent and null both mean "unknown"
        if not isinstance(value, str):
            kind = type(value).__name__
            detail = f'{where}: field "{name}" must be a string, not {kind}'
            return _reject(Reason.BAD_FIELD, detail, where, doc_id)
        fields[name] = value.strip() or None
    raw_date = record.get("published")
    if raw_date is not None:
        date = _parse_date(raw_date) if isinstance(raw_date, str) else None
        if date is None:
            detail = (
                f'{where}: field "published" must be an ISO date "YYYY-MM-DD" '
                f"(or a datetime starting with one), not {raw_date!r}"
            )
            return _reject(Reason.BAD_FIELD, detail, where, doc_id)
        fields["published"] = date
    return fields


def _check_reuse(
    doc: Document, number: int, seen: dict[str, tuple[int, str]]
) -> Document | Rejected:
    """Reject a second use of an id: DUPLICATE if the text matches, else BAD_FIELD."""
    where = doc.origin or ""
    earlier = seen.get(doc.id)
    if earlier is None:
        seen[doc.id] = (number, doc.text)
        return doc
    line, text = earlier
    if text == doc.text:
        detail = f"{where}: id {doc.id} with the same text as line {line}"
        return _reject(Reason.DUPLICATE, detail, where, doc.id)
    detail = f"{where}: id {doc.id} already used by line {line} with a different text"
    return _reject(Reason.BAD_FIELD, detail, where, doc.id)
