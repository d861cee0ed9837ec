"""Legacy Word 97 (.doc, OLE2): converted by antiword, or LibreOffice where installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from legaldesk.pipeline.extract.base import Extraction, ExtractionError, ExtractLimits, TextMethod


def extract_doc(data: bytes, limits: ExtractLimits) -> Extraction:
    with tempfile.TemporaryDirectory(prefix="legaldesk-doc-") as tmp:
        source = Path(tmp) / "input.doc"
        source.write_bytes(data)
        if shutil.which("antiword"):
            result = _run(["antiword", "-m", "UTF-8.txt", "-w", "0", str(source)], limits)
            if result.returncode == 0 and result.stdout.strip():
                return Extraction(
                    text=result.stdout.decode("utf-8", errors="replace"),
                    method=TextMethod.CONVERTED,
                    converter="antiword",
                )
            reason = result.stderr.decode(errors="replace").strip()[:200]
            if not shutil.which("soffice"):
                raise ExtractionError(f"antiword cannot read this .doc: {reason or 'no text'}")
        office = shutil.which("soffice") or shutil.which("libreoffice")
        if office:
            result = _run(
                [
                    office,
                    "--headless",
                    "--convert-to",
                    "txt:Text (encoded):UTF8",
                    "--outdir",
                    tmp,
                    str(source),
                ],
                limits,
            )
            out = Path(tmp) / "input.txt"
            if out.exists():
                return Extraction(
                    text=out.read_text("utf-8", errors="replace"),
                    method=TextMethod.CONVERTED,
                    converter="LibreOffice",
                )
            raise ExtractionError("LibreOffice could not convert this .doc")
    raise ExtractionError(
        "legacy Word .doc needs antiword or LibreOffice; install the Debian package antiword"
    )


def _run(cmd: list[str], limits: ExtractLimits) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(cmd, capture_output=True, timeout=limits.tool_timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ExtractionError(f"{cmd[0]} took longer than {limits.tool_timeout} s") from exc
