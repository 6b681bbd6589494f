"""Queries that several parts of the review share.

:func:`conflicted` is the one rule of who has a conflict of interest with an
NGO; the services (assigning, scoring, deciding), the sheets that count
towards a decision, the front page's counts and the reminders all ask it.
"""

from django.db.models import Exists, OuterRef, Q

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
    # Each rule asks whether a row links this user to this NGO, so that an
    # index finds it. (As ``user IN (every author of the NGO's proposals)``
    # PostgreSQL read all of an NGO's proposals for each score sheet: 11 ms
    # of the admin's list at 100,000 proposals.) An ``OuterRef`` NGO points
    # from the subquery, as it did from ``IN (...)``.
    user = OuterRef(user_field)
    return (
        Q(Exists(ConflictOfInterest.objects.filter(ngo=ngo, reviewer=user)))
        | Q(Exists(Representative.objects.filter(ngo=ngo, user=user)))
        | Q(Exists(Proposal.objects.filter(ngo=ngo, created_by=user)))
        | Q(Exists(NGOChangeRequest.objects.filter(ngo=ngo, requested_by=user)))
    )
