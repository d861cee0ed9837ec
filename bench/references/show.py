"""A reading aid for labelling: the lines of a corpus text that could hold a reference (a «№»,
a date, a type word, a code), numbered, so a person reads them in context and writes the
labels by hand. It does not extract anything: it only decides which lines to show.

    .venv/bin/python -m bench.references.show rurebus/3133…_7.txt [--all]
"""

from __future__ import annotations

import re
import sys

from bench.references.corpus import read_text

_CANDIDATE_RE = re.compile(
    r"№|\bN\s?\d|\bот\s+\d|\d\d?\.\d\d?\.\d{2,4}|кодекс|закон|постановлени|решени|распоряжени|"
    r"указ\w*\b|приказ|утратившим|внести|внесени|приостанов|конституц|в\s+редакции",
    re.IGNORECASE,
)


def main(argv: list[str]) -> int:
    show_all = "--all" in argv
    for name in (a for a in argv if not a.startswith("--")):
        text = read_text(name)
        print(f"===== {name} ({len(text)} chars)")
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip() and (show_all or _CANDIDATE_RE.search(line)):
                print(f"{number:5d}| {line.strip()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
