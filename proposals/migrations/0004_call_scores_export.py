"""The permission to export a call's proposals with every reviewer's
scores, given to the Call managers group."""

from django.db import migrations

from core.roles import CALL_MANAGERS, grant


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0003_proposal_ngo_updated_index"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="proposal",
            options={
                "ordering": ["-created_at", "-pk"],
                "permissions": [
                    ("review_proposal", "Can review proposals and score them"),
                    ("decide_proposal", "Can approve or reject proposals"),
                    ("assign_proposal", "Can assign reviewers to proposals"),
                    ("export_proposal", "Can export proposals"),
                    (
                        "export_call_scores",
                        "Can export a call's proposals with their reviewers' scores",
                    ),
                    (
                        "present_proposal",
                        "Can record the meeting where proposals were presented",
                    ),
                ],
                "verbose_name": "proposal",
                "verbose_name_plural": "proposals",
            },
        ),
        migrations.RunPython(
            grant({CALL_MANAGERS: ["proposals.export_call_scores"]}),
            migrations.RunPython.noop,
        ),
    ]
