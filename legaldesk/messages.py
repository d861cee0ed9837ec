"""Messages the domain shows to people (errors, warnings), written in English and kept
translatable.

A :class:`Msg` is an ordinary ``str`` — the English text with its values filled in, so the
CLI, logs and tests read it as before — that also remembers its template and values. The
web interface translates the template through its catalogue and fills the values in again,
so a librarian working in Russian reads «пароль должен быть не короче 8 знаков» where the
CLI prints "the password needs at least 8 characters". The templates are extracted into the
catalogue by ``Msg`` as a keyword (see web/i18n.py).
"""

from __future__ import annotations

from typing import Any


class Msg(str):
    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, **params: Any) -> Msg:
        text = template % params if params else template
        obj = super().__new__(cls, text)
        obj.template = template
        obj.params = params
        return obj


def to_data(text: str) -> dict[str, Any] | None:
    """A message as data to store beside its text (``{template, params}``), so that it is
    read back in any language without parsing the English; None for plain text."""
    if not isinstance(text, Msg):
        return None
    params = {k: v for k, v in text.params.items() if isinstance(v, str | int | float)}
    if len(params) != len(text.params):
        return None
    return {"template": text.template, "params": params}


def from_data(text: str, data: Any) -> str:
    """The stored text as a :class:`Msg` again when its data is known."""
    if isinstance(data, dict) and isinstance(data.get("template"), str):
        params = data.get("params")
        try:
            return Msg(data["template"], **(params if isinstance(params, dict) else {}))
        except (KeyError, TypeError, ValueError):
            return text
    return text
