"""The meeting record in the ministry's admin.

Meeting secretaries record a meeting on one page (``meetings``: agenda,
participants, statements, decisions as the inlines of ``parts``), change its
status and approve or reopen its minutes through the buttons and
confirmation pages made from ``meetings.moves``, and follow the action items
of every meeting in one list (``action_items``). Importing the modules
registers them with the admin site.
"""

from meetings.admin import action_items, meetings

__all__ = ["action_items", "meetings"]
