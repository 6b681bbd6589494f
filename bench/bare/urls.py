from django.http import HttpResponse
from django.urls import path


def ok(request):
    """A fixed short answer: the product's ``/bench/baseline`` without the
    product."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/baseline", ok), path("healthz", ok)]
