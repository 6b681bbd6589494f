"""The ministry's staff groups; each app's migrations give them its rights.

Also the contact page's details (``core.SiteContact``), with the addresses
and office hours the site starts with; staff change them in the admin.
"""

from django.db import migrations, models

from core.roles import create_groups

# What the contact page says until staff change it in the admin. Phone
# numbers and e-mail addresses are left for the ministry to fill in.
CONTACT = {
    "secretariat_address": (
        "تهران، خیابان فاطمی، وزارت کشور، سازمان امور اجتماعی کشور، "
        "معاونت مشارکت‌های اجتماعی، دبیرخانهٔ کارگروه تخصصی"
    ),
    "secretariat_address_en": (
        "Secretariat of the specialist working group, Deputy for Social "
        "Participation, Social Affairs Organization, Ministry of Interior, "
        "Fatemi Street, Tehran"
    ),
    "secretariat_hours": "شنبه تا چهارشنبه، ساعت ۸ تا ۱۴",
    "secretariat_hours_en": "Saturday to Wednesday, 8:00 to 14:00",
    "registry_address": (
        "تهران، خیابان فاطمی، وزارت کشور، سازمان امور اجتماعی کشور، "
        "دفتر ثبت سازمان‌های مردم‌نهاد"
    ),
    "registry_address_en": (
        "NGO registry office, Social Affairs Organization, Ministry of "
        "Interior, Fatemi Street, Tehran"
    ),
    "registry_hours": "شنبه تا چهارشنبه، ساعت ۸ تا ۱۴",
    "registry_hours_en": "Saturday to Wednesday, 8:00 to 14:00",
}


def create_contact(apps, schema_editor):
    SiteContact = apps.get_model("core", "SiteContact")
    SiteContact.objects.get_or_create(pk=1, defaults=CONTACT)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(create_groups, migrations.RunPython.noop),
        migrations.CreateModel(
            name="SiteContact",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "secretariat_address",
                    models.TextField(
                        blank=True, verbose_name="secretariat's address in Persian"
                    ),
                ),
                (
                    "secretariat_address_en",
                    models.TextField(
                        blank=True, verbose_name="secretariat's address in English"
                    ),
                ),
                (
                    "secretariat_phone",
                    models.CharField(
                        blank=True, max_length=60, verbose_name="secretariat's phone"
                    ),
                ),
                (
                    "secretariat_email",
                    models.EmailField(
                        blank=True, max_length=254, verbose_name="secretariat's e-mail"
                    ),
                ),
                (
                    "secretariat_hours",
                    models.CharField(
                        blank=True,
                        max_length=200,
                        verbose_name="secretariat's office hours in Persian",
                    ),
                ),
                (
                    "secretariat_hours_en",
                    models.CharField(
                        blank=True,
                        max_length=200,
                        verbose_name="secretariat's office hours in English",
                    ),
                ),
                (
                    "registry_address",
                    models.TextField(
                        blank=True, verbose_name="registry office's address in Persian"
                    ),
                ),
                (
                    "registry_address_en",
                    models.TextField(
                        blank=True, verbose_name="registry office's address in English"
                    ),
                ),
                (
                    "registry_phone",
                    models.CharField(
                        blank=True,
                        max_length=60,
                        verbose_name="registry office's phone",
                    ),
                ),
                (
                    "registry_email",
                    models.EmailField(
                        blank=True,
                        max_length=254,
                        verbose_name="registry office's e-mail",
                    ),
                ),
                (
                    "registry_hours",
                    models.CharField(
                        blank=True,
                        max_length=200,
                        verbose_name="registry office's office hours in Persian",
                    ),
                ),
                (
                    "registry_hours_en",
                    models.CharField(
                        blank=True,
                        max_length=200,
                        verbose_name="registry office's office hours in English",
                    ),
                ),
            ],
            options={
                "verbose_name": "contact details",
                "verbose_name_plural": "contact details",
            },
        ),
        migrations.RunPython(create_contact, migrations.RunPython.noop),
    ]
