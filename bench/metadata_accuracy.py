"""Per-field accuracy of the act metadata parser on the labelled real documents.

    .venv/bin/python -m bench.metadata_accuracy [--corpus ../shared/corpus/real] [--verbose]

Labels live in tests/data/metadata_labels.tsv (path relative to corpus/real, then doc_type,
date, number, title, issuer; empty = the document does not carry the field legibly).
A field counts as correct when parser and label agree after normalisation (case, spaces,
quotes and ё ignored; numbers by ``normalize_number``). A value given where the label is
empty is a false positive.
"""

from __future__ import annotations

import argparse
import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from legaldesk.pipeline.extract import ExtractionError, ExtractLimits, extract
from legaldesk.pipeline.metadata import ActMetadata, normalize_number, parse_act
from legaldesk.pipeline.sniff import sniff

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "tests" / "data" / "metadata_labels.tsv"
DEFAULT_CORPUS = (REPO / ".." / "shared" / "corpus" / "real").resolve()
FIELDS = ("doc_type", "date", "number", "title", "issuer")


@dataclass
class FieldScore:
    carried: int = 0
    correct: int = 0
    false_positive: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.carried if self.carried else 1.0


def norm(name: str, value: str | None) -> str:
    if not value:
        return ""
    if name == "number":
        return normalize_number(value)
    return re.sub(r"[\s\"«»“”'.,]", "", value.lower().replace("ё", "е"))


def predicted(meta: ActMetadata) -> dict[str, str]:
    return {
        "doc_type": meta.doc_type or "",
        "date": meta.date_adopted.isoformat() if meta.date_adopted else "",
        "number": meta.number or "",
        "title": meta.title or "",
        "issuer": meta.issuer or "",
    }


def load_labels(path: Path = LABELS) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if not r["path"].startswith("#")]
    return rows


def read_text(corpus: Path, rel: str) -> str:
    data = (corpus / rel).read_bytes()
    try:
        return extract(data, sniff(data, rel), ExtractLimits(ocr=False)).text
    except ExtractionError:
        return ""


def score(corpus: Path, labels: list[dict[str, str]]) -> dict[str, FieldScore]:
    scores = {name: FieldScore() for name in FIELDS}
    for row in labels:
        got = predicted(parse_act(read_text(corpus, row["path"])))
        for name in FIELDS:
            want, have = norm(name, row[name]), norm(name, got[name])
            s = scores[name]
            if want:
                s.carried += 1
                if want == have:
                    s.correct += 1
                else:
                    s.misses.append(f"{row['path']}: want {row[name]!r}, got {got[name]!r}")
            elif have:
                s.false_positive += 1
                s.misses.append(f"{row['path']}: not carried, got {got[name]!r}")
    return scores


def table(scores: dict[str, FieldScore], documents: int) -> str:
    lines = [
        f"Documents labelled: {documents}",
        "",
        "| field | documents carrying it | correct | accuracy | false positives |",
        "|---|---|---|---|---|",
    ]
    for name, s in scores.items():
        lines.append(
            f"| {name} | {s.carried} | {s.correct} | {s.accuracy:.1%} | {s.false_positive} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--write", type=Path, help="write the table into this markdown file")
    args = parser.parse_args()
    labels = load_labels()
    scores = score(args.corpus, labels)
    out = table(scores, len(labels))
    print(out)
    if args.verbose:
        for name, s in scores.items():
            for miss in s.misses:
                print(f"{name}: {miss}")
    if args.write:
        text = args.write.read_text(encoding="utf-8")
        start, end = "<!-- accuracy:start -->", "<!-- accuracy:end -->"
        before, _, rest = text.partition(start)
        _, _, after = rest.partition(end)
        args.write.write_text(f"{before}{start}\n{out}\n{end}{after}", encoding="utf-8")


if __name__ == "__main__":
    main()
