"""Per-field accuracy of the act metadata parser on the labelled real documents.

    .venv/bin/python -m bench.metadata_accuracy [--corpus ../shared/corpus/real]
        [--no-ocr] [--verbose] [--write docs/metadata-accuracy.md]

Labels: tests/data/metadata_labels.tsv — one row per document (path relative to
corpus/real), with what the document itself carries: doc_type, date (ISO), number, title,
issuer; ``draft`` (1 when it is a draft), ``parent`` (type|date|number of the act an
appendix cites), ``illegible`` (fields the document carries but its extracted text does not
show legibly: handwriting on scans, OCR-garbled lines) and ``notes``. Empty = not carried.

Scoring, per field:
  * carried — documents whose label is non-empty and legible;
  * correct — the parser gives the same value: type and ISO date exactly, numbers by
    ``normalize_number``, titles and issuers after case folding, ё→е and dropping everything
    but letters and digits (quotes, dashes, spaces and tokenizer spacing do not count);
  * false positives — a value where the label is empty;
  * illegible fields are reported apart: the parser should say nothing there, and any value
    it gives is counted as «wrong on illegible».

Text comes from ``legaldesk.pipeline.extract`` (sniffed media type) when it is importable,
else from a small internal reader. ``--no-ocr`` leaves out documents whose text needs OCR
(scans and broken text layers); OCR output is cached under bench/out/metadata-texts/.

Importing this module has no side effects: the tests use ``load_labels``, ``read_text``
and ``score``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from legaldesk.pipeline.metadata import ActMetadata, normalize_number, parse_act

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "tests" / "data" / "metadata_labels.tsv"
DEFAULT_CORPUS = (REPO / ".." / "shared" / "corpus" / "real").resolve()
CACHE = REPO / "bench" / "out" / "metadata-texts"
DOC = REPO / "docs" / "metadata-accuracy.md"
FIELDS = ("doc_type", "date", "number", "title", "issuer")
COMMAND = ".venv/bin/python -m bench.metadata_accuracy --write docs/metadata-accuracy.md"


# ---------------------------------------------------------------------------- labels
def load_labels(path: Path = LABELS) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            {k: (v or "") for k, v in row.items()}
            for row in csv.DictReader(fh, delimiter="\t")
            if row.get("path") and not row["path"].startswith("#")
        ]


# ---------------------------------------------------------------------------- text
@dataclass(frozen=True)
class Text:
    text: str
    method: str  # native / text_layer / ocr / needs_ocr / converted / error

    @property
    def needs_ocr(self) -> bool:
        return self.method in {"ocr", "needs_ocr"}


def read_text(corpus: Path, rel: str, ocr: bool = True) -> Text:
    """The document's text the way ingest would see it."""
    data = (corpus / rel).read_bytes()
    key = hashlib.sha256(data).hexdigest()[:20]
    cached = CACHE / f"{key}.txt"
    if ocr and cached.exists():
        return Text(cached.read_text(encoding="utf-8"), "ocr")
    try:
        from legaldesk.pipeline.extract import ExtractionError, ExtractLimits, extract
        from legaldesk.pipeline.sniff import sniff
    except ImportError:  # extraction is another module's work: read simply
        return _simple_read(data, rel, ocr)
    try:
        got = extract(data, sniff(data, rel), ExtractLimits(ocr=ocr))
    except ExtractionError:
        return Text("", "error")
    method = str(got.method)
    if not ocr and any("need OCR" in w or "needs OCR" in w for w in got.warnings):
        method = "needs_ocr"  # some pages are scans: the text is partial
    result = Text(got.text, method)
    if ocr and result.method == "ocr" and result.text:
        CACHE.mkdir(parents=True, exist_ok=True)
        cached.write_text(result.text, encoding="utf-8")
    return result


def _simple_read(data: bytes, rel: str, ocr: bool) -> Text:
    """Fallback reader: plain text, HTML, token XML, DOCX, PDF text layer (+ tesseract)."""
    suffix = Path(rel).suffix.lower()
    if suffix == ".txt":
        for encoding in ("utf-8", "cp1251"):
            try:
                return Text(data.decode(encoding), "native")
            except UnicodeDecodeError:
                continue
        return Text(data.decode("utf-8", "replace"), "native")
    if suffix in {".html", ".htm"}:
        html = data.decode("utf-8", "replace")
        html = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</h\d>|</tr>", "\n", html)
        return Text(re.sub(r"<[^>]+>", "", html), "native")
    if suffix == ".xml":
        from defusedxml import ElementTree

        root = ElementTree.fromstring(data)
        paragraphs = []
        for p in root.iter("p"):
            words = [w.text or "" for w in p.iter("w")]
            paragraphs.append(re.sub(r"\s+([.,;:!?»)])", r"\1", " ".join(words)))
        title = root.findtext(".//title") or ""
        return Text("\n".join([title, *paragraphs]), "native")
    if suffix == ".docx":
        from docx import Document

        doc = Document(io.BytesIO(data))
        return Text("\n".join(p.text for p in doc.paragraphs), "native")
    if suffix == ".pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
        try:
            text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
        finally:
            pdf.close()
        cyrillic = len(re.findall(r"[А-Яа-яЁё]", text))
        if cyrillic > 200:
            return Text(text, "text_layer")
        if not ocr:
            return Text("", "needs_ocr")
        return Text(_tesseract(data), "ocr")
    return Text("", "error")


def _tesseract(data: bytes) -> str:
    if not (shutil.which("pdftoppm") and shutil.which("tesseract")):
        return ""
    with tempfile.TemporaryDirectory(prefix="metadata-ocr-") as tmp:
        pdf = Path(tmp) / "doc.pdf"
        pdf.write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-r", "200", "-png", "-l", "3", str(pdf), f"{tmp}/page"],
            check=False,
            capture_output=True,
            timeout=300,
        )
        texts = []
        for png in sorted(Path(tmp).glob("page*.png")):
            out = subprocess.run(
                ["tesseract", str(png), "stdout", "-l", "rus"],
                check=False,
                capture_output=True,
                text=True,
                timeout=300,
            )
            texts.append(out.stdout)
    return "\n".join(texts)


# ---------------------------------------------------------------------------- scoring
def norm(name: str, value: str | None) -> str:
    if not value:
        return ""
    if name == "number":
        return normalize_number(value)
    if name in {"title", "issuer"}:
        return re.sub(r"[\W_]+", "", value.casefold().replace("ё", "е"))
    return value


def predicted(meta: ActMetadata) -> dict[str, str]:
    parent = meta.parent
    return {
        "doc_type": meta.doc_type or "",
        "date": meta.date_adopted.isoformat() if meta.date_adopted else "",
        "number": meta.number or "",
        "title": meta.title or "",
        "issuer": meta.issuer or "",
        "draft": "1" if meta.is_draft else "",
        "parent": ""
        if parent is None
        else "|".join(
            (
                parent.doc_type or "",
                parent.date_adopted.isoformat() if parent.date_adopted else "",
                normalize_number(parent.number or ""),
            )
        ),
    }


@dataclass
class FieldScore:
    carried: int = 0
    correct: int = 0
    false_positive: int = 0
    illegible: int = 0
    illegible_silent: int = 0  # the parser said nothing: the right answer
    illegible_wrong: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.carried if self.carried else 1.0


@dataclass
class Report:
    fields: dict[str, FieldScore]
    documents: int
    skipped: list[str]
    draft: FieldScore
    parent: FieldScore


def score(
    corpus: Path,
    labels: Iterable[dict[str, str]],
    ocr: bool = True,
    texts: dict[str, Text] | None = None,
) -> Report:
    """Parse every labelled document and compare; documents needing OCR are skipped when
    ``ocr`` is false."""
    fields = {name: FieldScore() for name in FIELDS}
    draft, parent = FieldScore(), FieldScore()
    documents = 0
    skipped: list[str] = []
    for row in labels:
        rel = row["path"]
        text = texts[rel] if texts and rel in texts else read_text(corpus, rel, ocr)
        if text.method == "needs_ocr" or (not ocr and text.needs_ocr):
            skipped.append(rel)
            continue
        documents += 1
        got = predicted(parse_act(text.text))
        illegible = {f.strip() for f in row.get("illegible", "").split(",") if f.strip()}
        for name in FIELDS:
            _compare(
                fields[name],
                rel,
                name,
                norm(name, row[name]),
                norm(name, got[name]),
                got[name],
                row[name],
                name in illegible,
            )
        want_draft = "1" if row.get("draft") else ""
        _compare(draft, rel, "draft", want_draft, got["draft"], got["draft"], want_draft, False)
        if row.get("parent"):
            kind, _, rest = row["parent"].partition("|")
            day, _, number = rest.partition("|")
            want_parent = f"{kind}|{day}|{normalize_number(number)}"
            _compare(
                parent,
                rel,
                "parent",
                want_parent,
                got["parent"],
                got["parent"],
                row["parent"],
                False,
            )
    return Report(fields, documents, skipped, draft, parent)


def _compare(
    s: FieldScore,
    rel: str,
    name: str,
    want: str,
    have: str,
    shown: str,
    label: str,
    illegible: bool,
) -> None:
    if illegible:
        s.illegible += 1
        if not have:
            s.illegible_silent += 1
        elif have != want:
            s.illegible_wrong += 1
            s.misses.append(f"{rel}: illegible {label!r}, parser read {shown!r}")
        return
    if want:
        s.carried += 1
        if want == have:
            s.correct += 1
        else:
            s.misses.append(f"{rel}: want {label!r}, got {shown!r}")
    elif have:
        s.false_positive += 1
        s.misses.append(f"{rel}: not carried, got {shown!r}")


def table(report: Report, ocr: bool) -> str:
    lines = [
        f"Documents scored: {report.documents}"
        + ("" if ocr else f" (OCR off: {len(report.skipped)} scans left out)"),
        "",
        "| field | documents carrying it | correct | accuracy | false positives |"
        " illegible: silent / wrong |",
        "|---|---|---|---|---|---|",
    ]
    rows = [*report.fields.items(), ("draft (is_draft)", report.draft)]
    rows.append(("appendix parent (type, date, number)", report.parent))
    for name, s in rows:
        illegible = f"{s.illegible_silent} / {s.illegible_wrong}" if s.illegible else "–"
        lines.append(
            f"| {name} | {s.carried} | {s.correct} | {s.accuracy:.1%} | {s.false_positive} |"
            f" {illegible} |"
        )
    return "\n".join(lines)


def by_source(corpus: Path, labels: list[dict[str, str]], texts: dict[str, Text]) -> str:
    lines = [
        "| source | documents | " + " | ".join(FIELDS) + " |",
        "|---" * (len(FIELDS) + 2) + "|",
    ]
    sources = sorted({row["path"].split("/", 1)[0] for row in labels})
    for source in sources:
        rows = [row for row in labels if row["path"].startswith(source + "/")]
        report = score(corpus, rows, ocr=True, texts=texts)
        cells = []
        for name in FIELDS:
            s = report.fields[name]
            cells.append(
                f"{s.correct}/{s.carried}"
                + (f" (+{s.false_positive} fp)" if s.false_positive else "")
            )
        lines.append(f"| {source} | {report.documents} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_doc(path: Path, block: str) -> None:
    text = path.read_text(encoding="utf-8")
    start, end = "<!-- accuracy:start -->", "<!-- accuracy:end -->"
    before, found, rest = text.partition(start)
    if not found:
        path.write_text(f"{text.rstrip()}\n\n{start}\n{block}\n{end}\n", encoding="utf-8")
        return
    _, _, after = rest.partition(end)
    path.write_text(f"{before}{start}\n{block}\n{end}{after}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--no-ocr", action="store_true", help="leave out documents needing OCR")
    parser.add_argument("--verbose", action="store_true", help="list every mismatch")
    parser.add_argument("--write", type=Path, help="write the tables into this markdown file")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        parser.error(f"corpus not found: {args.corpus}")
    ocr = not args.no_ocr
    labels = load_labels(args.labels)
    texts = {row["path"]: read_text(args.corpus, row["path"], ocr) for row in labels}
    report = score(args.corpus, labels, ocr=ocr, texts=texts)
    block = "\n".join(
        [
            f"Command: `{COMMAND}`" + ("" if ocr else " --no-ocr"),
            "",
            table(report, ocr),
            "",
            "By source (correct/carried, false positives in brackets):",
            "",
            by_source(args.corpus, labels, texts),
        ]
    )
    print(block)
    if args.verbose:
        for name, s in [*report.fields.items(), ("draft", report.draft), ("parent", report.parent)]:
            for miss in s.misses:
                print(f"{name}: {miss}")
    if args.write:
        write_doc(args.write, block)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
