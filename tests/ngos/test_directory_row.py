"""The directory's row written by ``{% directory_row %}``: the same markup,
in both languages, as the template row it replaced (kept here as the
reference), its focus areas listed by ``ngos.reference.attach`` as the
directory lists them."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from ngos import reference
from tests.factories import NGOFactory

pytestmark = pytest.mark.django_db

ROW = """<li class="card mb-3">
  <div class="card-body">
    <h2 class="h5 card-title mb-1"><a href="{{ ngo.get_absolute_url }}"{{ ngo.display_name|lang_attrs }}>{{ ngo.display_name }}</a></h2>
    <p class="text-body-secondary small mb-2">{% blocktranslate trimmed with city=ngo.city|in_language province=ngo.province.name %}{{ city }}, {{ province }}{% endblocktranslate %}</p>
    {% if ngo.description %}<p class="card-text mb-2"{{ ngo.description|lang_attrs }}>{{ ngo.description|truncatewords:30 }}</p>{% endif %}
    <ul class="list-inline mb-0" aria-label="{% translate "Focus areas" %}">
      {% for area in ngo.focus_areas.all %}<li class="list-inline-item badge text-bg-secondary fw-normal">{{ area.name }}</li>{% endfor %}
    </ul>
  </div>
</li>"""


def render(source, **context):
    html = Template("{% load directory i18n persian %}" + source).render(
        Context(context)
    )
    # Only the whitespace between tags differs.
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("language", ["fa", "en"])
def test_directory_rows_are_the_template_rows(language):
    ngos = [
        NGOFactory(focus_areas=["1", "2"], description=" ".join(["کلمه"] * 40)),
        NGOFactory(name="<b>Hope</b> & Co", name_en="", city="Shiraz", description=""),
        NGOFactory(city="", description="Helps <i>women</i>\nin Tehran"),
    ]
    reference.attach(ngos, "focus_areas")
    with translation.override(language):
        for ngo in ngos:
            assert render("{% directory_row n %}", n=ngo) == render(ROW, ngo=ngo)
    assert "<b>Hope</b>" not in render("{% directory_row n %}", n=ngos[1])
