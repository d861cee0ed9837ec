"""What subscribers are told of, read from the change log: new public acts their standing
queries find, once each; new texts and statuses of acts they follow or were told of — on
real files through ingest, on both databases."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from legaldesk import publication
from legaldesk.editing import add_rubrics
from legaldesk.models import SubscriptionItem
from legaldesk.pipeline.ingest import RawFile
from legaldesk.publication import WayIn
from legaldesk.repository import Repository
from legaldesk.subscriptions import consumer, subscribers
from legaldesk.subscriptions.views import recent
from tests.factories import act_text, docx_bytes
from tests.legaldesk.subscriptions.conftest import ZARECHNOE, deputy, file

HOUSING = "О тарифах на услуги жилищно-коммунального хозяйства"


def items(repo: Repository) -> list[SubscriptionItem]:
    with Session(repo.engine) as session:
        return list(session.exec(select(SubscriptionItem).order_by(col(SubscriptionItem.id))))


def test_a_deputy_is_told_of_exactly_the_new_matching_acts_once(repo: Repository) -> None:
    repo.init()
    subscriber = deputy(repo)
    housing = file(repo, "10", HOUSING)
    file(repo, "11", "О бюджете поселения на 2026 год")
    file(repo, "12", "О благоустройстве", body="Об уборке снега во дворах многоквартирных домов.")

    told = items(repo)

    assert [(i.document_id, i.reason) for i in told] == [(housing, "new")]
    assert told[0].subscriber_id == subscriber
    assert told[0].detail["words"] == ["жилищно-коммунальное хозяйство"]
    consumer.follow(repo.engine)  # read again: nothing new
    repo.update_index()
    assert len(items(repo)) == 1
    shown = recent(repo.engine, subscriber)
    assert [v.act.id for v in shown] == [housing]
    assert "жилищно-коммунальное хозяйство" in str(shown[0].why[0])


def test_acts_filed_before_subscriptions_began_are_not_mailed_out(repo: Repository) -> None:
    """A repository upgraded with years of acts in its log must not send them all to its
    first subscriber: the consumer starts at the head of the log."""
    old = file(repo, "10", HOUSING)  # before init registered the consumer
    repo.init()
    deputy(repo)
    new = file(repo, "20", "О ремонте объектов жилищно-коммунального хозяйства")

    assert [i.document_id for i in items(repo)] == [new]
    assert old != new


def test_a_thesaurus_word_and_a_heading_find_acts_in_their_own_words(repo: Repository) -> None:
    repo.init()
    subscriber = deputy(repo, email=None)
    subscribers.add_profile(
        repo.engine, subscriber, subscribers.ProfileFields(query="ЖКХ"), "deputy"
    )
    budget = subscribers.add_profile(
        repo.engine, subscriber, subscribers.ProfileFields(rubric="budget_taxes"), "deputy"
    )
    housing = file(repo, "10", HOUSING)
    other = file(repo, "11", "О бюджете поселения на 2026 год")
    add_rubrics(repo.engine, [other], ("budget_taxes",), "librarian")
    repo.update_index()

    told = {i.document_id: i for i in items(repo)}

    # One item per act however many profiles found it, naming each.
    assert set(told) == {housing, other}
    titles = {p["title"] for p in told[housing].detail["profiles"]}
    assert titles == {"жилищно-коммунальное хозяйство", "ЖКХ"}
    assert told[other].profile_id == budget.id
    assert told[other].detail["filters"] == {"rubric": "budget_taxes"}


def test_an_act_held_for_review_is_told_of_when_it_is_published(repo: Repository) -> None:
    repo.init()
    deputy(repo)
    text = act_text(number="10", title=HOUSING, issuer=ZARECHNOE)
    held = repo.ingestor("test", WayIn.HELD).ingest(RawFile(docx_bytes(text), "10.docx"))
    assert held.document_id is not None
    repo.update_index()
    assert items(repo) == []  # the public does not see it: nor do subscribers

    publication.publish(repo.engine, [held.document_id], "librarian")
    repo.update_index()

    assert [i.document_id for i in items(repo)] == [held.document_id]


def test_an_act_told_of_is_followed_to_its_amendment_and_repeal(repo: Repository) -> None:
    repo.init()
    subscriber = deputy(repo)
    target = file(repo, "17", HOUSING, adopted=date(2016, 2, 1))
    amending = file(
        repo,
        "52",
        "О внесении изменений в постановление администрации от 01.02.2016 № 17",
        body="Внести в постановление администрации от 01.02.2016 № 17 следующие изменения.",
        adopted=date(2021, 3, 3),
    )
    repealing = file(
        repo,
        "80",
        "О признании утратившим силу постановления от 01.02.2016 № 17",
        body="Признать утратившим силу постановление администрации от 01.02.2016 № 17.",
        adopted=date(2022, 6, 1),
    )

    about_target = [(i.reason, i.detail.get("by")) for i in items(repo) if i.document_id == target]

    assert about_target == [("new", None), ("amended", amending), ("repealed", repealing)]
    why = [str(w) for v in recent(repo.engine, subscriber) for w in v.why if v.act.id == target]
    assert any("amended by Постановление от 03.03.2021 № 52" in w for w in why)
    consumer.follow(repo.engine)
    assert len(items(repo)) == len(about_target)  # read again, nothing twice


def test_following_an_act_tells_of_its_changes_only(repo: Repository) -> None:
    repo.init()
    target = file(repo, "17", "О порядке выдачи ордеров", adopted=date(2016, 2, 1))
    subscriber = deputy(repo, email=None)
    subscribers.add_profile(
        repo.engine,
        subscriber,
        subscribers.ProfileFields(follow_document_id=target),
        "deputy",
    )
    repealing = file(
        repo,
        "80",
        "О признании утратившим силу постановления от 01.02.2016 № 17",
        body="Признать утратившим силу постановление администрации от 01.02.2016 № 17.",
        adopted=date(2022, 6, 1),
    )

    told = items(repo)

    assert [(i.document_id, i.reason, i.detail["by"]) for i in told] == [
        (target, "repealed", repealing)
    ]
