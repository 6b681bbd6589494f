from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "workgroup/home.html"


@login_required
def account(request):
    """Where each kind of user lands after signing in."""
    if request.user.is_staff:
        return redirect("admin:index")
    representative = getattr(request.user, "representative", None)
    if representative is not None and representative.can_act:
        return redirect("proposals:list")
    if representative is not None:
        return redirect("ngos:application")
    return redirect("home")


@never_cache
def healthz(request):
    """200 ``ok`` when the database answers a query, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse(
            "database unavailable", status=503, content_type="text/plain"
        )
    return HttpResponse("ok", content_type="text/plain")
