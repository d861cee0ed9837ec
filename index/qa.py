"""The question–answer base's own Tantivy index: entries' questions and answers, analysed by
the acts' Russian analyzer (index/analysis.py: the same chain for indexing and queries), and
their headings. Small — hundreds or thousands of entries — and apart from the acts' index,
so neither schema nor rebuild of one touches the other.

Like the acts' index (index/store.py): writes take an inter-process file lock; readers
reload when ``meta.json`` moved (a stat per search); a rebuild fills a new directory and
swaps it in, so a failed one leaves the old index. Beside the documents the index keeps
the revision it has applied up to (``legaldesk/qa/indexing.py`` follows the database's
revisions from there), in a file of its directory: an index deleted or rebuilt carries its
own position with it.
"""

from __future__ import annotations

import html
import os
import shutil
from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import tantivy
from filelock import FileLock

from legaldesk.index import notes
from legaldesk.index.analysis import ANALYZER, build_analyzer, fold, query_words
from legaldesk.index.writing import build_beside, commit_batch

Q = tantivy.Query
Occur = tantivy.Occur

SCHEMA_VERSION = "2"  # 2: Russian words of 20–40 letters indexed (analysis.MAX_TOKEN)
VERSION_FILE = "legaldesk-qa-schema-version"
POSITION_FILE = "legaldesk-qa-position"  # the last revision applied
META_FILE = "meta.json"
WRITER_HEAP = 50_000_000
QUESTION_BOOST = 2.0
SNIPPET_CHARS = 240


@dataclass(frozen=True)
class QaDoc:
    id: int
    question: str
    answer: str
    rubrics: tuple[str, ...]
    published_at: datetime


@dataclass(frozen=True)
class QaHit:
    id: int
    score: float
    question_html: str | None  # the question with the query's words marked
    snippet_html: str | None  # a passage of the answer with them marked


@dataclass(frozen=True)
class QaResults:
    total: int
    hits: list[QaHit]


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    builder.add_text_field("question", stored=True, tokenizer_name=ANALYZER)
    builder.add_text_field("answer", stored=True, tokenizer_name=ANALYZER)
    builder.add_text_field("rubric", stored=False, tokenizer_name="raw")
    builder.add_integer_field("published", stored=False, indexed=True, fast=True)
    return builder.build()


def _new_index(path: Path | None) -> tantivy.Index:
    schema = build_schema()
    index = tantivy.Index(schema, path=str(path)) if path else tantivy.Index(schema)
    if path is not None:
        index.config_reader(reload_policy="Manual")  # reloaded by QaIndex.refresh
    index.register_tokenizer(ANALYZER, build_analyzer())
    return index


def _document(doc: QaDoc) -> tantivy.Document:
    out = tantivy.Document()
    out.add_unsigned("id", doc.id)
    out.add_text("question", fold(doc.question))
    out.add_text("answer", fold(doc.answer))
    for rubric in doc.rubrics:
        out.add_text("rubric", rubric)
    out.add_integer("published", int(doc.published_at.replace(tzinfo=UTC).timestamp()))
    return out


class QaIndex:
    def __init__(self, path: Path | None, index: tantivy.Index, needs_rebuild: bool) -> None:
        self.path = path
        self.raw_index = index
        self.schema = build_schema()
        self.needs_rebuild = needs_rebuild
        self._lock = FileLock(str(path.with_name(path.name + ".lock"))) if path else None
        self._position = 0  # in memory only, for an index without a directory
        self._opened = self._stamp()

    @classmethod
    def open(cls, path: Path | None) -> QaIndex:
        """The index at ``path`` (in memory when None). One of another schema, or none, is
        started empty with ``needs_rebuild`` set: the caller rebuilds it from the database."""
        if path is None:
            return cls(None, _new_index(None), needs_rebuild=False)
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        version_file = path / VERSION_FILE
        current = version_file.read_text().strip() if version_file.exists() else None
        if current != SCHEMA_VERSION:
            shutil.rmtree(path)
            path.mkdir(parents=True, mode=0o700)
            index = _new_index(path)
            version_file.write_text(SCHEMA_VERSION)
            return cls(path, index, needs_rebuild=True)
        return cls(path, _new_index(path), needs_rebuild=False)

    # -- where it stands ---------------------------------------------------------------

    def position(self) -> int:
        """The last revision applied (legaldesk/qa/indexing.py)."""
        if self.path is None:
            return self._position
        return notes.read_number(self.path / POSITION_FILE) or 0

    def _write_position(self, folder: Path | None, position: int) -> None:
        if folder is None:
            self._position = position
            return
        notes.write_number(folder / POSITION_FILE, position)

    def _stamp(self) -> tuple[int, int, int, int] | None:
        if self.path is None:
            return None
        try:
            folder = os.stat(self.path)
            meta = os.stat(self.path / META_FILE)
        except FileNotFoundError:
            return None
        return (folder.st_ino, meta.st_ino, meta.st_mtime_ns, meta.st_size)

    def refresh(self) -> None:
        """Load what another process committed (or a rebuild swapped in) since we looked."""
        stamp = self._stamp()
        if stamp is None or stamp == self._opened:
            return
        assert self.path is not None
        if self._opened is None or stamp[0] != self._opened[0]:
            self.raw_index = _new_index(self.path)
        else:
            self.raw_index.reload()
        self._opened = stamp

    # -- writing -----------------------------------------------------------------------

    def exclusive(self) -> AbstractContextManager[object]:
        """The index's write lock (re-entrant in this process), held around every write and
        a whole rebuild."""
        return self._lock if self._lock is not None else nullcontext()

    def write(self, upserts: Iterable[QaDoc], deletes: Iterable[int], position: int) -> None:
        """Upsert and delete entries, commit, and note ``position`` as applied."""
        with self.exclusive():
            self.refresh()

            def apply(writer: tantivy.IndexWriter) -> None:
                # delete_documents_by_term does not match u64 terms in tantivy-py 0.27
                for entry_id in deletes:
                    writer.delete_documents_by_query(Q.term_query(self.schema, "id", entry_id))
                for doc in upserts:
                    writer.delete_documents_by_query(Q.term_query(self.schema, "id", doc.id))
                    writer.add_document(_document(doc))

            commit_batch(self.raw_index, self.path, WRITER_HEAP, apply)
            self.raw_index.reload()
            self._opened = self._stamp()
            if position > self.position():  # never back: a rebuild may have gone further
                self._write_position(self.path, position)

    def rebuild(self, docs: Iterable[QaDoc], position: int) -> int:
        """A complete new index of ``docs``, up to revision ``position``, swapped in."""
        count = 0

        def fill(writer: tantivy.IndexWriter) -> int:
            nonlocal count
            for doc in docs:
                writer.add_document(_document(doc))
                count += 1
            return count

        def refill(writer: tantivy.IndexWriter) -> int:
            writer.delete_all_documents()
            return fill(writer)

        def finish(staging: Path) -> None:
            (staging / VERSION_FILE).write_text(SCHEMA_VERSION)
            self._write_position(staging, position)

        with self.exclusive():
            if self.path is None:
                commit_batch(self.raw_index, None, WRITER_HEAP, refill)
                self.raw_index.reload()
                self._position = position
                self.needs_rebuild = False
                return count
            build_beside(self.path, _new_index, WRITER_HEAP, fill, finish)
            self.raw_index = _new_index(self.path)
            self._opened = self._stamp()
        self.needs_rebuild = False
        return count

    # -- reading -----------------------------------------------------------------------

    def count(self) -> int:
        self.refresh()
        return int(self.raw_index.searcher().num_docs)

    def search(self, text: str, rubric: str = "", offset: int = 0, limit: int = 10) -> QaResults:
        """Entries holding any of the words — each word found adds, in the question twice
        as much — newest first when no words are given; optionally of one heading."""
        self.refresh()
        searcher = self.raw_index.searcher()
        stems = list(dict.fromkeys(term for _word, term in query_words(text)))
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        if stems:
            words = [
                (
                    Occur.Should,
                    Q.boolean_query(
                        [
                            (
                                Occur.Should,
                                Q.boost_query(
                                    Q.term_query(self.schema, "question", stem), QUESTION_BOOST
                                ),
                            ),
                            (Occur.Should, Q.term_query(self.schema, "answer", stem)),
                        ]
                    ),
                )
                for stem in stems
            ]
            clauses.append((Occur.Must, Q.boolean_query(words)))
        elif text.strip():
            return QaResults(0, [])  # only stop words: nothing to look for
        if rubric:
            clauses.append((Occur.Must, Q.term_query(self.schema, "rubric", rubric)))
        query = Q.boolean_query(clauses) if clauses else Q.all_query()
        limit = max(1, min(limit, 100))
        if stems:
            result = searcher.search(query, limit, count=True, offset=offset)
        else:
            result = searcher.search(
                query,
                limit,
                count=True,
                offset=offset,
                order_by_field="published",
                order=tantivy.Order.Desc,
            )
        total = int(getattr(result, "count", 0) or 0)
        hits = []
        question_gen = answer_gen = None
        if stems and result.hits:
            question_gen = tantivy.SnippetGenerator.create(searcher, query, self.schema, "question")
            question_gen.set_max_num_chars(2000)
            answer_gen = tantivy.SnippetGenerator.create(searcher, query, self.schema, "answer")
            answer_gen.set_max_num_chars(SNIPPET_CHARS)
        for score, address in result.hits:
            doc = searcher.doc(address)
            question_html = snippet_html = None
            if question_gen is not None and answer_gen is not None:
                question_html = question_gen.snippet_from_doc(doc).to_html() or html.escape(
                    doc.get_first("question") or ""
                )
                snippet_html = answer_gen.snippet_from_doc(doc).to_html() or None
            hits.append(
                QaHit(
                    id=int(doc.get_first("id") or 0),
                    score=float(score) if isinstance(score, float) else 0.0,
                    question_html=question_html,
                    snippet_html=snippet_html,
                )
            )
        return QaResults(total, hits)
