"""Precision and recall of reference extraction on the labelled real documents.

    .venv/bin/python -m bench.references.evaluate [--split tune|held_out2|all] [--verbose]
        [--write]      # also put the table into docs/references.md between its markers

Splits (the labels file says how each was made): ``tune`` — what the extractor is developed on,
the first held-out third included since it was scored and its errors became known;
``held_out2`` — the fresh part, to be scored once after a round of changes, never tuned on.

Labels: bench/references/labels.tsv (how they were made is in its header). Each document's
text is read as the project reads it (bench/references/corpus.py); the citing act's own
number and date — which ``extract`` must not report — come from the project's metadata parser
(``parse_act``; for an appendix, the act it belongs to), as they would on import.

Matching is per document and per distinct reference: the key is role + normalize_number(number)
+ date; a reference without a number is keyed by role + doc_type + date, or role + doc_type +
the first 30 letters of its title when it has no date either. Several mentions of one act in
one role are one reference. Precision and recall per role and overall; for the matched
references, how often ``partial`` agrees.

Resolution (which stored act a reference points to) is measured by bench.references.resolution,
not here: it needs the repository.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from bench.references.corpus import REPO, read_text
from legaldesk.actnumber import normalize_number
from legaldesk.pipeline.metadata import parse_act
from legaldesk.relations.extract import ROLES, extract

LABELS = Path(__file__).resolve().parent / "labels.tsv"
DOC = REPO / "docs" / "references.md"
START, END = "<!-- references-table:start -->", "<!-- references-table:end -->"
COMMAND = ".venv/bin/python -m bench.references.evaluate --write"

Key = tuple[str, str, str, str]
SPLITS = ("tune", "held_out2", "all")


def key(
    role: str, doc_type: str | None, number: str | None, date: str | None, title: str | None
) -> Key:
    if number:
        return (role, "n", normalize_number(number), date or "")
    if date:
        return (role, "d", doc_type or "", date)
    letters = re.sub(r"[^0-9а-яa-z]", "", (title or "").lower().replace("ё", "е"))[:30]
    return (role, "t", doc_type or "", letters)


@dataclass
class Doc:
    file: str
    split: str
    gold: dict[Key, bool]  # key → partial


def load_labels(path: Path = LABELS) -> list[Doc]:
    docs: dict[str, Doc] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [line for line in fh if not line.startswith("#")]
    for row in csv.DictReader(rows, delimiter="\t"):
        doc = docs.setdefault(row["file"], Doc(row["file"], row["split"], {}))
        if row["role"] == "-":
            continue
        k = key(row["role"], row["doc_type"], row["number"], row["date"], row["title"])
        doc.gold[k] = doc.gold.get(k, False) or row["partial"] == "1"
    return list(docs.values())


def own_requisites(text: str) -> tuple[str | None, dt.date | None]:
    meta = parse_act(text)
    if meta.is_appendix and meta.parent is not None:
        return meta.parent.number, meta.parent.date_adopted
    return meta.number, meta.date_adopted


def predict(text: str) -> dict[Key, bool]:
    number, date = own_requisites(text)
    found: dict[Key, bool] = {}
    for ref in extract(text, own_number=number, own_date=date):
        k = key(
            ref.role,
            ref.doc_type,
            ref.number,
            ref.date.isoformat() if ref.date else None,
            ref.title,
        )
        found[k] = found.get(k, False) or ref.partial
    return found


@dataclass
class Score:
    tp: Counter[str]
    fp: Counter[str]
    fn: Counter[str]
    partial_agree: int = 0
    partial_total: int = 0
    documents: int = 0


def score(docs: list[Doc], verbose: bool = False) -> Score:
    s = Score(Counter(), Counter(), Counter())
    for doc in docs:
        s.documents += 1
        pred = predict(read_text(doc.file))
        for k, partial in pred.items():
            if k in doc.gold:
                s.tp[k[0]] += 1
                s.partial_total += 1
                s.partial_agree += partial == doc.gold[k]
            else:
                s.fp[k[0]] += 1
                if verbose:
                    print(f"  FP {doc.file}: {k}")
        for k in doc.gold:
            if k not in pred:
                s.fn[k[0]] += 1
                if verbose:
                    print(f"  FN {doc.file}: {k}")
    return s


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "—"


def table(name: str, s: Score) -> list[str]:
    lines = [
        f"**{name}** — {s.documents} documents",
        "",
        "| role | labelled | found | correct | precision | recall |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for role in (*ROLES, "all"):
        if role == "all":
            tp, fp, fn = sum(s.tp.values()), sum(s.fp.values()), sum(s.fn.values())
        else:
            tp, fp, fn = s.tp[role], s.fp[role], s.fn[role]
        if role != "all" and tp + fp + fn == 0:
            lines.append(f"| {role} | 0 | 0 | 0 | — | — |")
            continue
        label = "**all**" if role == "all" else role
        precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        lines.append(f"| {label} | {tp + fn} | {tp + fp} | {tp} | {precision} | {recall} |")
    lines += [
        "",
        f"`partial` agrees on {s.partial_agree} of {s.partial_total} matched references.",
        "",
    ]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=SPLITS, default=None)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument(
        "--write", action="store_true", help="update the table in docs/references.md"
    )
    args = parser.parse_args(argv)
    docs = load_labels()
    splits = [args.split] if args.split else list(SPLITS)
    out: list[str] = []
    by_split: dict[str, list[Doc]] = defaultdict(list)
    for doc in docs:
        by_split[doc.split].append(doc)
        by_split["all"].append(doc)
    for split in splits:
        out += table(split, score(by_split[split], args.verbose))
    print("\n".join(out))
    print("Resolution precision/recall: bench.references.resolution (it needs the repository).")
    if args.write:
        _write(out)
    return 0


def _write(lines: list[str]) -> None:
    doc = DOC.read_text(encoding="utf-8")
    head, _, rest = doc.partition(START)
    _, _, tail = rest.partition(END)
    body = "\n".join([f"Made by `{COMMAND}`.", "", *lines])
    DOC.write_text(f"{head}{START}\n{body}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
