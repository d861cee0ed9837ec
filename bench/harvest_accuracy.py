"""Per-field accuracy of harvested acts (listing + file) against acts labelled by hand.

    .venv/bin/python -m bench.harvest_accuracy [--site data/demo_site] [--no-ocr]
        [--verbose] [--write docs/harvesting.md]

The demo site's Bitrix-style section (``/documents/npa/``, written by
``legaldesk.synth.website``; a layout the harvesters were not written for) is served on
127.0.0.1 by ``legaldesk.synth.webserver`` and harvested with the ``demo-npa`` source of
data/sources/demo-site.toml into a fresh repository (SQLite; OCR on unless ``--no-ocr``, so
the scans are read as ingest reads them). What the repository stored for each file — type,
number, date, title, issuer — is compared with tests/data/harvest_labels.tsv.

Labels: one row per file (its URL path), with what the document itself says (its heading,
read by a person: not the listing, not the generator's manifest), and ``split``: ``tune``
rows may be looked at while changing the rules, ``held_out`` rows only measured. Fields
are compared as bench.metadata_accuracy compares them: type and ISO date exactly, numbers
by ``normalize_number``, titles and issuers by their letters and digits (case, ё, quotes
and spacing do not count).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sqlmodel import Session, select

from legaldesk.config import Settings
from legaldesk.harvesters.config import load_sources, source_from_dict
from legaldesk.harvesters.fetchpolicy import FetchPolicy
from legaldesk.harvesters.runner import Harvester
from legaldesk.harvesters.store import get_source, save_source
from legaldesk.models import Document, Organization, Version
from legaldesk.pipeline.metadata import normalize_number
from legaldesk.repository import Repository
from legaldesk.synth.webserver import Site, serve

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "tests" / "data" / "harvest_labels.tsv"
SITE = REPO / "data" / "demo_site"
SOURCES = REPO / "data" / "sources" / "demo-site.toml"
SOURCE = "demo-npa"
DOC = REPO / "docs" / "harvesting.md"
FIELDS = ("doc_type", "number", "date", "title", "issuer")
SPLITS = ("tune", "held_out")
COMMAND = ".venv/bin/python -m bench.harvest_accuracy --write docs/harvesting.md"


def load_labels(path: Path = LABELS) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return [
        {k: (v or "").strip() for k, v in row.items()}
        for row in csv.DictReader(lines, delimiter="\t")
        if row.get("path")
    ]


def fold(text: str | None) -> str:
    return re.sub(r"[^0-9a-zа-я]+", "", (text or "").lower().replace("ё", "е"))


def same(name: str, label: str, value: str | None) -> bool:
    if not label:
        return not value
    if not value:
        return False
    if name == "number":
        return normalize_number(label) == normalize_number(value)
    if name in ("title", "issuer"):
        return fold(label) == fold(value)
    return label == value


@dataclass
class Stored:
    values: dict[str, str | None]
    reasons: list[str] = field(default_factory=list)


def harvest(site_dir: Path, data_dir: Path, ocr: bool) -> dict[str, Stored]:
    """Harvest the section into a fresh repository; what it stored, by the file's path."""
    settings = Settings(
        data_dir=data_dir, database_url=f"sqlite:///{data_dir / 'bench.sqlite3'}", ocr=ocr
    )
    repo = Repository(settings)
    repo.init()
    try:
        with serve(Site.from_directory(site_dir)) as site:
            config = next(c for c in load_sources(SOURCES) if c.name == SOURCE)
            data = config.to_json()
            data["start_urls"] = [
                re.sub(r"^http://127\.0\.0\.1:\d+", site.base, u) for u in data["start_urls"]
            ]
            save_source(repo.engine, source_from_dict(data))
            policy = FetchPolicy.parse([site.base.removeprefix("http://")])
            report = Harvester(repo, get_source(repo.engine, SOURCE), policy=policy).run()
            if report.errors:
                print(f"harvest errors: {report.errors[:5]}", file=sys.stderr)
        out: dict[str, Stored] = {}
        with Session(repo.engine) as session:
            names = dict(session.exec(select(Organization.id, Organization.name)).all())
            for version in session.exec(select(Version)).all():
                document = session.get(Document, version.document_id)
                if document is None or not version.source_url:
                    continue
                path = unquote(urlsplit(version.source_url).path)
                out[path] = Stored(
                    {
                        "doc_type": document.doc_type,
                        "number": document.number,
                        "date": document.date_adopted.isoformat()
                        if document.date_adopted
                        else None,
                        "title": document.title,
                        "issuer": names.get(document.issuer_id) if document.issuer_id else None,
                    },
                    [r.get("code", "") for r in (document.review_reasons or [])],
                )
        return out
    finally:
        repo.close()


@dataclass
class Score:
    correct: int = 0
    total: int = 0

    @property
    def share(self) -> float:
        return self.correct / self.total if self.total else 0.0


def score(
    labels: list[dict[str, str]], stored: dict[str, Stored], verbose: bool = False
) -> tuple[dict[tuple[str, str], Score], dict[str, int]]:
    """Per (split, field): correct of labelled; and per split, the acts sent to review for a
    disagreeing listing."""
    scores: dict[tuple[str, str], Score] = defaultdict(Score)
    disagreeing: dict[str, int] = defaultdict(int)
    for row in labels:
        split = row["split"]
        got = stored.get(row["path"])
        if got is not None and "listing_disagrees" in got.reasons:
            disagreeing[split] += 1
        for name in FIELDS:
            value = got.values.get(name) if got is not None else None
            s = scores[(split, name)]
            s.total += 1
            if same(name, row[name], value):
                s.correct += 1
            elif verbose and split == "tune":  # held-out misses are counted, never shown
                print(f"{name:8} {row['path']}\n   label: {row[name]!r}\n   got:   {value!r}")
    return scores, disagreeing


def table(
    labels: list[dict[str, str]],
    scores: dict[tuple[str, str], Score],
    disagreeing: dict[str, int],
    ocr: bool,
) -> str:
    counts = {s: sum(1 for r in labels if r["split"] == s) for s in SPLITS}
    lines = [
        f"Command: `{COMMAND}`" + ("" if ocr else " --no-ocr"),
        "",
        f"Acts labelled: {len(labels)} ({counts['tune']} tune, {counts['held_out']} held out)",
        "",
        "| field | tune | held out |",
        "|---|---|---|",
    ]
    for name in FIELDS:
        cells = []
        for split in SPLITS:
            s = scores[(split, name)]
            cells.append(f"{s.correct}/{s.total} ({100 * s.share:.1f}%)")
        lines.append(f"| {name} | {' | '.join(cells)} |")
    lines.append(
        "| sent to review: listing disagrees | "
        + " | ".join(str(disagreeing.get(s, 0)) for s in SPLITS)
        + " |"
    )
    return "\n".join(lines)


def write_doc(doc: Path, text: str) -> None:
    content = doc.read_text("utf-8")
    start, end = "<!-- harvest-accuracy:start -->", "<!-- harvest-accuracy:end -->"
    if start not in content:
        raise SystemExit(f"{doc} has no {start} … {end} block")
    head, rest = content.split(start, 1)
    _old, tail = rest.split(end, 1)
    doc.write_text(f"{head}{start}\n{text}\n{end}{tail}", "utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=SITE)
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--no-ocr", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="show the tune rows missed")
    parser.add_argument("--write", type=Path)
    args = parser.parse_args(argv)
    labels = load_labels(args.labels)
    with tempfile.TemporaryDirectory() as tmp:
        stored = harvest(args.site, Path(tmp), ocr=not args.no_ocr)
    scores, disagreeing = score(labels, stored, args.verbose)
    text = table(labels, scores, disagreeing, ocr=not args.no_ocr)
    print(text)
    if args.write:
        write_doc(args.write, text)


if __name__ == "__main__":
    main()
