"""What the proposals show on other apps' pages (see ``core.sections``)."""

from django.utils import timezone

from core import sections
from core.pagination import kept
from ngos.models import NGO
from proposals.models import Call, Proposal, Status, time_left


def presented_at(meeting):
    """Proposals NGOs presented at ``meeting``: title and NGO, once submitted.

    A draft stays the NGO's own and a withdrawn proposal is not shown;
    supported ones say so.
    """
    return (
        Proposal.objects.filter(
            presented_at_meeting=meeting, submitted_at__isnull=False
        )
        .exclude(status=Status.WITHDRAWN)
        .select_related("ngo")
        # The list shows the title, the reference and the NGO as a link.
        .only(
            "title",
            "reference",
            "status",
            "ngo",
            *(f"ngo__{field}" for field in NGO.LINK_FIELDS),
        )
        .order_by("reference")
    )


# An NGO's profile lists its latest supported proposals and links to the
# rest: an NGO with 1,676 of them made a page of 273 KB.
SUPPORTED_ON_PROFILE = 10


def supported_for(ngo):
    return (
        Proposal.objects.supported()
        .filter(ngo=ngo)
        .only("pk", "title", "reference", "decided_at", "summary")
        .order_by("-decided_at", "-pk")
    )


def supported_on_profile(ngo) -> dict:
    """The latest supported proposals of ``ngo``, and how many it has in all
    (kept while public data is unchanged, ``core.pagination.kept``: counting
    the 3,000 of an NGO with 9,000 proposals was 5 ms of its profile)."""
    latest = list(supported_for(ngo)[:SUPPORTED_ON_PROFILE])
    total = kept(f"ngo-supported|{ngo.pk}", supported_for(ngo).count)
    return {"proposals": latest, "total": total, "ngo": ngo}


def open_calls():
    """The calls open now, closing soonest first, with the time left; the
    standing call last."""
    now = timezone.now()
    calls = list(Call.objects.open_at(now).order_by("is_standing", "closes_at", "pk"))
    for call in calls:
        call.time_left = time_left(call, now)
    return calls


def register() -> None:
    sections.register(
        sections.Section(
            place=sections.HOME,
            template="proposals/includes/_open_calls.html",
            context=lambda _none: {"open_calls": open_calls()},
            order=5,
        )
    )
    sections.register(
        sections.Section(
            place=sections.MEETING_RECORD,
            template="proposals/includes/_presented_at_meeting.html",
            context=lambda meeting: {
                "proposals": presented_at(meeting),
                "approved": Status.APPROVED,
            },
        )
    )
    sections.register(
        sections.Section(
            place=sections.NGO_PROFILE,
            template="proposals/includes/_supported_for_ngo.html",
            context=supported_on_profile,
            order=10,
        )
    )
