"""The repository of acts as a running whole: settings, database, blob store and search index
wired together.

The CLI, the web service and the harvesters each hold one ``Repository``; nothing else opens
engines or indexes on its own, so there is one place that decides how they are configured.
(It was ``legaldesk.desk.LegalDesk``; the desk is now the reference desk's name.)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from filelock import FileLock
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from legaldesk import changes
from legaldesk.blobs import BlobStore
from legaldesk.config import Settings
from legaldesk.db import make_engine, make_private, migrate
from legaldesk.desk import flags
from legaldesk.desk.setup import seed_desk
from legaldesk.index import SearchIndex
from legaldesk.index.qa import QaIndex
from legaldesk.indexing import IndexConsumer, InIndex, catch_up, follower_lock, reindex
from legaldesk.pipeline.ingest import Ingestor
from legaldesk.publication import WayIn
from legaldesk.qa import indexing as qa_indexing
from legaldesk.relations import consumer as relations
from legaldesk.seed import seed_rubrics
from legaldesk.subscriptions import consumer as subscriptions


class NotInitialised(RuntimeError):
    """The database has no schema, and this node may not make it (a reading node)."""


class Repository:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()

    @cached_property
    def engine(self) -> Engine:
        if not self.settings.database_url:
            self.settings.ensure_data_dir()
        return make_engine(self.settings.resolved_database_url, read_only=self.settings.read_only)

    @cached_property
    def index(self) -> SearchIndex:
        if self.settings.index_dir is None:
            self.settings.ensure_data_dir()
        self.settings.resolved_index_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        return SearchIndex.open(self.settings.resolved_index_dir)

    @cached_property
    def qa_index(self) -> QaIndex:
        """The question–answer base's own index (legaldesk/qa/), beside the acts'."""
        if self.settings.qa_index_dir is None:
            self.settings.ensure_data_dir()
        return QaIndex.open(self.settings.resolved_qa_index_dir)

    @cached_property
    def blobs(self) -> BlobStore:
        return BlobStore(self.settings.resolved_blob_dir)

    def ingestor(self, actor: str = "cli", way: WayIn = WayIn.CLI) -> Ingestor:
        """An ingestor for files that come ``way`` (legaldesk/publication.py: whether they
        may publish at once)."""
        return Ingestor(self.engine, self.settings, actor=actor, way=way)

    def is_initialised(self) -> bool:
        return inspect(self.engine).has_table("alembic_version")

    def init(self) -> int:
        """Create or upgrade the schema and seed the subject headings; idempotent. On a
        reading node (its database a read-only replica) the schema is the primary's to
        make: only the indexes are built here."""
        if self.settings.read_only:
            return self._init_reading_node()
        self.settings.ensure_dirs()
        make_private(self.settings.resolved_database_url)
        migrate(self.engine)
        added = seed_rubrics(self.engine)
        seed_desk(self.engine)
        changes.register(self.engine, self.settings.index_consumer)
        changes.register(self.engine, flags.DESK)
        # Subscriptions are about what arrives from now on (legaldesk/subscriptions/consumer.py).
        changes.register(self.engine, subscriptions.SUBSCRIPTIONS, start=changes.head(self.engine))
        relations.rebuild_if_needed(self.engine)
        if self.index.needs_rebuild:
            self.reindex()
        qa_indexing.rebuild_if_needed(self.engine, self.qa_index)
        return added

    def _init_reading_node(self) -> int:
        self.settings.ensure_dirs()
        if not self.is_initialised():
            raise NotInitialised(
                "the replica has no schema yet: run `legaldesk init` on the primary "
                "and let the replica catch up"
            )
        qa_indexing.rebuild_if_needed(self.engine, self.qa_index)
        self.update_index()  # built from the database the first time; a running loop's else
        return 0

    @cached_property
    def follower_lock(self) -> FileLock:
        return follower_lock(self.settings.resolved_index_dir)

    @cached_property
    def index_position(self) -> changes.Position:
        """Where the index's position in the change log lives: the database, unless it is
        a read-only replica (a reading node): then the index's own directory."""
        if self.settings.read_only:
            return InIndex(self.index)
        at = changes.InDatabase(self.engine, self.settings.index_consumer)
        kept = self.index.position()
        if kept is not None:
            # A reading node become writable (its standby promoted): the index holds the
            # log up to its own note, which the database takes over — unless it has a
            # position of this name already — instead of following from the log's start.
            at.register(kept)
            self.index.forget_position()
        return at

    def lags(self) -> list[changes.Lag]:
        """How far each follower of the change log is behind: those whose positions are in
        the database and, on a reading node, this node's own index (named by
        ``LEGALDESK_INDEX_CONSUMER``), whose position is in its directory."""
        found = changes.lag(self.engine)
        if self.settings.read_only:
            name = self.settings.index_consumer
            own = changes.lag_at(
                self.engine, name, self.index_position.get() or 0, self.index.position_noted_at()
            )
            found = [lag for lag in found if lag.consumer != name] + [own]
        return found

    def index_consumer(self) -> IndexConsumer:
        return IndexConsumer(
            self.engine, self.index, self.settings.index_consumer, self.index_position
        )

    def update_index(self) -> int | None:
        """Apply the change log to the index now, as a CLI command does at its end —
        unless an indexing loop runs (its lock is held): then None, and the loop applies
        the changes within a moment. Web workers never call this."""
        lock, name, at = self.follower_lock, self.settings.index_consumer, self.index_position
        done = catch_up(self.engine, self.index, lock, name, at)
        if done is not None and self.settings.read_only:
            # The other followers write to the database: the primary's loop runs them, and
            # their work arrives here with the replica's changes. The Q&A index is local.
            qa_indexing.follow(self.engine, self.qa_index)
        elif done is not None:  # no loop runs: the relations, the desk's flags and the Q&A
            # index are this command's to follow too; the statuses the relations derive
            # are changes for the index in turn
            if relations.follow(self.engine):
                done += catch_up(self.engine, self.index, lock, name, at) or 0
            flags.follow(self.engine)
            subscriptions.follow(self.engine)
            qa_indexing.follow(self.engine, self.qa_index)
        return done

    def reindex(self, progress: Callable[[int], None] | None = None) -> int:
        return reindex(
            self.engine, self.index, progress, self.settings.index_consumer, self.index_position
        )

    def reindex_qa(self) -> int:
        """Rebuild the question–answer base's index from the database."""
        return qa_indexing.rebuild(self.engine, self.qa_index)

    def close(self) -> None:
        if "index" in self.__dict__:
            self.index.close()
        if "engine" in self.__dict__:
            self.engine.dispose()
