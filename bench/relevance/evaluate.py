"""Search relevance of LegalDesk against bare Tantivy and PostgreSQL full-text search.

    .venv/bin/python -m bench.relevance.evaluate [--corpus PATH] [--pg URL] [--no-doc]
    .venv/bin/python -m bench.relevance.evaluate --draw-splits   # after adding questions
    .venv/bin/python -m bench.relevance.evaluate --score-untouched   # once, after a tuning round

Every readable document of the real corpus (``../shared/corpus/real``) is extracted once
(without OCR; the texts are cached in bench/out/relevance-texts.json), indexed in an
in-memory LegalDesk index, in a bare Tantivy index with LegalDesk's analyzer, and loaded
into a scratch PostgreSQL database ``legaldesk_relevance`` (dropped and recreated on each
run). Each question of bench/relevance/questions.tsv (id, kind, split, question, tags) is
run against four engines:

* ``LegalDesk`` – ``SearchIndex.search`` with the ranking of ``legaldesk.index.query``;
* ``Tantivy`` – the same analyzer, title and text fields, an OR of the question's words
  through Tantivy's default query parser, BM25 without boosts;
* ``PG-AND`` – ``websearch_to_tsquery('russian', q)``, every word required;
* ``PG-OR`` – the same words joined with ``|``;

both PostgreSQL variants over ``setweight(title,'A') || setweight(body,'B')`` ordered by
``ts_rank_cd`` (ties broken by id). Judgements are in bench/relevance/judgements.tsv
(id, path, grade). Scores: nDCG@10 with linear gain (the grade, 2 or 1) and a log2
discount, normalised by the ideal ranking of the labels; recall@10, the share of labelled
documents (grade >= 1) found in the top ten, out of min(labelled, 10). Unlabelled
documents count as not relevant. Averages are reported by kind, separately for the
``tune`` questions and each later part: ``held_out2`` to ``held_out15`` were each untouched
until a tuning round's last step, scored once then, and tuning data after (``held_out12``
to ``held_out14`` all measured the twelfth round; ``held_out15`` the thirteenth, and the
fourteenth round was tuned without it; ``held_out16`` and ``held_out17`` both the
fourteenth, one after the other with the ranking unchanged); the target is read on
``held_out18``, scored once after the fifteenth round, and on ``held_out19``, written blind
after it and scored once on the same ranking (``FRESH``).

A part written for the next round is named in ``UNTOUCHED``: every run leaves it out of
every figure and of the per-question table (the engines never see its questions) until
``--score-untouched`` scores it, once, after that round. Every further run with the flag
is a use of the part, and it is spent after the first.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib.resources import files
from pathlib import Path
from typing import Any, cast

import tantivy

from legaldesk.index import IndexDoc, SearchIndex, SearchQuery
from legaldesk.index.analysis import ANALYZER, build_analyzer, fold
from legaldesk.index.thesaurus import Entry, parse
from legaldesk.pipeline.extract import ExtractionError, ExtractLimits, extract
from legaldesk.pipeline.sniff import sniff

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
QUESTIONS = HERE / "questions.tsv"
JUDGEMENTS = HERE / "judgements.tsv"
DEFAULT_CORPUS = (REPO / ".." / "shared" / "corpus" / "real").resolve()
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/postgres"
SCRATCH_DB = "legaldesk_relevance"
CACHE = REPO / "bench" / "out" / "relevance-texts.json"
REPORT = REPO / "docs" / "relevance.md"
K = 10
ENGINES = ("LegalDesk", "Tantivy", "PG-AND", "PG-OR")
# PostgreSQL refuses tsvectors over 1 MB; no corpus text comes close, but stay safe.
PG_MAX_CHARS = 400_000
COMMAND = ".venv/bin/python -m bench.relevance.evaluate"
KEPT_FROM = "## Snowball or pymorphy3"
STEPS = HERE / "ranking_steps.md"

# A ranker gives the ids of the best k documents for a question, best first.
Ranker = Callable[[str, int], list[int]]


# -- corpus -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Doc:
    id: int
    path: str
    title: str
    number: str | None
    text: str


def corpus_files(corpus: Path) -> list[str]:
    return sorted(
        p.relative_to(corpus).as_posix()
        for p in corpus.rglob("*")
        if p.is_file() and p.name != "MANIFEST.tsv" and not p.name.startswith(".")
    )


def _fingerprint(corpus: Path, files: Sequence[str]) -> str:
    h = hashlib.sha256()
    for rel in files:
        st = (corpus / rel).stat()
        h.update(f"{rel}\0{st.st_size}\0{int(st.st_mtime)}\n".encode())
    return h.hexdigest()


def extract_texts(corpus: Path, cache: Path = CACHE) -> dict[str, str]:
    """Path -> extracted text (no OCR) for every file; "" when unreadable or a scan."""
    files = corpus_files(corpus)
    key = _fingerprint(corpus, files)
    if cache.exists():
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data.get("key") == key:
            return dict(data["texts"])
    texts: dict[str, str] = {}
    for rel in files:
        raw = (corpus / rel).read_bytes()
        try:
            texts[rel] = extract(raw, sniff(raw, rel), ExtractLimits(ocr=False)).text
        except ExtractionError:
            texts[rel] = ""
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps({"key": key, "texts": texts}, ensure_ascii=False), "utf-8")
    return texts


TITLE_HINT = re.compile(r"(^|\s)(О|Об)\s", re.IGNORECASE)


def _fallback_title(text: str) -> str:
    lines = [line.strip() for line in text.splitlines()[:30]]
    for line in lines:
        if line and TITLE_HINT.search(line):
            return line
    return ""


def title_and_number(text: str) -> tuple[str, str | None]:
    """Title and act number as the ingest pipeline would derive them."""
    try:
        from legaldesk.pipeline.metadata import parse_act
    except ImportError:  # the parser is optional for this benchmark
        return _fallback_title(text), None
    try:
        meta = parse_act(text)
    except Exception:  # a parser bug must not stop the benchmark
        return _fallback_title(text), None
    return (meta.title or _fallback_title(text)), meta.number


def build_docs(texts: dict[str, str]) -> list[Doc]:
    docs: list[Doc] = []
    for rel in sorted(texts):
        text = texts[rel]
        if not text.strip():
            continue
        title, number = title_and_number(text)
        docs.append(Doc(len(docs) + 1, rel, title, number, text))
    return docs


# -- labels -----------------------------------------------------------------------------

KINDS = ("everyday", "misspelt", "official", "number")
# The first set's held-out third was scored four times while the ranking was tuned and is
# spent: its questions are `tune` now (tag `ex_held_out`). `held_out2` is the fresh part,
# written and judged before any engine was scored on it, and scored once after the second
# tuning round: spent as well, and tuned on in the third round. `held_out3` was written
# before the third round and scored once after it, and tuned on in the fifth round;
# `held_out4` was written for the fourth round, scored once after it and tuned on in the
# fifth; `held_out5` was written for the fifth round and scored once after it: the target
# is read on it, and it is spent too. A part written for the next round is named in
# UNTOUCHED: no run scores it unless told to with --score-untouched (once, after that round).
# `held_out6` was written for the sixth round and scored once after it (no ranking change
# had been kept in that round: it measured the ranking of the fifth again, on new questions).
# `held_out6` was tuned on in the seventh round; `held_out7`, written for it, was scored
# once after its last step. `held_out7` was tuned on in the eighth round; `held_out8`,
# written for it, was scored once after its last step. `held_out8` was tuned on in the
# ninth round; `held_out9`, written for it, was scored once. `held_out9` was tuned on in the
# tenth round; `held_out10`, written for it, was scored once. `held_out10` was tuned on in
# the eleventh round; `held_out11`, written for it, was scored once. `held_out12` and
# `held_out13` were both written for the twelfth round and scored once after it: the target's
# measure (FRESH).
HELD_OUT = "held_out2"
HELD_OUT3 = "held_out3"
HELD_OUT4 = "held_out4"
HELD_OUT5 = "held_out5"
HELD_OUT6 = "held_out6"
HELD_OUT7 = "held_out7"
HELD_OUT8 = "held_out8"
HELD_OUT9 = "held_out9"
HELD_OUT10 = "held_out10"
HELD_OUT11 = "held_out11"
# `held_out12` is written for the twelfth round: untouched until that round is scored.
HELD_OUT12 = "held_out12"
# `held_out13` is a second fresh part written for the twelfth round: waiting, scored after
# `held_out12` with the ranking unchanged.
HELD_OUT13 = "held_out13"
# `held_out14` is a third fresh part written after the twelfth round was scored, and scored
# once on its ranking (with one later fix to the keyboard-layout reading, which moves none
# of held_out12's or held_out13's figures).
HELD_OUT14 = "held_out14"
# `held_out12`–`held_out14` were tuned on in the thirteenth round (the speller's choice of a
# neighbour); `held_out15`, written for it, was scored once after it: the target's measure.
HELD_OUT15 = "held_out15"
# `held_out16`, written for the fourteenth round and kept from every run until it was
# scored, once, after that round: the target's measure. The fourteenth round was tuned on
# the 1,036 questions before `held_out15`; `held_out15` was in no run of it.
HELD_OUT16 = "held_out16"
# `held_out17`, a second fresh part written during the fourteenth round by another helper
# session: kept from every run, and scored once after `held_out16` with the ranking
# unchanged (one refactoring between them, which regenerates docs/relevance.md identically).
HELD_OUT17 = "held_out17"
# `held_out16` and `held_out17` were tuned on in the fifteenth round; `held_out18`, written
# blind for it and kept from every run, was scored once after it: the target's measure.
HELD_OUT18 = "held_out18"
# `held_out19`, written blind after the fifteenth round and kept from every run; scored once
# on the fifteenth round's ranking, unchanged (the sixteenth round's experiments kept nothing).
HELD_OUT19 = "held_out19"
SPLITS = (
    "tune",
    HELD_OUT,
    HELD_OUT3,
    HELD_OUT4,
    HELD_OUT5,
    HELD_OUT6,
    HELD_OUT7,
    HELD_OUT8,
    HELD_OUT9,
    HELD_OUT10,
    HELD_OUT11,
    HELD_OUT12,
    HELD_OUT13,
    HELD_OUT14,
    HELD_OUT15,
    HELD_OUT16,
    HELD_OUT17,
    HELD_OUT18,
    HELD_OUT19,
)
# The parts scored once on the current ranking and never tuned on: the target's measure.
# (held_out12 to held_out14 were that for the twelfth round's ranking, scored once each; the
# thirteenth round tuned on them. held_out15 was that for the thirteenth round's, held_out16
# and held_out17 for the fourteenth's.)
FRESH: tuple[str, ...] = (HELD_OUT18, HELD_OUT19)
# The parts the ranking was tuned on: not the target's measure.
TUNED_ON = tuple(s for s in SPLITS if s not in FRESH)
UNTOUCHED: str | None = None
# Parts written for a later measurement: never scored, not even with --score-untouched,
# until one becomes UNTOUCHED. A second fresh part written in the same round measures the
# round's ranking again, after the first was scored and before anything changed.
WAITING: tuple[str, ...] = ()
KNOWN_SPLITS = (*SPLITS, *((UNTOUCHED,) if UNTOUCHED else ()), *WAITING)
# Tags a question may carry in its fifth column: «layout» is a question typed in the wrong
# keyboard layout, reported apart because no engine here is meant to guess layouts yet;
# «legacy» marks the 35 questions of the first set, kept for comparison with old reports;
# «ex_held_out» the first set's held-out third, now part of the tuning questions.
TAGS = ("layout", "legacy", "ex_held_out")


@dataclass
class Question:
    text: str
    grades: dict[str, int] = field(default_factory=dict)
    id: str = ""
    kind: str = ""
    split: str = ""
    tags: tuple[str, ...] = ()


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if line.strip() and not line.lstrip().startswith("#"):
                out.append((lineno, line.split("\t")))
    return out


def read_questions(path: Path = QUESTIONS) -> list[Question]:
    """Questions without grades, in file order; the split column may be «-» (not yet drawn)."""
    questions: list[Question] = []
    seen: set[str] = set()
    for lineno, parts in _rows(path):
        if len(parts) not in (4, 5):
            raise SystemExit(f"{path}:{lineno}: want id<TAB>kind<TAB>split<TAB>question[<TAB>tags]")
        qid, kind, split, text = parts[:4]
        tags = tuple(t for t in (parts[4].split(",") if len(parts) == 5 else []) if t)
        if qid in seen:
            raise SystemExit(f"{path}:{lineno}: duplicate id {qid}")
        if kind not in KINDS or split not in (*KNOWN_SPLITS, "-") or not set(tags) <= set(TAGS):
            raise SystemExit(f"{path}:{lineno}: unknown kind, split or tag")
        seen.add(qid)
        questions.append(Question(text.strip(), {}, qid, kind, split, tags))
    return questions


def load_questions(path: Path = QUESTIONS, judgements: Path = JUDGEMENTS) -> list[Question]:
    questions = read_questions(path)
    by_id = {q.id: q for q in questions}
    for lineno, parts in _rows(judgements):
        if len(parts) != 3 or parts[2] not in ("0", "1", "2") or parts[0] not in by_id:
            raise SystemExit(f"{judgements}:{lineno}: want known-id<TAB>path<TAB>grade")
        grades = by_id[parts[0]].grades
        if parts[1] in grades:
            raise SystemExit(f"{judgements}:{lineno}: {parts[0]} judged twice on {parts[1]}")
        grades[parts[1]] = int(parts[2])
    return questions


def parts_to_score(
    questions: Sequence[Question],
    score_untouched: bool = False,
    untouched: str | None = UNTOUCHED,
) -> tuple[tuple[str, ...], list[Question], list[Question]]:
    """The splits reported, the questions to run and the questions left out.

    The untouched part is kept from the engines altogether unless asked for, so no figure,
    table row or top ten of a run can say anything about it."""
    splits = (*SPLITS, untouched) if untouched and score_untouched else SPLITS
    scored = [q for q in questions if q.split in splits]
    return splits, scored, [q for q in questions if q.split not in splits]


def split_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def draw_splits(questions: Sequence[Question]) -> dict[str, str]:
    """Split for every question whose split is not drawn yet («-»): within each kind, the
    undrawn questions in order of sha256(question), every third from the first held out.

    It depends on nothing but the questions' text and kind, and is drawn once and written
    into the file before any engine is scored on the new questions, so no score can steer
    which questions are held out; drawn splits never move when questions are added."""
    out: dict[str, str] = {}
    for kind in KINDS:
        undrawn = sorted(
            (q for q in questions if q.kind == kind and q.split == "-"),
            key=lambda q: split_key(q.text),
        )
        for i, q in enumerate(undrawn):
            out[q.id] = HELD_OUT if i % 3 == 0 else "tune"
    return out


def write_splits(path: Path = QUESTIONS) -> int:
    """Fill the «-» splits of the questions file in place; how many were drawn."""
    drawn = draw_splits(read_questions(path))
    lines = path.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        parts = line.split("\t")
        if len(parts) >= 4 and not line.lstrip().startswith("#") and parts[0] in drawn:
            parts[2] = drawn[parts[0]]
            lines[i] = "\t".join(parts)
    path.write_text("\n".join(lines), encoding="utf-8")
    return len(drawn)


# -- metrics ----------------------------------------------------------------------------


def dcg(gains: Sequence[int]) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains[:K]))


def ndcg(ranked: Sequence[str], grades: dict[str, int]) -> float:
    ideal = dcg(sorted((g for g in grades.values() if g > 0), reverse=True))
    if ideal == 0:
        return 0.0
    return dcg([grades.get(p, 0) for p in ranked[:K]]) / ideal


def recall(ranked: Sequence[str], grades: dict[str, int]) -> float:
    relevant = {p for p, g in grades.items() if g > 0}
    if not relevant:
        return 0.0
    return len(relevant & set(ranked[:K])) / min(len(relevant), K)


# -- engines ----------------------------------------------------------------------------


def index_doc(doc_id: int, title: str, text: str, number: str | None) -> IndexDoc:
    """A document with only the fields the benchmarks compare engines on: no type, issuer,
    date or rubric for a filter to use."""
    return IndexDoc(
        id=doc_id,
        title=title,
        text=text,
        number=number,
        doc_type=None,
        issuer=None,
        level="unknown",
        status="unknown",
        rubrics=(),
        date_adopted=None,
        created_at=datetime(2026, 1, 1),
    )


class _OneThreadIndex:
    """A tantivy.Index whose writers index with one thread.

    SearchIndex's writer spreads documents over as many segments as it has threads, in an
    order that changes from run to run; documents of equal score (every fuzzy match scores
    the same) are then returned in segment order, so LegalDesk's top ten on misspelt
    questions changed between two runs of this benchmark. One thread writes one segment in
    id order, as the bare Tantivy engine does: the scores are the same (BM25 statistics are
    the whole index's either way), only ties are broken the same way on every run."""

    def __init__(self, index: tantivy.Index) -> None:
        self._index = index

    def writer(self, heap_size: int = 128_000_000, num_threads: int = 0) -> tantivy.IndexWriter:
        return self._index.writer(heap_size=heap_size, num_threads=1)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._index, name)


def shipped_thesaurus() -> tuple[Entry, ...]:
    """The thesaurus a new library starts with (legaldesk/seed/thesaurus.tsv), as the
    search applies it."""
    return tuple(parse(files("legaldesk").joinpath("seed/thesaurus.tsv").read_text("utf-8")))


def legaldesk_engine(docs: Sequence[Doc], thesaurus: tuple[Entry, ...] | None = None) -> Ranker:
    """LegalDesk's search as a reader gets it: the shipped thesaurus unless told otherwise."""
    index = SearchIndex.open(None)
    index.raw_index = cast(tantivy.Index, _OneThreadIndex(index.raw_index))
    index.write(upserts=[index_doc(d.id, d.title, d.text, d.number) for d in docs])
    entries = shipped_thesaurus() if thesaurus is None else thesaurus

    def rank(q: str, k: int = K) -> list[int]:
        query = SearchQuery(text=q, limit=k, facets=False, snippets=False, thesaurus=entries)
        return [h.id for h in index.search(query).hits]

    return rank


WORDS = re.compile(r"\w+", re.UNICODE)


def bare_query(question: str) -> str:
    """The question's words for Tantivy's query parser, lowercased: words only, so none of
    the parser's operators (``+ - : " ( ) ~ ^ * AND OR NOT …``) can appear unescaped."""
    return " ".join(WORDS.findall(fold(question).lower()))


def bare_tantivy_engine(docs: Sequence[Doc]) -> Ranker:
    """A plain Tantivy index with LegalDesk's analyzer (the same tokenizer, lowercasing and
    Snowball stemmer, and ё folded to е as LegalDesk folds it), fields title and text, and
    the default query parser's OR of the question's words scored by BM25: no boosts, no
    number field, no phrases, no fuzzy matching, no stop words. The baseline that the
    ranking code has to beat to be worth its complexity."""
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    builder.add_text_field("title", stored=False, tokenizer_name=ANALYZER)
    builder.add_text_field("text", stored=False, tokenizer_name=ANALYZER)
    schema = builder.build()
    index = tantivy.Index(schema)
    index.register_tokenizer(ANALYZER, build_analyzer())
    # One thread, one segment: ties in score then fall in insertion (id) order on every run.
    writer = index.writer(heap_size=200_000_000, num_threads=1)
    for d in docs:
        doc = tantivy.Document()
        doc.add_unsigned("id", d.id)
        doc.add_text("title", fold(d.title))
        doc.add_text("text", fold(d.text))
        writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    searcher = index.searcher()

    def rank(q: str, k: int = K) -> list[int]:
        words = bare_query(q)
        if not words:
            return []
        query = index.parse_query(words, ["title", "text"])
        hits = searcher.search(query, limit=k).hits
        return [int(searcher.doc(addr)["id"][0]) for _score, addr in hits]

    return rank


AND_SQL = """
SELECT id FROM docs, websearch_to_tsquery('russian', %(q)s) AS query
WHERE tsv @@ query ORDER BY ts_rank_cd(tsv, query) DESC, id LIMIT %(k)s
"""
OR_SQL = """
SELECT id FROM docs,
     CAST(replace(plainto_tsquery('russian', %(q)s)::text, '&', '|') AS tsquery) AS query
WHERE tsv @@ query ORDER BY ts_rank_cd(tsv, query) DESC, id LIMIT %(k)s
"""


def _with_db(url: str, db: str) -> str:
    base, _, tail = url.partition("?")
    head, _, _ = base.rpartition("/")
    return f"{head}/{db}" + (f"?{tail}" if tail else "")


def pg_engines(url: str, docs: Sequence[Doc]) -> dict[str, Ranker]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB}")
        admin.execute(f"CREATE DATABASE {SCRATCH_DB}")
    conn = psycopg.connect(_with_db(url, SCRATCH_DB), autocommit=True)
    conn.execute("CREATE TABLE docs (id int PRIMARY KEY, title text, body text, tsv tsvector)")
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO docs (id, title, body) VALUES (%s, %s, %s)",
            [(d.id, d.title, d.text[:PG_MAX_CHARS].replace("\x00", "")) for d in docs],
        )
    conn.execute(
        "UPDATE docs SET tsv = setweight(to_tsvector('russian', coalesce(title, '')), 'A')"
        " || setweight(to_tsvector('russian', body), 'B')"
    )
    conn.execute("CREATE INDEX docs_tsv ON docs USING gin (tsv)")
    conn.execute("ANALYZE docs")

    def runner(sql: str) -> Ranker:
        def rank(q: str, k: int = K) -> list[int]:
            return [row[0] for row in conn.execute(sql, {"q": q, "k": k}).fetchall()]

        return rank

    return {"PG-AND": runner(AND_SQL), "PG-OR": runner(OR_SQL)}


def all_engines(docs: Sequence[Doc], pg_url: str) -> dict[str, Ranker]:
    engines: dict[str, Ranker] = {
        "LegalDesk": legaldesk_engine(docs),
        "Tantivy": bare_tantivy_engine(docs),
    }
    engines.update(pg_engines(pg_url, docs))
    return engines


# -- run --------------------------------------------------------------------------------


@dataclass
class Row:
    question: Question
    labelled: int
    unindexed: int
    ndcg: dict[str, float]
    recall: dict[str, float]
    top: dict[str, list[str]]


def evaluate(
    questions: Sequence[Question], docs: Sequence[Doc], engines: dict[str, Ranker]
) -> tuple[list[Row], list[Question]]:
    """Scored rows, and the questions whose relevant documents are all unindexed (scans):
    no engine can answer those, so they are listed apart and kept out of the averages."""
    path_of = {d.id: d.path for d in docs}
    indexed = set(path_of.values())
    rows, unanswerable = [], []
    for q in questions:
        grades = {p: g for p, g in q.grades.items() if g > 0 and p in indexed}
        missing = sum(1 for p, g in q.grades.items() if g > 0) - len(grades)
        if not grades:
            unanswerable.append(q)
            continue
        row = Row(q, len(grades), missing, {}, {}, {})
        for name, rank in engines.items():
            ranked = [path_of[i] for i in rank(q.text, K)]
            row.top[name] = ranked
            row.ndcg[name] = ndcg(ranked, grades)
            row.recall[name] = recall(ranked, grades)
        rows.append(row)
    return rows, unanswerable


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def subsets(rows: Sequence[Row], split: str) -> dict[str, list[Row]]:
    """The rows of one split by kind, then all of them."""
    part = [r for r in rows if r.question.split == split]
    out = {kind: [r for r in part if r.question.kind == kind] for kind in KINDS}
    out["all"] = part
    return out


def averages(
    rows: Sequence[Row], engines: Sequence[str], metric: str, splits: Sequence[str] = SPLITS
) -> list[list[str]]:
    """Engines down, (split, kind) across: the held-out columns are the ones to trust."""
    header = ["engine"]
    columns: list[list[Row]] = []
    for split in splits:
        for label, subset in subsets(rows, split).items():
            header.append(f"{split} {label} ({len(subset)})")
            columns.append(subset)
    header.append(f"whole set ({len(rows)})")
    columns.append(list(rows))
    table = [header]
    for name in engines:
        values = [mean([getattr(r, metric)[name] for r in c]) for c in columns]
        table.append([name] + [f"{v:.3f}" for v in values])
    return table


def target_check(
    rows: Sequence[Row], engine: str = "LegalDesk", splits: Sequence[str] = SPLITS
) -> list[str]:
    """Issue 12's target (nDCG@10 >= 0.90 overall, >= 0.85 on every kind, ahead of bare
    Tantivy on every kind), read on the freshest held-out parts scored (``FRESH``, and the
    last of ``splits``); the other parts' figures are listed for comparison only."""
    lines = []
    for split in splits:
        parts = subsets(rows, split)
        overall = mean([r.ndcg[engine] for r in parts["all"]])
        short = [k for k in KINDS if mean([r.ndcg[engine] for r in parts[k]]) < 0.85]
        behind = (
            [
                k
                for k in KINDS
                if "Tantivy" in parts[k][0].ndcg
                and mean([r.ndcg[engine] for r in parts[k]])
                <= mean([r.ndcg["Tantivy"] for r in parts[k]])
            ]
            if all(parts[k] for k in KINDS)
            else []
        )
        line = (
            f"* {split}: overall {overall:.3f} (target 0.90); kinds under 0.85: "
            + (", ".join(short) if short else "none")
            + "; kinds where bare Tantivy is level or ahead: "
            + (", ".join(behind) if behind else "none")
        )
        if split == splits[-1] or split in FRESH:
            met = overall >= 0.90 and not short and not behind
            line += " — **met**" if met else " — **not met**"
        elif split in TUNED_ON:
            line += " (tuned on: not the target's measure)"
        else:
            line += " (spent: scored before)"
        lines.append(line)
    return lines


def layout_apart(rows: Sequence[Row], engines: Sequence[str]) -> str:
    typed = [r for r in rows if r.question.kind == "misspelt" and "layout" not in r.question.tags]
    layout = [r for r in rows if "layout" in r.question.tags]
    return (
        f"Misspelt questions without the {len(layout)} typed in the wrong keyboard layout"
        f" ({len(typed)} q., both splits), nDCG@10: "
        + ", ".join(f"{e} {mean([r.ndcg[e] for r in typed]):.3f}" for e in engines)
        + "; the layout ones alone: "
        + ", ".join(f"{e} {mean([r.ndcg[e] for r in layout]):.3f}" for e in engines)
        + "."
    )


def wins(rows: Sequence[Row], engines: Sequence[str]) -> dict[str, tuple[int, int, int]]:
    """LegalDesk against each other engine on nDCG@10: (better, tie, worse)."""
    out = {}
    for other in engines[1:]:
        better = sum(1 for r in rows if r.ndcg["LegalDesk"] > r.ndcg[other] + 1e-9)
        worse = sum(1 for r in rows if r.ndcg["LegalDesk"] < r.ndcg[other] - 1e-9)
        out[other] = (better, len(rows) - better - worse, worse)
    return out


def markdown_table(table: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(table[0]) + " |", "|" + "---|" * len(table[0])]
    lines += ["| " + " | ".join(r) + " |" for r in table[1:]]
    return "\n".join(lines)


def text_table(table: Sequence[Sequence[str]]) -> str:
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in table)


def per_question_table(rows: Sequence[Row], engines: Sequence[str]) -> list[list[str]]:
    header = ["id", "kind", "split", "question", "labelled", "unindexed"]
    header += [f"nDCG {e}" for e in engines] + [f"R@10 {e}" for e in engines]
    table = [header]
    for r in rows:
        q = r.question
        kind = q.kind + (" (layout)" if "layout" in q.tags else "")
        line = [q.id, kind, q.split, q.text.replace("|", "\\|"), str(r.labelled)]
        line.append(str(r.unindexed))
        line += [f"{r.ndcg[e]:.2f}" for e in engines] + [f"{r.recall[e]:.2f}" for e in engines]
        table.append(line)
    return table


METHOD = """## How the labels were made

* **Questions** (`bench/relevance/questions.tsv`: id, kind, split, question, tags). Kinds:
  *everyday* — what a resident would type, in their own words, abbreviations and slang
  («маткапитал на покупку жилья», «фонари на улицах не горят», «ГО и ЧС»); *misspelt* — one
  or two letters wrong, missing or swapped, a wrong ending, and two typed in the wrong
  keyboard layout (tag `layout`: «ljcnegyfz chtlf» is «доступная среда»), each the
  misspelling of a question whose answer is in the corpus; *official* — the wording of an
  act's heading («об утверждении муниципальной программы «Улучшение условий и охраны
  труда»»), long ones written for this set and the short subject headings of the first set
  (tag `legacy`); *number* — an act's number or date as written or half-written
  («35 па», «постановление 226 а», «№ 3909 от 20.12.2016», «постановление от 29.09.2015»).
  Every new question was written after reading the corpus, so that its answer is there.
* **Whole corpus, not the engines' top ten.** For each question `bench.relevance.candidates`
  lists every document that matches the question's regular expressions in
  `bench/relevance/grep.tsv` (stems of its words and of their everyday and official
  synonyms, the number or date in its written forms), plus the union of the top 20 of
  every engine, each with its heading, opening and hits in context. A document was graded
  after reading its heading, the programme's name and passport, and the passages the
  patterns hit; documents whose opening did not say what they are were opened further.
  Grade 2: it answers the question (a programme or act on the subject; for a number or
  date, the act itself); grade 1: related (a subprogramme or substantial section on the
  subject inside another programme, the same programme for another period or territory
  when the question names one, an act amending or citing the one asked for). Passing
  mentions are not graded. The engines' ranks were shown only to pool candidates; no score
  was looked at while grading.
* Misspelt questions are graded as the question they misspell (the same judgements).
* **The fresh held-out part (`held_out2`, q143–q211)**, written when the first set's
  held-out third was spent: 28 everyday questions (a resident at a rural library desk,
  their own words: «держу корову и кур, есть ли помощь от района», «мост через речку
  разрушается», «скорая не доезжает до деревни»), 15 in officials' wording (headings of
  acts read in the corpus), 13 misspellings of those, 13 number and date look-ups, each
  written from a document read or a need a resident has. Judged like the first set, on
  the whole corpus (grep patterns in `grep.tsv`, plus the top 10 of every engine), with
  `candidates --blind`, which lists the pool without any engine's ranks; questions and
  judgements were committed before any engine was scored on them, and the part is
  scored once, after the last tuning step. Everyday questions there are broad (a need,
  not a programme's name), so more documents are graded 1 than in the first set.
* **The untouched part (`held_out3`, q212–q277)**, written on 30 November 2026 by one
  annotator (a helper session of the team) when `held_out2` had been scored and looked at:
  26 everyday questions on subjects and in words the set did not have yet («мышиная
  лихорадка как уберечься», «соцыпотека», «паромная переправа весной», «дети учатся во
  вторую смену», «сдать грибы и ягоды, заготовка дикоросов»), 13 headings of acts read in
  the corpus, 14 misspellings of those (a letter wrong, missing or swapped, a wrong ending;
  two in the wrong keyboard layout: «cjwsgjntrf», «yfhjlyst ghjvscks b htvtckf»), 13 act
  numbers and dates as written or half-written («10/910», «405-п от 08.09.2016», «указ
  президента 116 от 22 марта 2018»). Judged like `held_out2`: grep patterns in `grep.tsv`
  over the whole corpus plus the top 10 of every engine, listed blind (`candidates` never
  shows an engine's ranks for this part). The split is not drawn: the whole part is fresh.
  No engine was scored on it until the last step of the third tuning round
  (`bench/relevance/ranking_steps.md`); it was scored once then, and is spent now: the next
  round needs a part of its own. Where a resident's need has no act of its own (folk crafts,
  social mortgage, payments to families with children, a social worker at home), the
  programme whose section on the subject answers it most directly is graded 2 and the other
  sections 1, so every question has an answer; one question whose only documents were
  passing mentions (putting a plot on the cadastre) and one number found only in an amending
  list («12/836») were replaced before judging was finished.
* **The fourth round's part (`held_out4`, q278–q346)**, written on 30 November 2026 by one
  annotator (a helper session of the team) after `held_out3` was spent: 27 everyday
  questions on needs the set did not ask about yet («работа и помощь тем, кто вышел из
  тюрьмы», «как записаться в народную дружину», «дрова для печки льготникам», «колодец в
  деревне почистить», «мировой судья, судебный участок в районе», «загс, регистрация брака
  и рождения», «хоккейная коробка в селе»), 14 headings of acts read in the corpus, some
  exact, some shortened or reworded («муниципальная программа «Развитие рыбной
  промышленности»», «комплексная программа модернизации и реформирования
  жилищно-коммунального хозяйства»), 14 misspellings of those (two in the wrong keyboard
  layout: «rfpfxmt j,otcndj d hfqjyt», «[jrrtqyfz rjhj,rf d ctkt»), 14 act numbers and
  dates as written or half-written («307/1-а», «805п», «№496 от 10.11.2015», «постановление
  № 1176 от 29 сентября 2017»), each number read in the act's own text layer. Judged like
  `held_out3`: grep patterns in `grep.tsv` over the whole corpus plus the top 20 of every
  engine, listed blind; no engine's rank or score for these questions was seen, and
  questions and judgements were committed together before any engine was scored on them.
  The split is not drawn: the whole part is fresh. Where a need has no act of its own
  (volunteers, career guidance, firewood, amateur choirs), the programme whose section on
  it answers most directly is graded 2 and programmes with a substantial passage 1;
  forecasts that only report figures are not graded. Two questions were replaced before
  judging was finished, as their only documents were passing mentions (a spring by the
  village, a district police officer's post). For a number, only the act itself is graded:
  another act of the same date or citing the number is not. Doubts: everyday questions
  here are broad needs read through programmes' sections, so the line between 1 and a
  passing mention is the annotator's, and officials' headings that name no territory give
  the programme of that name 2 wherever it is (four districts' «Реализация государственной
  национальной политики») and programmes on the same subject under another name 1.
* **The fifth round's part (`held_out5`, q347–q415)**, written on 30 November 2026 by one
  annotator (a helper session of the team) after `held_out4` was scored: 27 everyday
  questions on needs the set did not ask about yet («свет от дизельной электростанции,
  электричество очень дорогое», «почему хлеб в селе дороже чем в райцентре», «в морге
  требуют деньги за перевозку тела, куда пожаловаться», «можно ли дарить подарок тренеру в
  спортшколе», «фуры разбивают дорогу через поселок», «сертификат на бесплатные кружки для
  ребенка»), 14 headings of acts read in the corpus, some exact, some shortened or reworded
  («муниципальная программа «Социальное развитие сел»», «требования к программам
  комплексного развития социальной инфраструктуры поселений, городских округов»), 14
  misspellings of those (two in the wrong keyboard layout: «'cnjycrbq ghfplybr Zyjd ltym»,
  «aehs hfp,bdf.n ljhjue xthtp gjctkjr»), 14 act numbers and dates as written or
  half-written («890-п», «1630-ПА», «постановление кабмина РТ 512», «№ 398 от
  08.06.2016»), each read in the act's own text layer. Judged like `held_out4`: grep
  patterns in `grep.tsv` (spaces written `\\s+`, as the text layers hold double spaces)
  over the whole corpus plus the top 20 of every engine, listed blind; no engine's rank or
  score for these questions was seen, and questions and judgements were committed together
  before any engine was scored on them. The split is not drawn: the whole part is fresh.
  Where a need has no act of its own, the programme whose section on it answers most
  directly is graded 2 and programmes with a substantial passage 1; for «какой урожай
  зерна собрали в районе» every district forecast or programme that reports the district's
  grain harvest is graded 2, regional ones and mere targets 1, as district wages were in
  `held_out2`. One question was replaced before judging was finished, as its only
  documents were passing mentions in forecasts (prices rising in the shops). For a number,
  only the act itself is graded: another act of the same date or citing the number is not.
  Doubts as in `held_out4`: the line between 1 and a passing mention is the annotator's,
  and officials' headings that name no territory give the programme of that name 2
  wherever it is (four districts' «Обеспечение общественного порядка и противодействие
  преступности») and programmes on the same subject under another name 1.
* **The sixth round's part (`held_out6`, q416–q484)**, written by one annotator (a helper
  session of the team) after `held_out5` was scored: 27 everyday questions on needs the set
  did not ask about yet («сирена в деревне не работает, как людей предупредят о беде», «грант
  на семейную ферму», «где в районе отмечают сабантуй», «как у нас в районе сдали ЕГЭ»,
  «поля зарастают, земля годами не обрабатывается», «где разрешат поставить киоск или
  ларек», «правила землепользования и застройки, где посмотреть», «тревожная кнопка и охрана
  в школе»), 14 headings of acts read in the corpus, some exact, some shortened or reworded
  («муниципальная программа «Градостроительная деятельность»», «о бюджетном прогнозе
  Владимирской области на период до 2028 года», «муниципальная программа «Молодежь» района
  на 2016-2020 годы»), 14 misspellings of this part's questions (two in the wrong keyboard
  layout: «uhfyn yf ctvtqye. athve», «rfr e yfc d hfqjyt clfkb tu'»), 14 act numbers and
  dates as written or half-written («150а», «10/940», «1525-П», «№ 606 от 09.11.2018», «от 20
  октября 2017 № 363», «постановление от 31 августа 2016 года № 216»), each read in the act's
  own text layer. Judged like `held_out5`: grep patterns in `grep.tsv` (spaces written
  `\\s+`) over the whole corpus plus the top 20 of every engine, listed blind; no engine's
  rank or score for these questions was seen, and questions and judgements were committed
  together before any engine was scored on them. The split is not drawn: the whole part is
  fresh. Where a need has no act of its own, the programme whose section on it answers most
  directly is graded 2 and programmes with a substantial passage 1 (a subprogramme
  «Комплексная безопасность образовательных организаций» for the alarm button at school, the
  consumer-market programme for a bath-house, a hairdresser, a kiosk or a café); forecasts
  that only report figures are not graded, except where a district forecast reports the
  district's own examination results (as district wages and harvests were before). Five
  everyday questions were replaced before judging was finished, as their only documents were
  passing mentions: a multifunctional centre («мфц, где оформить документы в одном окне»),
  help to veterans of combat operations, a free lawyer, taking a child into a foster family
  and a building permit for a house (the last two only in lists and figures); their places
  hold the drinking water's quality, getting a job in the district administration, what the
  district spends its budget on, where new houses are built, and the alarm button at school.
  For a number, only the act itself is graded. Doubts as in `held_out5`: the line between 1
  and a passing mention is the annotator's; headings that name no territory give the
  programme of that name 2 wherever it is («Обеспечение качественным жильем и услугами ЖКХ
  населения» in two districts) and programmes on the same subject under another name 1; the
  heading «Стимулирование развития жилищного строительства» is the name of a regional
  programme the corpus only cites, and of a task inside the Kozhevnikovo district's housing
  programme, which is graded 2; «сабантуй» and «праздники на коми языке» have one programme
  each that describes such holidays.
* **The seventh round's part (`held_out7`, q485–q553)**, written by one annotator (a helper
  session of the team) after `held_out6` was scored: 27 everyday questions on needs the set
  did not ask about yet («держу пасеку, есть ли помощь пчеловодам», «где в районе есть
  бассейн, чтобы поплавать», «дали участок под дом, а туда нет дороги и света», «где купить
  поросят и телят для своего хозяйства», «откачать септик, вывоз жидких отходов», «уроки
  чувашского языка для детей», «взять ипотеку на строительство своего дома в селе»), 14
  headings of acts read in the corpus, some exact, some shortened or reworded («муниципальная
  программа «Газификация Кривошеинского района на период 2012-2020 годы»», «муниципальная
  программа «Развитие и сохранение культуры»», «муниципальная программа развития
  коммунальной инфраструктуры Асиновского района»), 14 misspellings: 9 of this part's
  official headings («муниципальная программа «Противодействие экстримизму и профилактика
  терраризма»», «программа «Подержка специалистов на територии Шегарского района»»), 3 of
  its everyday questions («где вылечить зубы, стаматолог в районе») and two in the wrong
  keyboard layout («if[vfnysq rhe;jr lkz ht,tyrf», «dtnthbyfh lkz rjhjds, dspdfnm d
  lthtdy.»), 14 act numbers and dates as written or half-written («134-п», «№ 1712», «752 от
  23.12.2015», «постановление от 29 марта 2019 № 158», «постановление 69 от 23 марта 2017
  года»), each read in the act's own text layer. Judged like `held_out6`: grep patterns in
  `grep.tsv` (spaces written `\\s+`) over the whole corpus plus the top 20 of every engine,
  listed blind; no engine's rank or score for these questions was seen, and questions and
  judgements were committed together before any engine was scored on them. The split is not
  drawn: the whole part is fresh. Where a need has no act of its own, the programme whose
  section on it answers most directly is graded 2 and programmes with a substantial passage
  1 (a programme for household plots that organises the sale of young livestock and the
  delivery of fodder, a district's sports programme that buys exercise machines); a
  district forecast that names the district's own facility (a swimming pool, a ski base) or
  grant (a beekeeper's «Начинающий фермер») is graded 2, as district wages and harvests were
  before, and one that only reports a share or a count 1 or not at all. Nine everyday
  questions were replaced before judging was finished, as their only documents were passing
  mentions (a village post office, neighbours' self-government, a mobile library, a club of
  young families, horse riding, beer sold to teenagers, telephone swindlers, the Day of
  Family, Love and Fidelity, fish farming in a pond); their places hold a plot without a road
  or power, the district's festivals, a park, young livestock, a theatre's visits, a septic
  tank, repairs of a municipal flat, Chuvash lessons and fodder. For a number, only the act
  itself is graded (for an act split into parts, the part that carries the number). Doubts
  as in `held_out6`: the line between 1 and a passing mention is the annotator's; headings
  that name no territory give the programme of that name 2 wherever it is and programmes on
  the same subject under another name 1 (every district culture programme for «Развитие и
  сохранение культуры», every road programme for «Развитие автомобильных дорог общего
  пользования местного значения»); «№ 1712» is also cited in another district's act as the
  number of an act the corpus does not hold, which is not graded.
* **The eighth round's part (`held_out8`, q554–q622)**, written by one annotator (a helper
  session of the team) after `held_out7` was scored: 27 everyday questions on needs the set
  did not ask about yet («хочу поставить рекламный щит у магазина, кто дает разрешение»,
  «сижу в декрете с ребенком, можно ли бесплатно выучиться на новую профессию», «возле дома
  сухое дерево может упасть, кто его спилит», «банк не дает кредит на бизнес без
  поручителя», «как летом доехать до райцентра по реке, ходит ли катер», «где забить
  скотину, убойный пункт»), 14 headings of acts read in the corpus, some exact, some
  shortened or reworded («муниципальная программа «Дорожные работы в Агрызском
  муниципальном районе на 2017-2019 годы»», «муниципальная программа «Развитие культуры,
  туризма и системы дополнительного образования в сфере культуры»», «программа поддержки
  сельскохозяйственных товаропроизводителей и заготовки дикорастущего сырья Верхнекетского
  района»), 14 misspellings: 10 of this part's official headings («муниципальная программа
  «Маладежь Мурома» на 2017-2019 годы», «программа «Энергоэфективность и развитие энергетики
  в Щучинском сельском поселении»»), 2 of its everyday questions («в поселке нет тринера,
  детей не кому учить спорту») and two in the wrong keyboard layout («djpkt ljvf ce[jt
  lthtdj vj;tn egfcnm, rnj tuj cgbkbn», «dj ldjht ytult gjcnfdbnm vfibye, ye;yf
  gfhrjdrf»), 14 act numbers and dates as written or half-written («612-п», «№ 1664»,
  «411а/2017», «852-ПА/н», «постановление 246 от 01.04.2019», «№ 288 от 01.04.2019»,
  «постановление 1576 от 21 октября 2016»), each read in the act's own text layer. Judged
  like `held_out7`: grep patterns in `grep.tsv` (spaces written `\\s+`) over the whole corpus
  plus the top 20 of every engine, listed blind; no engine's rank or score for these
  questions was seen, and questions and judgements were committed together before any
  engine was scored on them. The split is not drawn: the whole part is fresh. Where a need
  has no act of its own, the programme whose section on it answers most directly is graded
  2 and programmes with a substantial passage 1 (a district's programme for farmers that
  plans a slaughter point, a household-plot programme that pays for taking livestock to
  one; an energy-saving programme with a section on boilers burning local wood and chips);
  a district forecast that names the district's own facility or project (a home for the
  elderly, a slaughter site, boilers moved to wood chips, oil fields) is graded 2, as before,
  and one that only reports a figure (its people moving away) 1 or not at all. Four
  everyday questions were replaced before judging was finished, as their only
  documents were passing mentions (a river embankment, digital television in the village,
  a cash machine, a sand and gravel pit); their places hold a sanatorium, a guest house for
  tourists, cycle paths and the Epiphany bathing. For a number, only the act itself is
  graded (for an act split into parts, the part that carries the number); two numbers share
  the date 01.04.2019 and each is graded to its own act only. Doubts as in `held_out7`: the
  line between 1 and a passing mention is the annotator's (a social taxi and cycle paths
  have one or two sentences each in their programmes, graded 2 as the only direct answers);
  headings that name a territory give that programme 2 and programmes on the same subject
  under another name 1 (every road programme for «Дорожные работы в Агрызском…», every
  district culture programme for «Развитие культуры, туризма и системы дополнительного
  образования…», every energy-saving programme for the Shchuchye settlement's).
* **The ninth round's part (`held_out9`, q623–q691)**, written by one annotator (a helper
  session of the team) after `held_out8` was scored: 27 everyday questions on needs the set
  did not ask about yet («есть ли в Алтайском крае казино, где игорная зона», «как поступить
  в институт по направлению от района, целевое обучение», «взять заем на хозяйство в
  кредитном кооперативе», «стипендия студенту, если вернется работать в район», «говорят, у
  нас построят птицефабрику, будет ли работа», «где отметить масленицу, блины и гулянья»),
  14 headings of acts read in the corpus, some exact, some shortened or reworded
  («муниципальная программа муниципального района «Сысольский» «Развитие культуры»», «о
  мерах по противодействию терроризму и экстремизму на территории Костромского
  муниципального района», «программа национальной политики в области межконфессиональных и
  межнациональных отношений в Бавлинском муниципальном районе»), 14 misspellings: 10 of this
  part's official headings («муниципальная программа «Развите образования МО МР «Печора»»»,
  «программа «Жилье и жилищно-комунальное хозяйство» муниципального района «Прилузкий»»), 2
  of its everyday questions («где отметить маслиницу, блины и гулянья») and two in the wrong
  keyboard layout («ult gjbuhfnm d aen,jk, ye;yj gjkt c bcreccndtyysv ufpjyjv», «dpznm pftv
  yf [jpzqcndj d rhtlbnyjv rjjgthfnbdt»), 14 act numbers and dates as written or
  half-written («2226», «10/937», «постановление 1а», «постановление 4025», «№ 1893 от
  04.07.2016», «постановление от 29.12.2018 № 1190», «№ 2223 от 29.12.2018»), each read in the
  act's own text layer. Judged like `held_out8`: grep patterns in `grep.tsv` (spaces written
  `\\s+`) over the whole corpus plus the top 20 of every engine, listed blind; no engine's
  rank or score for these questions was seen, and questions and judgements were committed
  together before any engine was scored on them. The split is not drawn: the whole part is
  fresh. Where a need has no act of its own, the programme whose section on it answers most
  directly is graded 2 and programmes with a substantial passage 1 (a language programme
  that describes the district's Maslenitsa festivities, a youth programme that pays a
  monthly stipend to students who undertake to come back, the region's innovation programme
  with its centre that helps to patent; sports programmes that only list equipment among
  their tasks 1); a district forecast that names the district's own facility or project (a
  poultry farm and greenhouses planned, a sugar plant, a pig complex under reconstruction, a
  cinema to open, a business incubator) is graded 2, as before, and one that only reports a
  figure (heads of sheep and goats) 1 or not at all. No everyday question had to be replaced:
  subjects whose only documents were passing mentions (stove fires, suicide prevention,
  public works for the unemployed, a wrestling section, a water tower, young specialists'
  lump sums) were set aside before the questions were written. One document may answer
  several needs: the Altai region's strategy is graded 2 for the gambling zone, downhill
  skiing, the airport, the railways and the «Бирюзовая Катунь» resort. For a number, only
  the act itself is graded; «№ 1190» and «№ 2223» are asked with the same date 29.12.2018
  (and «2226», of that date too, bare), and each is graded to its own act only; «№ 357» is
  also the number of another district's act of another date, which is not graded. Doubts as
  in `held_out8`: the line between 1 and a passing mention is the annotator's (a credit
  cooperative has one paragraph in one district's competition programme, graded 2 as the
  only direct answer; festival lists that name Maslenitsa 1); headings that name a territory
  give that programme 2 and programmes on the same subject under another name 1, the lists
  judged for earlier headings reused as in `held_out8` (every district culture programme for
  the Sysola, Udora and Sasovo headings, every education programme for the Pechora and
  Syktyvdin ones, every young families' housing programme for Chukhloma's).
* **The tenth round's part (`held_out10`, q692–q760)**, written by one annotator (a helper
  session of the team) after `held_out9` was scored: 27 everyday questions on needs the set
  did not ask about yet, some in the words of the act («добывают ли у нас торф, можно ли
  устроиться на торфоразработки», «рядом цементный завод, работает ли он и много ли
  выпускает», «когда проходят Шукшинские дни, съездить на родину Шукшина»), most in other
  words than the act's («в конторе и в школе горят старые лампочки, поменяют ли на
  экономные» for the replacement of incandescent lamps in energy-saving programmes, «соседи
  торгуют паленой водкой и самогоном, борются ли с этим» for the illegal trade in alcohol,
  «негде починить обувь и сшить одежду, есть ли мастерская или ателье» for household
  services, «одинокому инвалиду выписать газету бесплатно, кто оплатит подписку», «кто
  работал в сельсовете, платят ли доплату к пенсии» for the long-service pension of
  municipal employees), 14 headings of acts not yet used as official or number answers, some
  exact, some shortened or reworded («Экология и окружающая среда Солнечногорья»,
  «обеспечение жильем молодых семей в Домбаровском районе», «программа разработки
  генерального плана и правил землепользования и застройки Новоильинского сельсовета»,
  «муниципальная программа «Безопасный город» города Собинки на 2015-2017 годы»), 14
  misspellings: 10 of this part's official headings («комплексная программа Агрызкого
  муниципального района по профилактике правонаружений на 2018-2021 годы», «программа
  «Молодеж Грачевского раиона»»), 2 of its everyday questions («негде почининить обувь и
  сшить одежу, есть ли мастерская или отелье») and two in the wrong keyboard layout («ult
  yf,hfnm ktxt,yjq vbythfkmyjq djls bp bcnjxybrf», «ult regbnm rbhgbx lkz cnhjqrb, tcnm kb
  hzljv rbhgbxysq pfdjl»), 14 act numbers and dates as written or half-written («1823»,
  «367-а», «№ 1782 от 25.12.2017», «постановление от 9 января 2017 № 3», «№ 87 от 16 мая
  2016», «постановление 350 от 10.11.2016»), each read in the act's own text layer. Judged
  like `held_out9`: grep patterns in `grep.tsv` (spaces written `\\s+`) over the whole corpus
  plus the top 20 of every engine, listed blind; no engine's rank or score for these
  questions was seen, and questions and judgements were committed together before any
  engine was scored on them. The split is not drawn: the whole part is fresh. Where a need
  has no act of its own, the programme or forecast whose passage answers it most directly
  is graded 2 and those with a substantial passage 1 (the energy-saving programmes that
  make lamp replacement a task 2, a town's programme that replaced street lights 1; a
  district forecast that names its own peat extraction, brick works or plywood mill 2, one
  that only lists peat or clay among the district's resources 1; a consumer-market
  programme, two settlement strategies that plan a service point for sewing and repairs and
  a small-business programme that names shoe repair among the services a district has and
  lacks 2, forecasts that only count household-service businesses 1). One everyday question was
  replaced before it was judged: «как в деревне выбирают старосту» had no document that
  answers it (only passing mentions of territorial self-government), and «где купить кирпич
  для стройки» took its place. One document may answer several needs: the Altai region's
  strategy is graded 2 for gold mining, the Shukshin days, a horse-riding complex, the
  aquapark, archaeology, the Biysk science town and brick works. For a number, only the act
  itself is graded: «№ 1782» shares its date 25.12.2017 with the same district's act
  № 1781, «№ 350» its date 10.11.2016 with the same district's act № 356, and «№ 87 от 16
  мая 2016» is near the same district's № 79 of 6 May; each is graded to its own act only.
  «1823» is written «№ _1823_» in the act's text. Doubts as in `held_out9`: the line between
  1 and a passing mention is the annotator's (the Komi justice programme, graded 2 in its
  three versions for the fight against illegal alcohol, is a programme of the region, not of
  a district; the Tatarstan prevention programmes that cite the limits on alcohol sales 1);
  headings that name a territory give that programme 2 and programmes on the same subject
  under another name 1, the lists judged for earlier headings reused as in `held_out9`
  (every district culture programme for the Sosnogorsk, Syktyvdin and Medvezhye headings,
  every education programme for Parfenyevo's, every youth programme for Grachevka's and
  Shegarka's, every young families' housing programme for Dombarovsky's, every offence
  prevention programme for Agryz's and Katay's).
* **The eleventh round's part (`held_out11`, q761–q829)**, written by one annotator (a
  helper session of the team) after `held_out10` was scored: 27 everyday questions on needs
  the set did not ask about yet, some in the words of the act («хочу разводить кроликов,
  дадут ли грант на ферму», «внук занимается самбо, проводят ли турниры по самбо для
  детей», «где родился артист Смоктуновский, есть ли там музей или памятное место»), most in
  other words than the act's («отправляю внука в летний лагерь, обрабатывают ли там от
  клещей» for the acaricide treatment of camps, «братская могила солдат в селе разрушается,
  кто будет ремонтировать» for the repair of war graves, «у нас в Томской области в
  распутицу до села только вертолетом, сколько стоит проезд» for air transport in the
  spring and autumn thaw, «где распилить бревна на доски, есть ли пилорама поблизости» for
  sawmilling, «хочу купить индюшат, где у нас разводят индеек»), 14 headings of acts not yet
  used as official or number answers, some exact, some shortened or reworded («Развитие
  системы образования Тюльганского района на 2014-2020 годы», «пожарная безопасность на
  объектах бюджетной сферы Александровского района», «программа профилактики терроризма и
  экстремизма в Юрьев-Польском районе», «устав муниципального учреждения «Спортивная школа
  Рыбинского муниципального района»»), 14 misspellings: 10 of this part's official headings
  («Развитие жилищно-комунального хозяйства Меленковскава района», «муниципальная программа
  городского округа «Вуктыл» «Развитие културы»»), 2 of its everyday questions («хочу
  розводить кроликоф, дадут ли грант на ферму», «где радился артист Смактуновский…») and
  two in the wrong keyboard layout («ult pbvjq gjrfnfnmcz yf rjymrf[, tcnm kb e yfc rfnjr»,
  «ult e yfc ltkf.n rjk,fce, tcnm kb cdjq vzcjrjv,byfn»), 14 act numbers and dates as
  written or half-written («757-п», «№ 248 от 07.11.2017», «постановление от 5 декабря 2014
  года № 40», «№ 176 от 26 марта 2019», «постановление № 11 от 16 января 2019»), each read
  in the act's own text layer. Judged like `held_out10`: grep patterns in `grep.tsv` (spaces
  written `\\s+`) over the whole corpus plus the top 20 of every engine, listed blind
  (`candidates --blind --pool 20`, and `UNTOUCHED = HELD_OUT11` set before any candidates
  were listed); no engine's rank or score for these questions was seen, evaluate was not
  run, and questions and judgements were committed together before any engine was scored
  on them. The split is not drawn: the whole part is fresh. Where a need has no act of its
  own, the programme or forecast whose passage answers it most directly is graded 2 and
  those with a substantial passage 1 (a forecast that names a rabbit farm built with a
  grant 2, a regional forecast that only lists rabbit breeding among its programmes 1; the
  sports programmes and forecasts that name a skating rink, an ice arena or hockey courts
  2, one that only repairs a hockey box 1; the district forecasts that give the potato
  harvest in tonnes 2, those that only name potatoes among the crops 1; the municipal
  television companies of Petushki, Yegoryevsk, Podolsk and Ostrogozhsk 2, programmes that
  only inform through television 1). No question was replaced: every need written had an
  answering document. One document may answer several needs: the Shegarka tourism
  programme is graded 2 for Smoktunovsky's birthplace and for children's sambo
  tournaments, the Pestrechinsky small-business programme for sausage, a sawmill grant and
  chak-chak, the Altai region's strategy for coal mining. For a number, only the act itself
  is graded: «№ 248 от 07.11.2017» shares its date with the Krasnaya Gorbatka act № 314,
  asked apart as «постановление 314 от 07.11.2017»; «№ 11 от 16 января 2019» shares its
  date with Perevolotsky's act № 22-п, «№ 793 от 29.09.2017» its date with Ilek's № 787-п,
  «№ 428» is also the number of a Buy revision of 19 November 2018; each is graded to its
  own act only, and «постановление от 15 января 2018 года № 1» is the act that approved
  Antropovo's school meals programme, whose text carries it. Doubts as in `held_out10`: the
  line between 1 and a passing mention is the annotator's (the Gorokhovets national-policy
  programme that names a Cossack society 1 for a Cossack museum, the crime-prevention
  programmes that name Cossack patrols not graded); headings that name a territory give
  that programme 2 and programmes on the same subject under another name 1, the lists
  judged for earlier headings reused as in `held_out10` (every district education
  programme for the Tyulgan and Vuktyl education headings, every culture programme for
  Vuktyl's, every social support programme for Khlebnoye's, every housing and utilities
  programme for Melenki's and Shaposhnikovo's, the housing construction lists for
  Vyazniki's, the civil defence and fire safety list for Alexandrovsky's, the life safety
  list for Perevolotsky's, the extremism and terrorism lists for Yuryev-Polsky's, the youth
  list for the Tatarstan youth and sport subprogramme, the Rybinsk sports school's list
  for its charter); the Komi employment amendment gives 1 to the two district employment
  subprogrammes, and the Severny district's HFRS programme has no other act of its subject.
* **Split, drawn before any engine was scored**: within each kind, questions in order of
  sha256 of their text, every third from the first `held_out`, the rest `tune`
  (`evaluate.draw_splits`, written into the file by `--draw-splits`, which fills only
  splits still marked `-`, so a drawn split never moves). Three questions were replaced
  before any scoring and drawn again by the same rule: a date that exists only in a scan's
  unreadable text layer («от 21.05.2024») and «земельный налог» in two misspellings (no
  document answers it: it is only mentioned in forecasts and programmes; the legacy
  question stays with grade-1 documents only).
* Questions without a grade-2 document: q001 «земельный налог» (see above) and q029
  «734-пп» (the act itself is not in the corpus; the act amending it is graded 1).
* **The twelfth round's part (`held_out12`, q830–q898)**, written by one annotator (a
  helper session of the team) after `held_out11` was scored: 27 everyday questions on needs
  the set did not ask about yet («можно ли отказаться от вскрытия умершего отца по
  религиозным причинам», «где у нас пекут хлеб, есть ли свой хлебозавод», «куда вывозят
  мусор из поселка, есть ли полигон для отходов», «где женщине сделать маммографию,
  приезжает ли передвижной маммограф», «сына осенью призывают в армию, проводят ли у нас
  день призывника»), 14 headings of acts read in the corpus, some exact, some shortened or
  reworded («муниципальная программа «Развитие культуры Кривошеинского района на 2016-2019
  годы»», «бюджетный прогноз Асекеевского района на долгосрочный период до 2030 года»),
  14 misspellings of this part's questions (ten of its headings; two in the wrong keyboard
  layout: «dfhzn kb e yfc gbdj, tcnm kb gbdjdfhtyysq pfdjl», «dyer [jxtn dcnegbnm d
  .yfhvb., tcnm kb e yfc jnhzl»), 14 act numbers and dates as written or half-written
  («№ 2611», «12/4083», «постановление от 18 ноября 2016 года № 587», «распоряжение № 374
  от 17.10.2018»), each read in the act's own text layer. Judged like `held_out11`: its
  own grep patterns over the whole corpus plus the top 20 of every engine, listed blind;
  no engine's rank or score for these questions was seen, and questions and judgements
  were committed together before any engine was scored on them. The corpus had few acts
  left whose heading or number the set had not asked for, so the headings are mostly of
  acts asked for so far only by number, and the numbers of acts asked for so far only by
  heading. Where a need has no act of its own, the district forecast or programme that
  reports the fact asked for (a bread factory, a dairy, a landfill) is graded 2 and
  passages that only touch it 1; for a heading naming a territory, the programme itself 2
  and the programmes graded 1 for earlier headings on the same subject 1 again.
* **The twelfth round's second part (`held_out13`, q899–q967)**, written by another
  helper session for the same round and kept from every run (`evaluate.WAITING`) until
  `held_out12` had been scored; then scored once with the ranking unchanged. 27 everyday
  questions («бабушке исполняется 90 лет, поздравляет ли администрация юбиляров»,
  «подросток говорит о самоубийстве, проводят ли в школах профилактику суицида»,
  «хочу пройти с портретом деда в Бессмертном полку, кто у нас организует шествие»,
  «водопровод на нашей улице бесхозный, никто не чинит, кто его возьмет на себя»), eleven
  first drafts of which were replaced because the set already asked their needs; 14
  headings, each of an act used once before («бюджетный прогноз Воронежской области на
  долгосрочный период до 2035 года», «ведомственная целевая программа «Физическая
  культура и спорт» Рыбинского района»); 14 misspellings (10 of its headings, 2 of its
  everyday questions, 2 in the wrong layout with the comma typed on the Russian layout's
  own key: «[jxe ghjqnb c gjhnhtnjv ltlf d ,tccvthnyjv gjkre? rnj e yfc jhufybpetn
  itcndbt»); 14 numbers and dates («постановление № 129 от 18 сентября 2017 года», «N 295»,
  «674-п»). Judged the same way. For a number only the act is graded: «N 295» is also a
  federal decree cited in Shadrinsk's programme, «№ 50» also Susanino's act of 9 March
  2016; neither is graded. Several everyday answers are a single passage (the Trepolye
  water tower in the Mikhailovsky forecast, a banquet hall in the Alekseevsky small-business
  programme).
* **A third fresh part (`held_out14`, q968–q1036)**, written by a third helper session
  after `held_out12` and `held_out13` were scored, named in `evaluate.UNTOUCHED` before
  any candidate was listed, and scored once on the twelfth round's ranking: 27 everyday
  questions («где заказать торт на юбилей, есть ли у нас кондитерский цех», «работает ли у
  нас известковый комбинат, где добывают известняк», «трубы теплотрассы старые, меняют ли
  тепловые сети», «у нас много мордвы, есть ли в библиотеке книги на мордовском языке»);
  thirteen first drafts were replaced because a script over all earlier questions found
  their needs already asked, two more because no document answered them. 14 headings, some
  exact, some shortened («муниципальная программа «Развитие туризма в Кетовском районе»»,
  «управление земельно-имущественным комплексом Переволоцкого района»); 14 misspellings
  (10 of its headings, 2 of its everyday questions, 2 in the wrong layout: «nhe,s
  ntgkjnhfccs cnfhst? vtyz.n kb ntgkjdst ctnb»); 14 numbers and dates read in the acts' own
  text layer («02/121», «N291 от 05.12.2016», «постановление от 14 декабря 2018 года
  № 33»); an act present only through an amendment («481 от 28.04.2014») was dropped.
  Judged the same way. Many everyday answers are a single passage of a district forecast
  or programme (a confectionery shop in the Alekseevsky small-business programme, an
  agricultural census in the Bakchar forecast).
* **The thirteenth round's part (`held_out15`, q1037–q1105)**, written by a helper session
  for the thirteenth round, named in `evaluate.UNTOUCHED` before any candidate was listed,
  and committed with its judgements before any engine was scored on it: 27 everyday
  questions («у сына задержка развития, есть ли у нас коррекционная школа или класс», «мы
  вынужденные переселенцы, дадут ли нам жилье», «газа в селе нет, привозят ли газ в
  баллонах», «есть ли у нас врач онколог, где провериться на рак»); eight first drafts
  were replaced because a script over all earlier questions found their needs already
  asked. 14 headings, some exact, some shortened («развитие архивного дела в Первомайском
  районе», «формирование комфортной городской среды на территории Новошешминского
  муниципального района Республики Татарстан в 2018-2022 годы»); 14 misspellings (10 of
  its headings, 2 of its everyday questions, 2 in the wrong layout: «ult jajhvbnm ,evfub d
  jlyjv jryt? tcnm kb e yfc vaw»); 14 numbers and dates of the documents' own acts
  («№ 1781 от 25.12.2017», «11/06 от 14 июня 2016 г.», «постановление № 1030 от
  12.10.2011»); drafts that gave the number of an amended act, or repeated an act already
  asked, were replaced, and «№ 3 от 10.01.2019» is answered by two acts of that number and
  date, both graded 2. Judged the same way. Many everyday answers are a single passage of
  a district forecast or programme (a car-repair shop opened in the Soligalich forecast,
  snowmobile tourism in the Ketovo programme). While checking how `held_out14` was
  described, the annotator saw four of that part's per-question rows (not this part's).
* **The fourteenth round's part (`held_out16`, q1106–q1174)**, written by a helper session
  for the fourteenth round, kept in `evaluate.WAITING` (no run scores it) from its first
  commit, and committed with its judgements before any engine was scored on it: 27
  everyday questions («у школы машины носятся, поставят ли лежачих полицейских», «сын на
  коляске, а в школе нет подъемника на второй этаж», «поле заболотилось, помогает ли район
  с мелиорацией», «мужики пьют в деревне, кто борется с пьянством»); 14 headings («развитие
  конкуренции в Черемшанском муниципальном районе Республики Татарстан», «программа
  «Сельская молодежь Лениногорского муниципального района на 2017-2020 годы»»); 14
  misspellings (10 of its headings, 2 of its everyday questions, 2 in the wrong layout:
  «csy yf rjkzcrt? f d irjkt ytn gjl]tvybrf yf dnjhjq 'nf;»); 14 numbers and dates
  («постановление 1247 от 02.12.2016», «N 4551 от 29 сентября 2015», «2990 па»). Most acts'
  own heading numbers were asked already, so most number questions give the approving act
  cited on a programme's first page («Приложение к постановлению … от … № …»). Drafts whose
  need an earlier question already asked were replaced (a script over the question column).
  Judged the same way (299 judgements, 94 of grade 2); some everyday answers rest on a
  single passage of a district forecast, and four everyday questions have one relevant
  document. The session that tuned the round read the helper's report (five example
  questions of each kind) during the round, before the part was scored; the round's steps
  come from tuned questions (q335, q756, q816, q820) and from a search over the weights
  that ran before the report arrived, and none names a word of the examples.
* **The fourteenth round's second part (`held_out17`, q1175–q1243)**, written by another
  helper session while `held_out16` was being scored, kept in `evaluate.WAITING` from its
  first commit, committed with its judgements before any engine was scored on it, and
  scored once after `held_out16` with the ranking unchanged: 27 everyday questions
  («весной паводок топит дома и огороды, кто поможет», «летом надолго отключают горячую
  воду, меняют ли старые трубы», «возле школы продают наркоту через закладки, что делает
  район»); 14 headings («патриотическое воспитание граждан и подготовка допризывной
  молодежи Кетовского района к военной службе на 2017-2020 годы»); 14 misspellings (8 of
  its headings, 2 in the wrong layout: «dtcyjq gfdjljr njgbn ljvf b jujhjls rnj gjvj;tn»);
  14 numbers and dates («приказ № 01.04/83 от 14.09.2017», «инструктивное письмо 8-1439»,
  «постановление КМ РТ от 25 января 2017 N 29»); four of them give only the date of an act
  an earlier part asked by its number. Drafts that repeated an earlier need or number were
  replaced (a script over the question column; its first run printed two of `held_out16`'s
  questions, and the annotator saw four of that part's pattern and judgement lines). Judged
  the same way (381 judgements); five everyday questions rest on one or two documents.
* **The fifteenth round's part (`held_out18`, q1244–q1312)**, written by a helper session
  for the fifteenth round, kept in `evaluate.WAITING` from its first commit, committed with
  its judgements before any engine was scored on it: 27 everyday questions («борщевик
  разросся вдоль дорог и у домов, кто его уничтожает», «в ларьке продают паленую водку,
  кто проверяет», «котельная на угле коптит, переведут ли ее на газ», «маралы и панты,
  развивают ли у нас мараловодство»); 14 headings («развитие пассажирского транспорта
  общего пользования Верхнемамонского муниципального района Воронежской области на
  2014-2020 годы»); 14 misspellings (7 of its headings, 5 of its everyday questions, 2 in
  the wrong layout: «d kfhmrt ghjlf.n gfktye. djlre rnj ghjdthztn»); 14 numbers and dates
  («05/470 от 30.05.2017», «постановление администрации г. Томска от 11 июня 2019 № 470»,
  «345а/2018»). The acts' own numbers were nearly all asked already, so every number
  question gives an act from a programme's «в редакции …» line, and the programme in that
  edition is graded 2. Judged the same way (325 judgements, 97 of grade 2); the headings
  of common programmes (small business, sport, energy saving) have up to eleven documents
  of grade 1 each, the same programme of other districts. The session that tuned the
  round read the helper's report (five examples of each kind) after the round's
  thesaurus entries were committed and while its weight search ran; the search reads the
  tuned parts only.
* **The part written after the fifteenth round (`held_out19`, q1313–q1381)**, written by a
  helper session while the sixteenth round's experiments ran, kept in `evaluate.WAITING`
  from its first commit, committed with its judgements before any engine was scored on it:
  27 everyday questions («хочу поставить цех, есть ли в районе промплощадка», «бабушка
  труженица тыла, какие ей положены льготы», «ребенку нужна ПМПК, где пройти комиссию»,
  «где починить телевизор или холодильник, есть ли мастерская»); 14 headings
  («энергосбережение и повышение энергетической эффективности Макарьевского района
  Костромской области»); 14 misspellings (10 of its headings, 2 of its everyday questions, 2
  in the wrong layout: «[jxe gjcnfdbnm wt[? tcnm kb d hfqjyt ghjvgkjoflrf»); 14 numbers and
  dates («№ 51 от 14.01.2019», «371-ПА/н», «постановление от 14.03.2019 № 163»), each an
  act from a programme's «в редакции …» line, checked to occur in that document only, the
  programme in that edition graded 2. Judged the same way (302 judgements, 155 of grade 2);
  several everyday questions rest on one passage of one document. The annotator read the
  question column of the file (to keep its subjects new) and counts of grade-2 documents
  per document, no engine's rank or figure. No ranking change followed its merge: it was
  scored once on the fifteenth round's ranking.
* **What the session that tuned the twelfth round saw of these parts.** The helpers'
  reports gave five example questions of each kind, which the session read; no rule and no
  thesaurus entry of the round names a word of them (the steps are general: frame words,
  the title's weight, pairs of words, a key after an adjective, six entries that lost on
  the tuned parts). One slip: after `held_out12` was committed, an experiment script of the
  session scored the whole question file for two runs and printed the mean over all 898
  questions, `held_out12` among them (never its own figure); it was corrected at once to
  the tuned parts, and the step those runs compared was decided on a clean rerun.
  `held_out13` and `held_out14` were in no run before they were scored; the ranking did
  not change after `held_out12` was scored, but for one fix to the keyboard-layout reading
  (a word typed ending in «.,»), which moves no figure of `held_out12` or `held_out13`.
* **Two annotators** (`bench/relevance/agreement.py`, `judgements_second.tsv`): the 138
  questions of `held_out10` and `held_out11` were judged a second time by two other helper
  sessions, with their own patterns (`grep_second.tsv`) and blind to the first grades (each
  read more of this document's notes on earlier parts than asked; the file's header says
  which). Read as a ranking (grade 2, then 1, in random order within a grade) and scored
  against the first annotator's grades, the second annotator's judgements score 0.826
  (`held_out10`) and 0.929 (`held_out11`); the other way round 0.906 and 0.938. Of the 207
  documents the first graded 2, the second graded 205 at all and 171 (83 %) 2. A ranking as
  good as a careful reader's thus reaches about 0.9 on this set: the target sits at the
  set's ceiling, not beyond it, and the gap of LegalDesk's everyday figures is the engine's,
  not the labels' noise. An engine's figure moves with the annotator by up to 0.12 on a
  kind's 14 questions (`held_out10` official: 0.766 by the first, 0.887 by the second), so
  differences of a few hundredths between rankings on one part are not read.
"""

NOTES = """## Where LegalDesk lost when this set was made (for whoever tunes next)

Read from the per-question table when this set was made (LegalDesk at ce4a103), before the
steps above; kept as the record of why they were taken.

* **The all-words gate.** LegalDesk answers with the documents that hold every word of the
  question and widens to any word only when none does. On 73 of the 142 questions it
  returns fewer than ten documents; on those, everyday questions score 0.43 against bare
  Tantivy's 0.74 and official ones 0.76 against 0.89 (on the others LegalDesk is level
  with or ahead of Tantivy on everyday words). A resident's word that the answer does not
  use leaves one or two wrong documents: «ремонт квартир ветеранам войны» (the programme
  says «жилых помещений», q053: 0.00 against 0.95), «тарифы на ритуальные услуги» (q002),
  «бюджетный прогноз на долгосрочный период» (rurebus writes «долго срочный», q023),
  «защита от пожаров и наводнений» (q064), «о проекте бюджета сельсовета…» (q124).
* **Long official headings.** «об утверждении муниципальной программы «…» на 2016-2020
  годы» requires «утверждении», «программы», «годы»: programme texts published without
  the approving decree drop out, and long strategies and programmes that hold every word
  somewhere come in (q101 0.47 against 1.00, q114 0.55 against 1.00, q109, q117). Bare
  Tantivy's BM25 over an OR of the words ranks these best of all engines (official,
  held out: 0.905).
* **Where LegalDesk wins**: misspellings (its fuzzy match: «энергосбережние» 1.00, every
  other engine 0; «пахоронное дело», «пособие на погрибение») and act numbers through
  its number field («постановление 855-п», «№ 107/12», «№ 37»).
* **Numbers and dates it gets wrong**: «176а» puts the act № 176 above the act № 176а
  (q136); «постановление 421» puts first an act whose heading cites № 421 (q135); dates
  are not matched as a date: «постановление от 29.09.2015» 0.19 against PG-AND's 0.61
  (q134), and in «постановление от 15.01.2026 № 12» the «12» finds another document
  first (q133).
* **Wrong keyboard layout** («ljcnegyfz chtlf», «ufpbabrfwbz»): 0 for every engine.
* **Ties.** Every fuzzy match scores the same, so the order among them is the order of
  the index's segments; SearchIndex's writer uses several threads, and that order changed
  from one run to the next (the benchmark writes with one thread to stay repeatable).

## Notes and limits

* Act numbers that exist only in a scan or a noisy OCR layer («1797-п», «3344-п»: bryansk
  PDFs whose number line reads «№ {Щ -П») are in no text; bare Tantivy reaches
  3344-п's first page by chance, through the letter «п» (short documents full of «р.п.»
  score high on it), and LegalDesk, reading «3344-п» as one number, finds nothing.
* Scans (14 files, mostly bryansk/*-zp.pdf and rybinsk PDFs) are not indexed in this run
  (`ExtractLimits(ocr=False)`); their judgements stay in the file but leave the ideal
  ranking (`unindexed` column).
* Titles come from `parse_act`, which is under active development: rerunning after a parser
  change can move LegalDesk's numbers by a few hundredths (the title field is boosted).
* The «Snowball or pymorphy3» section below is bench.morphology's own and was measured on
  the first 35 questions; rerun it to see it on this set.
"""


def write_report(
    path: Path,
    rows: Sequence[Row],
    unanswerable: Sequence[Question],
    docs: Sequence[Doc],
    texts: dict[str, str],
    n_labels: int,
    unscored: Sequence[Question] = (),
    splits: Sequence[str] = SPLITS,
) -> None:
    """``unscored``: the questions of a part left out of every figure (``held_out3`` unless
    it was asked for), counted in the labels line only."""
    empty = sorted(p for p, t in texts.items() if not t.strip())
    by_folder: dict[str, int] = {}
    for p in empty:
        by_folder[p.split("/")[0]] = by_folder.get(p.split("/")[0], 0) + 1
    kinds = {k: sum(1 for r in rows if r.question.kind == k) for k in KINDS}
    parts = [
        "# Search relevance: LegalDesk, bare Tantivy and PostgreSQL full-text search",
        "",
        "Generated by `bench/relevance/evaluate.py`; do not edit by hand (the method and notes",
        "come from the module's `METHOD` and `NOTES` texts). The same inputs give the same file.",
        "",
        "## Command",
        "",
        "```",
        f"{COMMAND}  # [--corpus ../shared/corpus/real] [--pg {DEFAULT_PG}]",
        "```",
        "",
        "## Engines",
        "",
        f"* Corpus: `../shared/corpus/real`, {len(texts)} files; {len(docs)} have text after"
        f" extraction without OCR and are indexed in every engine; {len(empty)} give no text"
        f" ({', '.join(f'{k}: {v}' for k, v in sorted(by_folder.items()))}) and are in no"
        " engine.",
        "* Same documents, same titles in all engines: title from"
        " `legaldesk.pipeline.metadata.parse_act` (fallback: first line with «О »/«Об » in"
        " the first 30 lines); LegalDesk also gets the parsed act number in its `number`"
        " field, as ingest would give it. No type, issuer, date or rubric filters are used.",
        "* **LegalDesk**: in-memory `SearchIndex`, `SearchQuery(text=q, limit=10)` with the"
        " thesaurus a new library starts with (`legaldesk/seed/thesaurus.tsv`), as the search"
        " applies it; spelling and layout corrections on, as for a reader.",
        "* **Tantivy** (bare): tantivy-py with LegalDesk's analyzer (`legaldesk.index.analysis"
        ".build_analyzer`: simple tokenizer, long-token filter, lowercase, Snowball Russian;"
        " ё folded to е as LegalDesk folds it), fields `title` and `text`, the question's"
        " words (`\\w+`, lowercased, so no query-parser operator survives) given to"
        " `Index.parse_query` with both fields as defaults: an OR of the words, BM25, no"
        " boosts, no number field, no stop words, no fuzzy matching.",
        "* **PG-AND**: `websearch_to_tsquery('russian', q)` (all words required);"
        " **PG-OR**: `replace(plainto_tsquery('russian', q)::text, '&', '|')::tsquery`;"
        " both over `setweight(to_tsvector('russian', title), 'A') ||"
        " setweight(to_tsvector('russian', body), 'B')` with a GIN index,"
        " `ORDER BY ts_rank_cd DESC, id LIMIT 10`, PostgreSQL's default `russian` config."
        " Both are kept: PG-AND is the stronger on officials' wording and numbers, PG-OR on"
        " residents' words and misspellings (a misspelt word empties an AND).",
        f"* Labels: {len(rows) + len(unanswerable) + len(unscored)} questions"
        f" ({len(rows)} scored: "
        + ", ".join(f"{k} {v}" for k, v in kinds.items())
        + (
            f"; {len(unscored)} of `{UNTOUCHED}` judged and not scored, left out of every"
            " figure and table below until it is scored once"
            if unscored
            else ""
        )
        + f"), {n_labels} judged (question, document) pairs in"
        " `bench/relevance/judgements.tsv`, 2 = answers the question, 1 = related.",
        "* nDCG@10: gain = grade, discount 1/log2(rank+1), normalised by the ideal order of"
        " the labelled documents. R@10: labelled documents (grade >= 1) in the top 10, out"
        " of min(labelled, 10). Unjudged documents count as irrelevant.",
        "* **Each part scored once when fresh, then tuned on.** `tune` holds the first"
        " set's spent held-out third (tag `ex_held_out`, scored four times while tuning);"
        " `held_out2` to `held_out11` were each written before a tuning round"
        " and scored once after its last step (`bench/relevance/ranking_steps.md`), then"
        " became tuning data; `held_out12` and `held_out13` were both written for the"
        " twelfth round and scored once after it, one after the other with nothing changed"
        " between, and `held_out14`, written after that, once on the same ranking; the"
        " thirteenth round tuned on the three, and `held_out15`, written for it, was scored"
        " once after it; the fourteenth round was tuned on the parts before `held_out15`"
        " (`held_out15` was in none of its runs), and `held_out16` and `held_out17`, both"
        " written during it, were scored once after it, one after the other with the"
        " ranking unchanged; the fifteenth round tuned on every part before `held_out18`,"
        " which was written blind for it and scored once after it; `held_out19`, written"
        " blind after that, was scored once on the same ranking: the two are the target's"
        " measure."
        " The earlier parts' columns say how well the ranking fits what it was tuned on.",
        "",
        "## nDCG@10",
        "",
        markdown_table(averages(rows, ENGINES, "ndcg", splits)),
        "",
        "## Recall@10",
        "",
        markdown_table(averages(rows, ENGINES, "recall", splits)),
        "",
        "Issue 12's target for LegalDesk (nDCG@10):",
        "",
        *target_check(rows, splits=splits),
        "",
        layout_apart(rows, ENGINES),
        "",
        "nDCG@10 per question, LegalDesk against each engine (better / tie / worse), whole"
        " set: "
        + "; ".join(f"vs {k}: {b} / {t} / {x}" for k, (b, t, x) in wins(rows, ENGINES).items())
        + ".",
        "",
        METHOD.rstrip(),
        "",
        "## Per question",
        "",
        "`labelled`: relevant (grade >= 1) documents that are indexed; `unindexed`: relevant"
        " documents without text in this run (scans), left out of the ideal ranking.",
        "",
        markdown_table(per_question_table(rows, ENGINES)),
        "",
    ]
    if unanswerable:
        parts += [
            "Not averaged — every relevant document is a scan without text, so no engine"
            " can find it without OCR: "
            + ", ".join(f"{q.id} «{q.text}» ({len(q.grades)} docs)" for q in unanswerable)
            + ".",
            "",
        ]
    # The record of the ranking's tuning steps is kept in its own file (a wide table).
    parts += [STEPS.read_text("utf-8").rstrip(), "", NOTES.rstrip(), ""]
    # Sections other scripts own (bench.morphology) survive a rewrite of this report.
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if KEPT_FROM in old:
        parts += [old[old.index(KEPT_FROM) :].rstrip(), ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--pg", default=DEFAULT_PG)
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--judgements", type=Path, default=JUDGEMENTS)
    parser.add_argument("--report", type=Path, default=REPORT)
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite the report")
    parser.add_argument("--verbose", "-v", action="store_true", help="print top tens")
    parser.add_argument(
        "--draw-splits", action="store_true", help="fill the «-» splits of the questions file"
    )
    parser.add_argument(
        "--score-untouched",
        action="store_true",
        help=f"score the untouched part ({UNTOUCHED or 'none now'}) too: once, after a"
        " tuning round, and put its figures into docs/relevance.md then",
    )
    args = parser.parse_args(argv)
    if args.draw_splits:
        print(f"drew {write_splits(args.questions)} splits in {args.questions}")
        return 0
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    texts = extract_texts(args.corpus)
    docs = build_docs(texts)
    questions = load_questions(args.questions, args.judgements)
    undrawn = [q.id for q in questions if q.split not in KNOWN_SPLITS]
    if undrawn:
        print(f"splits not drawn yet (run --draw-splits): {undrawn}", file=sys.stderr)
        return 2
    known = {d.path for d in docs}
    for q in questions:
        for p in q.grades:
            if p not in texts:
                print(f"warning: {q.id}: {p} is not in the corpus", file=sys.stderr)
            elif p not in known:
                print(f"warning: {q.id}: {p} has no text (not indexed)", file=sys.stderr)
    splits, scored, unscored = parts_to_score(questions, args.score_untouched)
    engines = all_engines(docs, args.pg)
    rows, unanswerable = evaluate(scored, docs, engines)
    if args.verbose:
        for r in rows:
            print(f"\n== {r.question.id} {r.question.text}")
            for name in ENGINES:
                marks = [f"{p}[{r.question.grades.get(p, '-')}]" for p in r.top[name]]
                print(f"  {name:9} {r.ndcg[name]:.2f} " + " ".join(marks))
    print(text_table(per_question_table(rows, ENGINES)))
    print()
    print(text_table(averages(rows, ENGINES, "ndcg", splits)))
    print()
    print(text_table(averages(rows, ENGINES, "recall", splits)))
    print("\n".join(target_check(rows, splits=splits)))
    if unscored:
        print(f"not scored: {len(unscored)} questions of {UNTOUCHED} (--score-untouched, once)")
    for q in unanswerable:
        print(f"unanswerable without OCR (not averaged): {q.id} {q.text}")
    if not args.no_doc:
        n_labels = sum(len(q.grades) for q in questions)
        write_report(args.report, rows, unanswerable, docs, texts, n_labels, unscored, splits)
        print(f"wrote {args.report}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
