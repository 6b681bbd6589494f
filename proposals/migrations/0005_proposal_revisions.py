"""Each submission of a proposal keeps a revision, append-only; proposals
submitted before revisions existed get their revision 1 from their current
state."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.migration_ops import AppendOnly

# The form's fields when revisions came (proposals.services.CONTENT_FIELDS
# then), frozen so that this migration does the same on every database.
FIELDS = (
    "call",
    "title",
    "summary",
    "problem",
    "solution",
    "executive_plan",
    "target_group",
    "beneficiaries",
    "provinces",
    "focus_areas",
    "duration_months",
    "budget_rials",
    "co_funding_rials",
    "co_funding_source",
    "presented_at_meeting",
)
BATCH = 500


def first_revisions(apps, schema_editor):
    """Revision 1 of every proposal already submitted, as it stands now, by
    whoever sent it last (its author when the history does not say)."""
    from proposals.revisions import attachments_snapshot, snapshot

    Proposal = apps.get_model("proposals", "Proposal")
    ProposalEvent = apps.get_model("proposals", "ProposalEvent")
    ProposalRevision = apps.get_model("proposals", "ProposalRevision")
    alias = schema_editor.connection.alias
    batch = []
    proposals = (
        Proposal.objects.using(alias)
        .filter(submitted_at__isnull=False)
        # Idempotent: tests replay the data migrations.
        .exclude(revisions__isnull=False)
        .select_related("call", "presented_at_meeting")
        .order_by("pk")
    )
    for proposal in proposals.iterator(chunk_size=BATCH):
        sender = (
            ProposalEvent.objects.using(alias)
            .filter(proposal=proposal, kind="status", to_status="submitted")
            .order_by("-at", "-pk")
            .values_list("actor_id", flat=True)
            .first()
        )
        batch.append(
            ProposalRevision(
                proposal=proposal,
                number=1,
                submitted_at=proposal.last_submitted_at or proposal.submitted_at,
                submitted_by_id=sender or proposal.created_by_id,
                content=snapshot(proposal, FIELDS),
                attachments=attachments_snapshot(proposal),
            )
        )
        if len(batch) >= BATCH:
            ProposalRevision.objects.using(alias).bulk_create(batch)
            batch = []
    ProposalRevision.objects.using(alias).bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0004_call_scores_export"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ProposalRevision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("number", models.PositiveSmallIntegerField(verbose_name="number")),
                ("submitted_at", models.DateTimeField(verbose_name="submitted at")),
                ("content", models.JSONField(verbose_name="content")),
                (
                    "attachments",
                    models.JSONField(default=list, verbose_name="attachments"),
                ),
                (
                    "changes",
                    models.TextField(blank=True, verbose_name="what we changed"),
                ),
                (
                    "proposal",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="revisions",
                        to="proposals.proposal",
                        verbose_name="proposal",
                    ),
                ),
                (
                    "submitted_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="submitted by",
                    ),
                ),
            ],
            options={
                "verbose_name": "revision",
                "verbose_name_plural": "revisions",
                "ordering": ["proposal", "number"],
                "indexes": [
                    models.Index(
                        fields=["proposal", "number"], name="revision_proposal_number"
                    )
                ],
            },
        ),
        AppendOnly("proposalrevision"),
        migrations.RunPython(first_revisions, migrations.RunPython.noop),
    ]
