"""Hostile values in every changelist filter of every admin: never a 500.

The parameters are read from each registered ModelAdmin's own filters
(``list_filter`` and ``date_hierarchy``), so a filter added later is
covered without touching this test. A bad value must give the list
(perhaps empty) or Django's "invalid lookup" redirect to ``?e=1``.
"""

import datetime
import re
from urllib.parse import parse_qsl

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import (
    DecisionFactory,
    MeetingFactory,
    ProposalFactory,
    RepresentativeFactory,
)

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"
HOSTILE = [
    "\x00",
    "1\x00",
    HUGE,
    "-" + HUGE,
    "-1",
    "abc",
    "۱۴۰۳",
    "1e400",
    "x" * 5000,
]
# Comma-separated lists, as ``__in`` lookups read them.
HOSTILE_LISTS = [f"1,{HUGE}", "\x00,1", "abc,-1", ",".join(["9" * 30] * 50)]

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.fixture
def records():
    """A row in each list, so that every filter's query really runs."""
    proposal = ProposalFactory()
    RepresentativeFactory(ngo=proposal.ngo)
    DecisionFactory(meeting=MeetingFactory(), due_on=datetime.date(2018, 2, 4))


def changelist(model_admin, user):
    request = RequestFactory().get("/")
    request.user = user
    return model_admin.get_changelist_instance(request)


def filter_parameters(model_admin, user):
    """Every query parameter the admin's filters and drill-down read."""
    parameters = set()
    for spec in changelist(model_admin, user).filter_specs:
        for name in spec.expected_parameters():
            parameters.add(name)
            base, _sep, lookup = name.rpartition("__")
            if lookup in ("exact", "isnull", "isempty"):
                parameters.add(f"{base}__in")
            elif base:
                parameters.add(f"{name}__in")
    if model_admin.date_hierarchy:
        parameters.update(
            f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")
        )
    return sorted(parameters)


def offered_values(model_admin, user):
    """The values the filters offer, made hostile: ``ngo:7`` → ``ngo:9…9``.

    A filter that parses its value (a prefix, then a number) is reached
    only through values of its own shape.
    """
    cl = changelist(model_admin, user)
    queries = set()
    for spec in cl.filter_specs:
        for choice in spec.choices(cl):
            for name, value in parse_qsl(choice["query_string"].lstrip("?")):
                if name in ("e", "p", "o", "q") or not value:
                    continue
                queries.add((name, re.sub(r"[0-9]+", HUGE, value)))
                queries.add((name, value + "\x00"))
    return sorted(queries)


def test_every_registered_admin_has_its_filters_found(superuser):
    with_filters = [
        model._meta.label
        for model, model_admin in REGISTERED
        if filter_parameters(model_admin, superuser)
    ]
    assert {
        "auth.User",
        "ngos.NGO",
        "ngos.Representative",
        "meetings.Meeting",
        "meetings.ActionItem",
        "proposals.Proposal",
    } <= set(with_filters)


@pytest.mark.parametrize(
    "model_admin",
    [model_admin for _model, model_admin in REGISTERED],
    ids=[model._meta.label for model, _admin in REGISTERED],
)
def test_hostile_filter_values_never_fail(client, superuser, records, model_admin):
    opts = model_admin.model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    client.force_login(superuser)
    failures = []

    def attempt(query):
        try:
            response = client.get(url, query)
        except Exception as error:  # noqa: BLE001 - what failed is the finding
            failures.append((query, repr(error)[:200]))
            return
        if response.status_code == 200:
            return
        if response.status_code == 302 and response["Location"].endswith("?e=1"):
            return
        failures.append((query, f"status {response.status_code}"))

    for parameter in filter_parameters(model_admin, superuser):
        values = HOSTILE_LISTS if parameter.endswith("__in") else HOSTILE
        for value in values:
            attempt({parameter: value})
        # Several values for one parameter, as Django 5 filters accept.
        attempt({parameter: ["1", "\x00", HUGE]})
        if parameter.endswith(("__month", "__day")):
            year = parameter.rpartition("__")[0] + "__year"
            for value in HOSTILE:
                attempt({year: "2018", parameter: value})
        # Facet counts run the filters' queries again, as the page renders.
        attempt({parameter: "\x00", "_facets": "True"})
        attempt({parameter: HUGE, "_facets": "True"})
    for name, value in offered_values(model_admin, superuser):
        attempt({name: value})
    # The list's own parameters: search, ordering, page.
    for name in ("q", "o", "p"):
        for value in ("\x00", HUGE, "-1", "x" * 5000):
            attempt({name: value})
    assert not failures, "\n".join(
        f"{query!r:.120} -> {what}" for query, what in failures
    )


def exports():
    """The changelists' export URLs, read from the admins' own URLs."""
    for model, model_admin in REGISTERED:
        opts = model._meta
        for pattern in model_admin.get_urls():
            if pattern.name == f"{opts.app_label}_{opts.model_name}_export":
                yield (
                    model._meta.label,
                    reverse(f"admin:{pattern.name}", kwargs={"file_format": "csv"}),
                )


@pytest.mark.parametrize(("label", "url"), list(exports()))
def test_an_export_with_a_hostile_filter_goes_back_to_the_list(
    client, superuser, records, label, url
):
    client.force_login(superuser)
    for query in ({"status__exact": "\x00"}, {"q": "\x00"}, {"id__in": HUGE}):
        response = client.get(url, query)
        assert response.status_code == 302, (label, query)
        assert response["Location"].endswith("/?e=1")


@pytest.mark.parametrize("term", ["\x00", "a\x00b", HUGE, "x" * 5000])
def test_autocomplete_with_a_hostile_term_finds_nothing_rather_than_failing(
    client, superuser, records, term
):
    client.force_login(superuser)
    response = client.get(
        "/admin/autocomplete/",
        {
            "term": term,
            "app_label": "ngos",
            "model_name": "representative",
            "field_name": "ngo",
        },
    )
    assert response.status_code == 200
    assert response.json()["results"] == []
