"""Atom feeds of the public catalogue: the newest acts, or the newest a search finds."""
