"""The proposals' search index, the database's refusal to change or delete
the proposals' history, and the Reviewers' and meeting secretaries' rights."""

from django.db import migrations

from core.migration_ops import AppendOnly, trigram_index
from core.roles import MEETING_SECRETARIES, REVIEWERS, grant


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0001_initial"),
        ("ngos", "0002_reference_data"),
        ("core", "0001_staff_groups"),
    ]

    operations = [
        trigram_index(name="proposal_search_key_trgm", table="proposals_proposal"),
        AppendOnly("proposalevent"),
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
                    ],
                    # Which proposals were presented at their meetings.
                    MEETING_SECRETARIES: ["proposals.present_proposal"],
                }
            ),
            migrations.RunPython.noop,
        ),
    ]
