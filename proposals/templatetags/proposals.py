"""Proposals shown on other apps' pages (an NGO's profile, a meeting).

The NGO registry does not import this app; its templates load these tags.
"""

from django import template

from proposals.models import Proposal, Status

register = template.Library()


@register.inclusion_tag("proposals/includes/_presented_at_meeting.html")
def presented_proposals(meeting):
    """Proposals NGOs presented at ``meeting``: title and NGO, once submitted.

    A draft stays the NGO's own and a withdrawn proposal is not shown;
    supported ones say so.
    """
    proposals = (
        Proposal.objects.filter(
            presented_at_meeting=meeting, submitted_at__isnull=False
        )
        .exclude(status=Status.WITHDRAWN)
        .select_related("ngo")
        .order_by("reference")
    )
    return {"proposals": proposals, "approved": Status.APPROVED}


@register.inclusion_tag("proposals/includes/_supported_for_ngo.html")
def supported_proposals(ngo):
    proposals = (
        Proposal.objects.supported()
        .filter(ngo=ngo)
        .only("pk", "title", "reference", "decided_at", "summary")
        .order_by("-decided_at")
    )
    return {"proposals": proposals}
