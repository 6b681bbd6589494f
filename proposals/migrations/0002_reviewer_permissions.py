from django.db import migrations

from workgroup.roles import REVIEWERS, grant


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0001_initial"),
        ("workgroup", "0001_staff_groups"),
    ]

    operations = [
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
                    ],
                }
            ),
            migrations.RunPython.noop,
        ),
    ]
