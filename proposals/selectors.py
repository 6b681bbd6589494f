"""Queries that several parts of the review share.

:func:`conflicted` is the one rule of who has a conflict of interest with an
NGO; the services (assigning, scoring, deciding), the sheets that count
towards a decision, the front page's counts and the reminders all ask it.
"""

from django.db.models import Q

from ngos.models import NGOChangeRequest, Representative
from proposals.models import ConflictOfInterest, Proposal


def conflicted(ngo, user_field: str = "pk") -> Q:
    """Where the user at ``user_field`` has a conflict of interest with
    ``ngo`` (an NGO, its key or an ``OuterRef`` to it).

    A user is conflicted with an NGO when they declared a conflict with it
    (on any of its proposals: it covers them all, present and future), or
    when they are linked to it in our records: they are one of its
    representatives, they wrote one of its proposals, or they asked for a
    change of its profile (the last two keep a former representative
    conflicted after they left). ``user_field`` is the path to the user
    from the filtered model ("pk" for users, "reviewer" for score sheets).
    """
    ngo = getattr(ngo, "pk", ngo)
    inside = f"{user_field}__in"
    return (
        Q(**{inside: ConflictOfInterest.objects.filter(ngo=ngo).values("reviewer")})
        | Q(**{inside: Representative.objects.filter(ngo=ngo).values("user")})
        | Q(**{inside: Proposal.objects.filter(ngo=ngo).values("created_by")})
        | Q(**{inside: NGOChangeRequest.objects.filter(ngo=ngo).values("requested_by")})
    )
