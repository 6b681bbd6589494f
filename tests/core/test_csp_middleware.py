"""The site's CSP middleware: django-csp's policy, built once and set on
every response; what a response or request asks for of its own still goes
through django-csp."""

from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE, SELF
from csp.decorators import csp_exempt, csp_update
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from core.middleware import CSPMiddleware


def ok(request):
    return HttpResponse("ok")


def served(view, middleware_class=CSPMiddleware, path="/", touch_nonce=False):
    request = RequestFactory().get(path)
    middleware = middleware_class(view)

    def respond(req):
        if touch_nonce:
            str(req.csp_nonce)
        return view(req)

    middleware.get_response = respond
    return middleware(request)


def test_every_page_gets_the_same_policy_as_django_csp_builds():
    ours, theirs = served(ok), served(ok, DjangoCSPMiddleware)
    assert ours[HEADER] == theirs[HEADER]
    assert "default-src 'self'" in ours[HEADER] and "object-src 'none'" in ours[HEADER]
    assert HEADER_REPORT_ONLY not in ours


def test_a_changed_setting_changes_the_policy():
    middleware = CSPMiddleware(ok)
    before = middleware(RequestFactory().get("/"))[HEADER]
    with override_settings(
        CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": [SELF, "cdn.test"]}},
        CONTENT_SECURITY_POLICY_REPORT_ONLY={"DIRECTIVES": {"img-src": [SELF]}},
    ):
        response = middleware(RequestFactory().get("/"))
        assert response[HEADER] == "default-src 'self' cdn.test"
        assert "img-src 'self'" in response[HEADER_REPORT_ONLY]
    assert middleware(RequestFactory().get("/"))[HEADER] == before


def test_an_excluded_prefix_gets_no_policy():
    policy = {"DIRECTIVES": {"default-src": [SELF]}, "EXCLUDE_URL_PREFIXES": ["/raw/"]}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        assert HEADER not in served(ok, path="/raw/file")
        assert HEADER in served(ok, path="/page/")


def test_a_view_s_own_policy_still_applies():
    updated = served(csp_update({"img-src": ["img.test"]})(ok))
    assert "img.test" in updated[HEADER]
    assert HEADER not in served(csp_exempt()(ok))


def test_a_nonce_used_by_the_page_is_in_its_policy():
    policy = {"DIRECTIVES": {"script-src": [SELF, NONCE]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        assert "'nonce-" in served(ok, touch_nonce=True)[HEADER]
        assert "'nonce-" not in served(ok)[HEADER]


def test_a_header_the_view_set_is_kept():
    def own(request):
        response = HttpResponse("ok")
        response[HEADER] = "default-src 'none'"
        return response

    assert served(own)[HEADER] == "default-src 'none'"
