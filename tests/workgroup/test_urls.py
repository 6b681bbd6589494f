"""The URLs: the bare baseline page of ``make bench`` exists only when it is on."""

import importlib

import pytest
from django.test import override_settings
from django.urls import clear_url_caches

import workgroup.urls


def reload_urls():
    importlib.reload(workgroup.urls)
    clear_url_caches()


@pytest.fixture
def bench(request):
    """The URLs as they are with ``settings.BENCH`` set to the parameter."""
    with override_settings(BENCH=request.param):
        reload_urls()
        yield
    reload_urls()


@pytest.mark.django_db
@pytest.mark.parametrize("bench", [False], indirect=True)
def test_baseline_is_not_there_when_bench_is_off(bench, client):
    response = client.get("/bench/baseline")

    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("bench", [True], indirect=True)
def test_baseline_answers_when_bench_is_on(bench, client):
    response = client.get("/bench/baseline")

    assert response.status_code == 200
    assert response.content == b"ok"
    # It goes through the site's middleware like any page.
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in response.headers
