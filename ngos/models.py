from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.history import HistoryEntry
from core.jalali import format_short_datetime
from core.l10n import gregorian_year_starting
from core.links import address
from core.pagecache import PublicQuerySet
from core.persian import (
    isolate,
    name_key,
    search_key,
    search_terms,
    sort_key,
)
from ngos.validators import (
    validate_legal_national_id,
    validate_mobile,
    validate_national_code,
    validate_phone,
    validate_postal_code,
)


class BilingualName(models.Model):
    """A reference row named in Persian and English."""

    name_fa = models.CharField(_("name in Persian"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_in(get_language())

    def name_in(self, language: str | None) -> str:
        """The name in ``language``: for tags that write many rows and ask
        for the page's language once (each asking costs a lookup in
        Django's context-local translation state)."""
        return self.name_en if (language or "fa").startswith("en") else self.name_fa


class Province(BilingualName):
    """One of Iran's 31 provinces, keyed by its ISO 3166-2:IR code."""

    code = models.CharField(_("ISO code"), max_length=5, primary_key=True)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["code"]


class FocusArea(BilingualName):
    """What an NGO works on."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["position", "code"]


class NGOQuerySet(PublicQuerySet):
    """Keeps search and sort keys right on bulk writes too."""

    def public(self):
        return self.filter(status=NGO.Status.VERIFIED)

    def search(self, query: str | None):
        """NGOs whose search key holds every term of ``query``.

        Letter forms, digits, diacritics and ZWNJ-versus-space do not matter
        (see ``core.persian``). On PostgreSQL the filter uses the trigram
        index. The NGO of exactly that name comes first, then those whose
        name starts with it, then the rest by name. (Ranking every match by
        trigram similarity cost 79 ms of SQL for a common word's 4,282
        matches, a quarter of the directory's rate; these two comparisons
        cost next to nothing and answer what people search for: a name.)
        A page of the result is read rank by rank with
        :meth:`search_tiers`, never by sorting every match.
        """
        terms = search_terms(query)
        if not terms:
            return self
        queryset = self
        for term in terms:
            queryset = queryset.filter(search_key__contains=term)
        ranks = self._name_ranks(query)
        return queryset.annotate(
            rank=Case(
                *(
                    When(named, then=Value(len(ranks) - index))
                    for index, named in enumerate(ranks)
                ),
                default=Value(0),
                output_field=models.IntegerField(),
            )
        ).order_by("-rank", "sort_name", "pk")

    def search_tiers(self, query: str | None) -> list:
        """``self`` (a :meth:`search` for ``query``) split by rank: one
        queryset a rank, highest first, each in name order.

        Each is read along an index as far as a page needs (the exact name
        and the name's start by the name key's index, the rest along the
        name order, checking each NGO's search key until the page is full),
        where ordering by the rank makes the database read and sort every
        match: 12 ms for a common word at 10,000 NGOs, 0.2 ms this way.
        """
        ranked = self.order_by("sort_name", "pk")
        if not search_terms(query):
            return [ranked]
        tiers, above = [], Q()
        for named in self._name_ranks(query):
            tiers.append(ranked.filter(named).exclude(above))
            above |= named
        return [*tiers, ranked.exclude(above)]

    @staticmethod
    def _name_ranks(query: str) -> list[Q]:
        """What ranks a match above the rest, highest first: the name is
        exactly ``query``; the name starts with it."""
        typed = name_key(query)[:400]
        return [Q(name_key=typed), Q(name_key__startswith=typed)]

    def in_province(self, code: str):
        """Seated in the province or serving it.

        The NGOs serving it are one uncorrelated subquery, which PostgreSQL
        reads once into a hash, not a probe of the served provinces per NGO
        (a correlated ``EXISTS``): counting the NGOs of a province that
        work on a focus area took 11 ms, 5 ms this way, at 10,000 NGOs.
        """
        serving = NGO.provinces_served.through.objects.filter(province_id=code)
        return self.filter(Q(province_id=code) | Q(pk__in=serving.values("ngo_id")))

    def with_focus(self, code: str):
        """Working on the focus area (one uncorrelated subquery, as above)."""
        working_on = NGO.focus_areas.through.objects.filter(focusarea__code=code)
        return self.filter(pk__in=working_on.values("ngo_id"))

    def named_like(self, name: str | None):
        """NGOs whose name has the same key as ``name``: likely the same one."""
        key = name_key(name)[:400]
        if not key:
            return self.none()
        return self.filter(name_key=key)

    def likely_duplicates(self):
        """NGOs that share their name key with another NGO."""
        others = NGO.objects.filter(name_key=OuterRef("name_key")).exclude(
            pk=OuterRef("pk")
        )
        return self.exclude(name_key="").filter(Exists(others))

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for ngo in objs:
            ngo.refresh_keys()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        fields = list(fields)
        if set(fields) & set(NGO.KEY_SOURCE_FIELDS):
            for ngo in objs:
                ngo.refresh_keys()
            fields = list(dict.fromkeys([*fields, *NGO.KEY_FIELDS]))
        return super().bulk_update(objs, fields, *args, **kwargs)

    def update(self, **kwargs):
        # bulk_update() above writes the keys with the sources; nothing to do.
        if not set(kwargs) & set(NGO.KEY_SOURCE_FIELDS) or "search_key" in kwargs:
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            pks = list(self.values_list("pk", flat=True))
            count = super().update(**kwargs)
            ngos = list(
                NGO.objects.filter(pk__in=pks).only("pk", *NGO.KEY_SOURCE_FIELDS)
            )
            for ngo in ngos:
                ngo.refresh_keys()
            NGO.objects.bulk_update(ngos, list(NGO.KEY_FIELDS))
        return count


class NGO(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("ngo status", "pending verification")
        VERIFIED = "verified", pgettext_lazy("ngo status", "verified")
        REJECTED = "rejected", pgettext_lazy("ngo status", "rejected")
        SUSPENDED = "suspended", pgettext_lazy("ngo status", "suspended")

    class LicensingAuthority(models.TextChoices):
        INTERIOR = "interior", _("Ministry of Interior")
        GOVERNORATE = "governorate", _("provincial governorate")
        WELFARE = "welfare", _("State Welfare Organization")
        YOUTH = "youth", _("Ministry of Sports and Youth")
        OTHER = "other", _("other authority")

    KEY_SOURCE_FIELDS = ("name", "name_en", "city", "description")
    #: The keys computed from KEY_SOURCE_FIELDS, never typed.
    KEY_FIELDS = ("search_key", "sort_name", "name_key")
    #: What a link to the NGO shows: its name in the page's language,
    #: linked to its profile while the profile is public.
    LINK_FIELDS = ("id", "name", "name_en", "status")

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    national_id = models.CharField(
        _("national ID"),
        max_length=11,
        unique=True,
        validators=[validate_legal_national_id],
        help_text=_("the 11-digit national ID of the legal entity (شناسه ملی)"),
    )
    registration_number = models.CharField(
        _("registration number"), max_length=30, blank=True
    )
    registration_date = models.DateField(_("registration date"), null=True, blank=True)
    licensing_authority = models.CharField(
        _("licensing authority"),
        max_length=20,
        choices=LicensingAuthority.choices,
        blank=True,
    )
    founding_year = models.PositiveSmallIntegerField(
        _("founding year"),
        null=True,
        blank=True,
        help_text=_("the Jalali year the NGO was founded"),
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="ngos",
        help_text=_("where the NGO has its seat"),
    )
    city = models.CharField(_("city"), max_length=100)
    address = models.TextField(_("address"), blank=True)
    postal_code = models.CharField(
        _("postal code"),
        max_length=10,
        blank=True,
        validators=[validate_postal_code],
    )
    phone = models.CharField(
        _("phone"), max_length=11, blank=True, validators=[validate_phone]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("what the NGO does for female-headed households"),
    )
    focus_areas = models.ManyToManyField(
        FocusArea, verbose_name=_("focus areas"), related_name="ngos", blank=True
    )
    provinces_served = models.ManyToManyField(
        Province,
        verbose_name=_("provinces served"),
        related_name="ngos_serving",
        blank=True,
    )
    households_served = models.PositiveIntegerField(
        _("households served last year"),
        null=True,
        blank=True,
        help_text=_("female-headed households served in the last year"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    search_key = models.TextField(_("search key"), blank=True, editable=False)
    sort_name = models.CharField(max_length=400, blank=True, editable=False)
    # The name with letter forms, digits, ZWNJ, spacing and marks folded
    # away: two NGOs with the same key are likely the same organisation.
    name_key = models.CharField(max_length=400, blank=True, editable=False)
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = NGOQuerySet.as_manager()

    class Meta:
        verbose_name = _("NGO")
        verbose_name_plural = _("NGOs")
        ordering = ["sort_name", "pk"]
        permissions = [
            ("verify_ngo", _("Can verify, reject, suspend and reinstate NGOs")),
            ("export_ngo", _("Can export the NGO registry")),
            ("import_ngo", _("Can import NGO lists")),
        ]
        indexes = [
            models.Index(fields=["status", "sort_name"], name="ngo_status_sort"),
            models.Index(fields=["province", "status"], name="ngo_province_status"),
            models.Index(fields=["registration_date"], name="ngo_registration_date"),
            # The admin's list, in alphabetical order whatever the status.
            models.Index(fields=["sort_name", "id"], name="ngo_sort_name"),
            # Likely duplicates are found by their name key, and a search's
            # best matches by its start (LIKE 'key%': on PostgreSQL that
            # needs the pattern operator class).
            models.Index(
                fields=["name_key"],
                name="ngo_name_key_prefix",
                opclasses=["varchar_pattern_ops"],
            ),
            # The directory filtered by focus area and province checks each
            # NGO of the focus area for its status and seat: from the index
            # alone, not a read of each NGO's row (PostgreSQL; elsewhere a
            # plain index on the key).
            models.Index(
                fields=["id"],
                include=["status", "province"],
                name="ngo_status_seat",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.refresh_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(
            self.KEY_SOURCE_FIELDS
        ):
            kwargs["update_fields"] = {*update_fields, *self.KEY_FIELDS}
        super().save(*args, **kwargs)

    def get_absolute_url(self, language: str | None = None):
        return address("ngos:detail", self.pk, language)

    @classmethod
    def beyond_link(cls, relation: str) -> list[str]:
        """For ``.defer()`` beside ``.select_related(relation)`` where a page
        shows the NGO at ``relation`` only as a link: its other fields (the
        description, the address, the search key) stay in the database.
        A meeting's record names the NGOs of a hundred people and rows."""
        return [
            f"{relation}__{field.name}"
            for field in cls._meta.concrete_fields
            if field.attname not in cls.LINK_FIELDS
        ]

    def refresh_keys(self) -> None:
        self.search_key = search_key(
            self.name, self.name_en, self.city, self.description
        )
        self.sort_name = sort_key(self.name)[:400]
        self.name_key = name_key(self.name)[:400]

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.VERIFIED

    @property
    def display_name(self) -> str:
        """The name in the page's language: the English name on English
        pages when the NGO has one, else the (Persian) name."""
        return self.display_name_in(get_language())

    def display_name_in(self, language: str | None) -> str:
        """:attr:`display_name` in ``language`` (see ``BilingualName.name_in``)."""
        if self.name_en and (language or "fa").startswith("en"):
            return self.name_en
        return self.name

    @property
    def founding_year_gregorian(self) -> int | None:
        return (
            gregorian_year_starting(self.founding_year) if self.founding_year else None
        )


class NGOStatusChange(HistoryEntry):
    """One entry of an NGO's history: append-only, never edited or deleted."""

    class Basis(models.TextChoices):
        LICENCE = "licence", _("licence document checked")
        GAZETTE = "gazette", _("official gazette notice checked")
        REGISTRY = "registry", _("national registry inquiry")
        VISIT = "visit", _("site visit")
        OTHER = "other", _("other check")

    ngo = models.ForeignKey(
        NGO,
        verbose_name=_("NGO"),
        on_delete=models.PROTECT,
        related_name="status_changes",
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=NGO.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=NGO.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)
    basis = models.CharField(
        _("verification basis"), max_length=20, choices=Basis.choices, blank=True
    )
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        help_text=_("the document or check the verification rests on"),
    )

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["ngo", "at"], name="ngo_history_ngo_at")]

    def __str__(self):
        return f"{self.get_to_status_display()} · {format_short_datetime(self.at)}"

    @property
    def is_details_change(self) -> bool:
        """An entry that records changed details, not a change of status."""
        return self.from_status == self.to_status


STAFF_NEVER_REPRESENT = _("A staff account cannot represent an NGO.")


def is_staff_account(user) -> bool:
    return user.is_staff or user.is_superuser


class Representative(models.Model):
    """A user account that acts for one NGO, once staff have approved it."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("chair of the board")
        DIRECTOR = "director", _("managing director")
        BOARD = "board", _("board member")
        STAFF = "staff", _("staff member")
        OTHER = "other", _("other")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="representative",
    )
    ngo = models.ForeignKey(
        NGO,
        verbose_name=_("NGO"),
        on_delete=models.PROTECT,
        related_name="representatives",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    national_code = models.CharField(
        _("national code"),
        max_length=10,
        unique=True,
        validators=[validate_national_code],
    )
    mobile = models.CharField(_("mobile"), max_length=11, validators=[validate_mobile])
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="fa",
        help_text=_("the language of the e-mails this representative receives"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["ngo", "pk"]

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    def clean(self):
        # Staff review what NGOs send: one account is never on both sides.
        if self.user_id is not None and is_staff_account(self.user):
            raise ValidationError(STAFF_NEVER_REPRESENT)

    @property
    def may_read(self) -> bool:
        """Approved, and not a staff account: may read the NGO's proposals."""
        return self.is_approved and not is_staff_account(self.user)

    @property
    def can_act(self) -> bool:
        """Approved and acting for a verified NGO: may submit proposals.

        Never for a staff account, even one that a row names (see ``clean``).
        """
        return (
            self.may_read
            and self.user.is_active
            and self.ngo.status == NGO.Status.VERIFIED
        )


class NGOChangeRequest(models.Model):
    """Changes to an NGO's details that its representative asks for.

    Registry officers approve or reject them in the admin
    (``ngos.moves.CHANGE_REQUEST_MOVES``, ``ngos.services.decide_change_request``);
    an approved request is applied to the NGO and recorded in its history.
    """

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("change request status", "pending")
        APPROVED = "approved", pgettext_lazy("change request status", "approved")
        REJECTED = "rejected", pgettext_lazy("change request status", "rejected")
        WITHDRAWN = "withdrawn", pgettext_lazy("change request status", "withdrawn")

    #: The NGO's fields a representative may ask to change, in the form's order.
    FIELDS = (
        "phone",
        "email",
        "website",
        "address",
        "provinces_served",
        "households_served",
    )

    ngo = models.ForeignKey(
        NGO,
        verbose_name=_("NGO"),
        on_delete=models.PROTECT,
        related_name="change_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
        editable=False,
    )
    phone = models.CharField(
        _("phone"), max_length=11, blank=True, validators=[validate_phone]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.TextField(_("address"), blank=True)
    provinces_served = models.ManyToManyField(
        Province,
        verbose_name=_("provinces served"),
        related_name="+",
        blank=True,
    )
    households_served = models.PositiveIntegerField(
        _("households served last year"), null=True, blank=True
    )
    # What the registry held when the representative asked (JSON: provinces
    # as codes): approval changes only the fields the request changed from
    # these, and the request keeps showing what it changed later on.
    previous = models.JSONField(_("before"), default=dict, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        ordering = ["-requested_at", "-pk"]
        permissions = [
            (
                "decide_change_request",
                _("Can approve or reject changes that NGOs ask for"),
            )
        ]
        constraints = [
            # One request waits at a time: a second would race the first.
            models.UniqueConstraint(
                fields=["ngo"],
                condition=Q(status="pending"),
                name="one_pending_change_request",
            )
        ]
        indexes = [
            models.Index(fields=["status", "requested_at"], name="change_request_queue")
        ]

    def __str__(self):
        # The name isolated: a Persian name cannot reorder the date after it.
        return f"{isolate(self.ngo)} · {format_short_datetime(self.requested_at)}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
