"""Candidates to read before judging a question: the whole corpus searched, not one engine.

    .venv/bin/python -m bench.relevance.candidates [ID ...] [--pool 20] > candidates.txt

For each question it lists every document that

* matches one of the question's regular expressions in ``grep.tsv`` (``id<TAB>regex``,
  case-insensitive, over the extracted texts of every document: stems of the question's
  words, their everyday and official synonyms, the number or date in its written forms), or
* stands in the top ``--pool`` of any engine of ``evaluate.py`` (LegalDesk, bare Tantivy,
  PG-AND, PG-OR),

with its heading, opening, the number of pattern hits, a few hits in context, the engines'
ranks and the grade already given, so a reader can grade it. The engines' ranks are shown
only to pool candidates; no score is computed here, and grades are written by hand into
``judgements.tsv``. With ``--blind`` the pool is listed without any engine's ranks (the
engine-pooled documents after the grep ones, in path order): how the fresh held-out
questions were judged, so that no engine's order could steer a grade. Questions of the
untouched part (``evaluate.UNTOUCHED``, when there is one) and of the parts waiting
(``evaluate.WAITING``) are always listed blind.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from pathlib import Path

from bench.relevance import evaluate as ev

HERE = Path(__file__).resolve().parent
PATTERNS = HERE / "grep.tsv"


def load_patterns(path: Path = PATTERNS) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    if not path.exists():
        return out
    for _lineno, parts in ev._rows(path):
        if len(parts) == 2:
            out.setdefault(parts[0], []).append(parts[1])
    return out


SHORT = {"LegalDesk": "L", "Tantivy": "T", "PG-AND": "A", "PG-OR": "O"}
# A heading that says what the document is; otherwise its opening is shown as well.
TITLE_LIKE = re.compile(r"программ|прогноз|стратеги|^О|^Об|положени|закон|устав", re.IGNORECASE)


def snippet(text: str, start: int, end: int, width: int = 70) -> str:
    return " ".join(text[max(0, start - width) : end + width].split())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ids", nargs="*")
    parser.add_argument("--pool", type=int, default=20)
    parser.add_argument("--pg", default=ev.DEFAULT_PG)
    parser.add_argument("--hits", type=int, default=1, help="hits shown in context per doc")
    parser.add_argument("--width", type=int, default=50, help="context characters per side")
    parser.add_argument("--limit", type=int, default=25, help="grep candidates shown at most")
    parser.add_argument(
        "--blind", action="store_true", help="list the pool without the engines' ranks"
    )
    args = parser.parse_args(argv)
    texts = ev.extract_texts(ev.DEFAULT_CORPUS)
    docs = ev.build_docs(texts)
    by_id = {d.id: d for d in docs}
    questions = ev.load_questions()
    if args.ids:
        questions = [q for q in questions if q.id in set(args.ids)]
    patterns = load_patterns()
    engines = ev.all_engines(docs, args.pg)
    for q in questions:
        ranks: dict[str, dict[str, int]] = {}
        for name, rank in engines.items():
            for i, doc_id in enumerate(rank(q.text, args.pool), 1):
                ranks.setdefault(by_id[doc_id].path, {})[name] = i
        grep: dict[str, list[re.Match[str]]] = {}
        for pat in patterns.get(q.id, []):
            rx = re.compile(pat, re.IGNORECASE)
            for d in docs:
                found = list(rx.finditer(d.text))
                if found:
                    grep.setdefault(d.path, []).extend(found)
        by_hits = sorted(grep, key=lambda p: (-len(grep[p]), p))[: args.limit]
        paths = by_hits + sorted(p for p in ranks if p not in by_hits)
        paths += sorted(p for p in q.grades if p not in paths)
        print(f"\n===== {q.id} [{q.kind}/{q.split}] {q.text}")
        print(f"  patterns: {patterns.get(q.id, [])}; {len(grep)} docs match")
        doc_of = {d.path: d for d in docs}
        for path in paths:
            doc = doc_of.get(path)
            grade = q.grades.get(path, "-")
            where = ",".join(f"{SHORT[e]}{r}" for e, r in sorted(ranks.get(path, {}).items()))
            # The untouched part is always listed blind: no engine's order may steer a grade.
            if args.blind or q.split == ev.UNTOUCHED or q.split in ev.WAITING:
                where = "pool" if path in ranks else "-"
            short = path.removeprefix("rurebus/")
            if doc is None:
                print(f"[{grade}] {short}  (no text)")
                continue
            print(f"[{grade}] {short} h={len(grep.get(path, []))} r={where} | {doc.title[:110]}")
            if len(doc.title) < 30 or not TITLE_LIKE.search(doc.title):
                print(f"      open: {' '.join(doc.text[: args.width * 2].split())}")
            for m in grep.get(path, [])[: args.hits]:
                print(f"      …{snippet(doc.text, m.start(), m.end(), args.width)}…")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
