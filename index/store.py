"""Opening, writing and rebuilding the index, and searching it.

Tantivy allows one writer per index: each write takes an inter-process file lock, opens a
writer, commits, waits for merges and always lets the writer go. One process writes (the
indexing loop, or a CLI command when no loop runs); the others only read. Readers reload by
hand, not on tantivy's timer: every search first looks at ``meta.json`` (one stat), and a
commit made by another process since — which replaced the file — is loaded before the
search, so an act is found by every process the moment it is committed, at the price of a
stat per search instead of a watcher thread that polled every 500 ms.

An index may keep its own position in the change log, in a file of its directory: a reading
node's, whose database is a read-only replica (legaldesk/indexing.py, ``InIndex``). The file
is replaced, whole, after the commit it describes (tantivy-py lets no payload ride on the
commit itself), and a rebuild writes it into the new directory before the swap: the
position is never ahead of what the index holds.

A damaged index (a segment file or meta.json truncated or overwritten: a disk error, a
crash of the machine, a hand that deleted files) does not open. ``open`` says so in the
log and hands back an empty index in memory marked ``damaged``: readers find nothing
instead of failing every search, writes are refused, and the one writer (the indexing
loop, or a CLI command at its end) rebuilds it from the database — the source of truth —
before it applies anything. Readers load the rebuilt directory by its new inode.
"""

from __future__ import annotations

import contextlib
import html
import logging
import os
import shutil
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import tantivy
from filelock import FileLock

from legaldesk.index import notes
from legaldesk.index.analysis import ANALYZER, build_analyzer, fold, number_variants
from legaldesk.index.documents import Hit, IndexDoc, SearchQuery, SearchResults
from legaldesk.index.query import RESCORE_WINDOW, BuiltQuery, build_query
from legaldesk.index.schema import KEYWORD_FIELDS, SCHEMA_VERSION, build_schema
from legaldesk.index.spelling import correct
from legaldesk.index.thesaurus import key_stems
from legaldesk.index.writing import META_FILE, build_beside, commit_batch

log = logging.getLogger(__name__)

Q = tantivy.Query
Occur = tantivy.Occur

VERSION_FILE = "legaldesk-schema-version"
POSITION_FILE = "legaldesk-change-position"  # the last change applied, if the index keeps it
WRITER_HEAP = 512_000_000
FACET_FIELDS = (*KEYWORD_FIELDS, "year")
FACET_SIZE = 50
_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="legaldesk-facets")
SNIPPET_CHARS = 220
ENTRIES_WINDOW = 10_000  # ids per aggregation in ``entries``: × 4 states, under 65,000 buckets
TOTAL = "legaldesk-total"  # the aggregation that counts the acts found


class IndexDamaged(RuntimeError):
    """A write to an index whose files did not open: it must be rebuilt first."""


class SearchIndex:
    def __init__(self, path: Path | None, index: tantivy.Index, needs_rebuild: bool) -> None:
        self.path = path
        self.raw_index = index
        self.schema = build_schema()
        self.needs_rebuild = needs_rebuild
        self.damaged: str | None = None  # why the files on disk did not open, if they did not
        self._lock = FileLock(str(path.with_name(path.name + ".lock"))) if path else None
        # Plain strings: os.stat on them costs a third of what Path objects cost per search.
        self._folder = str(path) if path else None
        self._meta = str(path / META_FILE) if path else None
        self._position: int | None = None  # in memory only, for an index without a directory
        self._opened = self._stamp()

    @classmethod
    def open(cls, path: Path | None) -> SearchIndex:
        if path is None:
            return cls(None, _new_index(None), needs_rebuild=False)
        path.mkdir(parents=True, exist_ok=True)
        version_file = path / VERSION_FILE
        current = version_file.read_text().strip() if version_file.exists() else None
        fresh = current != SCHEMA_VERSION
        if fresh:
            # Another schema (or none): start empty; the caller rebuilds from the database.
            had_data = any(p.name != VERSION_FILE for p in path.iterdir())
            shutil.rmtree(path)
            path.mkdir(parents=True)
            index = _new_index(path)
            version_file.write_text(SCHEMA_VERSION)
            return cls(path, index, needs_rebuild=had_data or current is not None)
        try:
            return cls(path, _new_index(path), needs_rebuild=False)
        except ValueError as exc:  # tantivy-py's error for files it cannot read
            log.error(
                "the search index in %s is damaged and will be rebuilt from the database: %s",
                path,
                exc,
            )
            # Left on disk as it is: the rebuild swaps a whole new directory in, and a reader
            # in another process keeps serving from its own open copy until then.
            found = cls(path, _new_index(None), needs_rebuild=True)
            found.damaged = str(exc)
            return found

    # -- keeping up with other processes ----------------------------------------------

    def _stamp(self) -> tuple[int, int, int, int] | None:
        """Which directory and which commit are on disk: the directory's inode (a rebuild
        swaps in another directory) and meta.json's inode, mtime and size (a commit
        replaces the file). None while a rebuild swaps the directories."""
        if self._folder is None or self._meta is None:
            return None
        try:
            folder = os.stat(self._folder)
            meta = os.stat(self._meta)
        except FileNotFoundError:
            return None
        return (folder.st_ino, meta.st_ino, meta.st_mtime_ns, meta.st_size)

    def refresh(self) -> bool:
        """Load what another process committed since we last looked; True if anything
        was. A directory swapped in by a rebuild is opened anew."""
        stamp = self._stamp()
        if stamp is None or stamp == self._opened:
            return False
        if self._opened is None or stamp[0] != self._opened[0] or self.damaged:
            assert self.path is not None
            try:
                self.raw_index = _new_index(self.path)
            except ValueError:
                if self.damaged is None:
                    raise
                self._opened = stamp  # still damaged: tried again when the files change
                return False
            self.damaged = None
            self.needs_rebuild = False
        else:
            self.raw_index.reload()
        self._opened = stamp
        return True

    # -- its own position in the change log ------------------------------------------

    def position(self) -> int | None:
        """The last change of the log applied, noted by ``write`` or ``rebuild``; None when
        none was ever noted (an index whose position lives in the database, or a new one)."""
        if self.path is None:
            return self._position
        return notes.read_number(self.path / POSITION_FILE)

    def position_noted_at(self) -> datetime | None:
        """When the position last moved (None when the index keeps none on disk)."""
        if self.path is None:
            return None
        try:
            noted = (self.path / POSITION_FILE).stat().st_mtime
        except FileNotFoundError:
            return None
        return datetime.fromtimestamp(noted, UTC)

    def note_position(self, to: int) -> None:
        """Note ``to`` as applied; never back (a rebuild may have gone further)."""
        with self.exclusive():
            current = self.position()
            if current is None or to > current:
                self._write_position(self.path, to)

    def forget_position(self) -> None:
        """Drop the note: the position is kept elsewhere from now on (the database)."""
        with self.exclusive():
            if self.path is None:
                self._position = None
            else:
                (self.path / POSITION_FILE).unlink(missing_ok=True)

    def _write_position(self, folder: Path | None, position: int) -> None:
        if folder is None:
            self._position = position
            return
        notes.write_number(folder / POSITION_FILE, position)

    # -- writing -----------------------------------------------------------------------

    def exclusive(self) -> AbstractContextManager[object]:
        """The index's inter-process write lock (re-entrant in this process): held around
        every write and a whole rebuild. The indexing loop holds it while it reads the acts
        it writes, so a rebuild never ends up older than what a loop wrote after it."""
        return self._lock if self._lock is not None else nullcontext()

    def write(self, upserts: Iterable[IndexDoc] = (), deletes: Iterable[int] = ()) -> None:
        with self.exclusive():
            self.refresh()  # a directory another process rebuilt is written to, not the old
            if self.damaged:
                # Written to the empty stand-in, the acts would be lost with it; the
                # position would move past them all the same.
                raise IndexDamaged(f"the index in {self.path} is damaged: rebuild it first")
            self._write(upserts, deletes)
            self.raw_index.reload()
            self._opened = self._stamp()

    def _write(self, upserts: Iterable[IndexDoc], deletes: Iterable[int]) -> None:
        def apply(writer: tantivy.IndexWriter) -> None:
            # delete_documents_by_term does not match u64 terms in tantivy-py 0.27; a term
            # query on the same field does.
            for doc_id in deletes:
                writer.delete_documents_by_query(self._id_query(doc_id))
            for doc in upserts:
                writer.delete_documents_by_query(self._id_query(doc.id))
                writer.add_document(to_tantivy(doc))

        commit_batch(self.raw_index, self.path, WRITER_HEAP, apply)

    def _id_query(self, doc_id: int) -> tantivy.Query:
        return tantivy.Query.term_query(self.schema, "id", doc_id)

    def rebuild(self, docs: Iterable[IndexDoc], position: int | None = None) -> int:
        """Build a complete new index and swap it in; on failure the old one stays. With
        ``position``, the new index notes it as the last change it covers."""
        count = 0

        def fill(writer: tantivy.IndexWriter) -> int:
            nonlocal count
            for doc in docs:
                writer.add_document(to_tantivy(doc))
                count += 1
            return count

        if self.path is None:

            def refill(writer: tantivy.IndexWriter) -> int:
                writer.delete_all_documents()
                return fill(writer)

            commit_batch(self.raw_index, None, WRITER_HEAP, refill)
            self.raw_index.reload()
            if position is not None:
                self._position = position
            self.needs_rebuild = False
            return count

        def finish(staging: Path) -> None:
            (staging / VERSION_FILE).write_text(SCHEMA_VERSION)
            if position is not None:
                self._write_position(staging, position)

        assert self._lock is not None
        with self._lock:
            build_beside(self.path, _new_index, WRITER_HEAP, fill, finish)
            self.raw_index = _new_index(self.path)
            self._opened = self._stamp()
        self.needs_rebuild = False
        self.damaged = None
        return count

    # -- reading -----------------------------------------------------------------------

    def count(self) -> int:
        self.refresh()
        return int(self.raw_index.searcher().num_docs)

    def entries(self, window: int = ENTRIES_WINDOW) -> dict[int, list[str]]:
        """Every act in the index as id → the publication state of each entry it has (two
        entries for one act are a fault a check looks for). Read from the fast fields in
        windows of ids, each under tantivy's limit of buckets an aggregation may make."""
        self.refresh()
        searcher = self.raw_index.searcher()
        found: dict[int, list[str]] = {}
        top = searcher.aggregate(Q.all_query(), {"top": {"max": {"field": "id"}}})
        highest = int(top.get("top", {}).get("value") or 0)
        spec: dict[str, Any] = {
            "state": {
                "terms": {"field": "publication", "size": 100},
                "aggs": {"ids": {"terms": {"field": "id", "size": window}}},
            }
        }
        for low in range(0, highest + 1, window):
            ids = Q.range_query(
                self.schema, "id", tantivy.FieldType.Unsigned, low, low + window - 1
            )
            for state in searcher.aggregate(ids, spec).get("state", {}).get("buckets", []):
                for bucket in state["ids"]["buckets"]:
                    found.setdefault(int(bucket["key"]), []).extend(
                        [str(state["key"])] * int(bucket["doc_count"])
                    )
        return found

    def on_disk(self) -> bool:
        """Whether the index's committed state is where it should be (an index in memory
        always is): a directory deleted or unmounted under a running service is not."""
        return self._meta is None or os.path.exists(self._meta)

    def size_on_disk(self) -> int:
        """Bytes of the index's files (0 in memory): what /metrics reports."""
        if self._folder is None:
            return 0
        total = 0
        for entry in os.scandir(self._folder):
            with contextlib.suppress(FileNotFoundError):  # a segment merged away meanwhile
                if entry.is_file(follow_symlinks=False):
                    total += entry.stat(follow_symlinks=False).st_size
        return total

    def search(self, query: SearchQuery) -> SearchResults:
        self.refresh()
        searcher = self.raw_index.searcher()
        corrected = None
        if query.text.strip() and not query.as_typed:
            corrected = correct(searcher, query.text, key_stems(query.thesaurus))
            if corrected is not None:
                query = replace(query, text=corrected.text)
        built = build_query(self.schema, query, searcher)
        ranked_by_relevance = query.sort == "relevance" and built.has_text
        # Tantivy lets the GIL go while it searches: the acts found are counted (and their
        # facets with them, in one pass) on the other core while this thread ranks, so a
        # call costs the longer of the two, not their sum. Counting the acts found is the
        # costliest part of a search at a million acts (docs/benchmarks.md); a sort by date
        # counts them itself.
        found = (
            _POOL.submit(self._found, searcher, built.match, query.facets, ranked_by_relevance)
            if query.facets or ranked_by_relevance
            else None
        )
        result = self._run(searcher, built, query)
        hits = self._hits(
            searcher, built.scored, result.hits, query.snippets and built.has_text, result.loaded
        )
        counted, facets = found.result() if found is not None else (None, {})
        total = result.total if counted is None else max(counted, result.total)
        return SearchResults(total=total, hits=hits, facets=facets, corrected=corrected)

    def _run(self, searcher: tantivy.Searcher, built: BuiltQuery, query: SearchQuery) -> _Ranked:
        """The page of hits, and — for a sort by date — how many acts were found; ranked
        by relevance, ``total`` is the hits listed so far (the ranking also lists acts
        holding fewer of the words than the match asks, after the others)."""
        limit = max(1, min(query.limit, 1000))
        sort = query.sort if query.sort != "relevance" or built.has_text else "date_desc"
        if sort == "relevance" and built.bonuses:
            wanted = query.offset + limit
            top = searcher.search(built.scored, max(wanted, RESCORE_WINDOW), count=False)
            loaded: dict[tuple[int, int], tantivy.Document] = {}
            ranked = self._rescore(searcher, built.bonuses, top.hits[:RESCORE_WINDOW], loaded)
            ranked += _scored(top.hits[RESCORE_WINDOW:])
            page = ranked[query.offset : wanted]
            return _Ranked(query.offset + len(page), page, loaded)
        if sort == "relevance":
            result = searcher.search(built.scored, limit, count=False, offset=query.offset)
            hits = _scored(result.hits)
            return _Ranked(query.offset + len(hits), hits)
        sort_field, order = {
            "date_desc": ("date", tantivy.Order.Desc),
            "date_asc": ("date", tantivy.Order.Asc),
            "filed_desc": ("filed", tantivy.Order.Desc),
        }[sort]
        # By date: the acts found (the match), not every act holding one word of the query.
        result = searcher.search(
            built.match,
            limit,
            count=True,
            order_by_field=sort_field,
            offset=query.offset,
            order=order,
        )
        return _Ranked(_count(result), [(0.0, address) for _, address in result.hits])

    def _found(
        self, searcher: tantivy.Searcher, match: tantivy.Query, facets: bool, count: bool
    ) -> tuple[int | None, dict[str, dict[str, int]]]:
        """How many acts the match admits (an act holding enough of the query's words,
        query.must_match) and their facet counts, in one pass over them when both are
        wanted. Counted apart from the ranking: the ranking's union of every word's
        postings is both costlier to count and not what «found» means."""
        if not facets:
            return _count(searcher.search(match, 1, count=True)), {}
        spec: dict[str, Any] = {
            name: {"terms": {"field": name, "size": FACET_SIZE}} for name in FACET_FIELDS
        }
        if count:
            spec[TOTAL] = {"value_count": {"field": "id"}}
        result = searcher.aggregate(match, spec)
        out: dict[str, dict[str, int]] = {}
        for name in FACET_FIELDS:
            buckets = result.get(name, {}).get("buckets", [])
            out[name] = {str(_bucket_key(b["key"])): int(b["doc_count"]) for b in buckets}
        total = int(result.get(TOTAL, {}).get("value") or 0) if count else None
        return total, out

    def _rescore(
        self,
        searcher: tantivy.Searcher,
        bonuses: tuple[tantivy.Query, ...],
        hits: list[tuple[Any, tantivy.DocAddress]],
        loaded: dict[tuple[int, int], tantivy.Document],
    ) -> list[tuple[float, tantivy.DocAddress]]:
        """Adds the bonuses' scores to each of ``hits`` and re-sorts them: the scores the
        bonuses inside the query would give, computed for the top hits instead of every
        match. The documents it reads are left in ``loaded`` for the page's hits."""
        scored = _scored(hits)
        if len(scored) < 2:
            return scored
        docs = [searcher.doc(address) for _, address in scored]
        for (_, address), doc in zip(scored, docs, strict=True):
            loaded[(address.segment_ord, address.doc)] = doc
        ids = [int(doc.get_first("id") or 0) for doc in docs]
        # A union of single-document postings, not term_set_query: its size is known to be
        # small, so it leads the intersection and the phrase is checked for these alone.
        union = Q.boolean_query([(Occur.Should, Q.term_query(self.schema, "id", i)) for i in ids])
        only_these = Q.const_score_query(union, 0.0)
        # Each bonus meets the few documents on its own: an intersection led by their
        # dozen postings. One union of the bonuses inside the intersection would walk the
        # bonuses' own postings, window by window, for every document it seeks.
        extra = searcher.search(
            Q.boolean_query(
                [
                    (Occur.Should, Q.boolean_query([(Occur.Must, only_these), (Occur.Must, b)]))
                    for b in bonuses
                ]
            ),
            len(ids),
        )
        add = {(a.segment_ord, a.doc): float(score) for score, a in extra.hits}
        rescored = [(score + add.get((a.segment_ord, a.doc), 0.0), a) for score, a in scored]
        return sorted(rescored, key=lambda pair: -pair[0])  # stable: ties keep their order

    def _hits(
        self,
        searcher: tantivy.Searcher,
        tquery: tantivy.Query,
        raw_hits: list[tuple[float, tantivy.DocAddress]],
        snippets: bool,
        loaded: dict[tuple[int, int], tantivy.Document],
    ) -> list[Hit]:
        text_gen = title_gen = None
        if snippets and raw_hits:
            text_gen = tantivy.SnippetGenerator.create(searcher, tquery, self.schema, "text")
            text_gen.set_max_num_chars(SNIPPET_CHARS)
            title_gen = tantivy.SnippetGenerator.create(searcher, tquery, self.schema, "title")
            title_gen.set_max_num_chars(1000)
        hits = []
        for score, address in raw_hits:
            doc = loaded.get((address.segment_ord, address.doc)) or searcher.doc(address)
            title_html = snippet_html = None
            if text_gen is not None and title_gen is not None:
                snippet_html = _snippet_html(text_gen.snippet_from_doc(doc))
                title_html = _snippet_html(title_gen.snippet_from_doc(doc))
                if not title_html:
                    title_html = html.escape(doc.get_first("title") or "")
            hits.append(
                Hit(
                    id=int(doc.get_first("id") or 0),
                    score=score,
                    title_html=title_html,
                    snippet_html=snippet_html,
                )
            )
        return hits

    def with_number(
        self, key: str, publication: tuple[str, ...] = (), limit: int = 20
    ) -> list[int]:
        """The acts whose number has the key ``key`` (``legaldesk.actnumber``: the whole
        number, or its leading digits), newest filed first."""
        self.refresh()
        searcher = self.raw_index.searcher()
        clauses = [(tantivy.Occur.Must, tantivy.Query.term_query(self.schema, "number", key))]
        if publication:
            states = tantivy.Query.term_set_query(self.schema, "publication", list(publication))
            clauses.append((tantivy.Occur.Must, states))
        result = searcher.search(
            tantivy.Query.boolean_query(clauses),
            limit,
            order_by_field="filed",
            order=tantivy.Order.Desc,
        )
        return [int(searcher.doc(address).get_first("id") or 0) for _, address in result.hits]

    def close(self) -> None:
        # tantivy-py frees the index when the object goes; nothing holds a writer between
        # calls, so there is nothing to flush.
        pass


@dataclass(frozen=True)
class _Ranked:
    total: int
    hits: list[tuple[float, tantivy.DocAddress]]
    loaded: dict[tuple[int, int], tantivy.Document] = field(default_factory=dict)


def _count(result: tantivy.SearchResult) -> int:
    return int(getattr(result, "count", 0) or 0)


def _scored(hits: list[tuple[Any, tantivy.DocAddress]]) -> list[tuple[float, tantivy.DocAddress]]:
    return [(float(score) if isinstance(score, float) else 0.0, addr) for score, addr in hits]


def _bucket_key(key: Any) -> Any:
    return int(key) if isinstance(key, float) and key.is_integer() else key


def _snippet_html(snippet: tantivy.Snippet) -> str | None:
    # to_html escapes the fragment and wraps matches in <b>; an empty fragment means the
    # query matched elsewhere (title, number).
    out = snippet.to_html()
    return out or None


def _new_index(path: Path | None) -> tantivy.Index:
    schema = build_schema()
    index = tantivy.Index(schema, path=str(path)) if path else tantivy.Index(schema)
    if path is not None:
        # SearchIndex.refresh reloads when meta.json moves; tantivy's own watcher would
        # poll the same file from a thread of its own every 500 ms.
        index.config_reader(reload_policy="Manual")
    index.register_tokenizer(ANALYZER, build_analyzer())
    return index


def to_tantivy(doc: IndexDoc) -> tantivy.Document:
    out = tantivy.Document()
    out.add_unsigned("id", doc.id)
    out.add_text("title", fold(doc.title))
    out.add_text("text", fold(doc.text))
    out.add_text("material", doc.material)
    out.add_text("level", doc.level)
    out.add_text("status", doc.status)
    out.add_text("publication", doc.publication)
    filed = doc.created_at.replace(tzinfo=UTC).timestamp() if doc.created_at.year > 1970 else 0
    out.add_integer("filed", int(filed))
    if doc.number:
        for variant in number_variants(doc.number):
            out.add_text("number", variant)
    if doc.doc_type:
        out.add_text("doc_type", doc.doc_type)
    if doc.issuer:
        out.add_text("issuer", doc.issuer)
    for rubric in doc.rubrics:
        out.add_text("rubric", rubric)
    if doc.date_adopted:
        out.add_integer("date", int(doc.date_adopted.strftime("%Y%m%d")))
        out.add_unsigned("year", doc.date_adopted.year)
    return out
