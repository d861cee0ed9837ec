"""Search relevance of LegalDesk against PostgreSQL full-text search on the real corpus.

Run ``.venv/bin/python -m bench.relevance.evaluate``; see docs/relevance.md.
"""
