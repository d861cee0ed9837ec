"""The list as plain text (UTF-8): what is pasted into a letter or a site's editor."""

from __future__ import annotations

from legaldesk.lists.exports import ListDocument


def lines(doc: ListDocument) -> list[str]:
    out = [doc.title]
    if doc.period:
        out.append(doc.period)
    heading: str | None = None
    for group in doc.groups:
        if group.heading and group.heading != heading:
            out += ["", group.heading.upper()]
            heading = group.heading
        if group.subheading:
            out += ["", group.subheading]
        elif not group.heading:
            out.append("")
        out += [f"{e.n}. {e.text}" for e in group.entries]
    foot = f"Список составлен {doc.compiled:%d.%m.%Y}"
    if not doc.groups:
        out += ["", "В списке нет ни одного документа."]
    out += ["", f"{foot}, {doc.compiler}." if doc.compiler else f"{foot}."]
    return out


def render(doc: ListDocument) -> bytes:
    return ("\n".join(lines(doc)) + "\n").encode("utf-8")
