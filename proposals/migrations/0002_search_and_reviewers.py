"""The proposals' search index, the database's refusal to change or delete
the proposals' history, and the Reviewers' and meeting secretaries' rights."""

import django.db.models.deletion
from django.db import migrations, models

import proposals.models
from core.migration_ops import AppendOnly, trigram_index
from core.roles import CALL_MANAGERS, MEETING_SECRETARIES, REVIEWERS, grant


def create_standing_call(apps, schema_editor):
    """The standing call ("open submissions"), which every proposal made
    before calls existed answers."""
    Call = apps.get_model("proposals", "Call")
    Proposal = apps.get_model("proposals", "Proposal")
    alias = schema_editor.connection.alias
    call = Call.objects.using(alias).filter(is_standing=True).first()
    if call is None:
        call = Call.objects.using(alias).create(**proposals.models.STANDING_CALL)
    Proposal.objects.using(alias).filter(call__isnull=True).update(call=call)
    if schema_editor.connection.vendor == "postgresql":
        # Check the new rows' deferred foreign keys now: PostgreSQL refuses
        # to alter a table with pending trigger events (the next operation
        # makes proposal.call required).
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def check_pending_constraints(apps, schema_editor):
    """On PostgreSQL, run the foreign key checks still pending for the rows
    written above now: it refuses to alter a table with pending checks."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def give_the_standing_call_its_rubric(apps, schema_editor):
    """The working group's five criteria are the standing call's rubric.
    (After the proposal's call is altered: PostgreSQL refuses to alter a
    table with rows whose foreign key checks are still pending.)"""
    Call = apps.get_model("proposals", "Call")
    alias = schema_editor.connection.alias
    for call in Call.objects.using(alias).filter(is_standing=True):
        proposals.models.add_default_rubric(
            call, apps.get_model("proposals", "Criterion")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0001_initial"),
        ("ngos", "0002_reference_data"),
        ("core", "0001_staff_groups"),
    ]

    operations = [
        trigram_index(name="proposal_search_key_trgm", table="proposals_proposal"),
        AppendOnly("proposalevent"),
        AppendOnly("callevent"),
        AppendOnly("scoresheetversion"),
        migrations.RunPython(create_standing_call, migrations.RunPython.noop),
        migrations.RunPython(check_pending_constraints, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="proposal",
            name="call",
            field=models.ForeignKey(
                default=proposals.models.standing_call,
                help_text="the call this proposal answers",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="proposals",
                to="proposals.call",
                verbose_name="call for proposals",
            ),
        ),
        migrations.RunPython(
            give_the_standing_call_its_rubric, migrations.RunPython.noop
        ),
        migrations.RunPython(
            grant(
                {
                    REVIEWERS: [
                        "proposals.view_proposal",
                        "proposals.change_proposal",
                        "proposals.review_proposal",
                        "proposals.decide_proposal",
                        "proposals.assign_proposal",
                        "proposals.export_proposal",
                        "proposals.view_proposalevent",
                        "proposals.view_attachment",
                        "proposals.view_conflictofinterest",
                        "proposals.add_conflictofinterest",
                        "proposals.view_scoresheet",
                        "proposals.add_scoresheet",
                        "proposals.change_scoresheet",
                        "proposals.view_call",
                        "proposals.view_criterion",
                    ],
                    # Which proposals were presented at their meetings.
                    MEETING_SECRETARIES: ["proposals.present_proposal"],
                    # Calls for proposals: made, opened and closed by them.
                    CALL_MANAGERS: [
                        "proposals.view_call",
                        "proposals.add_call",
                        "proposals.change_call",
                        "proposals.view_callevent",
                        "proposals.view_proposal",
                        # The call's rubric, until its first score.
                        "proposals.view_criterion",
                        "proposals.add_criterion",
                        "proposals.change_criterion",
                        "proposals.delete_criterion",
                    ],
                }
            ),
            migrations.RunPython.noop,
        ),
    ]
