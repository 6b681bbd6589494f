/*
 * Django admin JavaScript messages that the site translates itself: nothing
 * loads this file. `make messages` extracts the djangojs catalogue with
 * --no-obsolete, which keeps only messages found in our source; these are
 * Django's own (SelectFilter2.js, calendar.js), with no Persian or clumsy
 * Persian in Django's catalogue. Our locale/fa/LC_MESSAGES/djangojs.po comes
 * before Django's when the admin serves its JavaScript catalogue (jsi18n).
 * See core/django_messages.py for the same for Python and templates.
 */

gettext('Choose %s by selecting them and then select the "Choose" arrow button.');
gettext("Choose all %s");
gettext("Choose selected %s");
gettext("Remove selected %s");
gettext('Remove %s by selecting them and then select the "Remove" arrow button.');
gettext("Type into this box to filter down the list of selected %s.");
gettext("Available %s");
gettext("Type into this box to filter down the list of available %s.");
gettext("Filter");
gettext("Chosen %s");
gettext("(click to clear)");
gettext("Remove all %s");
gettext("%s selected option not visible");
gettext("Sunday");
gettext("Monday");
gettext("Tuesday");
gettext("Wednesday");
gettext("Thursday");
gettext("Friday");
gettext("Saturday");
