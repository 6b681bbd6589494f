"""Provinces and focus areas come from the cache and follow every change."""

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from ngos import reference
from ngos.models import NGO, FocusArea, Province

pytestmark = pytest.mark.django_db


def test_the_lists_are_read_once_then_from_the_cache(count_queries):
    with count_queries() as first:
        provinces, areas = reference.provinces(), reference.focus_areas()
    with count_queries() as again:
        assert reference.provinces() == provinces
        assert reference.focus_areas() == areas
    assert len(first) == 2
    assert len(again) == 0
    assert len(provinces) == 31
    assert provinces == list(Province.objects.all())
    assert areas == list(FocusArea.objects.all())


def test_provinces_follow_the_alphabet_of_the_language():
    with translation.override("fa"):
        persian = reference.provinces_in_language_order()
    with translation.override("en"):
        english = reference.provinces_in_language_order()
    assert english[0].name_en == "Alborz"
    assert [p.name_en for p in english] == sorted(p.name_en for p in english)
    assert persian[0].name_fa.startswith(("آ", "ا"))
    assert {p.code for p in persian} == {p.code for p in english}


def test_a_new_focus_area_is_offered_at_once(client):
    reference.focus_areas()
    FocusArea.objects.create(code="legal-aid-x", name_fa="یاری حقوقی ویژه", name_en="X")
    assert "legal-aid-x" in [area.code for area in reference.focus_areas()]
    with translation.override("fa"):
        page = client.get(reverse("ngos:list")).content.decode()
    assert 'value="legal-aid-x"' in page


def test_a_renamed_or_deleted_focus_area_is_forgotten():
    area = reference.focus_areas()[0]
    area.name_en = "Renamed in the admin"
    area.save()
    assert reference.focus_areas()[0].name_en == "Renamed in the admin"
    spare = FocusArea.objects.create(code="spare", name_fa="یدک", name_en="Spare")
    assert spare in reference.focus_areas()
    spare.delete()
    assert "spare" not in [a.code for a in reference.focus_areas()]


@pytest.mark.django_db(transaction=True)
def test_a_list_read_before_the_change_commits_is_not_kept():
    """Another request may read the old rows between the save and the
    commit and put them back in the cache; the commit forgets them again."""
    # Its own row: a transactional test cannot count on the data
    # migrations' rows, which an earlier one's flush may have emptied.
    area = FocusArea.objects.create(code="kept-x", name_fa="الف", name_en="old")
    with transaction.atomic():
        area.name_en = "renamed"
        area.save()
        # What a request outside the transaction would cache meanwhile.
        from django.core.cache import cache

        cache.set(reference.KEYS[FocusArea], [FocusArea(code="kept-x", name_en="old")])
    assert "renamed" in [a.name_en for a in reference.focus_areas()]


# attach: a page's provinces and focus areas from the reference lists ----------


def test_attach_lists_what_a_prefetch_lists_in_one_query(count_queries):
    from tests.factories import NGOFactory

    ngos = [
        NGOFactory(focus_areas=["education", "employment"]),
        NGOFactory(focus_areas=[]),
        NGOFactory(focus_areas=["legal-aid"], provinces_served=["IR-23", "IR-07"]),
    ]
    reference.focus_areas()
    reference.provinces()
    with count_queries() as queries:
        reference.attach(ngos, "focus_areas")
        reference.attach(ngos, "provinces_served")
    assert len(queries) == 2
    for ngo in NGO.objects.filter(pk__in=[n.pk for n in ngos]).prefetch_related(
        "focus_areas", "provinces_served"
    ):
        attached = next(n for n in ngos if n.pk == ngo.pk)
        assert attached.focus_areas_listed == list(ngo.focus_areas.all())
        assert attached.provinces_served_listed == list(ngo.provinces_served.all())
    assert ngos[1].focus_areas_listed == []
    assert [p.code for p in ngos[2].provinces_served_listed] == ["IR-07", "IR-23"]


def test_attach_takes_the_list_the_caller_has_and_skips_what_it_lacks():
    from tests.factories import NGOFactory

    first, second = reference.focus_areas()[:2]
    ngo = NGOFactory(focus_areas=[first, second])
    reference.attach([ngo], "focus_areas", listed=[second])
    assert ngo.focus_areas_listed == [second]
    reference.attach([], "focus_areas")  # an empty page: nothing to read


def test_attach_follows_the_order_of_the_reference_list():
    from tests.factories import NGOFactory

    areas = reference.focus_areas()
    ngo = NGOFactory(focus_areas=[areas[-1], areas[0], areas[2]])
    reference.attach([ngo], "focus_areas")
    assert ngo.focus_areas_listed == [areas[0], areas[2], areas[-1]]


# Where the cache is shared: each process keeps the lists in memory ----------


@pytest.fixture
def shared(settings):
    settings.SHARED_CACHE = True
    settings.PAGE_CACHE_SECONDS = 0


def test_with_a_shared_cache_the_lists_stay_in_the_process(shared, count_queries):
    from django.core.cache import cache

    with count_queries() as first:
        provinces, areas = reference.provinces(), reference.focus_areas()
    with count_queries() as again:
        assert reference.provinces() is provinces
        assert reference.focus_areas() is areas
    assert (len(first), len(again)) == (2, 0)
    assert cache.get(reference.KEYS[Province]) is None
    assert provinces == list(Province.objects.all())


def test_another_process_s_change_is_read_once_it_commits(shared):
    """A change made elsewhere reaches this process through the generation
    its commit bumps (here by hand: the test's transaction stays open)."""
    from core import pagecache

    area = reference.focus_areas()[0]
    FocusArea.objects.filter(pk=area.pk).update(name_en="Renamed elsewhere")
    assert reference.focus_areas()[0].name_en == area.name_en  # not committed
    pagecache.invalidate()
    assert reference.focus_areas()[0].name_en == "Renamed elsewhere"


def test_this_process_s_change_is_read_at_once(shared):
    area = reference.focus_areas()[0]
    area.name_en = "Renamed here"
    area.save()
    assert reference.focus_areas()[0].name_en == "Renamed here"
    area.delete()
    assert area.code not in [a.code for a in reference.focus_areas()]


def test_lists_in_memory_are_read_again_after_their_time(shared, monkeypatch):
    """What a bulk update without signals or a bump leaves lasts SECONDS."""
    area = reference.focus_areas()[0]
    FocusArea.objects.filter(pk=area.pk).update(name_en="Bulk renamed")
    monkeypatch.setattr(reference, "SECONDS", 0)
    assert reference.focus_areas()[0].name_en == "Bulk renamed"
