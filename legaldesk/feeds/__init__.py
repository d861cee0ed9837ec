"""Atom feeds: one writer (``atom``) and the entries acts make (``acts``), shared by the
public feeds and a subscriber's own feed."""
