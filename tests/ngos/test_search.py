"""The directory's search: which NGOs come first."""

import pytest

from ngos.models import NGO
from tests.factories import NGOFactory

pytestmark = pytest.mark.django_db


def test_the_ngo_of_that_name_comes_first_then_names_that_start_with_it():
    NGOFactory(name="انجمن حمایت از کودکان مهر", city="مهر")
    NGOFactory(name="مهر تابان")
    NGOFactory(name="آشیانه مهر")
    NGOFactory(name="مهر")
    NGOFactory(name="خانه امید")
    found = [ngo.name for ngo in NGO.objects.search("مهر")]
    assert found[:2] == ["مهر", "مهر تابان"]
    assert set(found[2:]) == {"انجمن حمایت از کودکان مهر", "آشیانه مهر"}
    assert "خانه امید" not in found
    # In any spelling: Arabic letter forms, a ZWNJ for the space.
    assert [ngo.name for ngo in NGO.objects.search("مهر‌تابان")][0] == "مهر تابان"
