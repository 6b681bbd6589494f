"""The registry officers' admin: verify NGOs, keep their history, import, export.

``ngos`` is the NGO list and page (with the status moves of
``ngos.moves``), made of ``inlines``, ``forms``, ``exports`` and ``imports``;
``representatives``, ``change_requests`` (changes representatives ask for)
and ``reference`` (provinces, focus areas) are the other lists.
Importing them registers them with the admin site.
"""

from ngos.admin import change_requests, ngos, reference, representatives

__all__ = ["change_requests", "ngos", "reference", "representatives"]
