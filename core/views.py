"""Site-wide pages: home, figures, where a user lands, errors, health."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.db import DatabaseError, connection
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from core import audit, opendata, stats
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


class DataView(TemplateView):
    """``/data/``: every open dataset, its size, licence and downloads."""

    template_name = "core/data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["datasets"] = [
            {"dataset": dataset, "rows": dataset.count()}
            for dataset in opendata.datasets()
        ]
        context["licence_url"] = opendata.LICENCE_URL
        # The licence in every language, whichever the page's.
        context["licences"] = [
            {"code": code, "dir": "rtl" if code == "fa" else "ltr", "text": text}
            for code, text in opendata.in_every_language(opendata.LICENCE_TEXT).items()
        ]
        return context


def _dataset(slug) -> opendata.Dataset:
    dataset = opendata.get_dataset(slug)
    if dataset is None:
        raise Http404
    return dataset


class DatasetView(TemplateView):
    """``/data/<slug>/``: one dataset's data dictionary."""

    template_name = "core/dataset.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dataset = _dataset(kwargs["slug"])
        context.update(
            dataset=dataset,
            rows=dataset.count(),
            licence_url=opendata.LICENCE_URL,
            licence_text=opendata.LICENCE_TEXT,
        )
        return context


def _stream(chunks, *, slug, extension, content_type, disposition="attachment"):
    now = timezone.now()
    response = StreamingHttpResponse(chunks(now), content_type=content_type)
    filename = f"{slug}-{timezone.localdate(now).isoformat()}.{extension}"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Generated-At"] = now.isoformat(timespec="seconds")
    return response


@require_GET
def dataset_csv(request, slug):
    """A dataset as CSV, streamed; its row count in ``X-Row-Count``."""
    dataset = _dataset(slug)
    response = _stream(
        lambda now: opendata.csv_chunks(dataset),
        slug=slug,
        extension="csv",
        content_type=CSV_CONTENT_TYPE,
    )
    # Counted before the rows are read: a record published in between is
    # in the file but not in the count (the JSON counts what it wrote).
    response["X-Row-Count"] = str(dataset.count())
    return response


@require_GET
def dataset_json(request, slug):
    """A dataset as JSON, streamed, with its dictionary, time and count."""
    dataset = _dataset(slug)
    return _stream(
        lambda now: opendata.json_chunks(
            dataset,
            generated_at=now,
            url=request.build_absolute_uri(reverse("data_json", args=[slug])),
            dictionary_url=request.build_absolute_uri(reverse("dataset", args=[slug])),
        ),
        slug=slug,
        extension="json",
        content_type="application/json; charset=utf-8",
        disposition="inline",
    )


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
