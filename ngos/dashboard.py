"""The registry officers' desk on the admin's front page."""

from django.utils import timezone

from ngos.models import NGO, NGOChangeRequest

VERIFY = "ngos.verify_ngo"
DECIDE_CHANGES = "ngos.decide_change_request"


def registry_desk(request):
    """NGOs waiting for verification and the changes their representatives
    asked for, each oldest first with the days it has waited.

    Two queries whatever the number of NGOs (one for each list the user
    may act on); ``None`` for staff who may do neither.
    """
    user = request.user
    may_verify = user.has_perm(VERIFY)
    may_decide = user.has_perm(DECIDE_CHANGES)
    if not (may_verify or may_decide):
        return None
    today = timezone.localdate()

    def waiting(moment):
        return (today - timezone.localdate(moment)).days

    applications = []
    if may_verify:
        applications = [
            {"ngo": ngo, "days": waiting(ngo.created_at)}
            for ngo in NGO.objects.filter(status=NGO.Status.PENDING)
            .only("id", "name", "created_at")
            .order_by("created_at", "pk")[:10]
        ]
    change_requests = []
    if may_decide:
        change_requests = [
            {"request": change, "days": waiting(change.requested_at)}
            for change in NGOChangeRequest.objects.filter(
                status=NGOChangeRequest.Status.PENDING
            )
            .select_related("ngo")
            .only("id", "requested_at", "ngo__id", "ngo__name")
            .order_by("requested_at", "pk")[:10]
        ]
    return {
        "may_verify": may_verify,
        "may_decide": may_decide,
        "applications": applications,
        "change_requests": change_requests,
    }
