"""Search at scale: LegalDesk's search call vs bare tantivy-py vs PostgreSQL full-text search
on the same synthetic acts.

    .venv/bin/python -m bench.scale --sizes 10000 100000 1000000 --pg postgresql://postgres@127.0.0.1:5432/postgres
    .venv/bin/python -m bench.scale --sizes 1000000 --workdir /tmp/ld --keep   # build once,
    .venv/bin/python -m bench.scale --sizes 1000000 --workdir /tmp/ld --keep   # then re-time

For each size: index build time (documents/s), index size on disk, peak memory of this
process, and p50/p99 latency of the same queries through
  * SearchIndex.search (LegalDesk's call: Russian analysis, the shipped thesaurus, spelling
    and layout correction, boosts, snippets, facet counts) — and the same call without the
    thesaurus, and without the corrections (as typed), to show what each costs,
  * bare tantivy-py (parse_query over title+text, top 10, stored fields of the hits),
  * PostgreSQL: tsvector('russian') with a GIN index, websearch_to_tsquery,
    ORDER BY ts_rank_cd LIMIT 10.
Results print as a markdown table and are appended to bench/out/scale.json.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from legaldesk import thesaurus
from legaldesk.index import IndexDoc, SearchIndex, SearchQuery
from legaldesk.synth import SyntheticAct, generate_acts

QUERIES = [
    "земельный налог",
    "тариф на холодную воду",
    "многодетные семьи",
    "бюджет на 2025 год",
    "о внесении изменений в устав",
    "муниципальная программа развития культуры",
    "компенсация расходов на оплату коммунальных услуг",
    "поддержка малого предпринимательства",
    "ремонт автомобильных дорог",
    "вывоз твердых коммунальных отходов",
    "избирательная комиссия",
    "благоустройство территории",
    "родительская плата за детский сад",
    "инвалиды",
    "чрезвычайная ситуация",
    "аренда земельных участков",
    "налог на имущество физических лиц",
    "публичные слушания",
    "муниципальная служба",
    "противодействие коррупции",
    "субсидии",
    "порядок предоставления",
    "школьные перевозки",
    "ветераны",
    "245-п",
    "17-р",
    "12/3-рс",
    "отопление",
    "водоснабжение",
    "утратившим силу",
]


def to_index_doc(act: SyntheticAct) -> IndexDoc:
    return IndexDoc(
        id=act.seq + 1,
        title=act.title,
        text=act.text,
        number=act.number,
        doc_type=act.doc_type,
        issuer=act.issuer,
        level=act.level,
        status="in_force",
        rubrics=act.rubrics,
        date_adopted=act.date_adopted,
        created_at=datetime(2026, 1, 1),
    )


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dir_size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1024 / 1024


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return p50 * 1000, p99 * 1000


def timed(fn: Callable[[str], Any], rounds: int) -> tuple[float, float]:
    for q in QUERIES:  # warm caches the way a running service has them warm
        fn(q)
    samples = []
    for _ in range(rounds):
        for q in QUERIES:
            t = time.perf_counter()
            fn(q)
            samples.append(time.perf_counter() - t)
    return percentiles(samples)


def build_index(path: Path, n: int) -> tuple[SearchIndex, float]:
    """The way `legaldesk reindex` builds it: one writer, one pass, one commit."""
    index = SearchIndex.open(path)
    start = time.perf_counter()
    index.rebuild(to_index_doc(act) for act in generate_acts(n, seed=1))
    return index, time.perf_counter() - start


def bare_tantivy(index: SearchIndex) -> Callable[[str], Any]:
    raw = index.raw_index  # the underlying tantivy.Index
    raw.reload()

    def run(q: str) -> Any:
        searcher = raw.searcher()
        query = raw.parse_query(q.replace("/", " "), ["title", "text"])
        result = searcher.search(query, 10)
        return [searcher.doc(addr)["id"] for _score, addr in result.hits]

    return run


def load_postgres(url: str, n: int) -> Callable[[str], Any]:
    import psycopg

    conn = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
    conn.execute("DROP TABLE IF EXISTS bench_acts")
    conn.execute("CREATE TABLE bench_acts (id int primary key, number text, title text, body text)")
    with (
        conn.cursor() as cur,
        cur.copy("COPY bench_acts (id, number, title, body) FROM STDIN") as cp,
    ):
        for act in generate_acts(n, seed=1):
            cp.write_row((act.seq + 1, act.number, act.title, act.text))
    conn.execute(
        "ALTER TABLE bench_acts ADD COLUMN tsv tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('russian', coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('russian', body), 'B')) STORED"
    )
    conn.execute("CREATE INDEX bench_acts_tsv ON bench_acts USING gin (tsv)")
    conn.execute("ANALYZE bench_acts")

    def run(q: str) -> Any:
        return conn.execute(
            "SELECT id, ts_headline('russian', left(body, 2000), q) "
            "FROM (SELECT id, body, q FROM bench_acts, websearch_to_tsquery('russian', %s) q "
            "WHERE tsv @@ q ORDER BY ts_rank_cd(tsv, q) DESC LIMIT 10) t",
            (q,),
        ).fetchall()

    return run


def run_size(
    n: int, pg_url: str | None, rounds: int, workdir: Path, keep: bool = False
) -> dict[str, Any]:
    path = workdir / f"index-{n}"
    row: dict[str, Any] = {"documents": n}
    if keep and (path / "meta.json").exists():
        # Query latency only, on an index a previous --keep run built with the same seed.
        index = SearchIndex.open(path)
        if index.needs_rebuild:
            raise SystemExit(f"{path} was built with another schema version: drop --keep")
        row["documents"] = index.count()
    else:
        shutil.rmtree(path, ignore_errors=True)
        index, build_s = build_index(path, n)
        row.update(
            build_s=round(build_s, 1),
            docs_per_s=round(n / build_s),
            index_mb=round(dir_size_mb(path)),
            peak_rss_mb=round(peak_rss_mb()),
        )
    # The call as the search page makes it: the shipped thesaurus, corrections on. Then the
    # same without the thesaurus, and without corrections, to show what each costs.
    entries = tuple(thesaurus.shipped())
    ours = timed(lambda q: index.search(SearchQuery(text=q, limit=10, thesaurus=entries)), rounds)
    plain = timed(lambda q: index.search(SearchQuery(text=q, limit=10)), rounds)
    typed = timed(
        lambda q: index.search(SearchQuery(text=q, limit=10, thesaurus=entries, as_typed=True)),
        rounds,
    )
    bare = timed(bare_tantivy(index), rounds)
    row.update(
        legaldesk_p50_ms=round(ours[0], 2),
        legaldesk_p99_ms=round(ours[1], 2),
        no_thesaurus_p50_ms=round(plain[0], 2),
        no_thesaurus_p99_ms=round(plain[1], 2),
        no_correction_p50_ms=round(typed[0], 2),
        no_correction_p99_ms=round(typed[1], 2),
        bare_p50_ms=round(bare[0], 2),
        bare_p99_ms=round(bare[1], 2),
    )
    if pg_url:
        start = time.perf_counter()
        pg = load_postgres(pg_url, n)
        row["pg_load_s"] = round(time.perf_counter() - start, 1)
        pg_p = timed(pg, max(1, rounds // 5))
        row.update(pg_p50_ms=round(pg_p[0], 2), pg_p99_ms=round(pg_p[1], 2))
    index.close()
    if not keep:
        shutil.rmtree(path, ignore_errors=True)
    return row


def markdown(rows: list[dict[str, Any]]) -> str:
    cols = [
        "documents",
        "build_s",
        "docs_per_s",
        "index_mb",
        "peak_rss_mb",
        "legaldesk_p50_ms",
        "legaldesk_p99_ms",
        "no_thesaurus_p50_ms",
        "no_thesaurus_p99_ms",
        "no_correction_p50_ms",
        "no_correction_p99_ms",
        "bare_p50_ms",
        "bare_p99_ms",
        "pg_load_s",
        "pg_p50_ms",
        "pg_p99_ms",
    ]
    out = io.StringIO()
    out.write("| " + " | ".join(cols) + " |\n|" + "---|" * len(cols) + "\n")
    for r in rows:
        out.write("| " + " | ".join(str(r.get(c, "—")) for c in cols) + " |\n")
    return out.getvalue()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--pg", help="PostgreSQL URL for the full-text-search comparison")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the index in --workdir, and reuse one found there (latency only)",
    )
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="legaldesk-bench-"))
    rows = []
    for n in args.sizes:
        row = run_size(n, args.pg, args.rounds, workdir, args.keep)
        print(json.dumps(row), flush=True)
        rows.append(row)
        out = Path("bench/out")
        out.mkdir(parents=True, exist_ok=True)
        with (out / "scale.json").open("a") as fh:
            fh.write(json.dumps(row) + "\n")
    print(markdown(rows))


if __name__ == "__main__":
    main()
