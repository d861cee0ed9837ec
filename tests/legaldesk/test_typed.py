"""Text made safe to keep and to write into XML."""

from __future__ import annotations

from dataclasses import dataclass, field

from legaldesk.typed import keepable, xml_safe, xml_text


def test_keepable_drops_controls_surrogates_and_non_characters_but_keeps_lines() -> None:
    assert keepable("a\x00b\x1f\tc\nd\ud800\ufffe\uffff") == "ab\tc\nd"


def test_xml_text_turns_a_page_break_into_a_line_end_and_drops_what_xml_cannot_hold() -> None:
    assert xml_text("стр. 1\x0cстр. 2\x01\x1e\ufffe") == "стр. 1\nстр. 2"
    assert xml_text("𘘥 ё «»") == "𘘥 ё «»"  # characters XML holds stay


@dataclass(frozen=True)
class Inner:
    text: str
    n: int


@dataclass(frozen=True)
class Outer:
    title: str
    items: tuple[Inner, ...]
    tags: list[str]
    made: str = field(init=False, default="fixed\x01")


def test_xml_safe_cleans_every_string_inside_a_writer_s_input() -> None:
    cleaned = xml_safe(Outer("a\x0cb", (Inner("c\x02", 1),), ["d\ufffe"]))

    assert cleaned.title == "a\nb" and cleaned.items == (Inner("c", 1),)
    assert cleaned.tags == ["d"]
    assert xml_safe({"k": ("x\x1f", 3)}) == {"k": ("x", 3)}
