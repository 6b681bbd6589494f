"""The meeting archive's search index, the database's refusal to change or
delete the meetings' history, and the Meeting secretaries' rights."""

from django.db import migrations

from core.migration_ops import AppendOnly, trigram_index
from core.roles import MEETING_SECRETARIES, grant

MODELS = ["meeting", "agendaitem", "participant", "statement", "decision"]


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("ngos", "0002_reference_data"),
        ("core", "0001_staff_groups"),
    ]

    operations = [
        trigram_index(name="meeting_search_key_trgm", table="meetings_meeting"),
        AppendOnly("meetingevent"),
        migrations.RunPython(
            grant(
                {
                    MEETING_SECRETARIES: [
                        *(
                            f"meetings.{action}_{model}"
                            for model in MODELS
                            for action in ("view", "add", "change", "delete")
                        ),
                        "meetings.view_actionitem",
                        "meetings.change_actionitem",
                        "meetings.view_meetingevent",
                        "meetings.approve_minutes",
                        "meetings.reopen_minutes",
                        "ngos.view_ngo",
                        "ngos.view_focusarea",
                    ],
                }
            ),
            migrations.RunPython.noop,
        ),
    ]
