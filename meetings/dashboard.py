"""The meeting secretaries' desk on the admin's front page."""

from django.utils import timezone

from meetings.models import ActionItem, Meeting


def secretary_desk(request):
    """Meetings over but not recorded as held, minutes awaiting approval and
    overdue action items, each oldest first.

    Three queries whatever the number of meetings; ``None`` for staff who
    may not change meetings.
    """
    user = request.user
    if not user.has_perm("meetings.change_meeting"):
        return None
    today = timezone.localdate()
    meetings = Meeting.objects.only("id", "title", "starts_at").order_by(
        "starts_at", "pk"
    )
    overdue = []
    if user.has_perm("meetings.view_actionitem"):
        overdue = [
            {"item": item, "days": (today - item.due_on).days}
            for item in ActionItem.objects.overdue()
            .select_related("meeting", "responsible_ngo")
            .order_by("due_on", "pk")[:10]
        ]
    return {
        "awaiting_record": list(meetings.awaiting_record()[:10]),
        "awaiting_approval": list(meetings.awaiting_approval()[:10]),
        "may_see_items": user.has_perm("meetings.view_actionitem"),
        "overdue_items": overdue,
    }
