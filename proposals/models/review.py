"""The review of proposals: who reviews which, their score sheets and the
history of each, and reviewers' conflicts of interest."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import HistoryEntry
from core.jalali import format_short_datetime
from proposals.models.proposal import Proposal
from proposals.models.rubric import SCORE_VALUES, Criterion


class ConflictOfInterest(models.Model):
    """A reviewer's declaration that they must not review an NGO's proposals.

    The conflict is with the NGO: it covers every proposal of the NGO,
    present and future. ``proposal`` is where it was declared.
    ``proposals.selectors.conflicted`` is the one rule of who is conflicted.
    """

    ngo = models.ForeignKey(
        "ngos.NGO",
        verbose_name=_("NGO"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("declared on"),
        on_delete=models.PROTECT,
        related_name="conflicts",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("why"), blank=True)
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(
                fields=["ngo", "reviewer"], name="one_conflict_per_reviewer_and_ngo"
            )
        ]

    def __str__(self):
        return f"{self.reviewer} ↔ {self.ngo}"

    def save(self, *args, **kwargs):
        # Declared on a proposal, the conflict is with the proposal's NGO.
        if self.ngo_id is None and self.proposal_id is not None:
            self.ngo_id = self.proposal.ngo_id
        super().save(*args, **kwargs)


class ScoreSheet(models.Model):
    """One reviewer's scores of one proposal, on the working group's rubric."""

    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        on_delete=models.PROTECT,
        related_name="score_sheets",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.TextField(
        _("comment"), help_text=_("what the scores rest on; staff only")
    )
    set_aside_at = models.DateTimeField(
        _("set aside at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "when its reviewer declared a conflict of interest with the NGO: "
            "kept, but not counted"
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "reviewer"], name="one_sheet_per_reviewer"
            ),
        ]

    def __str__(self):
        return f"{self.reviewer} → {self.proposal}"

    @property
    def mean(self) -> float | None:
        """The weighted mean of the sheet's scores: sum(w*v)/sum(w).

        Reads ``scores`` with their criteria; prefetch
        ``scores__criterion`` when reading many sheets."""
        scores = list(self.scores.all())
        weights = sum(score.criterion.weight for score in scores)
        if not weights:
            return None
        return sum(s.criterion.weight * s.value for s in scores) / weights


class Score(models.Model):
    """One reviewer's score of one criterion, on their score sheet."""

    sheet = models.ForeignKey(
        ScoreSheet,
        verbose_name=_("score sheet"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="scores",
    )
    value = models.PositiveSmallIntegerField(
        _("score"), choices=[(n, str(n)) for n in SCORE_VALUES]
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["criterion__order", "criterion__pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "criterion"], name="one_score_per_criterion"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5),
                name="score_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class ScoreSheetVersion(HistoryEntry):
    """A score sheet as it was saved, each time: append-only, so that a
    changed score keeps the earlier one."""

    sheet = models.ForeignKey(
        ScoreSheet,
        verbose_name=_("score sheet"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    # [{"criterion": pk, "name": Persian name, "weight": w, "value": 1..5}]
    scores = models.JSONField(_("scores"))
    comment = models.TextField(_("comment"))

    class Meta:
        verbose_name = _("score sheet version")
        verbose_name_plural = _("score sheet versions")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.sheet} · {format_short_datetime(self.at)}"


class ReviewAssignment(models.Model):
    """A reviewer asked to score a proposal (several per proposal; the
    call says how many). ``Proposal.reviewer`` stays the one in charge."""

    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="review_assignments",
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "reviewer"], name="one_assignment_per_reviewer"
            )
        ]

    def __str__(self):
        return f"{self.reviewer} → {self.proposal}"
