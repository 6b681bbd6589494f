"""Changes of people's powers, to the audit stream (``core.audit``).

Every change of a user's groups, permissions, or active, staff or superuser
flag makes one audit line, whichever page or command made it. Connected
from ``CoreConfig.ready``.
"""

from django.contrib.auth.models import Group, Permission, User
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from core.audit import log

# The flags of an account that give or take away power.
POWER_FLAGS = ("is_active", "is_staff", "is_superuser")


@receiver(pre_save, sender=User, dispatch_uid="audit_user_flags_before")
def _remember_flags(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    instance._flags_before = (
        User.objects.filter(pk=instance.pk).values(*POWER_FLAGS).first()
    )


@receiver(post_save, sender=User, dispatch_uid="audit_user_flags_after")
def _flags_changed(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_flags_before", None) or {}
    instance._flags_before = None
    if created:
        # A new account is said to have come from a plain active one.
        before = {"is_active": True, "is_staff": False, "is_superuser": False}
    changes = {
        flag: [before[flag], getattr(instance, flag)]
        for flag in POWER_FLAGS
        if flag in before and before[flag] != getattr(instance, flag)
    }
    if changes:
        log("user.flags_changed", target=instance.pk, changes=changes)


def _power_names(field: str, pk_set) -> list[str]:
    if field == "groups":
        return sorted(
            Group.objects.filter(pk__in=pk_set).values_list("name", flat=True)
        )
    return sorted(
        f"{app}.{codename}"
        for app, codename in Permission.objects.filter(pk__in=pk_set).values_list(
            "content_type__app_label", "codename"
        )
    )


def _powers_changed(field: str):
    def receive(sender, instance, action, reverse, pk_set, **kwargs):
        if action not in ("post_add", "post_remove", "pre_clear"):
            return
        if action == "pre_clear":
            # The rows are gone after the clear: name them before.
            manager = instance.user_set if reverse else getattr(instance, field)
            pk_set = set(manager.values_list("pk", flat=True))
        if not pk_set:
            return
        done = "added" if action == "post_add" else "removed"
        if reverse:
            # From the group's or permission's side: one line per user.
            for user_pk in pk_set:
                log(
                    "user.powers_changed",
                    target=user_pk,
                    field=field,
                    action=done,
                    names=_power_names(field, [instance.pk]),
                )
            return
        log(
            "user.powers_changed",
            target=instance.pk,
            field=field,
            action=done,
            names=_power_names(field, pk_set),
        )

    return receive


_groups_changed = _powers_changed("groups")
_permissions_changed = _powers_changed("user_permissions")
m2m_changed.connect(
    _groups_changed, sender=User.groups.through, dispatch_uid="audit_user_groups"
)
m2m_changed.connect(
    _permissions_changed,
    sender=User.user_permissions.through,
    dispatch_uid="audit_user_permissions",
)
