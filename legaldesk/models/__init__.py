"""The repository's tables. One module per area; everything is re-exported here."""

from legaldesk.models.audit import AuditEvent
from legaldesk.models.changes import Change, ConsumerPosition
from legaldesk.models.clippings import Clipping
from legaldesk.models.desk import (
    Answer,
    Branch,
    CalendarDay,
    CitedAct,
    CitedSource,
    DeadlineRule,
    DeskRequest,
    RequestCounter,
    Requester,
    RequestEvent,
    RequestRubric,
    ReviewFlag,
    SearchGap,
)
from legaldesk.models.documents import (
    Document,
    DocumentRubric,
    IssuerVariant,
    Organization,
    Version,
)
from legaldesk.models.dossiers import Dossier, DossierDelivery, DossierItem, DossierSection
from legaldesk.models.harvest import HarvestError, HarvestRun, RemoteFile, Source
from legaldesk.models.limits import RateLimit
from legaldesk.models.mail import OutboxMessage
from legaldesk.models.qa import QaEntry, QaEntryRubric, QaRevision
from legaldesk.models.relations import ActReference, ExternalAct
from legaldesk.models.rubrics import Rubric
from legaldesk.models.subscriptions import Subscriber, SubscriptionItem, SubscriptionProfile
from legaldesk.models.thesaurus import ThesaurusEntry
from legaldesk.models.users import CLIENTS, ROLES, LoginThrottle, StaffSession, User
from legaldesk.models.website import RequestLink, WebsiteRequest
from legaldesk.vocabulary import DocType, Level, Material, Publication, Status, TextMethod

__all__ = [
    "CLIENTS",
    "ROLES",
    "ActReference",
    "Answer",
    "AuditEvent",
    "Branch",
    "CalendarDay",
    "Change",
    "CitedAct",
    "CitedSource",
    "Clipping",
    "ConsumerPosition",
    "DeadlineRule",
    "DeskRequest",
    "DocType",
    "Document",
    "DocumentRubric",
    "Dossier",
    "DossierDelivery",
    "DossierItem",
    "DossierSection",
    "ExternalAct",
    "HarvestError",
    "HarvestRun",
    "IssuerVariant",
    "Level",
    "LoginThrottle",
    "Material",
    "Organization",
    "OutboxMessage",
    "Publication",
    "QaEntry",
    "QaEntryRubric",
    "QaRevision",
    "RateLimit",
    "RemoteFile",
    "RequestCounter",
    "RequestEvent",
    "RequestLink",
    "RequestRubric",
    "Requester",
    "ReviewFlag",
    "Rubric",
    "SearchGap",
    "Source",
    "StaffSession",
    "Status",
    "Subscriber",
    "SubscriptionItem",
    "SubscriptionProfile",
    "TextMethod",
    "ThesaurusEntry",
    "User",
    "Version",
    "WebsiteRequest",
]
