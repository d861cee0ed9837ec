"""Full-text search over the repository on Tantivy, with Russian analysis.

The index is derived data: the database is the source of truth, and ``SearchIndex.rebuild``
recreates it from there at any time.
"""

from legaldesk.index.documents import Correction, Hit, IndexDoc, SearchQuery, SearchResults
from legaldesk.index.store import SearchIndex

__all__ = ["Correction", "Hit", "IndexDoc", "SearchIndex", "SearchQuery", "SearchResults"]
