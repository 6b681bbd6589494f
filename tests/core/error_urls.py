"""The site's URLs and three views that fail, for the error pages' tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from workgroup.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("a failure the 500 page must survive")


def forbid(request):
    raise PermissionDenied


def bad(request):
    raise SuspiciousOperation("a request the 400 page must answer")


urlpatterns = [
    path("fail/", fail),
    path("forbidden/", forbid),
    path("bad/", bad),
    *site_urlpatterns,
]
