"""Ingest throughput through the whole pipeline (sniff, extract, parse, dedupe, blobs,
database, change log) on a fresh SQLite data directory.

    .venv/bin/python -m bench.ingest --synthetic 2000
    .venv/bin/python -m bench.ingest --corpus ../shared/corpus/real [--ocr]
    .venv/bin/python -m bench.ingest --synthetic 600 --in-process

Each file is extracted in a child process with limits, as in production
(legaldesk.pipeline.extract.isolation); ``--in-process`` reads in this process instead, to
measure what the isolation costs.

Synthetic acts are rendered per format first (not timed), then ingested; the real corpus is
ingested file by file and reported per format. The index sync is timed separately.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from legaldesk.config import Settings
from legaldesk.pipeline.ingest import Hints, RawFile, iter_files
from legaldesk.pipeline.sniff import sniff
from legaldesk.repository import Repository
from legaldesk.synth import generate_acts, render_act

FORMATS = ("txt-utf8", "txt-cp1251", "docx", "pdf", "html", "rtf")


def fresh_desk(ocr: bool) -> Repository:
    data_dir = Path(tempfile.mkdtemp(prefix="legaldesk-ingest-"))
    repo = Repository(Settings(data_dir=data_dir, ocr=ocr))
    repo.init()
    return repo


def report(rows: dict[str, list[float]]) -> str:
    lines = ["| format | files | total s | files/s |", "|---|---|---|---|"]
    total_n = 0
    total_s = 0.0
    for fmt, times in sorted(rows.items()):
        s = sum(times)
        total_n += len(times)
        total_s += s
        lines.append(f"| {fmt} | {len(times)} | {s:.2f} | {len(times) / s:.1f} |")
    lines.append(f"| all | {total_n} | {total_s:.2f} | {total_n / total_s:.1f} |")
    return "\n".join(lines)


def synthetic(n: int) -> None:
    repo = fresh_desk(ocr=False)
    ingestor = repo.ingestor("bench")
    files: list[tuple[str, RawFile]] = []
    for act in generate_acts(n, seed=7):
        fmt = FORMATS[act.seq % len(FORMATS)]
        name, data = render_act(act, fmt)
        files.append((fmt, RawFile(data, name, Hints(rubrics=act.rubrics))))
    times: dict[str, list[float]] = defaultdict(list)
    for fmt, raw in files:
        t = time.perf_counter()
        outcome = ingestor.ingest(raw)
        times[fmt].append(time.perf_counter() - t)
        assert outcome.ok, outcome.reason
    t = time.perf_counter()
    indexed = repo.update_index() or 0
    sync_s = time.perf_counter() - t
    print(report(times))
    print(f"\nindex sync: {indexed} documents in {sync_s:.2f} s ({indexed / sync_s:.0f} docs/s)")


def corpus(root: Path, ocr: bool) -> None:
    repo = fresh_desk(ocr=ocr)
    ingestor = repo.ingestor("bench")
    times: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, int] = defaultdict(int)
    for path in iter_files([root]):
        data = path.read_bytes()
        kind = sniff(data, path.name).rsplit("/", 1)[-1][:20]
        t = time.perf_counter()
        outcome = ingestor.ingest(RawFile(data, path.name))
        elapsed = time.perf_counter() - t
        method = "needs_ocr" if outcome.needs_review and "OCR" in " ".join(outcome.warnings) else ""
        times[kind + (f" ({method})" if method else "")].append(elapsed)
        statuses[outcome.status] += 1
    print(report(times))
    print("\n" + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--synthetic", type=int)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--ocr", action="store_true", help="OCR scans while ingesting the corpus")
    parser.add_argument(
        "--in-process", action="store_true", help="extract without the child process (baseline)"
    )
    args = parser.parse_args()
    if args.in_process:
        import legaldesk.pipeline.ingest
        from legaldesk.pipeline.extract import extract_in_process

        legaldesk.pipeline.ingest.extract = extract_in_process
    if args.synthetic:
        synthetic(args.synthetic)
    if args.corpus:
        corpus(args.corpus, args.ocr)


if __name__ == "__main__":
    main()
