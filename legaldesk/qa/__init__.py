"""The public question–answer base: answered requests a librarian publishes in an edited,
anonymised form (``entries``), the check for personal data left in them (``personal``),
their own search index kept from the database (``indexing``, index/qa.py) and search."""
