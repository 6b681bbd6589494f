from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def site(request):
    """What base.html needs on every page: the language switch.

    Each other language links to this same page in that language, so the
    switch is an ordinary link and works without a cookie or a form.
    """
    current = get_language()
    path = request.get_full_path()
    languages = [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            # This page itself for its own language: translating the address
            # (a resolve and a reverse) is needed only for the others.
            "url": path if code == current else translate_url(path, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
    return {"site_languages": languages}
