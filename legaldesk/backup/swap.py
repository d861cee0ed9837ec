"""Putting a restore in place: each part by a rename onto its name, the part it replaces
first set aside under a hidden name beside it. Should a step fail, the steps before it are
undone in reverse order, so the repository is as it was; once every step is done, what was
set aside is removed."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


class Swap:
    def __init__(self, token: str) -> None:
        self.token = token
        self._undo: list[Callable[[], None]] = []
        self._done: list[Callable[[], None]] = []

    def step(
        self,
        do: Callable[[], None],
        undo: Callable[[], None],
        done: Callable[[], None] | None = None,
    ) -> None:
        do()
        self._undo.append(undo)
        if done is not None:
            self._done.append(done)

    def replace(self, staged: Path | None, target: Path) -> None:
        """``staged`` takes ``target``'s name (None: ``target`` is only set aside)."""
        if os.path.lexists(target):
            aside = target.with_name(f".{target.name}.replaced-{self.token}")
            self.step(
                lambda: os.rename(target, aside),
                lambda: os.rename(aside, target),
                lambda: remove(aside),
            )
        if staged is not None:
            self.step(lambda: os.rename(staged, target), lambda: os.rename(target, staged))

    def rollback(self) -> None:
        while self._undo:
            undo = self._undo.pop()
            try:
                undo()
            except Exception:  # the others are still worth putting back
                log.exception("could not undo a step of the restore")
        self._done.clear()

    def commit(self) -> None:
        self._undo.clear()
        while self._done:
            done = self._done.pop(0)
            try:
                done()
            except Exception:  # what was set aside stays, under its hidden name
                log.exception("could not remove what the restore replaced")
