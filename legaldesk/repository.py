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
from legaldesk.indexing import IndexConsumer, catch_up, follower_lock, reindex
from legaldesk.pipeline.ingest import Ingestor
from legaldesk.publication import WayIn
from legaldesk.qa import indexing as qa_indexing
from legaldesk.relations import consumer as relations
from legaldesk.seed import seed_rubrics
from legaldesk.subscriptions import consumer as subscriptions


class Repository:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()

    @cached_property
    def engine(self) -> Engine:
        if not self.settings.database_url:
            self.settings.ensure_data_dir()
        return make_engine(self.settings.resolved_database_url)

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
        """Create or upgrade the schema and seed the subject headings; idempotent."""
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

    @cached_property
    def follower_lock(self) -> FileLock:
        return follower_lock(self.settings.resolved_index_dir)

    def index_consumer(self) -> IndexConsumer:
        return IndexConsumer(self.engine, self.index, self.settings.index_consumer)

    def update_index(self) -> int | None:
        """Apply the change log to the index now, as a CLI command does at its end —
        unless an indexing loop runs (its lock is held): then None, and the loop applies
        the changes within a moment. Web workers never call this."""
        lock, name = self.follower_lock, self.settings.index_consumer
        done = catch_up(self.engine, self.index, lock, name)
        if done is not None:  # no loop runs: the relations, the desk's flags and the Q&A
            # index are this command's to follow too; the statuses the relations derive
            # are changes for the index in turn
            if relations.follow(self.engine):
                done += catch_up(self.engine, self.index, lock, name) or 0
            flags.follow(self.engine)
            subscriptions.follow(self.engine)
            qa_indexing.follow(self.engine, self.qa_index)
        return done

    def reindex(self, progress: Callable[[int], None] | None = None) -> int:
        return reindex(self.engine, self.index, progress, self.settings.index_consumer)

    def reindex_qa(self) -> int:
        """Rebuild the question–answer base's index from the database."""
        return qa_indexing.rebuild(self.engine, self.qa_index)

    def close(self) -> None:
        if "index" in self.__dict__:
            self.index.close()
        if "engine" in self.__dict__:
            self.engine.dispose()
