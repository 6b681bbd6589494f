"""The navigation bar and footer of every public page, written in Python.

``base.html`` wraps every page in them: as template includes they resolved
a dozen addresses, compared each link with the page's address twice and
translated twenty labels through template nodes, a few thousand function
calls on every page (a third of a light page such as the home page).
``{% site_nav %}`` and ``{% site_footer %}`` write the markup the includes
wrote; the addresses are reversed once per language (:func:`_addresses`).
"""

import functools

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.core.signals import setting_changed
from django.template.backends.utils import csrf_input
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, gettext_noop

from core.html import format_html

register = template.Library()

# The main links, in order: (URL name, label). The labels are translated
# when the bar is written; gettext_noop marks them for the catalogue.
MAIN_LINKS = (
    ("home", gettext_noop("Home")),
    ("meetings:list", gettext_noop("Meetings")),
    ("ngos:list", gettext_noop("NGO directory")),
    ("calls:list", gettext_noop("Calls for proposals")),
    ("proposals:supported", gettext_noop("Supported proposals")),
    ("stats", gettext_noop("Figures")),
)
ACCOUNT_LINKS = ("proposals:list", "ngos:application", "account", "logout", "login")
FOOTER_LINKS = (
    ("about", gettext_noop("About")),
    ("contact", gettext_noop("Contact")),
    ("privacy", gettext_noop("Privacy")),
    ("data", gettext_noop("Open data")),
    ("admin:index", gettext_noop("Staff sign-in")),
)


@functools.lru_cache(maxsize=16)
def _addresses(language, prefix: str, urlconf) -> dict[str, str]:
    """Every address the bar and the footer link to, in ``language`` (the
    arguments key the cache: ``reverse`` reads them)."""
    names = [
        *(name for name, _label in MAIN_LINKS),
        *ACCOUNT_LINKS,
        *(name for name, _label in FOOTER_LINKS),
    ]
    return {name: reverse(name) for name in names}


def _forget(setting, **kwargs):
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "FORCE_SCRIPT_NAME"):
        _addresses.cache_clear()  # tests only


setting_changed.connect(_forget, dispatch_uid="core_site_chrome_forget")


def addresses() -> dict[str, str]:
    return _addresses(get_language(), get_script_prefix(), get_urlconf())


def _nav_item(url: str, label: str, path: str) -> SafeString:
    if url == path:
        return format_html(
            '<li class="nav-item"><a class="nav-link active" aria-current="page"'
            ' href="{}">{}</a></li>',
            url,
            label,
        )
    return format_html(
        '<li class="nav-item"><a class="nav-link" href="{}">{}</a></li>', url, label
    )


def _is_representative(user) -> bool:
    try:
        return bool(user.representative)
    except ObjectDoesNotExist:
        return False


def _account_items(request, user, urls: dict[str, str]) -> list[str]:
    path = request.path
    if not (user is not None and user.is_authenticated):
        return [_nav_item(urls["login"], gettext("Sign in"), None)]
    items = []
    if _is_representative(user):
        items.append(
            _nav_item(urls["proposals:list"], gettext("My NGO's proposals"), path)
        )
        items.append(_nav_item(urls["ngos:application"], gettext("My account"), path))
    else:
        items.append(_nav_item(urls["account"], gettext("My account"), None))
    items.append(
        format_html(
            '<li class="nav-item"><form method="post" action="{}" class="d-inline">'
            '{}<button type="submit" class="btn btn-link nav-link">{}</button>'
            "</form></li>",
            urls["logout"],
            SafeString(csrf_input(request)),
            gettext("Sign out"),
        )
    )
    return items


def _other_languages(context) -> list[str]:
    return [
        format_html(
            '<li class="nav-item"><a class="nav-link" href="{}" hreflang="{}"'
            ' lang="{}">{}</a></li>',
            language["url"],
            language["code"],
            language["code"],
            language["name"],
        )
        for language in context.get("site_languages") or ()
        if not language["current"]
    ]


@register.simple_tag(takes_context=True)
def site_nav(context):
    """The bar at the top of every page: the main links (the page's own
    marked current), the visitor's account links, the other languages."""
    request = context["request"]
    urls = addresses()
    path = request.path
    main = [_nav_item(urls[name], gettext(label), path) for name, label in MAIN_LINKS]
    account = _account_items(request, context.get("user"), urls)
    return format_html(
        '<header><nav class="navbar navbar-expand-xl site-nav" data-bs-theme="dark"'
        ' aria-label="{}"><div class="container">'
        '<a class="navbar-brand" href="{}">{}</a>'
        '<button class="navbar-toggler" type="button" data-bs-toggle="collapse"'
        ' data-bs-target="#site-nav-links" aria-controls="site-nav-links"'
        ' aria-expanded="false" aria-label="{}">'
        '<span class="navbar-toggler-icon"></span></button>'
        '<div class="collapse navbar-collapse" id="site-nav-links">'
        '<ul class="navbar-nav me-auto">{}</ul>'
        '<ul class="navbar-nav align-items-xl-center">{}</ul>'
        "</div></div></nav></header>",
        gettext("Main navigation"),
        urls["home"],
        gettext("NGO working group"),
        gettext("Show or hide the menu"),
        SafeString("".join(main)),
        SafeString("".join([*account, *_other_languages(context)])),
    )


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The footer of every page: who runs the site, every language (the
    page's own marked current), and the site's standing pages."""
    urls = addresses()
    languages = [
        format_html(
            '<li class="list-inline-item"><span aria-current="true">{}</span></li>',
            language["name"],
        )
        if language["current"]
        else format_html(
            '<li class="list-inline-item">'
            '<a href="{}" hreflang="{}" lang="{}">{}</a></li>',
            language["url"],
            language["code"],
            language["code"],
            language["name"],
        )
        for language in context.get("site_languages") or ()
    ]
    links = [
        format_html(
            '<li class="list-inline-item"><a href="{}">{}</a></li>',
            urls[name],
            gettext(label),
        )
        for name, label in FOOTER_LINKS
    ]
    return format_html(
        '<footer class="site-footer border-top mt-5 py-4"><div class="container small">'
        '<p class="mb-1">{}</p><p class="mb-1 text-body-secondary">{}</p>'
        '<ul class="list-inline mb-0">{}</ul></div></footer>',
        gettext(
            "Specialist working group of NGOs in the field of female-headed households"
        ),
        gettext(
            "Deputy for Social Participation, Social Affairs Organization, "
            "Ministry of Interior"
        ),
        SafeString("".join([*languages, *links])),
    )
