"""One timeline behind the admin's "History" button.

Django's history page lists only the admin's ``LogEntry`` rows, which is
"no history" for most objects: their real record is the app's own history
(status changes, comments, score sheets, attachments). ``TimelineAdminMixin``
replaces that page with one Jalali timeline of everything: each app's
ModelAdmin supplies its entries through ``timeline_entries``, the mixin adds
the admin's log rows and sorts all by time, oldest first. Core imports no app.
"""

import datetime
from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@dataclass
class TimelineEntry:
    """One line of the timeline: when, who, what kind of thing, and what."""

    at: datetime.datetime
    kind: str
    text: str
    actor: object = None
    # Longer words: a reason, a comment, old → new values.
    detail: str = ""


def person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


class TimelineAdminMixin:
    """See the module's docstring. Override ``timeline_entries``."""

    timeline_template = "admin/timeline.html"

    def timeline_entries(self, request, obj) -> list[TimelineEntry]:
        """The app's own record of ``obj``, in any order."""
        return []

    def log_entries(self, obj) -> list[TimelineEntry]:
        rows = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
        ).select_related("user")
        return [
            TimelineEntry(
                at=row.action_time,
                kind=gettext("admin"),
                text=row.get_change_message() or str(row),
                actor=row.user,
            )
            for row in rows
        ]

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        entries = [*self.timeline_entries(request, obj), *self.log_entries(obj)]
        entries.sort(key=lambda entry: entry.at)
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %s") % obj,
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "module_name": str(capfirst(self.opts.verbose_name_plural)),
            "entries": entries,
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.timeline_template, context)
