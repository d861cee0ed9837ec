"""What a non-editable install ships: every package of the source tree and every template,
so that a new area of the web or a new template folder cannot be left out of a wheel."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]


def test_every_package_of_the_tree_is_listed() -> None:
    listed = set(CONFIG["packages"])
    found = set()
    for name, folder in CONFIG["package-dir"].items():
        base = ROOT / folder
        for init in base.rglob("__init__.py"):
            parts = init.parent.relative_to(base).parts
            found.add(".".join((name, *parts)))
    assert sorted(found - listed) == []


def test_every_template_and_catalogue_is_package_data() -> None:
    patterns = CONFIG["package-data"]["legaldesk.web"]
    web = ROOT / "web"
    shipped = [
        path.relative_to(web).as_posix()
        for path in (*(web / "templates").rglob("*"), *(web / "locale").rglob("*.po"))
        if path.is_file()
    ]
    # Globbed as setuptools globs them: «*» stays within one folder.
    covered = {
        path.relative_to(web).as_posix() for pattern in patterns for path in web.glob(pattern)
    }
    assert shipped and sorted(set(shipped) - covered) == []
