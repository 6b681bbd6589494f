import pytest
from django.utils import translation

from core.persian import search_key
from ngos.models import NGO
from tests.factories import NGOFactory

pytestmark = pytest.mark.django_db


def names(queryset):
    return sorted(ngo.name for ngo in queryset)


def test_search_key_is_set_on_save():
    ngo = NGOFactory(name="كانون كودكان", name_en="Kids", city="تهران", description="")
    assert ngo.search_key == search_key("کانون کودکان", "kids", "تهران")


def test_search_key_follows_update_fields():
    ngo = NGOFactory(name="الف")
    ngo.name = "کانون امید"
    ngo.save(update_fields=["name"])
    ngo.refresh_from_db()
    assert "امید" in ngo.search_key


def test_search_key_on_bulk_create():
    NGO.objects.bulk_create([NGOFactory.build(name="مؤسسه نور", province_id="IR-23")])
    assert NGO.objects.get(name="مؤسسه نور").search_key.startswith("موسسهنور")


def test_search_key_on_bulk_update():
    ngo = NGOFactory(name="قدیم")
    ngo.name = "جدید"
    NGO.objects.bulk_update([ngo], ["name"])
    ngo.refresh_from_db()
    assert ngo.search_key.startswith("جدید")


def test_search_key_on_queryset_update():
    ngo = NGOFactory(name="قدیم", city="قم")
    NGO.objects.filter(pk=ngo.pk).update(city="کرج")
    ngo.refresh_from_db()
    assert "کرج" in ngo.search_key
    assert "قم" not in ngo.search_key


def test_update_of_other_fields_leaves_keys_alone():
    ngo = NGOFactory(name="ثابت")
    key = ngo.search_key
    NGO.objects.filter(pk=ngo.pk).update(households_served=5)
    ngo.refresh_from_db()
    assert ngo.search_key == key


@pytest.mark.parametrize(
    "query", ["سازمان هاي", "سازمان\u200cهای", "سازمان های", "سازمانهای", "سازمانِ‌های"]
)
def test_search_spellings_of_ngo_find_each_other(query):
    NGOFactory(name="سازمان‌های مردم‌نهاد تهران")
    NGOFactory(name="انجمن دیگر")
    assert names(NGO.objects.search(query)) == ["سازمان‌های مردم‌نهاد تهران"]


@pytest.mark.parametrize("query", ["كودكان", "کودکان", "كودکان"])
def test_search_arabic_kaf_finds_persian_kaf(query):
    NGOFactory(name="کانون کودکان")
    assert names(NGO.objects.search(query)) == ["کانون کودکان"]


@pytest.mark.parametrize("query", ["۱۲", "12", "١٢"])
def test_search_digits_in_any_script(query):
    # English names of their own: the factory's hold a running number, which
    # may contain 12.
    NGOFactory(name="خانه ۱۲ فروردین", name_en="Farvardin House")
    NGOFactory(name="خانه امید", name_en="House of Hope")
    assert names(NGO.objects.search(query)) == ["خانه ۱۲ فروردین"]


def test_search_ignores_diacritics_and_tatweel():
    NGOFactory(name="جمعیت مُحِبّان")
    assert names(NGO.objects.search("محبـــان")) == ["جمعیت مُحِبّان"]


def test_search_needs_every_term():
    NGOFactory(name="کانون زنان", city="شیراز")
    NGOFactory(name="کانون زنان", city="تبریز", national_id="10380284790")
    assert NGO.objects.search("کانون شیراز").count() == 1


def test_search_finds_english_name_and_description():
    NGOFactory(name="الف", name_en="Mehr Charity", description="آموزش خیاطی")
    assert NGO.objects.search("mehr").count() == 1
    assert NGO.objects.search("خیاطی").count() == 1


def test_empty_search_returns_everything():
    NGOFactory.create_batch(3)
    assert NGO.objects.search("  \u200c ").count() == 3


def test_default_order_is_persian_alphabetical():
    for name in ["یاس", "گلستان", "پرستو", "آوا"]:
        NGOFactory(name=name)
    assert list(NGO.objects.values_list("name", flat=True)) == [
        "آوا",
        "پرستو",
        "گلستان",
        "یاس",
    ]


def test_in_province_includes_seat_and_provinces_served():
    seated = NGOFactory(name="در تهران", province_id="IR-23")
    serving = NGOFactory(
        name="خدمت در تهران", province_id="IR-10", provinces_served=["IR-23"]
    )
    NGOFactory(name="جای دیگر", province_id="IR-10")
    assert set(NGO.objects.in_province("IR-23")) == {seated, serving}


def test_founding_year_gregorian():
    assert NGOFactory(founding_year=1385).founding_year_gregorian == 2006


def test_names_in_a_language_asked_for_once():
    """Rows written in Python ask for the page's language once and take
    each name in it, whatever language is active meanwhile."""
    from ngos.models import Province

    province = Province.objects.get(code="IR-23")
    ngo = NGOFactory(name="انجمن امید", name_en="Omid Society")
    unnamed = NGOFactory(name="خانه مهر", name_en="")
    with translation.override("fa"):
        assert province.name_in("en") == province.name_en
        assert ngo.display_name_in("en") == "Omid Society"
    with translation.override("en"):
        assert province.name_in("fa") == province.name_fa == "تهران"
        assert ngo.display_name_in("fa") == "انجمن امید"
        assert unnamed.display_name_in("en") == "خانه مهر"
        assert province.name_in("en") == province.name == "Tehran"
        # A link takes the language asked for, which is the active one.
        assert (
            ngo.get_absolute_url("en")
            == ngo.get_absolute_url()
            == (f"/en/ngos/{ngo.pk}/")
        )
