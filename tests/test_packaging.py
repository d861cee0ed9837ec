"""What a non-editable install ships: every package of the source tree and every template,
so that a new area of the web or a new template folder cannot be left out of a wheel; and
what the locks install: every dependency pyproject.toml declares, with its hashes."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

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


def _pins(name: str) -> dict[str, list[str]]:
    """The lock's releases by normalised name (a universal lock may pin a package twice,
    under exclusive markers), each followed by the hashes of its files."""
    pins: dict[str, list[str]] = {}
    text = (ROOT / "requirements" / name).read_text("utf-8")
    for entry in re.split(r"\n(?=\S)", text):
        if entry.startswith("#") or not entry.strip():
            continue
        found = re.match(r"([A-Za-z0-9_.-]+)==([^\s;\\]+)", entry)
        assert found, f"{name}: not a pin: {entry[:80]!r}"
        assert "--hash=sha256:" in entry, f"{name}: {found.group(1)} has no hash"
        pins.setdefault(canonicalize_name(found.group(1)), []).append(found.group(2))
    return pins


def test_the_locks_pin_what_pyproject_asks_for() -> None:
    """`make lock` was run after pyproject.toml last changed its dependencies: setup.sh
    installs from the locks alone (--require-hashes), so a dependency missing from them, or
    pinned outside what pyproject allows, would not be installed as declared."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    build_in = (ROOT / "requirements" / "build.in").read_text("utf-8").splitlines()
    build = [line for line in build_in if line and not line.startswith("#")]
    assert build == project["build-system"]["requires"]
    runtime, test = _pins("lock.txt"), _pins("lock-test.txt")
    wanted = {
        "lock.txt": (runtime, [*project["project"]["dependencies"], *build]),
        "lock-test.txt": (test, project["project"]["optional-dependencies"]["test"]),
    }
    unmet = []
    for lock, (pins, requirements) in wanted.items():
        for line in requirements:
            requirement = Requirement(line)
            versions = pins.get(canonicalize_name(requirement.name), [])
            if not versions or not all(v in requirement.specifier for v in versions):
                unmet.append(f"{lock}: {line} (locked: {versions or 'nothing'})")
    assert unmet == [], "run `make lock`"
    # What the tests ran is what a server installs: the test lock repeats every runtime pin.
    assert {name: test.get(name) for name in runtime} == runtime
