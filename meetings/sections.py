"""What the meeting record shows on other apps' pages (see ``core.sections``)."""

from core import sections
from meetings.models import Meeting

LATEST_MEETINGS_ON_HOME = 3


def meetings_attended(ngo) -> list[Meeting]:
    """Held meetings with approved minutes that someone from ``ngo`` attended.

    Newest first; one query. Draft minutes are not public, so a meeting
    appears here only once its record is.
    """
    return list(
        Meeting.objects.with_public_minutes()
        .filter(participants__ngo=ngo, participants__attended=True)
        .distinct()
        .order_by("-starts_at", "-pk")
    )


def latest_meetings() -> list[Meeting]:
    return list(
        Meeting.objects.public().order_by("-starts_at", "-pk")[:LATEST_MEETINGS_ON_HOME]
    )


def register() -> None:
    sections.register(
        sections.Section(
            place=sections.HOME,
            template="meetings/includes/_latest_meetings.html",
            context=lambda _none: {"latest_meetings": latest_meetings()},
            order=10,
        )
    )
    sections.register(
        sections.Section(
            place=sections.NGO_PROFILE,
            template="meetings/includes/_ngo_meetings.html",
            context=lambda ngo: {"ngo": ngo, "meetings": meetings_attended(ngo)},
            order=20,
        )
    )
