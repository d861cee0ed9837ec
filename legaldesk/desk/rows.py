"""A request's row as the desk's services share it: fetching it (or the desk's error),
and the folded text its search looks in. Apart from requests.py so that answers.py, which
requests.py's page reads, needs nothing of requests.py: the imports run one way."""

from __future__ import annotations

from sqlmodel import Session

from legaldesk.messages import Msg
from legaldesk.models import Answer, DeskRequest


def fold(text: str) -> str:
    """Lower case, ё as е, whitespace as single spaces: SQLite's LIKE and lower() fold
    Latin letters only, so the desk's search compares folded texts."""
    return " ".join(text.lower().replace("ё", "е").split())


class DeskError(ValueError):
    pass


def get_row(session: Session, request_id: int) -> DeskRequest:
    request = session.get(DeskRequest, request_id)
    if request is None:
        raise DeskError(Msg("no request %(id)s", id=request_id))
    return request


def search_text(session: Session, request: DeskRequest) -> str:
    """The question and the answer folded (lower case, ё as е) for the desk's search."""
    answer = session.get(Answer, request.id) if request.id is not None else None
    return fold(request.question + ("\n" + answer.text if answer and answer.text else ""))
