"""A conflict of interest is with an NGO, not with one proposal: each
declaration gets the NGO of the proposal where it was declared, and a
reviewer has one declaration per NGO (the earliest is kept, later notes
added to it)."""

import django.db.models.deletion
from django.db import migrations, models


def carry_the_ngo_over(apps, schema_editor):
    ConflictOfInterest = apps.get_model("proposals", "ConflictOfInterest")
    alias = schema_editor.connection.alias
    kept = {}
    for conflict in (
        ConflictOfInterest.objects.using(alias)
        .select_related("proposal")
        .order_by("declared_at", "pk")
    ):
        key = (conflict.proposal.ngo_id, conflict.reviewer_id)
        first = kept.get(key)
        if first is None:
            conflict.ngo_id = conflict.proposal.ngo_id
            conflict.save(update_fields=["ngo"])
            kept[key] = conflict
            continue
        # A second declaration for the same NGO: its note joins the first.
        if conflict.note and conflict.note not in first.note:
            first.note = "\n".join(filter(None, [first.note, conflict.note]))
            first.save(update_fields=["note"])
        conflict.delete()
    if schema_editor.connection.vendor == "postgresql":
        # Check the new foreign keys now: PostgreSQL will not alter a table
        # with checks still pending in the transaction.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("ngos", "0002_reference_data"),
        ("proposals", "0005_proposal_revisions"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="conflictofinterest", name="one_conflict_per_reviewer"
        ),
        migrations.AddField(
            model_name="conflictofinterest",
            name="ngo",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="ngos.ngo",
                verbose_name="NGO",
            ),
        ),
        migrations.RunPython(carry_the_ngo_over, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="conflictofinterest",
            name="ngo",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="ngos.ngo",
                verbose_name="NGO",
            ),
        ),
        migrations.AlterField(
            model_name="conflictofinterest",
            name="proposal",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="conflicts",
                to="proposals.proposal",
                verbose_name="declared on",
            ),
        ),
        migrations.AddConstraint(
            model_name="conflictofinterest",
            constraint=models.UniqueConstraint(
                fields=("ngo", "reviewer"), name="one_conflict_per_reviewer_and_ngo"
            ),
        ),
    ]
