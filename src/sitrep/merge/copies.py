"""Near-duplicate documents: the same article syndicated or republished with small edits.

A document is a **copy** of another when the estimated Jaccard similarity of their
word shingles (runs of `DedupeSettings.shingle` consecutive words) is at or above
`DedupeSettings.threshold`. The estimate is a MinHash signature (datasketch), so
it is cheap to store with each document and to compare.

Text is normalised before it is cut into words (case folded, accents folded,
punctuation dropped, white space collapsed), so a reformatted copy is still a
copy. Texts shorter than `DedupeSettings.min_words` get no signature and are
never copies: a few words in common say nothing about two documents.

`CopyIndex` collects signatures one document at a time and answers which
documents are copies of which. Copies form groups (connected components of the
"copy" relation); the earliest published document of a group is its original.
The answer depends only on the set of documents, never on the order they were
added in.

This module is pure: no I/O, no global state besides caches of constants.
"""

from __future__ import annotations

import datetime
import functools
import math
import operator
import re
import struct
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH  # type: ignore[import-untyped]
from datasketch.hashfunc import sha1_hash32  # type: ignore[import-untyped]
from numpy.typing import NDArray

__all__ = ["Copy", "CopyIndex", "DedupeSettings", "Signature", "signature"]

# Fixed, so signatures from different processes, runs and machines compare. The
# hash of a shingle is SHA-1 based (never Python's salted hash()), and the
# permutations come from a seeded generator, so the same text always gives the
# same signature. Changing any of these three invalidates stored signatures.
_SEED = 1
_SCHEME = "affine32"
_FORMAT = 1  # first byte of Signature.to_bytes(), so a future format can be told apart

# A pair whose estimated similarity is exactly the threshold shares no LSH band
# with at most this probability (see _lsh_params); pairs above it, even less.
_MAX_MISS = 1e-9

_APOSTROPHES = re.compile(r"(?<=\w)['\u2019\u02bc](?=\w)")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class DedupeSettings:
    """When two documents count as copies.

    threshold: estimated Jaccard similarity of word shingles at or above which two
        documents are copies (0 < threshold <= 1).
    num_perm: number of MinHash values per signature.
    shingle: words per shingle.
    min_words: texts with fewer words are never called copies (too little to tell).
    """

    threshold: float = 0.8
    num_perm: int = 128
    shingle: int = 5
    min_words: int = 30

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        if self.num_perm < 2:
            raise ValueError(f"num_perm must be at least 2, got {self.num_perm}")
        if self.shingle < 1:
            raise ValueError(f"shingle must be at least 1, got {self.shingle}")
        if self.min_words < 1:
            raise ValueError(f"min_words must be at least 1, got {self.min_words}")


_DEFAULTS = DedupeSettings()


@dataclass(frozen=True, slots=True)
class Signature:
    """The MinHash signature of one document: `num_perm` unsigned 32-bit hash values."""

    values: tuple[int, ...]

    def to_bytes(self) -> bytes:
        """Encode as one format byte followed by the values, 4 bytes each, little-endian."""
        return bytes([_FORMAT]) + struct.pack(f"<{len(self.values)}I", *self.values)

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        """Decode what `to_bytes` wrote; ValueError if it is not such a signature."""
        if not data or data[0] != _FORMAT or (len(data) - 1) % 4 or len(data) < 5:
            raise ValueError("not a signature written by Signature.to_bytes")
        return cls(struct.unpack(f"<{(len(data) - 1) // 4}I", data[1:]))

    def similarity(self, other: Signature) -> float:
        """Estimated Jaccard similarity: the share of positions with equal values."""
        if len(self.values) != len(other.values):
            raise ValueError(
                f"signatures of different lengths: {len(self.values)} and {len(other.values)}"
            )
        matches: int = sum(map(operator.eq, self.values, other.values))
        return matches / len(self.values)


@dataclass(frozen=True, slots=True)
class Copy:
    """`doc_id` is a copy of `original`, with this estimated similarity (3 decimals)."""

    doc_id: str
    original: str
    similarity: float


def _words(text: str) -> list[str]:
    """The words of a text, case and accents folded, punctuation dropped."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    # "don't" and "don’t" are one word, not "don t": join elisions before splitting.
    return _WORD.findall(_APOSTROPHES.sub("", folded))


def _shingles(words: list[str], size: int) -> set[bytes]:
    """Runs of `size` consecutive words, UTF-8 encoded (one run if the text is shorter)."""
    count = max(1, len(words) - size + 1)
    return {" ".join(words[i : i + size]).encode() for i in range(count)}


@functools.lru_cache(maxsize=8)
def _permutations(num_perm: int) -> NDArray[np.uint32]:
    """The seeded permutation parameters, made once per num_perm (making them is slow)."""
    permutations: NDArray[np.uint32] = MinHash(
        num_perm=num_perm, seed=_SEED, scheme=_SCHEME
    ).permutations
    return permutations


def signature(text: str, settings: DedupeSettings = _DEFAULTS) -> Signature | None:
    """The MinHash signature of a text's word shingles; None below `settings.min_words` words.

    Deterministic: the same text and settings give the same values in every process.
    """
    words = _words(text)
    if len(words) < settings.min_words:
        return None
    minhash = MinHash(
        num_perm=settings.num_perm,
        seed=_SEED,
        hashfunc=sha1_hash32,
        permutations=_permutations(settings.num_perm),
        scheme=_SCHEME,
    )
    minhash.update_batch(_shingles(words, settings.shingle))
    values: list[int] = minhash.hashvalues.tolist()
    return Signature(tuple(values))


def signature_bytes(text: str) -> bytes | None:
    """The signature of `text` as the store keeps it (`Signature.to_bytes`); None for a
    text too short to have one."""
    found = signature(text)
    return None if found is None else found.to_bytes()


def copies_among(
    signatures: Mapping[str, bytes | None], published: Mapping[str, datetime.date | None]
) -> dict[str, str]:
    """Which of the documents in `published` copy which, from their stored signatures:
    a map from each copy's id to its original's. A document without a stored
    signature, or too short to have one, copies nothing."""
    index = CopyIndex()
    for doc_id, day in sorted(published.items()):
        data = signatures.get(doc_id)
        index.add(doc_id, Signature.from_bytes(data) if data is not None else None, published=day)
    return {c.doc_id: c.original for c in index.copies()}


def _miss_probability(num_perm: int, mismatches: int, bands: int, rows: int) -> float:
    """Chance that `mismatches` positions, placed at random, touch every band of `rows`.

    Two signatures that differ in that many positions then share no band, so LSH
    does not offer them as candidates. Exact, by inclusion-exclusion over the bands.
    """
    total: int = sum(
        (-1) ** j * math.comb(bands, j) * math.comb(num_perm - j * rows, mismatches)
        for j in range(bands + 1)
        if num_perm - j * rows >= mismatches
    )
    return total / math.comb(num_perm, mismatches)


@functools.lru_cache(maxsize=32)
def _lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) for the LSH index: as few candidates as possible, but no real copies lost.

    datasketch's own optimum balances false positives against false negatives and
    misses about 60% of pairs right at the threshold. Here candidates are checked
    exactly afterwards, so false positives only cost time: take the longest bands
    (most rows) that still miss a pair whose estimate is at the threshold with
    probability <= _MAX_MISS. For 0.8 and 128 values that is 32 bands of 4 rows,
    which never misses: the at most 25 differing values touch at most 25 bands.
    """
    # The most positions two signatures may differ in and still be copies.
    mismatches = max(k for k in range(num_perm + 1) if (num_perm - k) / num_perm >= threshold)
    best = (num_perm, 1)  # one value per band: never misses a pair sharing a value
    for rows in range(2, num_perm // 2 + 1):
        bands = num_perm // rows
        if _miss_probability(num_perm, mismatches, bands, rows) <= _MAX_MISS:
            best = (bands, rows)
    return best


@dataclass(frozen=True, slots=True)
class _Entry:
    signature: Signature | None
    published: datetime.date | None


class CopyIndex:
    """Incremental index: add documents one at a time (or in any order).

    `copies` answers which documents are copies of which; the answer depends only
    on the set of documents added.
    """

    def __init__(self, settings: DedupeSettings = _DEFAULTS) -> None:
        """An empty index using `settings` (signatures must be made with the same settings)."""
        self._settings = settings
        self._lsh = MinHashLSH(
            num_perm=settings.num_perm, params=_lsh_params(settings.threshold, settings.num_perm)
        )
        self._entries: dict[str, _Entry] = {}
        self._parent: dict[str, str] = {}  # union-find over documents with a signature

    def __len__(self) -> int:
        """Number of documents added, with or without a signature."""
        return len(self._entries)

    def add(
        self,
        doc_id: str,
        signature: Signature | None,
        *,
        published: datetime.date | None = None,
    ) -> None:
        """Add a document; `signature` None means it is never a copy (too short to tell).

        Adding the same doc_id again with the same signature and date does nothing;
        with a different one it is a ValueError (an index never forgets).
        """
        if isinstance(published, datetime.datetime):
            published = published.date()  # dates and datetimes do not compare
        entry = _Entry(signature, published)
        known = self._entries.get(doc_id)
        if known is not None:
            if known != entry:
                raise ValueError(f"document {doc_id!r} was already added with other data")
            return
        if signature is not None and len(signature.values) != self._settings.num_perm:
            raise ValueError(
                f"signature has {len(signature.values)} values, "
                f"settings say {self._settings.num_perm}"
            )
        self._entries[doc_id] = entry
        if signature is not None:
            self._link(doc_id, signature)

    def _link(self, doc_id: str, signature: Signature) -> None:
        """Join the document to the groups of its copies already in the index, then index it."""
        self._parent[doc_id] = doc_id
        minhash = LeanMinHash(
            seed=_SEED, hashvalues=np.array(signature.values, dtype=np.uint32), scheme=_SCHEME
        )
        # Sharing an LSH band is symmetric, so the pairs found do not depend on
        # which of two documents came first, and neither do the groups.
        for other in self._lsh.query(minhash):
            if self._find(other) == self._find(doc_id):
                continue  # already in one group: the exact check would change nothing
            other_signature = self._entries[other].signature
            assert other_signature is not None  # only documents with signatures are indexed
            if signature.similarity(other_signature) >= self._settings.threshold:
                self._parent[self._find(other)] = self._find(doc_id)
        self._lsh.insert(doc_id, minhash, check_duplication=False)

    def _find(self, doc_id: str) -> str:
        """The representative of the document's group (with path halving)."""
        parent = self._parent
        while parent[doc_id] != doc_id:
            parent[doc_id] = parent[parent[doc_id]]
            doc_id = parent[doc_id]
        return doc_id

    def copies(self) -> list[Copy]:
        """Every document that is a copy, with its group's original, sorted by doc_id.

        The original is the group's earliest document: the smallest
        (published, or date.max when unknown; doc_id).
        """
        groups: dict[str, list[str]] = {}
        for doc_id in self._parent:
            groups.setdefault(self._find(doc_id), []).append(doc_id)
        found = [copy for members in groups.values() for copy in self._group_copies(members)]
        return sorted(found, key=operator.attrgetter("doc_id"))

    def _group_copies(self, members: Iterable[str]) -> list[Copy]:
        """The copies in one group, each against the group's original."""
        ordered = sorted(members, key=self._age)
        original = ordered[0]
        original_signature = self._entries[original].signature
        assert original_signature is not None
        result = []
        for doc_id in ordered[1:]:
            copy_signature = self._entries[doc_id].signature
            assert copy_signature is not None
            similarity = round(copy_signature.similarity(original_signature), 3)
            result.append(Copy(doc_id, original, similarity))
        return result

    def _age(self, doc_id: str) -> tuple[datetime.date, str]:
        """Sort key putting the original of a group first."""
        return (self._entries[doc_id].published or datetime.date.max, doc_id)
