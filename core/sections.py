"""Parts of a page that an app higher up supplies.

Dependencies point one way (``core`` ← ``ngos`` ← ``meetings`` ←
``proposals``; see the layers in ``pyproject.toml``), yet the home page shows
the latest meetings, an NGO's profile the meetings it attended and the plans
it was supported for, and a meeting's record the proposals presented there.
The page names a place (``{% sections "ngo_profile" ngo %}``), and each app
that has something to show there registers a section for it from its
``AppConfig.ready()``, as apps register their panels on the admin's front
page. The lower app never imports the upper one, nor loads its tags.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string

# The places pages offer, and what each passes to its sections.
HOME = "home"  # the home page; no object
NGO_PROFILE = "ngo_profile"  # an NGO's public profile; the NGO
MEETING_RECORD = "meeting_record"  # a meeting's public page; the meeting
PROPOSAL_PAGE = "proposal_page"  # the NGO's own page of a proposal; the proposal

PLACES = (HOME, NGO_PROFILE, MEETING_RECORD, PROPOSAL_PAGE)


@dataclass(frozen=True)
class Section:
    place: str
    template: str
    # The template's context from the page's object (None on the home page).
    context: Callable[[object], dict]
    order: int = 0


_sections: dict[str, dict[str, Section]] = {place: {} for place in PLACES}


def register(section: Section) -> None:
    """Offer ``section`` on its place's pages; registering again replaces it."""
    if section.place not in _sections:
        raise ValueError(f"No page offers the place {section.place!r}.")
    _sections[section.place][section.template] = section


def render(place: str, obj=None, *, request=None, context=None) -> str:
    """The HTML of every section registered for ``place``, in order.

    From a template tag, pass the page's ``context``: each section is then
    rendered inside it, as ``{% include %}`` renders, with the page's
    context processors' values (the language switch, the user) as they are;
    a new ``RequestContext`` for each section would run every context
    processor again (a fifth of what the meeting page's sections cost).
    """
    sections = sorted(_sections[place].values(), key=lambda s: s.order)
    if context is not None and context.template is not None:
        engine = context.template.engine
        parts = []
        for section in sections:
            template = engine.get_template(section.template)
            with context.push(section.context(obj)):
                parts.append(template.render(context))
        return "".join(parts)
    return "".join(
        render_to_string(section.template, section.context(obj), request=request)
        for section in sections
    )
