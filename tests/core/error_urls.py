"""The site's URLs and two views that fail, for the error pages' tests."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from workgroup.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("a failure the 500 page must survive")


def forbid(request):
    raise PermissionDenied


urlpatterns = [path("fail/", fail), path("forbidden/", forbid), *site_urlpatterns]
