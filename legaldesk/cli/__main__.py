"""``python -m legaldesk.cli``: the command without its console script (serve starts its
indexing loop this way, with the interpreter it runs on)."""

from legaldesk.cli import main

main()
