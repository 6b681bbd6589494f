"""Proposals shown on other apps' pages (an NGO's profile, a meeting).

The NGO registry does not import this app; its templates load these tags.
"""

from django import template

from proposals.models import Proposal

register = template.Library()


@register.inclusion_tag("proposals/includes/_supported_for_ngo.html")
def supported_proposals(ngo):
    proposals = (
        Proposal.objects.supported()
        .filter(ngo=ngo)
        .only("pk", "title", "reference", "decided_at", "summary")
        .order_by("-decided_at")
    )
    return {"proposals": proposals}
