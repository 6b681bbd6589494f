from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import DetailView, FormView, ListView

from core import security
from core.filters import filter_chips
from core.forms import TextInputMixin, linked_to_contact
from core.pagination import PaginationMixin, TieredPaginator, keep_count
from core.transitions import TransitionError
from ngos import reference, services
from ngos.forms import (
    NGOChangeRequestForm,
    NGORegistrationForm,
    provinces_in_language_order,
)
from ngos.models import (
    NGO,
    NGOChangeRequest,
    NGOStatusChange,
    Province,
    Representative,
)
from ngos.moves import CHANGE_REQUEST_MOVES


class DirectoryFilterForm(TextInputMixin, forms.Form):
    """The directory's query string; unknown values are dropped, never a 500."""

    q = forms.CharField(required=False, max_length=200)
    province = forms.ChoiceField(required=False)
    focus = forms.ChoiceField(required=False)

    def __init__(self, *args, provinces, focus_areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", "")] + [
            (p.code, p.name) for p in provinces
        ]
        self.fields["focus"].choices = [("", "")] + [
            (f.code, f.name) for f in focus_areas
        ]

    def value(self, name):
        if not self.is_bound:
            return ""
        if name in self.errors:
            return ""
        return self.cleaned_data.get(name) or ""


DIRECTORY_ROW_FIELDS = ("name", "name_en", "status", "city", "province", "description")


class NGOListView(PaginationMixin, ListView):
    template_name = "ngos/ngo_list.html"
    context_object_name = "ngos"

    def get(self, request, *args, **kwargs):
        self.provinces = provinces_in_language_order()
        self.focus_areas = reference.focus_areas()
        self.filters = DirectoryFilterForm(
            request.GET,
            provinces=self.provinces,
            focus_areas=self.focus_areas,
        )
        self.filters.is_valid()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        queryset = (
            NGO.objects.public()
            .select_related("province")
            # What a row shows (ngos.templatetags.directory): the rest of
            # each NGO (identifiers, contacts, the search keys) stays in
            # the database; its focus areas come with the page (below).
            .only(*DIRECTORY_ROW_FIELDS)
        )
        if code := self.filters.value("province"):
            queryset = queryset.in_province(code)
        if code := self.filters.value("focus"):
            queryset = queryset.with_focus(code)
        return queryset.search(self.filters.value("q"))

    def get_paginator(self, queryset, *args, **kwargs):
        # A search's page is read rank by rank, and a common word's matches
        # are counted up to a limit, then estimated (core.pagination).
        if query := self.filters.value("q"):
            tiers = queryset.search_tiers(query)
            paginator = TieredPaginator(queryset, *args, tiers=tiers, **kwargs)
        else:
            paginator = super().get_paginator(queryset, *args, **kwargs)
        # Every visitor's count of the same search and filters is the same.
        # The search last: the codes before it hold no "|".
        searched = (self.filters.value(name) for name in ("province", "focus", "q"))
        return keep_count(paginator, "ngos|" + "|".join(searched))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["ngos"] = context["object_list"] = list(context["object_list"])
        reference.attach(context["ngos"], "focus_areas", listed=self.focus_areas)
        # The search as typed; a province or focus area by its name ("" when
        # the filter is not in force, as the choices begin with ("", "")).
        labels = {
            name: dict(self.filters.fields[name].choices)[self.filters.value(name)]
            for name in ("province", "focus")
        }
        context.update(
            filters=self.filters,
            filter_chips=filter_chips(
                self.request, {"q": self.filters.value("q"), **labels}
            ),
            provinces=self.provinces,
            focus_areas=self.focus_areas,
            selected_province=self.filters.value("province"),
            selected_focus=self.filters.value("focus"),
            query=self.filters.value("q"),
        )
        return context


class NGODetailView(DetailView):
    template_name = "ngos/ngo_detail.html"
    context_object_name = "ngo"

    def get_queryset(self):
        return NGO.objects.public().select_related("province")

    def get_object(self, queryset=None):
        ngo = super().get_object(queryset)
        reference.attach([ngo], "focus_areas")
        reference.attach([ngo], "provinces_served")
        return ngo


class RegisterView(FormView):
    """The application form of an NGO and its representative.

    Only applications that succeed count towards the per-address limit
    (``settings.RATE_LIMITS["register"]``); forms sent back with errors
    count towards a far higher one (``"register_failed"``), since offices
    and mobile carriers share addresses and a long form takes a few tries.
    Over either limit the form comes back with everything typed in it
    (passwords aside) and says how long to wait, never an empty page.
    """

    template_name = "ngos/ngo_register.html"
    form_class = NGORegistrationForm
    limits = ("register", "register_failed")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and hasattr(request.user, "representative"):
            messages.info(
                request, gettext("You have already applied; here is where it stands.")
            )
            return redirect("ngos:application")
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        for scope in self.limits:
            wait = security.limit_reached(scope, request)
            if wait is not None:
                return self.limit_reached(scope, wait)
        return super().post(request, *args, **kwargs)

    def limit_reached(self, scope, wait):
        """The form again, filled in as sent but not checked (checking it
        would answer questions past the limit), with how long to wait."""
        from core import audit

        audit.log("ratelimit.refused", request=self.request, scope=scope)
        sent = self.form_class(data=self.request.POST)
        initial = {
            name: field.widget.value_from_datadict(
                sent.data, self.request.FILES, sent.add_prefix(name)
            )
            for name, field in sent.fields.items()
            if not isinstance(field.widget, forms.PasswordInput)
        }
        form = self.form_class(initial=initial)
        form.ask_for_passwords_again()
        context = self.get_context_data(
            form=form, limit_message=security.wait_message(wait)
        )
        return self.render_to_response(context, status=429)

    def form_invalid(self, form):
        security.count("register_failed", self.request)
        form.ask_for_passwords_again()
        return super().form_invalid(form)

    def form_valid(self, form):
        data = form.cleaned_data
        application = services.Application(
            ngo=form.save(commit=False),
            focus_area_ids=[area.pk for area in data["focus_areas"]],
            provinces_served_ids=[p.pk for p in data["provinces_served"]],
            username=data["mobile"],
            password=data["password1"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["representative_email"],
            role=data["role"],
            national_code=data["national_code"],
            mobile=data["mobile"],
            language=self.request.LANGUAGE_CODE,
        )
        try:
            representative = services.register_ngo(application=application)
        except services.DuplicateIdentifier as error:
            field = {"username": "mobile"}.get(error.field, error.field)
            form.add_error(
                field,
                linked_to_contact(
                    _(
                        'This is already registered. If it is yours, <a href="'
                        '%(url)s">contact the registry office</a>.'
                    )
                ),
            )
            return self.form_invalid(form)
        security.count("register", self.request)
        login(
            self.request,
            representative.user,
            backend="django.contrib.auth.backends.ModelBackend",
        )
        messages.success(
            self.request,
            gettext(
                "Your application was received. We have sent you an e-mail; "
                "the registry office will review it."
            ),
        )
        return redirect("ngos:application")


# How many of its latest change requests the NGO's page lists.
CHANGE_REQUESTS_SHOWN = 5


def _own_representative(request) -> Representative:
    """The signed-in user's representative record; anyone else gets 404."""
    return get_object_or_404(
        Representative.objects.select_related("ngo__province", "user"),
        user=request.user,
    )


@login_required
def application_status(request):
    """The representative's page of their NGO: what the registry holds, its
    status and history, and the changes the representative asked for."""
    representative = _own_representative(request)
    ngo = representative.ngo
    prefetch_related_objects([ngo], "focus_areas", "provinces_served")
    # What the NGO may read of its history: never the basis and evidence
    # of a verification, which are the officers' own working notes.
    history = NGOStatusChange.objects.filter(ngo=ngo).only(
        "at", "from_status", "to_status", "reason", "ngo_id"
    )
    change_requests = list(
        NGOChangeRequest.objects.filter(ngo=ngo).prefetch_related("provinces_served")[
            :CHANGE_REQUESTS_SHOWN
        ]
    )
    pending = next((r for r in change_requests if r.is_pending), None)
    provinces = {p.pk: p for p in Province.objects.all()} if change_requests else {}
    for change_request in change_requests:
        before = change_request.previous or services.ngo_values(ngo)
        after = services.requested_values(change_request)
        change_request.changes = [
            {
                "label": NGO._meta.get_field(name).verbose_name,
                "before": services.display_value(name, before.get(name), provinces),
                "after": services.display_value(name, after.get(name), provinces),
            }
            for name in services.changed_fields(before, after)
        ]
    can_request = services.may_request_changes(representative)
    return render(
        request,
        "ngos/application.html",
        {
            "representative": representative,
            "ngo": ngo,
            "history": history,
            "change_requests": change_requests,
            "pending_request": pending,
            "can_request": can_request and pending is None,
            "withdraw_move": CHANGE_REQUEST_MOVES.first("withdraw"),
        },
    )


@login_required
def change_request_create(request):
    """The form that asks the registry office to change the NGO's details."""
    representative = services.requesting_representative(request.user)
    if representative is None:
        raise Http404
    if representative.ngo.change_requests.filter(
        status=NGOChangeRequest.Status.PENDING
    ).exists():
        messages.info(request, str(services.PENDING_EXISTS))
        return redirect("ngos:application")
    form = NGOChangeRequestForm(request.POST or None, ngo=representative.ngo)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.request_ngo_change(
                actor=request.user,
                values=data,
                provinces_served=list(data["provinces_served"]),
            )
        except TransitionError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                gettext(
                    "Your request was sent. The registry office will check it; "
                    "its decision will show on this page."
                ),
            )
            return redirect("ngos:application")
    return render(
        request,
        "ngos/change_request_form.html",
        {"form": form, "ngo": representative.ngo},
    )


@login_required
@require_POST
def change_request_withdraw(request, pk):
    """Withdraw the NGO's own waiting request; another NGO's answers 404."""
    representative = _own_representative(request)
    change_request = get_object_or_404(
        NGOChangeRequest, pk=pk, ngo_id=representative.ngo_id
    )
    move = CHANGE_REQUEST_MOVES.first("withdraw")
    try:
        services.decide_change_request(
            change_request=change_request, to_status=move.target, actor=request.user
        )
    except TransitionError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, str(move.done))
    return redirect("ngos:application")


@require_GET
def moved_to_open_data(request, to):
    """The registry's open data, now at ``/data/`` with the other datasets."""
    return redirect(to, slug="ngos", permanent=True)
