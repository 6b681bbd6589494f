"""A call's rubric: the criteria reviewers score, and the default one every
new call is given."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.l10n import is_persian

# The default rubric, copied to every new call (``proposals.rubric``): the
# working group's five criteria, equally weighted.
DEFAULT_RUBRIC = (
    {
        "name": "ارتباط با زنان سرپرست خانوار",
        "name_en": "relevance to female-headed households",
        "meanings": (
            "ارتباطی ندارد",
            "ارتباط اندک",
            "تا حدی مرتبط",
            "مرتبط",
            "کاملاً در خدمت زنان سرپرست خانوار",
        ),
        "meanings_en": (
            "not related",
            "barely related",
            "partly related",
            "related",
            "wholly serves female-headed households",
        ),
    },
    {
        "name": "امکان‌پذیری",
        "name_en": "feasibility",
        "meanings": (
            "اجراشدنی نیست",
            "با موانع جدی",
            "با تغییراتی اجراشدنی",
            "اجراشدنی",
            "برنامه‌ای روشن و اجراشدنی",
        ),
        "meanings_en": (
            "cannot be done",
            "serious obstacles",
            "feasible with changes",
            "feasible",
            "a clear, feasible plan",
        ),
    },
    {
        "name": "اثر مورد انتظار",
        "name_en": "expected impact",
        "meanings": ("بی‌اثر", "اثر اندک", "اثر متوسط", "اثر خوب", "اثر چشمگیر"),
        "meanings_en": (
            "no impact",
            "little impact",
            "some impact",
            "good impact",
            "great impact",
        ),
    },
    {
        "name": "صرفه‌ی اقتصادی",
        "name_en": "cost-effectiveness",
        "meanings": (
            "هزینه بسیار بیش از نتیجه",
            "پرهزینه",
            "قابل قبول",
            "به‌صرفه",
            "بسیار به‌صرفه",
        ),
        "meanings_en": (
            "costs far outweigh results",
            "costly",
            "acceptable",
            "good value",
            "excellent value",
        ),
    },
    {
        "name": "توان سازمان",
        "name_en": "the NGO's capacity",
        "meanings": (
            "توانی ندارد",
            "توان اندک",
            "توان متوسط",
            "توانا",
            "کاملاً توانا و باسابقه",
        ),
        "meanings_en": (
            "no capacity",
            "little capacity",
            "some capacity",
            "capable",
            "fully capable, with a record",
        ),
    },
)

SCORE_VALUES = range(1, 6)


class Criterion(models.Model):
    """One criterion of a call's rubric: what reviewers score from 1 to 5,
    what each score means, and its weight in the weighted mean."""

    call = models.ForeignKey(
        "proposals.Call",
        verbose_name=_("call for proposals"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    name = models.CharField(_("name (Persian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    meaning_1 = models.CharField(_("1 means"), max_length=200)
    meaning_2 = models.CharField(_("2 means"), max_length=200)
    meaning_3 = models.CharField(_("3 means"), max_length=200)
    meaning_4 = models.CharField(_("4 means"), max_length=200)
    meaning_5 = models.CharField(_("5 means"), max_length=200)
    meaning_1_en = models.CharField(_("1 means (English)"), max_length=200, blank=True)
    meaning_2_en = models.CharField(_("2 means (English)"), max_length=200, blank=True)
    meaning_3_en = models.CharField(_("3 means (English)"), max_length=200, blank=True)
    meaning_4_en = models.CharField(_("4 means (English)"), max_length=200, blank=True)
    meaning_5_en = models.CharField(_("5 means (English)"), max_length=200, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, help_text=_("its share in the weighted mean")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["call", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=1), name="criterion_weight_positive"
            )
        ]

    def __str__(self):
        return self.display_name()

    def display_name(self) -> str:
        if self.name_en and not is_persian():
            return self.name_en
        return self.name

    def meanings(self) -> list[tuple[int, str]]:
        """Each score with what it means, in the page's language."""
        english = not is_persian()
        return [
            (
                value,
                (english and getattr(self, f"meaning_{value}_en"))
                or getattr(self, f"meaning_{value}"),
            )
            for value in SCORE_VALUES
        ]


def add_default_rubric(call, criterion_model=None) -> None:
    """Give ``call`` the default rubric (``DEFAULT_RUBRIC``) unless it has
    criteria already. Every new call gets it (the call admin, the demo, the
    standing call's migration, which passes its historical model)."""
    model = criterion_model or Criterion
    if model.objects.filter(call_id=call.pk).exists():
        return
    model.objects.bulk_create(
        model(
            call_id=call.pk,
            name=item["name"],
            name_en=item["name_en"],
            order=order,
            weight=1,
            **{f"meaning_{n}": text for n, text in enumerate(item["meanings"], 1)},
            **{
                f"meaning_{n}_en": text for n, text in enumerate(item["meanings_en"], 1)
            },
        )
        for order, item in enumerate(DEFAULT_RUBRIC, 1)
    )
