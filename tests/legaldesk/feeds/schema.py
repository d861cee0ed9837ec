"""Whether a document is Atom: RFC 4287's RELAX NG schema (tests/data/atom.rng) and the two
rules of its appendix the schema cannot say (Schematron there)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
_SCHEMA = etree.RelaxNG(etree.parse(str(Path(__file__).parents[2] / "data" / "atom.rng")))


def assert_atom(document: bytes) -> etree._Element:
    """The feed's root once it is shown valid Atom; fails with the validator's words."""
    root = etree.fromstring(document)  # well formed, or this raises
    assert _SCHEMA.validate(root), str(_SCHEMA.error_log)
    entries = root.findall(f"{ATOM}entry")
    # 4.1.1: an author on the feed unless every entry has one.
    if not root.findall(f"{ATOM}author"):
        assert entries and all(e.findall(f"{ATOM}author") for e in entries)
    # 4.1.1 and 4.1.2: no two alternate links of the same type and language.
    for element in [root, *entries]:
        alternates = [
            (link.get("type"), link.get("hreflang"))
            for link in element.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        assert len(alternates) == len(set(alternates))
        if element is not root:
            assert alternates, "an entry without content needs its alternate link"
    return root
