"""The list as a page to print from the browser: one self-contained file (its style inline,
nothing loaded from elsewhere), A4 margins, headings kept with what follows them."""

from __future__ import annotations

from html import escape

from legaldesk.lists.exports import ListDocument

STYLE = """
@page { size: A4; margin: 20mm 20mm 20mm 25mm; }
body { font-family: "Times New Roman", "DejaVu Serif", serif; font-size: 13pt;
       line-height: 1.35; max-width: 48em; margin: 1em auto; color: #000; }
h1 { font-size: 16pt; text-align: center; margin-bottom: 0.2em; }
p.period { text-align: center; margin-top: 0; }
h2 { font-size: 14pt; margin-top: 1.4em; break-after: avoid; }
h3 { font-size: 13pt; font-style: italic; margin-top: 1em; break-after: avoid; }
ol { padding-left: 2.2em; }
li { margin-bottom: 0.4em; break-inside: avoid; }
p.foot { margin-top: 2em; font-size: 11pt; }
"""


def render(doc: ListDocument) -> bytes:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="ru"><head><meta charset="utf-8">',
        f"<title>{escape(doc.title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(doc.title)}</h1>",
    ]
    if doc.period:
        parts.append(f'<p class="period">{escape(doc.period)}</p>')
    heading: str | None = None
    for group in doc.groups:
        if group.heading and group.heading != heading:
            parts.append(f"<h2>{escape(group.heading)}</h2>")
            heading = group.heading
        if group.subheading:
            parts.append(f"<h3>{escape(group.subheading)}</h3>")
        first = group.entries[0].n
        parts.append(f'<ol start="{first}">')
        parts += [f"<li>{escape(e.text)}</li>" for e in group.entries]
        parts.append("</ol>")
    if not doc.groups:
        parts.append("<p>В списке нет ни одного документа.</p>")
    foot = f"Список составлен {doc.compiled:%d.%m.%Y}"
    foot += f", {doc.compiler}." if doc.compiler else "."
    parts += [f'<p class="foot">{escape(foot)}</p>', "</body></html>"]
    return "\n".join(parts).encode("utf-8")
