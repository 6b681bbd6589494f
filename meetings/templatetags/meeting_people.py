"""The people and rows of a meeting's record, written in Python.

A meeting page names up to a hundred people (participants, absentees, the
speaker of every statement) with the same markup; as template includes they
were a fifth of the page's time. These tags write the markup the includes
wrote: ``{% person statement.speaker %}``, ``{% ngo_name ngo %}``; and the
rows of its statements, decisions and matters arising (below).
"""

from django import template
from django.template.defaultfilters import linebreaks_filter, linebreaksbr
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, pgettext

from core import jalali
from core.html import escaped, format_html
from core.l10n import list_separator, localize_digits, per_language
from core.templatetags.persian import lang_attrs
from meetings.models import Decision, Meeting

register = template.Library()


def _span(text, css_class=""):
    return format_html(
        "<span{}{}>{}</span>",
        format_html(' class="{}"', css_class) if css_class else "",
        lang_attrs(text),
        text,
    )


@register.simple_tag
def ngo_name(ngo):
    """An NGO's name in the page's language, linked to its registry profile
    when the profile is public."""
    name = ngo.display_name
    if ngo.is_public:
        return format_html(
            '<a href="{}"{}>{}</a>',
            ngo.get_absolute_url(),
            lang_attrs(name),
            name,
        )
    return _span(name)


@register.simple_tag
def person(person):
    """A participant or speaker: name, position, and NGO (linked as above) or
    affiliation, joined by the language's list separator."""
    if person is None:
        return ""
    # A speaker is named once for every statement (fifty on a long record):
    # the markup is kept on the participant for the page's language.
    language = get_language()
    kept = getattr(person, "_markup", None)
    if kept is not None and kept[0] == language:
        return kept[1]
    parts = [_span(person.name, "fw-semibold")]
    if person.position:
        parts.append(_span(person.position))
    if person.ngo_id:
        parts.append(ngo_name(person.ngo))
    elif person.affiliation:
        parts.append(_span(person.affiliation))
    markup = mark_safe(escaped(list_separator(language)).join(parts))
    person._markup = (language, markup)
    return markup


# The rows of a meeting's record ------------------------------------------------
#
# A held meeting's page lists every statement (fifty and more), its decisions
# and up to 25 open action items of earlier meetings; written as template
# rows, with an include for each status, they were most of its time.


def _dated(day, language) -> str:
    return format_html(
        '<time datetime="{}">{}</time>',
        day.isoformat(),
        jalali.format_short_date(day, language=language),
    )


@per_language
def _words() -> dict[str, str]:
    """The column labels and statuses the rows repeat: a row asks for the
    page's language once and reads its words from here, where a
    ``gettext`` for each was a tenth of the rows' time."""
    return {
        "number": gettext("No."),
        "decision": gettext("Decision or action item"),
        "action": gettext("Action item"),
        "agreed_at": gettext("Agreed at"),
        "responsible": gettext("Responsible"),
        "due": gettext("Due date"),
        "status": gettext("Status"),
        "done": pgettext("action item status", "done"),
        "overdue": gettext("overdue"),
        "open": pgettext("action item status", "open"),
    }


@register.simple_tag
def decision_status(decision, language=None):
    """An action item's status: done (and when), overdue, or open."""
    language = language or get_language()
    words = _words(language)
    if decision.status == Decision.Status.DONE:
        return format_html(
            '<span class="badge text-bg-success">{}</span>'
            ' <span class="text-body-secondary">{}</span>',
            words["done"],
            jalali.format_short_date(decision.done_on, language=language),
        )
    if decision.is_overdue:
        return format_html(
            '<span class="badge text-bg-danger">{}</span>', words["overdue"]
        )
    return format_html(
        '<span class="badge text-bg-light border">{}</span>', words["open"]
    )


@register.simple_tag
def statement_item(statement):
    """One statement: who said it, and what, paragraph by paragraph."""
    return format_html(
        '<li class="statement mb-3"><p class="statement-speaker mb-1">{}</p>'
        '<div class="statement-text"{}>{}</div></li>',
        person(statement.speaker),
        lang_attrs(statement.text, page=get_language()),
        linebreaks_filter(statement.text, autoescape=True),
    )


@register.simple_tag
def decision_row(decision, number):
    """A row of the meeting's decisions: number, kind and text, who is
    responsible, due date and (for an action item) status."""
    language = get_language()
    words = _words(language)
    if decision.responsible_ngo_id:
        responsible = ngo_name(decision.responsible_ngo)
    else:
        responsible = format_html(
            "<span{}>{}</span>",
            lang_attrs(decision.responsible_body, page=language),
            decision.responsible_body or "—",
        )
    return format_html(
        '<tr><td data-label="{}">{}</td>'
        '<th scope="row" class="fw-normal" data-label="{}">'
        '<span class="badge text-bg-light border me-1">{}</span> <span{}>{}</span></th>'
        '<td data-label="{}">{}</td><td data-label="{}">{}</td>'
        '<td data-label="{}">{}</td></tr>',
        words["number"],
        localize_digits(number),
        words["decision"],
        decision.get_kind_display(),
        lang_attrs(decision.text, page=language),
        linebreaksbr(decision.text, autoescape=True),
        words["responsible"],
        responsible,
        words["due"],
        _dated(decision.due_on, language) if decision.due_on else "—",
        words["status"],
        decision_status(decision, language) if decision.is_action_item else "—",
    )


@register.simple_tag
def matter_arising_row(action):
    """A row of the open action items of earlier meetings: the item, the
    meeting that agreed it (linked, dated), who is responsible, due date,
    status."""
    meeting = action.meeting
    owner = action.owner_name
    language = get_language()
    words = _words(language)
    return format_html(
        '<tr><th scope="row" class="fw-normal" data-label="{}"><span{}>{}</span></th>'
        '<td data-label="{}"><a href="{}"><span{}>{}</span></a>'
        ' <span class="text-nowrap">({})</span></td>'
        '<td data-label="{}"><span{}>{}</span></td>'
        '<td data-label="{}">{}</td><td data-label="{}">{}</td></tr>',
        words["action"],
        lang_attrs(action.text, page=language),
        linebreaksbr(action.text, autoescape=True),
        words["agreed_at"],
        meeting.get_absolute_url(),
        lang_attrs(meeting.title, page=language),
        meeting.title,
        jalali.format_short_date(meeting.starts_at, language=language),
        words["responsible"],
        lang_attrs(owner, page=language),
        owner or "—",
        words["due"],
        _dated(action.due_on, language) if action.due_on else "—",
        words["status"],
        decision_status(action, language),
    )


@register.simple_tag
def meeting_status(meeting):
    """A meeting's status as a badge: minutes approved, draft minutes,
    cancelled or scheduled."""
    if meeting.status == Meeting.Status.HELD:
        if meeting.is_approved:
            return format_html(
                '<span class="badge text-bg-success">{}</span>',
                gettext("minutes approved"),
            )
        return format_html(
            '<span class="badge text-bg-warning">{}</span>', gettext("draft minutes")
        )
    if meeting.status == Meeting.Status.CANCELLED:
        return format_html(
            '<span class="badge text-bg-secondary">{}</span>',
            pgettext("meeting status", "cancelled"),
        )
    return format_html(
        '<span class="badge text-bg-primary">{}</span>',
        pgettext("meeting status", "scheduled"),
    )


@register.simple_tag
def meeting_summary(meeting, heading_level=2):
    """A meeting in a list (the archive, the home page, an NGO's profile):
    title linked to its record, date and place, status."""
    place = ""
    if meeting.place:
        place = format_html(
            " · <span{}>{}</span>", lang_attrs(meeting.place), meeting.place
        )
    return format_html(
        '<article class="meeting-summary card mb-3" aria-labelledby="meeting-{}-title">'
        '<div class="card-body">'
        '<h{} id="meeting-{}-title" class="h5 card-title"><a href="{}"{}>{}</a></h{}>'
        '<p class="card-text mb-1"><time datetime="{}">{}</time>{}</p>'
        '<p class="card-text mb-0">{}</p></div></article>',
        meeting.pk,
        heading_level,
        meeting.pk,
        meeting.get_absolute_url(),
        lang_attrs(meeting.title),
        meeting.title,
        heading_level,
        timezone.localtime(meeting.starts_at).isoformat() if meeting.starts_at else "",
        jalali.format_datetime(meeting.starts_at) if meeting.starts_at else "",
        place,
        meeting_status(meeting),
    )
