"""Calls, proposals and their review.

One module each: ``calls`` (calls for proposals and the standing call),
``rubric`` (the criteria a call's reviewers score), ``proposal`` (the
proposal, its queries and reference numbers), ``files`` (attachments and
their private storage), ``history`` (events, revisions and reminders,
append-only), ``letters`` (decision letters) and ``review`` (assignments,
score sheets, conflicts of interest); import them from here. Migrations
name the functions they use by their path here (``proposals.models.
standing_call``), so those stay importable from this package.
"""

from proposals.models.calls import (
    STANDING_CALL,
    Call,
    CallEvent,
    CallQuerySet,
    standing_call,
    time_left,
)
from proposals.models.files import (
    Attachment,
    PrivateStorage,
    attachment_path,
    private_storage,
)
from proposals.models.history import ProposalEvent, ProposalRevision, Reminder
from proposals.models.letters import (
    DecisionLetter,
    LetterSequence,
    new_verification_code,
)
from proposals.models.proposal import (
    STATUS_COUNTS_KEY,
    STATUS_COUNTS_SECONDS,
    SUPPORTED_COUNT_KEY,
    SUPPORTED_ORDER,
    Proposal,
    ProposalQuerySet,
    ReferenceSequence,
    forget_status_counts,
)
from proposals.models.review import (
    ConflictOfInterest,
    ReviewAssignment,
    Score,
    ScoreSheet,
    ScoreSheetVersion,
)
from proposals.models.rubric import (
    DEFAULT_RUBRIC,
    SCORE_VALUES,
    Criterion,
    add_default_rubric,
)
from proposals.workflow import Status

__all__ = [
    "DEFAULT_RUBRIC",
    "SCORE_VALUES",
    "STANDING_CALL",
    "STATUS_COUNTS_KEY",
    "STATUS_COUNTS_SECONDS",
    "SUPPORTED_COUNT_KEY",
    "SUPPORTED_ORDER",
    "Attachment",
    "Call",
    "CallEvent",
    "CallQuerySet",
    "ConflictOfInterest",
    "Criterion",
    "DecisionLetter",
    "LetterSequence",
    "PrivateStorage",
    "Proposal",
    "ProposalEvent",
    "ProposalQuerySet",
    "ProposalRevision",
    "ReferenceSequence",
    "Reminder",
    "ReviewAssignment",
    "Score",
    "ScoreSheet",
    "ScoreSheetVersion",
    "Status",
    "add_default_rubric",
    "attachment_path",
    "forget_status_counts",
    "new_verification_code",
    "private_storage",
    "standing_call",
    "time_left",
]
