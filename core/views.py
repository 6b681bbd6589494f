"""Site-wide pages: home, figures, where a user lands, errors, health."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from core import audit, stats
from core.exports import CSV_CONTENT_TYPE, csv_bytes, download
from core.history import HistoryIsAppendOnly
from core.models import SiteContact


class HomeView(TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["headlines"] = stats.headlines()
        return context


class StatsView(TemplateView):
    """The working group's figures: a chart and a table for each (cached)."""

    template_name = "core/stats.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(stats.figures(), headlines=stats.headlines())
        return context


class AboutView(TemplateView):
    template_name = "core/about.html"


class ContactView(TemplateView):
    """How to reach the secretariat and the registry office (kept in the
    admin: ``core.SiteContact``)."""

    template_name = "core/contact.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["offices"] = SiteContact.load().offices()
        return context


class PrivacyView(TemplateView):
    template_name = "core/privacy.html"


def stats_csv(request, slug):
    """One figure of the statistics page as a CSV file, in the page's language."""
    table = stats.figure(slug)
    if table is None:
        raise Http404
    return download(
        csv_bytes(table["columns"], table["rows"]),
        filename=f"{slug}.csv",
        content_type=CSV_CONTENT_TYPE,
    )


@login_required
def account(request):
    """Where each kind of user lands after signing in."""
    if request.user.is_staff:
        return redirect("admin:index")
    representative = getattr(request.user, "representative", None)
    if representative is not None and representative.can_act:
        return redirect("proposals:list")
    if representative is not None:
        return redirect("ngos:application")
    return redirect("home")


def permission_denied(request, exception=None):
    """The 403 page; every refusal also goes to the audit trail.

    A refusal of the record itself (a change of history) says so, in the
    visitor's language, instead of speaking of missing permissions.
    """
    audit.log("permission.refused", request=request, method=request.method)
    refusal = str(exception) if isinstance(exception, HistoryIsAppendOnly) else ""
    return render(request, "403.html", {"refusal": refusal}, status=403)


def bad_request(request, exception=None):
    """The 400 page, saying what was refused, in the page's language.

    Django answers a form too large to read (``DATA_UPLOAD_MAX_MEMORY_SIZE``)
    or with too many fields here. Like the 500 page it renders without the
    request's context: the request's data cannot be read again.
    """
    if isinstance(exception, RequestDataTooBig):
        kind = "too_large"
    elif isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        kind = "too_many_fields"
    else:
        kind = ""
    limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    html = loader.render_to_string("400.html", {"kind": kind, "limit": limit})
    return HttpResponseBadRequest(html)


def bench_baseline(request):
    """A fixed short answer, with no query and no template: what the site
    costs before any page does its work. Mounted only under ``make bench``
    (``settings.BENCH``)."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def healthz(request):
    """200 ``ok`` when the database answers a query, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse(
            "database unavailable", status=503, content_type="text/plain"
        )
    return HttpResponse("ok", content_type="text/plain")
