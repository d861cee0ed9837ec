"""The demo's generated clippings: each is about one of the acts, cites it so that the act
links back, and files through the pipeline as a clipping."""

from __future__ import annotations

from sqlmodel import Session, select

from legaldesk.models import ActReference, Document
from legaldesk.pipeline.ingest import Hints, RawFile
from legaldesk.repository import Repository
from legaldesk.synth import generate_acts, render_act
from legaldesk.synth.clippings import generate_clippings, render_clipping


def test_generated_clippings_file_and_cite_their_acts(repo: Repository) -> None:
    acts = list(generate_acts(40, seed=3))
    clippings = generate_clippings(acts, 4, seed=3)
    assert len(clippings) == 4
    assert clippings == generate_clippings(acts, 4, seed=3)  # the same for a seed
    ingest = repo.ingestor("test").ingest
    filed_acts: dict[int, int] = {}
    for act in acts:
        if any(c.act_seq == act.seq for c in clippings):
            name, data = render_act(act, "docx")
            outcome = ingest(RawFile(data, name))
            assert outcome.document_id is not None
            filed_acts[act.seq] = outcome.document_id
    filed: dict[int, int] = {}
    for clipping in clippings:
        name, data = render_clipping(clipping, "docx" if clipping.seq % 2 else "txt")
        hints = Hints(rubrics=clipping.rubrics)
        outcome = ingest(RawFile(data, name, hints, clipping=clipping.details))
        assert outcome.status == "created", outcome.reason
        assert outcome.document_id is not None
        filed[clipping.act_seq] = outcome.document_id
    repo.update_index()

    with Session(repo.engine) as session:
        for act_seq, clipping_id in filed.items():
            document = session.get(Document, clipping_id)
            assert document is not None and document.material == "clipping"
            targets = session.exec(
                select(ActReference.target_id).where(ActReference.source_id == clipping_id)
            ).all()
            assert filed_acts[act_seq] in targets
