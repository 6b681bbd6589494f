"""What the site says about how to reach the working group.

The one model of ``core``: the secretariat's and the registry office's
contact details, kept in the admin so that a new phone number needs no
release. One row only (:meth:`SiteContact.load`).
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

SINGLETON_PK = 1


class SiteContact(models.Model):
    """The contact page's details: the secretariat and the registry office.

    Addresses and office hours are written in Persian and English; phone
    numbers and e-mail addresses are the same in both.
    """

    secretariat_address = models.TextField(
        _("secretariat's address in Persian"), blank=True
    )
    secretariat_address_en = models.TextField(
        _("secretariat's address in English"), blank=True
    )
    secretariat_phone = models.CharField(
        _("secretariat's phone"), max_length=60, blank=True
    )
    secretariat_email = models.EmailField(_("secretariat's e-mail"), blank=True)
    secretariat_hours = models.CharField(
        _("secretariat's office hours in Persian"), max_length=200, blank=True
    )
    secretariat_hours_en = models.CharField(
        _("secretariat's office hours in English"), max_length=200, blank=True
    )
    registry_address = models.TextField(
        _("registry office's address in Persian"), blank=True
    )
    registry_address_en = models.TextField(
        _("registry office's address in English"), blank=True
    )
    registry_phone = models.CharField(
        _("registry office's phone"), max_length=60, blank=True
    )
    registry_email = models.EmailField(_("registry office's e-mail"), blank=True)
    registry_hours = models.CharField(
        _("registry office's office hours in Persian"), max_length=200, blank=True
    )
    registry_hours_en = models.CharField(
        _("registry office's office hours in English"), max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("contact details")
        verbose_name_plural = _("contact details")

    def __str__(self):
        return str(_("contact details"))

    def save(self, *args, **kwargs):
        self.pk = SINGLETON_PK
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "SiteContact":
        """The saved details, or empty ones (never written on a GET)."""
        return cls.objects.filter(pk=SINGLETON_PK).first() or cls(pk=SINGLETON_PK)

    def offices(self) -> list[dict]:
        """Both offices in the active language, for the contact page.

        Where the English text is missing, the Persian is given (and the
        page marks it as Persian).
        """
        english = (get_language() or "fa").startswith("en")
        result = []
        for prefix, name in (
            ("secretariat", _("Secretariat of the working group")),
            ("registry", _("Registry office")),
        ):
            persian_address = getattr(self, f"{prefix}_address")
            persian_hours = getattr(self, f"{prefix}_hours")
            address = getattr(self, f"{prefix}_address_en") if english else ""
            hours = getattr(self, f"{prefix}_hours_en") if english else ""
            result.append(
                {
                    "slug": prefix,
                    "name": name,
                    "address": address or persian_address,
                    "address_in_persian": not address and bool(persian_address),
                    "hours": hours or persian_hours,
                    "hours_in_persian": not hours and bool(persian_hours),
                    "phone": getattr(self, f"{prefix}_phone"),
                    "email": getattr(self, f"{prefix}_email"),
                }
            )
        return result
