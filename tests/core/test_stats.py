import datetime

import pytest
from django.core.cache import cache
from django.utils import translation

from core import stats
from meetings import services
from tests.factories import DecisionFactory, MeetingFactory, NGOFactory

pytestmark = pytest.mark.django_db


def table(slug):
    return stats.figure(slug)


def test_ngos_by_province_counts_verified_ngos_most_first():
    NGOFactory(province_id="IR-10")
    NGOFactory(province_id="IR-10")
    NGOFactory(province_id="IR-23")
    NGOFactory(province_id="IR-23", status="pending")
    rows = table("ngos-by-province")["rows"]
    assert rows[:2] == [["اصفهان", 2], ["تهران", 1]]
    # The 29 provinces with none are one row, after the others.
    with translation.override("en"):
        assert table("ngos-by-province")["rows"][2:] == [
            ["29 other provinces: none", 0]
        ]


def test_action_items_count_those_of_approved_minutes_only(secretary):
    approved = MeetingFactory()
    DecisionFactory(meeting=approved)
    DecisionFactory(meeting=approved, status="done", done_on=datetime.date(2018, 2, 1))
    DecisionFactory(meeting=approved, status="done", done_on=datetime.date(2018, 2, 1))
    DecisionFactory(meeting=approved, kind="decision")
    services.minutes_change_status(
        meeting=approved, to_status="approved", actor=secretary
    )
    DecisionFactory(meeting=MeetingFactory())  # draft minutes
    assert table("action-items")["rows"] == [["باز", 1], ["انجام‌شده", 2]]


def test_bars_are_lengths_relative_to_the_longest_with_a_sliver_for_small_values():
    rows = [["a", 1000], ["b", 250], ["c", 1], ["d", 0], ["e", None]]
    assert [bar["length"] for bar in stats.bars(rows, 1)] == [
        "100.00",
        "25.00",
        "0.50",
        "0.00",
        "0.00",
    ]


def test_figures_are_counted_once_for_every_language():
    NGOFactory(province_id="IR-10")
    assert table("ngos-by-province")["rows"][0] == ["اصفهان", 1]
    NGOFactory(province_id="IR-10")
    # Still the cached figure, in Persian and in English alike: the two
    # pages never disagree.
    assert table("ngos-by-province")["rows"][0] == ["اصفهان", 1]
    with translation.override("en"):
        assert table("ngos-by-province")["rows"][0] == ["Isfahan", 1]
    cache.clear()
    with translation.override("en"):
        assert table("ngos-by-province")["rows"][0] == ["Isfahan", 2]
    assert table("ngos-by-province")["rows"][0] == ["اصفهان", 2]


def test_equal_counts_follow_the_alphabet_of_each_language():
    NGOFactory(province_id="IR-10")  # Isfahan, اصفهان
    NGOFactory(province_id="IR-23")  # Tehran, تهران
    NGOFactory(province_id="IR-07")  # Fars, فارس
    assert [row[0] for row in table("ngos-by-province")["rows"][:3]] == [
        "اصفهان",
        "تهران",
        "فارس",
    ]
    with translation.override("en"):
        assert [row[0] for row in table("ngos-by-province")["rows"][:3]] == [
            "Fars",
            "Isfahan",
            "Tehran",
        ]


def test_a_single_zero_row_is_not_folded():
    rows = [[{"fa": "الف", "en": "a"}, 1], [{"fa": "ب", "en": "b"}, 0]]
    assert stats._fold_zero_rows(rows, str) == (rows, None)
    rows.append([{"fa": "پ", "en": "c"}, 0])
    shown, others = stats._fold_zero_rows(rows, lambda count: f"{count} others")
    assert shown == rows[:1]
    assert others == [{"fa": "2 others", "en": "2 others"}, 0]


def test_every_figure_is_registered_in_page_order():
    slugs = [figure["slug"] for figure in stats.figures()["figures"]]
    assert slugs == [
        "ngos-by-province",
        "proposals-by-status",
        "proposals-by-focus-area",
        "proposals-by-year",
        "supported-by-province",
        "budget-by-province",
        "approved-by-province",
        "approved-by-focus-area",
        "households-reached-by-province",
        "plans-by-outcome",
        "days-to-decision",
        "action-items",
    ]


def test_stats_page_shows_a_chart_a_table_and_a_download_for_each_figure(client):
    NGOFactory(province_id="IR-10")
    html = client.get("/stats/").content.decode()
    assert "<title>کارگروه به زبان آمار · " in html
    assert html.count('<div class="bar-chart" role="img"') == 1
    assert html.count('class="table table-sm stats-table"') == 1
    assert "<caption>سازمان‌ها بر پایه استان</caption>" in html
    assert 'href="/stats/ngos-by-province.csv" download>بارگیری در قالب CSV' in html
    # The other figures have nothing to count yet, and say so.
    assert "هنوز هیچ سازمانی طرحی نفرستاده است." in html
    assert "هنوز در هیچ جلسه‌ای اقدامی به تصویب نرسیده است." in html


def test_stats_page_is_in_the_main_navigation(client):
    html = client.get("/stats/").content.decode()
    assert 'aria-current="page" href="/stats/">آمار</a>' in html


def test_stats_page_runs_as_many_queries_with_many_rows_as_with_few(
    client, count_queries
):
    NGOFactory()
    with count_queries() as few:
        client.get("/en/stats/")
    for province in ("IR-01", "IR-02", "IR-03", "IR-10"):
        NGOFactory(province_id=province)
    cache.clear()
    with count_queries() as many:
        client.get("/en/stats/")
    assert len(many) == len(few)
    with count_queries() as cached:
        client.get("/en/stats/")
    assert len(cached) < len(few)


def test_a_figure_downloads_as_csv_in_the_language_of_the_page(client):
    NGOFactory(province_id="IR-10")
    response = client.get("/en/stats/ngos-by-province.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"] == 'attachment; filename="ngos-by-province.csv"'
    )
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines == [
        "Province,Verified NGOs",
        "Isfahan,1",
        "30 other provinces: none,0",
    ]
    persian = client.get("/stats/ngos-by-province.csv").content.decode("utf-8-sig")
    assert persian.splitlines()[:2] == ["استان,سازمان‌های تأییدشده", "اصفهان,1"]


def test_an_unknown_figure_is_not_found(client):
    assert client.get("/stats/nothing.csv").status_code == 404


def test_home_shows_the_headline_figures_with_a_link_to_the_statistics(client):
    NGOFactory()
    NGOFactory()
    MeetingFactory(approved=True)
    html = client.get("/").content.decode()
    assert (
        '<a class="card card-body h-100 headline-figure" href="/ngos/">'
        '<span class="headline-count">۲</span> '
        '<span class="headline-label">سازمان تأییدشده</span></a>'
    ) in html
    assert '<span class="headline-label">جلسه برگزارشده</span>' in html
    assert '<a href="/stats/">همه آمارها، با نمودار و جدول</a>' in html


def test_home_figures_are_cached_once_for_both_languages(client, count_queries):
    with count_queries() as first:
        client.get("/")
    with count_queries() as second:
        client.get("/en/")
    assert len(second) == len(first) - 4
