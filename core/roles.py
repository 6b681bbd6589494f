"""Staff groups: the ministry's roles.

The groups are created by a migration, and each app's migrations give them
the permissions of that app's models when those models arrive
(:func:`grant`). After that the groups belong to the ministry: an
administrator may take a permission away in the admin (for example
``decide`` from Reviewers, so that reviewers score without deciding), and no
later deployment gives it back.
"""

from django.contrib.auth.management import create_permissions
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

REVIEWERS = "Reviewers"
REGISTRY_OFFICERS = "Registry officers"
MEETING_SECRETARIES = "Meeting secretaries"
CALL_MANAGERS = "Call managers"

STAFF_GROUPS = [REVIEWERS, REGISTRY_OFFICERS, MEETING_SECRETARIES, CALL_MANAGERS]

# Translators: names of the ministry's staff groups.
GROUP_LABELS = {
    REVIEWERS: _("Reviewers"),
    REGISTRY_OFFICERS: _("Registry officers"),
    MEETING_SECRETARIES: _("Meeting secretaries"),
    CALL_MANAGERS: _("Call managers"),
}


def group_label(group) -> str:
    """A group as staff see it: the ministry's groups by their translated
    name ("Reviewers" is «کارشناسان بررسی» in the Persian admin), any other
    by the name it was given."""
    return str(GROUP_LABELS.get(group.name, group.name))


# Translators: a permission Django makes for every model, as staff see it in
# the admin's lists of permissions ("Can add group" is stored in English).
PERMISSION_ACTIONS = {
    "add": pgettext_lazy("permission", "add %(model)s"),
    "change": pgettext_lazy("permission", "change %(model)s"),
    "delete": pgettext_lazy("permission", "delete %(model)s"),
    "view": pgettext_lazy("permission", "view %(model)s"),
}


def permission_label(permission) -> str:
    """A permission as staff see it: its app and what it allows, in their
    language («کاربران و دسترسی‌ها | افزودن گروه»).

    Django stores permission names in English when it creates them; the
    names of our own permissions are our translatable messages, and those
    Django makes for every model are written from the model's name.
    """
    content_type = permission.content_type
    model = content_type.model_class()
    if model is None:
        return f"{content_type} | {permission.name}"
    action, _sep, model_name = permission.codename.partition("_")
    if action in PERMISSION_ACTIONS and model_name == model._meta.model_name:
        name = PERMISSION_ACTIONS[action] % {"model": model._meta.verbose_name}
    else:
        name = gettext(permission.name)
    return f"{model._meta.app_config.verbose_name} | {name}"


def show_groups_translated() -> None:
    """Make every place that shows a group (the groups list, the two-list
    selector on a user's page, filters, page titles) use :func:`group_label`,
    and every place that shows a permission :func:`permission_label`.

    The names are data, stored in English by the migration that makes the
    groups and used by code to find them, so they stay as they are; only
    how a group is written changes.
    """
    from django.contrib.auth.models import Group, Permission

    Group.__str__ = group_label
    Permission.__str__ = permission_label


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in STAFF_GROUPS:
        Group.objects.using(schema_editor.connection.alias).get_or_create(name=name)


def grant(group_permissions: dict[str, list[str]]):
    """A ``RunPython`` operation's code that gives groups permissions.

    ``group_permissions`` maps a group name to ``"app_label.codename"``
    strings. Django creates permissions only after all migrations have run,
    so they are created here first.
    """

    def forwards(apps, schema_editor):
        alias = schema_editor.connection.alias
        for app_config in apps.get_app_configs():
            app_config.models_module = True
            create_permissions(app_config, apps=apps, verbosity=0, using=alias)
            app_config.models_module = None
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
        for group_name, codes in group_permissions.items():
            group, _created = Group.objects.using(alias).get_or_create(name=group_name)
            for code in codes:
                app_label, codename = code.split(".")
                group.permissions.add(
                    Permission.objects.using(alias).get(
                        content_type__app_label=app_label, codename=codename
                    )
                )

    return forwards
