"""The rows of a meeting's record written by tags (``statement_item``,
``decision_row``, ``matter_arising_row``, ``decision_status``): the same
markup, in both languages, as the template rows they replaced (kept here as
the reference), for every kind of row."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from ngos.models import NGO
from tests.factories import (
    DecisionFactory,
    MeetingFactory,
    NGOFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db

# The template rows as they were before the tags.
STATUS = (
    '{% if decision.status == "done" %}<span class="badge text-bg-success">'
    '{% translate "done" context "action item status" %}</span> <span'
    ' class="text-body-secondary">{{ decision.done_on|date_short }}</span>'
    '{% elif decision.is_overdue %}<span class="badge text-bg-danger">'
    '{% translate "overdue" %}</span>{% else %}<span class="badge text-bg-light'
    ' border">{% translate "open" context "action item status" %}</span>{% endif %}'
)
STATEMENT = """<li class="statement mb-3">
  <p class="statement-speaker mb-1">{% person statement.speaker %}</p>
  <div class="statement-text"{{ statement.text|lang_attrs }}>{{ statement.text|linebreaks }}</div>
</li>"""
DECISION = (
    """<tr>
  <td data-label="{% translate "No." %}">{{ number|digits }}</td>
  <th scope="row" class="fw-normal" data-label="{% translate "Decision or action item" %}"><span class="badge text-bg-light border me-1">{{ decision.get_kind_display }}</span> <span{{ decision.text|lang_attrs }}>{{ decision.text|linebreaksbr }}</span></th>
  <td data-label="{% translate "Responsible" %}">{% if decision.responsible_ngo %}{% ngo_name decision.responsible_ngo %}{% else %}<span{{ decision.responsible_body|lang_attrs }}>{{ decision.responsible_body|default:"—" }}</span>{% endif %}</td>
  <td data-label="{% translate "Due date" %}">{% if decision.due_on %}<time datetime="{{ decision.due_on|date:'Y-m-d' }}">{{ decision.due_on|date_short }}</time>{% else %}—{% endif %}</td>
  <td data-label="{% translate "Status" %}">{% if decision.is_action_item %}"""
    + STATUS
    + """{% else %}—{% endif %}</td>
</tr>"""
)
MATTER = (
    """<tr>
  <th scope="row" class="fw-normal" data-label="{% translate "Action item" %}"><span{{ action.text|lang_attrs }}>{{ action.text|linebreaksbr }}</span></th>
  <td data-label="{% translate "Agreed at" %}"><a href="{{ action.meeting.get_absolute_url }}"><span{{ action.meeting.title|lang_attrs }}>{{ action.meeting.title }}</span></a> <span class="text-nowrap">({{ action.meeting.starts_at|date_short }})</span></td>
  <td data-label="{% translate "Responsible" %}"><span{{ action.owner_name|lang_attrs }}>{{ action.owner_name|default:"—" }}</span></td>
  <td data-label="{% translate "Due date" %}">{% if action.due_on %}<time datetime="{{ action.due_on|date:'Y-m-d' }}">{{ action.due_on|date_short }}</time>{% else %}—{% endif %}</td>
  <td data-label="{% translate "Status" %}">{% with decision=action %}"""
    + STATUS
    + """{% endwith %}</td>
</tr>"""
)


def render(source, **context):
    html = Template("{% load i18n meeting_people persian %}" + source).render(
        Context(context)
    )
    # Only the whitespace between tags differs.
    return re.sub(r">\s+<", "><", html.strip())


def decisions():
    ngo = NGOFactory(status=NGO.Status.VERIFIED, name="انجمن امید")
    today = timezone.localdate()
    return [
        DecisionFactory(kind="decision", text="تصمیم اول\nسطر دوم", due_on=None),
        DecisionFactory(
            responsible_ngo=ngo,
            responsible_body="",
            due_on=today + datetime.timedelta(days=9),
        ),
        DecisionFactory(due_on=today - datetime.timedelta(days=3)),
        DecisionFactory(status="done", done_on=today, text="<b>&</b>"),
        DecisionFactory(responsible_body="", text="Train the staff"),
    ]


@pytest.mark.parametrize("language", ["fa", "en"])
def test_decision_rows_are_the_template_rows(language):
    with translation.override(language):
        for number, decision in enumerate(decisions(), start=1):
            expected = render(DECISION, decision=decision, number=number)
            assert render("{% decision_row d n %}", d=decision, n=number) == expected


@pytest.mark.parametrize("language", ["fa", "en"])
def test_matters_arising_rows_are_the_template_rows(language):
    with translation.override(language):
        for action in decisions()[1:]:
            expected = render(MATTER, action=action)
            assert render("{% matter_arising_row a %}", a=action) == expected


@pytest.mark.parametrize("language", ["fa", "en"])
def test_statements_are_the_template_statements(language):
    statements = [
        StatementFactory(text="بند نخست\n\nبند دوم\nسطر دیگر"),
        StatementFactory(text="<script>alert(1)</script> & so on"),
    ]
    with translation.override(language):
        for statement in statements:
            expected = render(STATEMENT, statement=statement)
            assert render("{% statement_item s %}", s=statement) == expected
    assert "<script>" not in render("{% statement_item s %}", s=statements[1])


def test_a_status_says_done_overdue_or_open_in_persian():
    done, overdue, open_ = decisions()[3], decisions()[2], decisions()[1]
    with translation.override("fa"):
        assert "انجام‌شده" in render("{% decision_status d %}", d=done)
        assert "text-bg-danger" in render("{% decision_status d %}", d=overdue)
        assert "text-bg-light" in render("{% decision_status d %}", d=open_)


MEETING_STATUS = '{% if meeting.status == "held" %}{% if meeting.is_approved %}<span class="badge text-bg-success">{% translate "minutes approved" %}</span>{% else %}<span class="badge text-bg-warning">{% translate "draft minutes" %}</span>{% endif %}{% elif meeting.status == "cancelled" %}<span class="badge text-bg-secondary">{% translate "cancelled" context "meeting status" %}</span>{% else %}<span class="badge text-bg-primary">{% translate "scheduled" context "meeting status" %}</span>{% endif %}'
MEETING_SUMMARY = (
    """<article class="meeting-summary card mb-3" aria-labelledby="meeting-{{ meeting.pk }}-title">
  <div class="card-body">
    <h{{ heading_level|default:2 }} id="meeting-{{ meeting.pk }}-title" class="h5 card-title"><a href="{{ meeting.get_absolute_url }}"{{ meeting.title|lang_attrs }}>{{ meeting.title }}</a></h{{ heading_level|default:2 }}>
    <p class="card-text mb-1"><time datetime="{{ meeting.starts_at|date:'c' }}">{{ meeting.starts_at|datetime_long }}</time>{% if meeting.place %} · <span{{ meeting.place|lang_attrs }}>{{ meeting.place }}</span>{% endif %}</p>
    <p class="card-text mb-0">"""
    + MEETING_STATUS
    + """</p>
  </div>
</article>"""
)


@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize("level", [2, 3])
def test_meeting_summaries_are_the_template_summaries(language, level):
    meetings = [
        MeetingFactory(approved=True),
        MeetingFactory(),
        MeetingFactory(status="cancelled", place=""),
        MeetingFactory(status="scheduled", title="Annual review", place="Tehran"),
    ]
    with translation.override(language):
        for meeting in meetings:
            expected = render(MEETING_SUMMARY, meeting=meeting, heading_level=level)
            got = render("{% meeting_summary m level %}", m=meeting, level=level)
            assert got == expected
            assert render("{% meeting_status m %}", m=meeting) == render(
                MEETING_STATUS, meeting=meeting
            )
