"""Django's own messages that the site translates itself.

Django's Persian catalogue reaches our users and staff with English (new
messages not yet translated there), clumsy or wrong Persian ("رمز شما کلا
عدد است", a confirmation field that asks for the *old* password, «ایمیل»
where the site says «رایانامه») and plural nouns after numbers. The site's
own catalogue (``LOCALE_PATHS``) comes before Django's, so a message given
Persian there wins. But ``make messages`` runs ``makemessages
--no-obsolete``, which drops every message it does not find in our source:
this module is where it finds them. Nothing imports it; each message is
marked for translation only (``gettext_noop``, and ``ngettext_lazy`` for
those with plural forms), exactly as Django writes it.

The admin's JavaScript messages (the two-list selector of groups and
permissions, the calendar) are listed likewise in ``djangojs_messages.js``
for the ``djangojs`` catalogue.

To override another of Django's messages: copy its ``msgid`` exactly from
Django's catalogue (``django/conf/locale``, ``django/contrib/*/locale``),
add it here, run ``make messages`` and translate it in
``locale/fa/LC_MESSAGES/django.po``.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# Forms, validators, model fields and file sizes (django/conf/locale).
FORMS = [
    gettext_noop("Enter a valid value."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a number."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a valid time."),
    gettext_noop("Enter a valid date/time."),
    gettext_noop("Enter a list of values."),
    gettext_noop("Null characters are not allowed."),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        1,
    ),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        1,
    ),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit in total.",
        "Ensure that there are no more than %(max)s digits in total.",
        1,
    ),
    gettext_noop("“%(pk)s” is not a valid value."),
    gettext_noop("The submitted file is empty."),
    gettext_noop("No file was submitted. Check the encoding type on the form."),
    gettext_noop("No file was submitted."),
    ngettext_lazy(
        "Ensure this filename has at most %(max)d character (it has %(length)d).",
        "Ensure this filename has at most %(max)d characters (it has %(length)d).",
        1,
    ),
    gettext_noop(
        "File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s."
    ),
    gettext_noop("%(model_name)s with this %(field_labels)s already exists."),
    gettext_noop("%(model_name)s with this %(field_label)s already exists."),
    gettext_noop("Email address"),
    ngettext_lazy("%(size)d byte", "%(size)d bytes", 1),
    gettext_noop("%s KB"),
    gettext_noop("%s MB"),
    gettext_noop("%s GB"),
]

# Accounts and passwords (django.contrib.auth).
ACCOUNTS = [
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        1,
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        1,
    ),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop(
        "Your password can’t be too similar to your other personal information."
    ),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."
    ),
    gettext_noop("This account is inactive."),
    gettext_noop("Email"),
    gettext_noop("email address"),
    gettext_noop("No password set."),
    gettext_noop("Invalid password format or unknown hashing algorithm."),
    gettext_noop("Password confirmation"),
    gettext_noop("New password confirmation"),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop("Old password"),
    gettext_noop("Reset password"),
    gettext_noop("Set password"),
    gettext_noop("Set password: %s"),
    gettext_noop("Password-based authentication was disabled."),
    gettext_noop("Password-based authentication"),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    gettext_noop("Conflicting form data submitted. Please try again."),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If disabled, they may still be able to authenticate using other backends, such as Single Sign-On or LDAP."
    ),
    gettext_noop(
        "Raw passwords are not stored, so there is no way to see the user’s password."
    ),
    gettext_noop(
        "Enable password-based authentication for this user by setting a password."
    ),
    gettext_noop(
        "Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."
    ),
    gettext_noop("A user with that username already exists."),
    gettext_noop(
        "Enter a valid username. This value may contain only unaccented lowercase a-z and uppercase A-Z letters, numbers, and @/./+/-/_ characters."
    ),
    gettext_noop(
        "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."
    ),
    gettext_noop("Authentication and Authorization"),
    gettext_noop("staff status"),
    gettext_noop("Designates whether the user can log into this admin site."),
    gettext_noop("superuser status"),
    gettext_noop(
        "Designates that this user has all permissions without explicitly assigning them."
    ),
    gettext_noop(
        "Designates whether this user should be treated as active. Unselect this instead of deleting accounts."
    ),
    gettext_noop(
        "The groups this user belongs to. A user will get all permissions granted to each of their groups."
    ),
    gettext_noop("Permissions"),
    gettext_noop("permission"),
    gettext_noop("permissions"),
    gettext_noop("user permissions"),
    gettext_noop("Specific permissions for this user."),
    gettext_noop("Password reset sent"),
    gettext_noop("Password reset"),
    gettext_noop("Enter new password"),
    gettext_noop("Password reset unsuccessful"),
    gettext_noop("Password reset complete"),
    gettext_noop("Password reset on %(site_name)s"),
    gettext_noop("salt"),
    gettext_noop("hash"),
    gettext_noop("iterations"),
]

# The admin (django.contrib.admin).
ADMIN = [
    gettext_noop("Delete selected %(verbose_name_plural)s"),
    gettext_noop("Successfully deleted %(count)d %(items)s."),
    ngettext_lazy(
        "%(count)s %(name)s was changed successfully.",
        "%(count)s %(name)s were changed successfully.",
        1,
    ),
    gettext_noop("Delete multiple objects"),
    gettext_noop("Model name"),
    gettext_noop("Breadcrumbs"),
    ngettext_lazy(
        "Please correct the error below.", "Please correct the errors below.", 1
    ),
    gettext_noop(
        "This action will <strong>enable</strong> password-based authentication for this user."
    ),
    ngettext_lazy("entry", "entries", 1),
    gettext_noop("In case you’ve forgotten, you are:"),
    gettext_noop("Deletion"),
    gettext_noop("Home"),
    gettext_noop("Run the selected action"),
    gettext_noop("Go"),
    gettext_noop("Select all %(total_count)s %(module_name)s"),
    ngettext_lazy("%(total_count)s selected", "All %(total_count)s selected", 1),
    gettext_noop("0 of %(cnt)s selected"),
    gettext_noop("Models in the %(name)s application"),
    gettext_noop("Recent actions"),
    gettext_noop("My actions"),
    gettext_noop("Add"),
    gettext_noop("Add %s"),
    gettext_noop("Add %(name)s"),
    gettext_noop("Save and add another"),
    gettext_noop("log entry"),
    gettext_noop("log entries"),
    gettext_noop(
        "Hold down “Control”, or “Command” on a Mac, to select more than one."
    ),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("Deleted:"),
    gettext_noop("Changed:"),
    gettext_noop("Added:"),
    gettext_noop("Action"),
    gettext_noop(
        "Items must be selected in order to perform actions on them. No items have been changed."
    ),
    gettext_noop("No action selected."),
    gettext_noop("Objects"),
    gettext_noop("Delete selected %(model)s"),
    gettext_noop("Change selected %(model)s"),
    gettext_noop("View selected %(model)s"),
    gettext_noop("Add another %(model)s"),
    gettext_noop("Start typing to filter…"),
    gettext_noop("Filter navigation items"),
    gettext_noop("Toggle navigation"),
    gettext_noop(
        "Are you sure you want to delete the selected %(objects_name)s? All of the following objects and their related items will be deleted:"
    ),
    gettext_noop("Enter a new password for the user <strong>%(username)s</strong>."),
    gettext_noop("Clear selection"),
    gettext_noop("Click here to select the objects across all pages"),
]

# django-axes' records of sign-ins, as the admin lists them.
SIGN_IN_RECORDS = [
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("IP Address"),
    gettext_noop("User Agent"),
    gettext_noop("Attempt Time"),
    gettext_noop("Failed Logins"),
    gettext_noop("Logout Time"),
    gettext_noop("Access lock out"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
]

# django-otp's help texts of a TOTP device's fields, which it does not mark
# for translation (core.apps.TOTPConfig translates them by these ids).
TWO_STEP_DEVICES = [
    gettext_noop("The user that this device belongs to."),
    gettext_noop("The human-readable name of this device."),
    gettext_noop("Is this device ready for use?"),
    gettext_noop(
        "A timestamp of the last failed verification attempt. Null if last attempt succeeded."
    ),
    gettext_noop("Number of successive failed attempts."),
    gettext_noop(
        "The date and time when this device was initially created in the system."
    ),
    gettext_noop("The most recent date and time this device was used."),
    gettext_noop("A hex-encoded secret key of up to 40 bytes."),
    gettext_noop("The time step in seconds."),
    gettext_noop("The Unix time at which to begin counting steps."),
    gettext_noop("The number of digits to expect in a token."),
    gettext_noop("The number of time steps in the past or future to allow."),
    gettext_noop(
        "The number of time steps the prover is known to deviate from our clock."
    ),
    gettext_noop(
        "The t value of the latest verified token. The next token must be at a higher time step."
    ),
]
