"""Time against document size: does sitrep stay linear in the length of one document?

Not a test. For ordinary reporting and for the pathological shapes that once took
minutes (near-identical paragraphs, one sentence repeated in a paragraph, thousands
of quotations, HTML with thousands of paragraphs or dense with character entities,
thousands of abbreviations or clock times), it builds one document per size, reads
it as sitrep reads a file and runs the whole pipeline over it, and prints seconds
and seconds per 100,000 characters (flat when time is linear). A shape stops
growing once one document takes longer than --stop seconds.

    .venv/bin/python bench/scale_doc.py                       # sizes up to the 2 MB limit
    .venv/bin/python bench/scale_doc.py --sizes 20000,100000 --shapes ordinary,quotes

Every text is generated here from sentences written for this benchmark.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from sitrep.api import build_pipeline
from sitrep.config import Settings
from sitrep.ingest.read import read_text
from sitrep.model import Rejected

_PLACES = ["Goma", "Mosul", "Kismayo", "Kharkiv", "Mandera", "Beni", "Sake", "Tal Afar"]
_GROUPS = ["the army", "rebels", "police", "militiamen", "the ministry", "protesters"]
_SENTENCES = [
    "{g} attacked a checkpoint near {p} on Monday, killing {n} people, officials said.",
    "Residents of {p} said {g} had shelled the market for {n} hours.",
    "The governor imposed a curfew on {p} after {n} protesters were arrested.",
    '"We will not withdraw from {p}," a spokesman for {g} told reporters.',
    "Talks between {g} and the government resumed in {p} after a pause of {n} weeks.",
    "Aid agencies said {n} families had fled {p} since the fighting began.",
]
_PARAGRAPH = (
    "Rebels attacked the army base near Goma on Monday, killing three soldiers, officials said."
)


def _ordinary(size: int, rng: random.Random) -> str:
    paragraphs: list[str] = []
    total = 0
    while total < size:
        sentences = [
            rng.choice(_SENTENCES).format(
                g=rng.choice(_GROUPS), p=rng.choice(_PLACES), n=rng.randint(2, 90)
            )
            for _ in range(rng.randint(2, 5))
        ]
        paragraph = " ".join(s[0].upper() + s[1:] for s in sentences)
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(paragraphs)[:size]


def _near_identical(size: int, rng: random.Random) -> str:
    count = size // (len(_PARAGRAPH) + 2) + 1
    return "\n\n".join(_PARAGRAPH.replace("three", str(i)) for i in range(count))[:size]


def _repeated_sentence(size: int, rng: random.Random) -> str:
    return " ".join([_PARAGRAPH] * (size // (len(_PARAGRAPH) + 1) + 1))[:size]


def _quotations(size: int, rng: random.Random) -> str:
    parts = [f'"We will fight on in {rng.choice(_PLACES)}," he said.' for _ in range(size // 30)]
    return " ".join(parts)[:size]


def _abbreviations(size: int, rng: random.Random) -> str:
    return " ".join(["Mr. Dr. Gen. Lt. Col. U.S. at 10:30 a.m. and 4 p.m."] * (size // 50))[:size]


def _html_paragraphs(size: int, rng: random.Random) -> str:
    body = "".join(f"<p>{_PARAGRAPH} {i}</p>" for i in range(size // (len(_PARAGRAPH) + 8)))
    return f"<html><body><article>{body}</article></body></html>"


def _html_entities(size: int, rng: random.Random) -> str:
    run = "&amp;&lt;&gt;&quot;&#39;&eacute; word "
    return f"<html><body><p>{run * (size // len(run))}</p></body></html>"


def _symbol_runs(size: int, rng: random.Random) -> str:
    # One paragraph, then one unbroken run of a symbol spaCy strips one by one.
    return (_PARAGRAPH + "\n\n" + rng.choice("([\"'*#$%😀") * size)[:size]


#: name -> (generator, format sitrep reads it as)
SHAPES: dict[str, tuple[Callable[[int, random.Random], str], str]] = {
    "ordinary": (_ordinary, "text"),
    "near_identical_paragraphs": (_near_identical, "text"),
    "repeated_sentence": (_repeated_sentence, "text"),
    "quotations": (_quotations, "text"),
    "abbreviations_and_times": (_abbreviations, "text"),
    "html_paragraphs": (_html_paragraphs, "html"),
    "html_entities": (_html_entities, "html"),
    "symbol_run": (_symbol_runs, "text"),
}
SIZES = (10_000, 50_000, 200_000, 500_000, 1_000_000, 1_900_000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--stop", type=float, default=120.0, help="seconds; stop a shape after")
    args = parser.parse_args()
    # No time budget here: the benchmark measures how long a document really takes.
    settings = Settings(time_budget=0)
    pipeline = build_pipeline(settings)
    pipeline.process_batch([])  # load everything before timing
    print("| shape | characters | seconds | s per 100k chars | result |")
    print("|---|---:|---:|---:|---|")
    for name in args.shapes.split(","):
        make, fmt = SHAPES[name]
        for size in (int(s) for s in args.sizes.split(",")):
            text = make(size, random.Random(size))
            started = time.perf_counter()
            doc = read_text(text, origin=name, fmt=fmt, max_chars=settings.max_chars)
            result = doc if isinstance(doc, Rejected) else pipeline.process_batch([doc])[0]
            seconds = time.perf_counter() - started
            outcome = (
                f"rejected: {result.reason}"
                if isinstance(result, Rejected)
                else f"{len(result.events)} events"
            )
            rate = seconds / len(text) * 100_000
            row = f"| {name} | {len(text):,} | {seconds:.1f} | {rate:.2f} | {outcome} |"
            print(row, flush=True)
            if seconds > args.stop:
                break


if __name__ == "__main__":
    main()
