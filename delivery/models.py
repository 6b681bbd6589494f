"""A supported plan in delivery: its milestones and its progress reports."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.history import HistoryEntry
from delivery.workflow import (
    AGREED_MILESTONES,
    CLOSED_PLANS,
    OPEN_MILESTONES,
    MilestoneStatus,
    PlanStatus,
    ReportStatus,
)
from proposals.models import private_storage

# The NGO reports at least this often while its plan is in delivery,
# counted from the approval or its last report (``send_reminders``).
REPORT_EVERY_DAYS = 90


class Plan(models.Model):
    """An approved proposal being carried out.

    Its key is the proposal's, so the plan's public page has the proposal's
    number. Made on first need (``delivery.services.plan_for``): an approved
    proposal without a row is a plan in delivery with nothing agreed yet.
    """

    proposal = models.OneToOneField(
        "proposals.Proposal",
        verbose_name=_("proposal"),
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="plan",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PlanStatus.choices,
        default=PlanStatus.IN_DELIVERY,
        db_index=True,
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True)
    # Why a plan was discontinued: public, on the plan's page.
    closing_reason = models.TextField(_("reason for closing"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan in delivery")
        verbose_name_plural = _("plans in delivery")
        ordering = ["-proposal__decided_at", "-proposal_id"]
        permissions = [
            ("follow_plan", _("follow supported plans: milestones and reports")),
        ]

    def __str__(self):
        return str(self.proposal)

    def get_absolute_url(self):
        return reverse("delivery:plan", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_PLANS


def progress(milestones) -> int:
    """The share of the agreed ``milestones`` done, in whole percent."""
    counted = [m for m in milestones if m.status in AGREED_MILESTONES]
    if not counted:
        return 0
    done = sum(m.status == MilestoneStatus.DONE for m in counted)
    return round(100 * done / len(counted))


class Milestone(models.Model):
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan"),
        on_delete=models.PROTECT,
        related_name="milestones",
    )
    title = models.CharField(_("title"), max_length=300)
    due_date = models.DateField(_("due date"), db_index=True)
    deliverable = models.TextField(
        _("deliverable"), help_text=_("what shows the milestone is reached")
    )
    amount = models.PositiveBigIntegerField(
        _("amount (rials)"), default=0, help_text=_("the part of the budget it uses")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MilestoneStatus.choices,
        default=MilestoneStatus.PROPOSED,
        db_index=True,
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.title

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status in OPEN_MILESTONES and self.due_date < today


class ProgressReport(models.Model):
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    period_start = models.DateField(pgettext_lazy("report period", "from"))
    period_end = models.DateField(pgettext_lazy("report period", "to"))
    work_done = models.TextField(_("what was done"))
    funds_spent = models.PositiveBigIntegerField(_("funds spent (rials)"))
    public_summary = models.TextField(
        _("public summary"),
        help_text=_(
            "shown on the plan's public page once the report is accepted; "
            "no names or other personal data"
        ),
    )
    is_final = models.BooleanField(
        _("final report"),
        default=False,
        help_text=_("the plan is completed once the working group accepts it"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReportStatus.choices,
        default=ReportStatus.SUBMITTED,
        db_index=True,
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True)
    # Why the report was returned: the NGO's to read, never public.
    return_reason = models.TextField(_("reason for returning"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), db_index=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["period_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="report_period_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.plan} · {self.period_start} – {self.period_end}"

    def get_absolute_url(self):
        return reverse("delivery:report", args=[self.plan_id, self.pk])


class Reach(models.Model):
    """Female-headed households and children a report reached in one province."""

    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="reach",
    )
    province = models.ForeignKey(
        "ngos.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    households = models.PositiveIntegerField(_("female-headed households"))
    children = models.PositiveIntegerField(_("children"), default=0)

    class Meta:
        verbose_name = _("households reached")
        verbose_name_plural = _("households reached")
        ordering = ["province_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "province"], name="one_reach_row_per_province"
            ),
        ]

    def __str__(self):
        return f"{self.province}: {self.households}"


def report_file_path(instance, filename):
    # The stored name says nothing of the original; the original is kept in
    # the row for the download.
    return f"reports/{instance.report.plan_id}/{uuid.uuid4().hex}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("report"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=report_file_path, max_length=200
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report attachment")
        verbose_name_plural = _("report attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse(
            "delivery:attachment",
            args=[self.report.plan_id, self.report_id, self.pk],
        )


class PlanEvent(HistoryEntry):
    """One status change of a plan, a milestone or a report: append-only."""

    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    # "delivery.Milestone" and so on: which table's move this was.
    subject = models.CharField(_("subject"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("object"))
    action = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("plan event")
        verbose_name_plural = _("plan events")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.subject} {self.object_id}: {self.from_status} → {self.to_status}"
