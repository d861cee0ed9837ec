"""How well references find their targets, on two sets where the truth is known:

    .venv/bin/python -m bench.references.resolution [--synthetic N] [--seed S] [--no-real]

* **Real**: every labelled document of bench/references/labels.tsv and every corpus file a
  label names as a cited act (``target_file``) is filed into a scratch repository through
  ingest, as the centre would file them; the relations consumer reads and matches their
  references. A labelled reference's expected target is the filed act (``target_file``), an
  outside act of its type, number and date (federal and regional acts, codes), or nothing
  (a municipal act not in the collection: it must stay pending, never be matched to
  another act).
* **Generated**: ``N`` acts of the demo's generator (legaldesk/synth/acts.py), which knows
  for each amending or repealing act the earlier act it takes up, filed in a shuffled
  order — so that many repealing acts arrive before their targets — by dozens of issuers
  whose numbers repeat («17-п» in every district).

Precision: of the references matched to a target (an act, or an outside act), the share
matched to the right one. Recall: of the references that have a target, the share matched
to it (a reference the extractor missed counts as missed). Resolution is scored on what the
extractor read; extraction itself is scored by bench.references.evaluate.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from bench.references.corpus import corpus_root
from legaldesk.actnumber import normalize_number
from legaldesk.config import Settings
from legaldesk.models import ActReference, Document, ExternalAct
from legaldesk.pipeline.ingest import Hints, RawFile
from legaldesk.repository import Repository
from legaldesk.synth.acts import generate_acts
from legaldesk.synth.render import render_act

HERE = Path(__file__).resolve().parent
LABELS = HERE / "labels.tsv"
REPORT = HERE.parents[1] / "docs" / "references.md"
OUTSIDE_TYPES = {"federalnyi_zakon", "kodeks", "zakon", "ukaz"}


@dataclass
class Tally:
    resolved: int = 0  # references the system matched to a target
    right: int = 0  # of those, matched to the right one
    expected: int = 0  # references that have a target
    found: int = 0  # of those, matched to it

    @property
    def precision(self) -> float:
        return self.right / self.resolved if self.resolved else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0


def _repository(folder: Path) -> Repository:
    repo = Repository(Settings(data_dir=folder))
    repo.init()
    return repo


def _refs_by_key(repo: Repository, document_id: int) -> dict[tuple[str, str], ActReference]:
    with Session(repo.engine) as session:
        refs = session.exec(select(ActReference).where(ActReference.source_id == document_id))
        out: dict[tuple[str, str], ActReference] = {}
        for ref in refs:
            date = ref.date_adopted.isoformat() if ref.date_adopted else ""
            key = (ref.number_key or "", date)
            # the strongest reading of an act cited twice: resolved before anything else
            if key not in out or (
                (ref.target_id or ref.external_id)
                and not (out[key].target_id or out[key].external_id)
            ):
                out[key] = ref
        return out


def real(split: str) -> dict[str, Tally]:
    root = corpus_root()
    with LABELS.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader((x for x in fh if not x.startswith("#")), delimiter="\t")]
    rows = [r for r in rows if split == "all" or r["split"] == split]
    files = sorted({r["file"] for r in rows} | {r["target_file"] for r in rows if r["target_file"]})
    tallies = {"act": Tally(), "outside": Tally(), "none": Tally()}
    with tempfile.TemporaryDirectory() as tmp:
        repo = _repository(Path(tmp))
        ingestor = repo.ingestor("bench")
        ids: dict[str, int] = {}
        for name in files:
            outcome = ingestor.ingest(RawFile((root / name).read_bytes(), Path(name).name))
            if outcome.document_id is not None:
                ids[name] = outcome.document_id
        repo.update_index()
        with Session(repo.engine) as session:
            outside = {e.id: e.key for e in session.exec(select(ExternalAct)).all()}
        for row in rows:
            if row["role"] == "-" or row["file"] not in ids or not row["number"]:
                continue
            if row["target_file"]:
                kind = "act"
                want: int | str | None = ids.get(row["target_file"])
            elif row["doc_type"] in OUTSIDE_TYPES:
                kind = "outside"
                want = f"{row['doc_type']}|{normalize_number(row['number'])}|{row['date']}"
            else:
                kind, want = "none", None
            tally = tallies[kind]
            ref = _refs_by_key(repo, ids[row["file"]]).get(
                (normalize_number(row["number"]), row["date"])
            )
            got: object = None
            if ref is not None:
                got = ref.target_id if kind != "outside" else outside.get(ref.external_id)
                if kind == "outside" and ref.target_id is not None:
                    got = ref.target_id  # filed after all: an act of the collection
            if want is not None:
                tally.expected += 1
                tally.found += got == want
            else:  # must stay unmatched: found counts those that did
                tally.expected += 1
                tally.found += got is None
            if got is not None:
                tally.resolved += 1
                tally.right += got == want
        repo.close()
    return tallies


def synthetic(count: int, seed: int, verbose: bool = False) -> tuple[Tally, Counter[str]]:
    acts = list(generate_acts(count, seed=seed))
    order = list(range(len(acts)))
    random.Random(seed).shuffle(order)
    tally, statuses = Tally(), Counter[str]()
    with tempfile.TemporaryDirectory() as tmp:
        repo = _repository(Path(tmp))
        ingestor = repo.ingestor("bench")
        ids: dict[int, int] = {}
        for n, i in enumerate(order, 1):
            act = acts[i]
            name, data = render_act(act, "txt-utf8")
            hints = Hints(level=act.level, territory=act.territory)
            outcome = ingestor.ingest(RawFile(data, name, hints))
            if outcome.document_id is not None:
                ids[act.seq] = outcome.document_id
            if n % 200 == 0:
                repo.update_index()
        repo.update_index()
        by_requisites = {(a.issuer, a.number, a.date_adopted): a.seq for a in acts}
        truth: dict[int, tuple[str, int]] = {}  # citing document → (role, target document)
        for act in acts:
            if act.takes_up and act.seq in ids:
                role, number, adopted = act.takes_up
                target = by_requisites.get((act.issuer, number, adopted))
                if target is not None and target in ids:
                    truth[ids[act.seq]] = (role, ids[target])
        with Session(repo.engine) as session:
            refs = session.exec(
                select(ActReference).where(ActReference.role.in_(["amends", "repeals"]))  # type: ignore[attr-defined]
            ).all()
            for ref in refs:
                if ref.target_id is not None:
                    tally.resolved += 1
                    tally.right += truth.get(ref.source_id, ("", -1))[1] == ref.target_id
            found = {(ref.source_id, ref.target_id) for ref in refs if ref.target_id is not None}
            for citing, (role, target) in truth.items():
                tally.expected += 1
                tally.found += (citing, target) in found
                if (citing, target) not in found and verbose:
                    print("missed:", citing, role, target, file=sys.stderr)
                status = session.get(Document, target)
                assert status is not None
                statuses[f"{role}: {status.status}"] += 1
        repo.close()
    return tally, statuses


def _row(name: str, t: Tally) -> str:
    return (
        f"| {name} | {t.precision:.3f} ({t.right}/{t.resolved}) | "
        f"{t.recall:.3f} ({t.found}/{t.expected}) |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--synthetic", type=int, default=1500, help="generated acts (0: none)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--no-real", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="print the misses")
    args = parser.parse_args(argv)
    lines = ["| set | precision | recall |", "|---|---|---|"]
    if not args.no_real:
        for split in ("tune", "held_out2"):
            for kind, tally in real(split).items():
                name = {
                    "act": "an act of the corpus",
                    "outside": "a federal or regional act (outside)",
                    "none": "no act of the corpus: must stay unmatched",
                }[kind]
                lines.append(_row(f"real, {split}: {name}", tally))
    if args.synthetic:
        tally, statuses = synthetic(args.synthetic, args.seed, args.verbose)
        lines.append(_row(f"generated, {args.synthetic} acts filed shuffled", tally))
        lines.append("")
        lines.append("Statuses of the generated acts taken up (role: status):")
        lines += [f"- {k}: {v}" for k, v in sorted(statuses.items())]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
