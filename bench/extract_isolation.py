"""What reading a file in a child process costs: extract() against extract_in_process() on
the same small acts, one format at a time.

    .venv/bin/python -m bench.extract_isolation [--files 200] [--gap-ms 10]

Between two files the caller pauses ``--gap-ms`` (its own work on the previous file: the
database, the blob store), which is when the reader server forks the next child; the time
of each extract() call is what a file waits. Also reports the processor time the whole
run took, children and server included.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from collections.abc import Callable

from legaldesk.pipeline.extract import Extraction, extract, extract_in_process
from legaldesk.pipeline.extract.isolation import shutdown
from legaldesk.pipeline.sniff import DOCX, PDF, TEXT
from legaldesk.synth import generate_acts, render_act

Reader = Callable[[bytes, str], Extraction]


def samples() -> dict[str, tuple[str, bytes]]:
    act = next(iter(generate_acts(1, seed=7)))
    return {
        "text (cp1251)": (TEXT, render_act(act, "txt-cp1251")[1]),
        "docx": (DOCX, render_act(act, "docx")[1]),
        "pdf (text layer)": (PDF, render_act(act, "pdf")[1]),
    }


def timed(read: Reader, media_type: str, data: bytes, files: int, gap: float) -> list[float]:
    read(data, media_type)  # the first call starts the reader server
    times = []
    for _ in range(files):
        time.sleep(gap)
        start = time.perf_counter()
        read(data, media_type)
        times.append(time.perf_counter() - start)
    return sorted(times)


def quantile(times: list[float], q: float) -> float:
    return times[min(len(times) - 1, int(len(times) * q))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--gap-ms", type=float, default=10)
    args = parser.parse_args()
    gap = args.gap_ms / 1000
    print("| format | in process p50 ms | isolated p50 ms | isolated p90 ms | overhead p50 ms |")
    print("|---|---|---|---|---|")
    for name, (media_type, data) in samples().items():
        here = timed(extract_in_process, media_type, data, args.files, gap)
        child = timed(extract, media_type, data, args.files, gap)
        print(
            f"| {name} | {quantile(here, 0.5):.2f} | {quantile(child, 0.5):.2f} | "
            f"{quantile(child, 0.9):.2f} | {quantile(child, 0.5) - quantile(here, 0.5):.2f} |"
        )
    shutdown()
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the server and its readers
    print(
        f"\nprocessor time: this process {own.ru_utime + own.ru_stime:.2f} s, reader server "
        f"and readers {children.ru_utime + children.ru_stime:.2f} s "
        f"({os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    main()
