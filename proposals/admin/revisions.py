"""The "changes since the last submission" page of a proposal.

``/admin/proposals/proposal/<pk>/changes/`` compares the proposal's last two
revisions (``?from=N&to=M`` any two): each field side by side, old and new,
long text word by word, the files added and removed, and the NGO's own
account of what it changed. Whoever may read the proposal in the admin may
read it (the proposal admin's queryset: submitted proposals, for staff with
the right to view them).
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext

from proposals import revisions


def _number(value) -> int | None:
    """A revision number from the query string; ``None`` when absent, 404
    when it is not a number."""
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise Http404 from None


class ProposalRevisionsMixin:
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/changes/",
                self.admin_site.admin_view(self.changes_view),
                name="{}_{}_changes".format(*info),
            ),
            *super().get_urls(),
        ]

    def changes_view(self, request, object_id):
        proposal = self.get_object(request, unquote(object_id))
        if proposal is None:
            raise Http404
        if not self.has_view_permission(request, proposal):
            raise PermissionDenied
        kept = list(proposal.revisions.select_related("submitted_by"))
        by_number = {revision.number: revision for revision in kept}
        to = _number(request.GET.get("to"))
        since = _number(request.GET.get("from"))
        if to is None:
            to = kept[-1].number if kept else None
        if since is None and to is not None:
            since = to - 1 if to > 1 else to
        for number in (since, to):
            if number is not None and number not in by_number:
                raise Http404
        comparison = None
        if since is not None and since != to:
            comparison = revisions.compare(by_number[since], by_number[to])
        url = reverse("admin:proposals_proposal_changes", args=[proposal.pk])
        listed = [
            {
                "revision": revision,
                "label": revisions.describe_revision(revision),
                "url": f"{url}?from={revision.number - 1}&to={revision.number}"
                if revision.number > 1
                else "",
                "shown": revision.number == to and since == to - 1,
            }
            for revision in kept
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "proposal": proposal,
            "title": gettext("Changes since the last submission"),
            "subtitle": _subtitle(comparison),
            "comparison": comparison,
            "revisions": listed,
            "numbers": [
                (revision.number, revisions.describe_revision(revision))
                for revision in kept
            ],
            "since": since,
            "to": to,
        }
        return TemplateResponse(
            request, "admin/proposals/proposal/changes.html", context
        )


def _subtitle(comparison) -> str:
    if comparison is None:
        return ""
    return gettext("From %(old)s to %(new)s") % {
        "old": revisions.describe_revision(comparison.old),
        "new": revisions.describe_revision(comparison.new),
    }
