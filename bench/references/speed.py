"""How long reference extraction takes on a large text: the rurebus texts of the real corpus
joined until the text is 5 MB (many references, long programmes, tokenized punctuation).

    .venv/bin/python -m bench.references.speed [--mb 5] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench.references.corpus import corpus_root
from legaldesk.relations.extract import extract


def big_text(megabytes: float) -> str:
    parts: list[str] = []
    size = 0
    files = sorted((corpus_root() / "rurebus").glob("*.txt"))
    while size < megabytes * 1_000_000:
        for path in files:
            part = path.read_text(encoding="utf-8")
            parts.append(part)
            size += len(part.encode("utf-8"))
            if size >= megabytes * 1_000_000:
                break
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time reference extraction on a large text.")
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    text = big_text(args.mb)
    timings = []
    count = 0
    for _ in range(args.runs):
        started = time.perf_counter()
        count = len(extract(text))
        timings.append(time.perf_counter() - started)
    print(
        f"{len(text.encode('utf-8')) / 1e6:.1f} MB, {len(text)} characters: {count} references; "
        f"median {statistics.median(timings):.2f} s, max {max(timings):.2f} s of {args.runs} runs"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
