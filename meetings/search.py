"""Keeping the meeting archive's search keys true when an NGO is renamed.

A meeting's search key holds the names of the NGOs that took part in it or
answer for its action items (``Meeting.build_search_key``). The registry
knows nothing of meetings (``ngos`` is below ``meetings``), so this app
listens for a saved NGO and rebuilds the keys of the meetings that name it.
"""

from django.db.models import Q
from django.db.models.signals import post_save

from meetings.models import Meeting
from ngos.models import NGO


def _ngo_saved(sender, instance, created, update_fields=None, **kwargs):
    if created:
        return
    if update_fields is not None and not {"name", "name_en"} & set(update_fields):
        return
    Meeting.objects.filter(
        Q(participants__ngo=instance) | Q(decisions__responsible_ngo=instance)
    ).distinct().refresh_search_keys()


def connect_signals() -> None:
    post_save.connect(_ngo_saved, sender=NGO, dispatch_uid="meetings_ngo_renamed")
