"""What an NGO's page shows below it: its representatives and its history."""

from django.contrib.admin import widgets
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.admin_site import TabularInline, field_names
from ngos.models import NGOStatusChange, Representative


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
    # Every field of the history, when first.
    fields = ("at", *field_names(NGOStatusChange, exclude=("ngo", "at")))
    readonly_fields = fields
    verbose_name = _("status change")
    verbose_name_plural = _("status history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
