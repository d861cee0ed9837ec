"""How well the pipeline tells files that carry no legal act from acts, on the real corpus.

    .venv/bin/python -m bench.acts_or_not [--corpus ../shared/corpus/real] [--no-ocr]
        [--split tune|held|all] [--verbose] [--write docs/acts-or-not.md]

Labels: tests/data/acts_or_not.tsv — one row per file: ``act``, ``not_act`` or
``personnel`` (held back too, as the default setting does), the kind of non-act, and the
split: ``tune`` (the rule was tuned looking at these) or ``held`` (held out: sha256 of the
path mod 3 = 0, never looked at while tuning; measured once at the end).

The positive class is «held back as not an act»: precision = of the files the rule held
back, how many are not acts; recall = of the files that are not acts, how many it held
back. ``--verbose`` lists the mistakes of the chosen split: use it on ``tune`` only.

Text as ingest reads it (bench.metadata_accuracy.read_text: the isolated readers, OCR
cached under bench/out/metadata-texts/); ``--no-ocr`` reads scans as ingest does with OCR
off (they wait as «needs OCR» and the rule says nothing about them).
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.metadata_accuracy import DEFAULT_CORPUS, read_text
from legaldesk.pipeline.metadata import parse_act
from legaldesk.pipeline.nonacts import not_an_act
from legaldesk.vocabulary import TextMethod

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "tests" / "data" / "acts_or_not.tsv"
DOC = REPO / "docs" / "acts-or-not.md"
COMMAND = ".venv/bin/python -m bench.acts_or_not --write docs/acts-or-not.md"
HELD_BACK = ("not_act", "personnel")


def load_labels(path: Path = LABELS) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = (line for line in fh if not line.startswith("#"))
        reader = csv.DictReader(rows, delimiter="\t")
        return [{k: (v or "") for k, v in row.items()} for row in reader]


def classify(corpus: Path, rel: str, ocr: bool = True) -> tuple[str | None, str]:
    """(why it is not an act or None, the text method) as ingest would decide."""
    text = read_text(corpus, rel, ocr=ocr)
    if text.method == "error":
        return None, text.method
    method = TextMethod.NEEDS_OCR if text.method == "needs_ocr" else text.method
    return not_an_act(text.text, parse_act(text.text), method), text.method


@dataclass
class Score:
    tp: int = 0  # held back, not an act
    fp: int = 0  # held back, an act
    fn: int = 0  # not held back, not an act
    tn: int = 0
    mistakes: list[str] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


def score(corpus: Path, rows: list[dict[str, str]], ocr: bool = True) -> Score:
    out = Score()
    for row in rows:
        why, method = classify(corpus, row["path"], ocr)
        actual = row["label"] in HELD_BACK
        if why:
            out.kinds[why] += 1
        if why and actual:
            out.tp += 1
        elif why:
            out.fp += 1
            out.mistakes.append(f"held back an act as {why}: {row['path']} ({method})")
        elif actual:
            out.fn += 1
            out.mistakes.append(f"missed {row['label']}/{row['why']}: {row['path']} ({method})")
        else:
            out.tn += 1
    return out


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def report(scores: dict[str, Score], ocr: bool) -> str:
    lines = [
        f"Command: `{COMMAND}`" + ("" if ocr else " (with `--no-ocr`)"),
        "",
        "| part | files | not acts | held back | correct | wrong (acts held) | missed "
        "| precision | recall |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, s in scores.items():
        files = s.tp + s.fp + s.fn + s.tn
        lines.append(
            f"| {name} | {files} | {s.tp + s.fn} | {s.tp + s.fp} | {s.tp} | {s.fp} | {s.fn} "
            f"| {_pct(s.precision)} | {_pct(s.recall)} |"
        )
    lines.append("")
    for name, s in scores.items():
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(s.kinds.items())) or "none"
        lines.append(f"Held back in {name}: {kinds}.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--no-ocr", action="store_true")
    parser.add_argument("--split", choices=("tune", "held", "all"), default="tune")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    rows = load_labels()
    ocr = not args.no_ocr
    if args.write:
        scores = {
            "tuning part": score(args.corpus, [r for r in rows if r["split"] == "tune"], ocr),
            "held-out part": score(args.corpus, [r for r in rows if r["split"] == "held"], ocr),
        }
        text = report(scores, ocr)
        doc = args.write.read_text(encoding="utf-8")
        doc = re.sub(
            r"(<!-- figures:start -->\n).*?(<!-- figures:end -->)",
            lambda m: m.group(1) + text + "\n" + m.group(2),
            doc,
            flags=re.S,
        )
        args.write.write_text(doc, encoding="utf-8")
        print(text)
        return
    chosen = rows if args.split == "all" else [r for r in rows if r["split"] == args.split]
    result = score(args.corpus, chosen, ocr)
    print(report({args.split: result}, ocr))
    if args.verbose:
        print("\n".join(result.mistakes))


if __name__ == "__main__":
    main()
