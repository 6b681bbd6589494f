"""The Atom feed of the meeting record: ``/meetings/feed/``.

It carries every meeting whose page is public (announcements of scheduled
and cancelled meetings, and held meetings with approved minutes), newest
first. An entry keeps its id when the meeting's minutes are approved later,
and its ``updated`` date moves, so feed readers show the change.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting

FEED_LENGTH = 30


class MeetingFeed(Feed):
    feed_type = Atom1Feed
    title = _("Meetings of the NGO working group on female-headed households")
    subtitle = _(
        "Announcements and approved minutes of the specialist working group's meetings"
    )
    author_name = _(
        "Deputy for Social Participation, Social Affairs Organization, "
        "Ministry of Interior"
    )
    description_template = "meetings/feeds/meeting_description.html"

    def link(self):
        return reverse("meetings:list")

    def feed_url(self):
        return reverse("meetings:feed")

    def items(self):
        return Meeting.objects.public().order_by("-starts_at", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.approved_at or item.updated_at

    def item_categories(self, item):
        if item.has_public_minutes:
            return [str(_("minutes approved"))]
        return [str(item.get_status_display())]
