"""The registry officers' admin: verify NGOs, keep their history, import, export."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core import audit
from core.admin_site import ModelAdmin, TabularInline, jalali_year_filter
from core.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    csv_bytes,
    download,
    xlsx_bytes,
)
from core.jalali import format_short_date, format_short_datetime
from core.persian import is_persian, localize_digits
from ngos import importing, services
from ngos.forms import DigitsField
from ngos.models import NGO, FocusArea, NGOStatusChange, Province, Representative
from ngos.validators import validate_legal_national_id

Status = NGO.Status


@admin.register(Province)
class ProvinceAdmin(ModelAdmin):
    list_display = ("code", "name_fa", "name_en")
    search_fields = ("code", "name_fa", "name_en")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FocusArea)
class FocusAreaAdmin(ModelAdmin):
    list_display = ("name_fa", "name_en", "code", "position")
    list_editable = ("position",)
    search_fields = ("name_fa", "name_en", "code")

    def has_delete_permission(self, request, obj=None):
        return False


class NGOAdminForm(forms.ModelForm):
    national_id = DigitsField(
        label=_("national ID"),
        max_length=20,
        validators=[validate_legal_national_id],
    )
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = NGO
        fields = [
            "name",
            "name_en",
            "national_id",
            "registration_number",
            "registration_date",
            "licensing_authority",
            "founding_year",
            "province",
            "city",
            "address",
            "postal_code",
            "phone",
            "email",
            "website",
            "description",
            "focus_areas",
            "provinces_served",
            "households_served",
        ]
        # Checkboxes instead of the admin's two-box selector: ten focus areas
        # and 31 provinces fit on the page, work without scripts, and the
        # selector's script gives its icons ARIA labels that a span may not
        # carry (axe: aria-prohibited-attr).
        widgets = {
            "focus_areas": forms.CheckboxSelectMultiple,
            "provinces_served": forms.CheckboxSelectMultiple(
                attrs={"class": "checkbox-columns"}
            ),
        }

    def clean_national_id(self):
        national_id = self.cleaned_data["national_id"]
        holder = (
            NGO.objects.filter(national_id=national_id)
            .exclude(pk=self.instance.pk)
            .first()
        )
        if holder:
            raise ValidationError(
                _("This national ID is already registered to “%(name)s” (#%(pk)s)."),
                code="duplicate",
                params={"name": holder.name, "pk": holder.pk},
            )
        return national_id

    def validate_unique(self):
        # clean_national_id has said who holds a duplicate; skip the generic
        # message Django would add for the same field.
        exclude = self._get_validation_exclusions()
        exclude.add("national_id")
        try:
            self.instance.validate_unique(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)


class LoadedUserRawIdWidget(widgets.ForeignKeyRawIdWidget):
    """The user's raw-id input, named from the row's user already loaded.

    Django's widget fetches the object it names once per row.
    """

    loaded = None

    def label_and_url_for_value(self, value):
        user = self.loaded
        if user is None or str(user.pk) != str(value):
            return super().label_and_url_for_value(value)
        url = reverse(f"{self.admin_site.name}:auth_user_change", args=[user.pk])
        return Truncator(user).words(14), url


class RepresentativeFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if form.instance.user_id is not None:
            form.fields["user"].widget.loaded = form.instance.user


class RepresentativeInline(TabularInline):
    model = Representative
    formset = RepresentativeFormSet
    extra = 0
    fields = ("user", "role", "national_code", "mobile", "language", "approved_at")
    readonly_fields = ("approved_at",)
    raw_id_fields = ("user",)
    show_change_link = True

    def get_queryset(self, request):
        # A row is named after its user (Representative.__str__).
        return super().get_queryset(request).select_related("user")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["widget"] = LoadedUserRawIdWidget(
                db_field.remote_field, self.admin_site
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False


class StatusHistoryInline(TabularInline):
    """The NGO's history: read-only, never added to or deleted from here."""

    model = NGOStatusChange
    extra = 0
    can_delete = False
    fields = (
        "when",
        "from_status",
        "to_status",
        "actor",
        "reason",
        "basis",
        "evidence",
    )
    readonly_fields = fields
    verbose_name = _("status change")
    verbose_name_plural = _("status history")

    @admin.display(description=_("at"))
    def when(self, obj):
        return format_short_datetime(obj.at)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatusChangeForm(forms.Form):
    """What an officer gives for a status change; which parts apply depends on it."""

    reason = forms.CharField(
        label=_("reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("required to reject, suspend or reinstate; the NGO sees it"),
    )
    basis = forms.ChoiceField(
        label=_("verification basis"),
        required=False,
        choices=[("", "---------"), *NGOStatusChange.Basis.choices],
    )
    evidence = forms.CharField(
        label=_("evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_("the document or check the verification rests on"),
    )


# Each action: the status it leads to, and its name on buttons.
STATUS_ACTIONS = {
    "verify": (Status.VERIFIED, _("Verify")),
    "reject": (Status.REJECTED, _("Reject")),
    "suspend": (Status.SUSPENDED, _("Suspend")),
    "reinstate": (Status.VERIFIED, _("Reinstate")),
}
ACTION_FROM = {
    "verify": Status.PENDING,
    "reject": Status.PENDING,
    "suspend": Status.VERIFIED,
    "reinstate": Status.SUSPENDED,
}


class FocusAreaListFilter(admin.RelatedFieldListFilter):
    def field_choices(self, field, request, model_admin):
        return [(area.pk, area.name) for area in FocusArea.objects.all()]


@admin.register(NGO)
class NGOAdmin(ModelAdmin):
    form = NGOAdminForm
    list_display = (
        "name",
        "status_label",
        "province",
        "focus_area_list",
        "verified_at",
        "created_at",
    )
    list_filter = (
        "status",
        "province",
        ("focus_areas", FocusAreaListFilter),
        jalali_year_filter("registration_date", _("year registered")),
    )
    list_select_related = ("province",)
    search_fields = ("name",)  # replaced by the normalised search below
    search_help_text = _("Name, English name, city or description, in any spelling.")
    # 25 rows: each row of a changelist costs about 2 ms to render, which
    # at 50 rows put the list over its 300 ms budget (docs/performance.md).
    list_per_page = 25
    show_full_result_count = False
    inlines = [RepresentativeInline, StatusHistoryInline]
    readonly_fields = (
        "status_label",
        "verified_at",
        "verified_by",
        "created_at",
        "updated_at",
    )
    actions = [
        "verify_selected",
        "reject_selected",
        "suspend_selected",
        "reinstate_selected",
    ]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "name_en",
                    "status_label",
                    "verified_at",
                    "verified_by",
                )
            },
        ),
        (
            _("Legal identity"),
            {
                "fields": (
                    "national_id",
                    "registration_number",
                    "registration_date",
                    "licensing_authority",
                    "founding_year",
                )
            },
        ),
        (
            _("Contact"),
            {
                "fields": (
                    "province",
                    "city",
                    "address",
                    "postal_code",
                    "phone",
                    "email",
                    "website",
                )
            },
        ),
        (
            _("Work"),
            {
                "fields": (
                    "description",
                    "focus_areas",
                    "provinces_served",
                    "households_served",
                )
            },
        ),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("focus_areas", queryset=FocusArea.objects.order_by("position"))
            )
        )

    def get_search_results(self, request, queryset, search_term):
        return queryset.search(search_term), False

    def has_delete_permission(self, request, obj=None):
        # NGOs are never deleted: their history is the registry's record.
        # A wrong application is rejected; an NGO that stops is suspended.
        return False

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj):
        return format_html(
            '<span class="status-badge status-{}">{}</span>',
            obj.status,
            obj.get_status_display(),
        )

    @admin.display(description=_("focus areas"))
    def focus_area_list(self, obj):
        return format_html_join(
            "، " if is_persian() else ", ",
            "{}",
            ((a.name,) for a in obj.focus_areas.all()),
        )

    # Status changes ------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:pk>/status/<str:action>/",
                self.admin_site.admin_view(self.status_view),
                name="{}_{}_status".format(*info),
            ),
            path(
                "export.<str:file_format>",
                self.admin_site.admin_view(self.export_view),
                name="{}_{}_export".format(*info),
            ),
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="{}_{}_import".format(*info),
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        ngo = self.get_object(request, object_id)
        if ngo and request.user.has_perm("ngos.verify_ngo"):
            extra_context["status_actions"] = [
                (name, label)
                for name, (to_status, label) in STATUS_ACTIONS.items()
                if ACTION_FROM[name] == ngo.status
            ]
        return super().change_view(request, object_id, form_url, extra_context)

    def status_view(self, request, pk, action):
        """One NGO's status change: GET shows the form, POST applies it."""
        if action not in STATUS_ACTIONS:
            raise PermissionDenied
        ngo = get_object_or_404(NGO, pk=pk)
        return self._status_change(request, NGO.objects.filter(pk=ngo.pk), action)

    def _status_change(self, request, queryset, action):
        if not request.user.has_perm("ngos.verify_ngo"):
            raise PermissionDenied
        to_status, label = STATUS_ACTIONS[action]
        ngos = list(queryset.select_related("province"))
        form = StatusChangeForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            done, refused = 0, []
            for ngo in ngos:
                try:
                    services.change_ngo_status(
                        ngo=ngo,
                        to_status=to_status,
                        actor=request.user,
                        reason=form.cleaned_data["reason"],
                        basis=form.cleaned_data["basis"],
                        evidence=form.cleaned_data["evidence"],
                    )
                    done += 1
                except services.TransitionError as error:
                    refused.append((ngo, error))
            if done:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)s NGO changed to “%(status)s”.",
                        "%(count)s NGOs changed to “%(status)s”.",
                        done,
                    )
                    % {
                        "count": localize_digits(done),
                        "status": Status(to_status).label,
                    },
                    messages.SUCCESS,
                )
            for ngo, error in refused:
                self.message_user(
                    request, f"{ngo.name}: {' '.join(error.messages)}", messages.ERROR
                )
            if len(ngos) == 1 and not refused:
                return HttpResponseRedirect(
                    reverse("admin:ngos_ngo_change", args=[ngos[0].pk])
                )
            if refused and not done and len(ngos) == 1:
                form.add_error(None, refused[0][1])
            else:
                return HttpResponseRedirect(reverse("admin:ngos_ngo_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("%(action)s NGOs") % {"action": label},
            "action": action,
            "action_label": label,
            "to_status": to_status,
            "ngos": ngos,
            "form": form,
            "needs_reason": action != "verify",
            "needs_basis": action == "verify",
        }
        return TemplateResponse(request, "admin/ngos/ngo/status_change.html", context)

    @admin.action(description=_("Verify the selected NGOs"), permissions=["verify"])
    def verify_selected(self, request, queryset):
        return self._status_change(request, queryset, "verify")

    @admin.action(description=_("Reject the selected NGOs"), permissions=["verify"])
    def reject_selected(self, request, queryset):
        return self._status_change(request, queryset, "reject")

    @admin.action(description=_("Suspend the selected NGOs"), permissions=["verify"])
    def suspend_selected(self, request, queryset):
        return self._status_change(request, queryset, "suspend")

    @admin.action(description=_("Reinstate the selected NGOs"), permissions=["verify"])
    def reinstate_selected(self, request, queryset):
        return self._status_change(request, queryset, "reinstate")

    def has_verify_permission(self, request):
        return request.user.has_perm("ngos.verify_ngo")

    # Export ----------------------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["can_export"] = request.user.has_perm("ngos.export_ngo")
        extra_context["can_import"] = request.user.has_perm("ngos.import_ngo")
        return super().changelist_view(request, extra_context)

    EXPORT_COLUMNS = (
        (_("number"), lambda n: n.pk),
        (_("name"), lambda n: n.name),
        (_("name in English"), lambda n: n.name_en),
        (_("national ID"), lambda n: n.national_id),
        (_("status"), lambda n: n.get_status_display()),
        (_("province"), lambda n: n.province.name),
        (_("city"), lambda n: n.city),
        (_("focus areas"), lambda n: "، ".join(a.name for a in n.focus_areas.all())),
        (_("registration number"), lambda n: n.registration_number),
        (_("registration date"), lambda n: format_short_date(n.registration_date)),
        (_("founding year"), lambda n: n.founding_year),
        (_("households served last year"), lambda n: n.households_served),
        (_("phone"), lambda n: n.phone),
        (_("e-mail"), lambda n: n.email),
        (_("website"), lambda n: n.website),
        (_("verified at"), lambda n: format_short_datetime(n.verified_at)),
        (_("applied at"), lambda n: format_short_datetime(n.created_at)),
    )

    def export_view(self, request, file_format):
        """The changelist as filtered and searched, as CSV or XLSX."""
        if not request.user.has_perm("ngos.export_ngo"):
            raise PermissionDenied
        if file_format not in ("csv", "xlsx"):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        ngos = changelist.get_queryset(request).select_related("province")
        audit.log(
            "export", what="ngos", format=file_format, query=request.GET.urlencode()
        )
        header = [str(title) for title, _value in self.EXPORT_COLUMNS]
        rows = ([value(ngo) for _title, value in self.EXPORT_COLUMNS] for ngo in ngos)
        filename = f"ngos.{file_format}"
        if file_format == "csv":
            return download(
                csv_bytes(header, rows),
                filename=filename,
                content_type=CSV_CONTENT_TYPE,
            )
        content = xlsx_bytes(
            header,
            rows,
            sheet_title=str(NGO._meta.verbose_name_plural),
            rtl=is_persian(),
        )
        return download(content, filename=filename, content_type=XLSX_CONTENT_TYPE)

    # Import -----------------------------------------------------------------

    def import_view(self, request):
        """Upload a list, see every row checked, import nothing until confirmed."""
        if not request.user.has_perm("ngos.import_ngo"):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Import NGOs from a list"),
            "columns": importing.COLUMNS,
            "required_columns": importing.REQUIRED_COLUMNS,
            "can_verify": request.user.has_perm("ngos.verify_ngo"),
        }
        signer = signing.TimestampSigner(salt="ngos.import")
        if request.method == "POST" and "confirm" in request.POST:
            try:
                payload = signing.loads(
                    signer.unsign(request.POST.get("payload", ""), max_age=3600),
                    salt="ngos.import.rows",
                )
            except signing.BadSignature:
                self.message_user(
                    request,
                    gettext("The preview expired; upload the file again."),
                    messages.ERROR,
                )
                return HttpResponseRedirect(request.path)
            reports = importing.check_rows(payload["rows"])
            valid = [r.cleaned for r in reports if r.ok]
            try:
                created = services.import_ngos(
                    rows=valid,
                    actor=request.user,
                    source=payload["source"],
                    verify=bool(request.POST.get("verify")),
                )
            except services.DuplicateIdentifier:
                self.message_user(
                    request,
                    gettext(
                        "Someone registered one of these NGOs meanwhile; "
                        "check the file again."
                    ),
                    messages.ERROR,
                )
                return HttpResponseRedirect(request.path)
            skipped = len(reports) - len(valid)
            self.message_user(
                request,
                ngettext(
                    "%(count)s NGO imported.", "%(count)s NGOs imported.", len(created)
                )
                % {"count": localize_digits(len(created))}
                + (
                    " "
                    + ngettext(
                        "%(count)s row skipped.", "%(count)s rows skipped.", skipped
                    )
                    % {"count": localize_digits(skipped)}
                    if skipped
                    else ""
                ),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:ngos_ngo_changelist"))

        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            uploaded = form.cleaned_data["file"]
            try:
                rows = importing.read_rows(uploaded)
            except importing.ImportFileError as error:
                form.add_error("file", str(error))
            else:
                reports = importing.check_rows(rows)
                valid_rows = [r.values for r in reports if r.ok]
                context.update(
                    reports=reports,
                    valid_count=len(valid_rows),
                    error_count=len(reports) - len(valid_rows),
                    payload=signer.sign(
                        signing.dumps(
                            {"rows": valid_rows, "source": uploaded.name},
                            salt="ngos.import.rows",
                            compress=True,
                        )
                    ),
                    source=uploaded.name,
                )
        context["form"] = form
        return TemplateResponse(request, "admin/ngos/ngo/import.html", context)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("list of NGOs"),
        help_text=_("a .csv (UTF-8 or Windows-1256) or .xlsx file, at most 5 MB"),
    )


@admin.register(Representative)
class RepresentativeAdmin(ModelAdmin):
    list_display = ("__str__", "ngo", "role", "mobile", "approved_at")
    list_filter = ("role", ("approved_at", admin.EmptyFieldListFilter))
    list_select_related = ("user", "ngo")
    search_fields = (
        "user__first_name",
        "user__last_name",
        "user__username",
        "mobile",
        "national_code",
        "ngo__name",
    )
    raw_id_fields = ("user", "ngo")
    readonly_fields = ("approved_at", "approved_by", "created_at")
    actions = ["approve_selected"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(
        description=_("Approve the selected representatives"), permissions=["change"]
    )
    def approve_selected(self, request, queryset):
        count = services.approve_representatives(
            representatives=queryset, actor=request.user
        )
        self.message_user(
            request,
            ngettext(
                "%(count)s representative approved.",
                "%(count)s representatives approved.",
                count,
            )
            % {"count": localize_digits(count)},
            messages.SUCCESS,
        )
