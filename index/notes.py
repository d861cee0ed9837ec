"""A number an index keeps beside its files (the last change or revision it applied): read
and replaced whole, so a reader never sees half of one."""

from __future__ import annotations

from pathlib import Path


def read_number(path: Path) -> int | None:
    """The number in ``path``; None when there is none or it is not a number."""
    try:
        return int(path.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def write_number(path: Path, value: int) -> None:
    """``value`` into ``path``, written beside it and renamed over it: whole or not at all."""
    staged = path.with_name(path.name + ".new")
    staged.write_text(str(value))
    staged.replace(path)
