"""Decision letters and their numbers."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.history import HistoryEntry
from proposals.models.history import ProposalEvent
from proposals.models.proposal import Proposal


class LetterSequence(models.Model):
    """The last decision-letter number given in each Jalali year."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("letter sequence")
        verbose_name_plural = _("letter sequences")

    def __str__(self):
        return f"{self.year}: {self.last}"


def new_verification_code() -> str:
    """96 random bits in hexadecimal: a code nobody can guess or count up to."""
    return secrets.token_hex(12)


class DecisionLetter(HistoryEntry):
    """The letter that tells an NGO a decision on its proposal: append-only.

    Issued by ``proposals.services.transition`` in the decision's own
    transaction (``proposals.letters.issue_letter``). Everything the letter
    says is copied into it when it is issued, so that renaming the NGO or
    the call later never changes a letter already sent; the PDF is drawn
    from these fields (``proposals.letter_pdf``). A correction is a new
    letter that ``supersedes`` the old one; both are kept.
    """

    class Kind(models.TextChoices):
        APPROVED = "approved", pgettext_lazy("letter kind", "approval")
        REJECTED = "rejected", pgettext_lazy("letter kind", "rejection")
        CHANGES_REQUESTED = (
            "changes_requested",
            pgettext_lazy("letter kind", "request for changes"),
        )
        WITHDRAWN = "withdrawn", pgettext_lazy("letter kind", "withdrawal by staff")

    number = models.CharField(_("letter number"), max_length=20, unique=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        on_delete=models.PROTECT,
        related_name="letters",
    )
    # The status change the letter announces; a correction has none of its own.
    event = models.ForeignKey(
        ProposalEvent,
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
    )
    kind = models.CharField(_("decision"), max_length=20, choices=Kind.choices)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="fa"
    )
    ngo_name = models.CharField(_("NGO"), max_length=300)
    ngo_name_en = models.CharField(_("NGO in English"), max_length=300, blank=True)
    reference = models.CharField(_("reference"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=200)
    call_title = models.CharField(_("call"), max_length=200)
    call_title_en = models.CharField(_("call in English"), max_length=200, blank=True)
    reason_code = models.CharField(_("reason"), max_length=30, blank=True)
    reason = models.TextField(_("explanation"), blank=True)
    approved_amount = models.PositiveBigIntegerField(
        _("approved amount (rials)"), null=True, blank=True
    )
    conditions = models.TextField(_("conditions"), blank=True)
    # The meeting decision that approved the proposal, as it stood when the
    # letter was issued (copied, like everything a letter says).
    meeting_title = models.CharField(_("meeting"), max_length=300, blank=True)
    meeting_date = models.DateField(_("date of the meeting"), null=True, blank=True)
    meeting_decision = models.PositiveSmallIntegerField(
        _("number of the meeting's decision"), null=True, blank=True
    )
    objection_due = models.DateField(_("objections until"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decider_name = models.CharField(_("decider's name"), max_length=300)
    decider_position = models.CharField(_("decider's position"), max_length=300)
    decider_position_en = models.CharField(
        _("decider's position in English"), max_length=300, blank=True
    )
    verification_code = models.CharField(
        _("verification code"),
        max_length=32,
        unique=True,
        default=new_verification_code,
        editable=False,
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("corrects the letter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    correction_reason = models.TextField(_("why it was corrected"), blank=True)

    class Meta:
        verbose_name = _("decision letter")
        verbose_name_plural = _("decision letters")
        ordering = ["issued_at", "pk"]
        indexes = [
            models.Index(fields=["proposal", "issued_at"], name="letter_proposal"),
        ]

    def __str__(self):
        return f"{self.number} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("letters:verify", args=[self.verification_code])
