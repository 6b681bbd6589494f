"""The registry's records: NGOs, their representatives and history."""

import datetime

from core.jalali import jalali_year
from demo.scale import words
from ngos.models import NGO, FocusArea, NGOStatusChange, Province, Representative

NGO_STATUSES = {
    NGO.Status.VERIFIED: 78,
    NGO.Status.PENDING: 10,
    NGO.Status.REJECTED: 5,
    NGO.Status.SUSPENDED: 7,
}
NGO_REASONS = {
    NGO.Status.REJECTED: "مدارک ثبت سازمان کامل نیست.",
    NGO.Status.SUSPENDED: "گزارش فعالیت سالانه به موقع فرستاده نشد.",
}


class RegistryMaker:
    """NGOs in every status, with representatives and status history."""

    def create_ngos(self, count: int) -> None:
        """NGOs in every province and status, most with a representative.

        The first is verified, has an approved representative and is the
        benchmark's busy NGO.
        """
        provinces = {p.code: p for p in Province.objects.all()}
        codes = list(provinces)
        weights = [words.PROVINCE_WEIGHTS.get(code, 1) for code in codes]
        areas = list(FocusArea.objects.all())
        statuses, status_weights = zip(*NGO_STATUSES.items(), strict=True)
        ngos = []
        for index, national_id in enumerate(self.legal_ids(count)):
            # Every province has NGOs, the populous ones more.
            code = codes[index] if index < len(codes) else None
            code = code or self.rng.choices(codes, weights)[0]
            city = self.rng.choice(words.CITIES.get(code) or [provinces[code].name_fa])
            status = (
                NGO.Status.VERIFIED
                if index == 0
                else self.rng.choices(statuses, status_weights)[0]
            )
            # The benchmark's NGO is one of the oldest: five years of proposals.
            applied = (
                self.start + datetime.timedelta(days=3)
                if index == 0
                else self.past(skew=1.6)
            )
            ngo = self.ngo(national_id, code, city, status, applied)
            ngo.applicant = None
            ngo.areas = self.rng.sample(areas, self.rng.randint(1, 3))
            ngo.served = self.rng.sample(codes, self.rng.choice((0, 0, 1, 2, 4)))
            ngos.append(ngo)
        self.verified = [ngo for ngo in ngos if ngo.status == NGO.Status.VERIFIED]
        self.proposing = []
        if not ngos:
            return
        # Most NGOs applied through the site with a representative; the
        # rest came in registry imports.
        self.create_applicants(
            [
                ngo
                for index, ngo in enumerate(ngos)
                if index == 0 or self.rng.random() < 0.85
            ]
        )
        self.write(NGO, ngos)
        self.write_ngo_links(ngos)
        self.write_ngo_history(ngos)
        # Who may send proposals: approved representatives of NGOs verified
        # long enough ago for a proposal to have been decided since.
        settled = self.now - datetime.timedelta(days=60)
        self.proposing = [
            (ngo, ngo.applicant.user)
            for ngo in self.verified
            if ngo.applicant and ngo.applicant.approved_at and ngo.verified_at < settled
        ]
        self.result.benchmark_ngo, self.result.benchmark_user = self.proposing[0]

    def ngo(self, national_id, province, city, status, applied) -> NGO:
        kind, kind_en = self.rng.choice(words.NGO_KINDS)
        name, name_en = self.rng.choice(words.NGO_NAMES)
        purpose, purpose_en = self.rng.choice(words.NGO_PURPOSES)
        registered = applied.date() - datetime.timedelta(
            days=self.rng.randint(30, 365 * 15)
        )
        ngo = NGO(
            name=" ".join(part for part in (kind, name, purpose, city) if part),
            name_en=" ".join(part for part in (name_en, kind_en, purpose_en) if part)
            if self.rng.random() < 0.7
            else "",
            national_id=national_id,
            registration_number=str(self.rng.randint(1_000, 99_999)),
            registration_date=registered,
            licensing_authority=self.rng.choice(NGO.LicensingAuthority.values),
            founding_year=jalali_year(registered),
            province_id=province,
            city=city,
            address=(
                f"{city}، خیابان {self.rng.choice(words.STREETS)}، "
                f"پلاک {self.rng.randint(1, 240)}"
            ),
            postal_code=self.postal_code(),
            phone=f"0{self.rng.randint(11, 87)}{self.rng.randrange(10**8):08d}",
            email=f"info.{national_id}@example.org",
            website=f"https://ngo-{national_id}.example.org"
            if self.rng.random() < 0.4
            else "",
            description=" ".join(self.rng.sample(words.NGO_ACTIVITIES, 2)),
            households_served=self.rng.choice([None, self.rng.randint(20, 2_000)]),
            status=status,
            created_at=applied,
        )
        ngo.history = [("", NGO.Status.PENDING, applied)]
        if status != NGO.Status.PENDING:
            decided = self.later(applied, 2, 45)
            first = (
                NGO.Status.REJECTED
                if status == NGO.Status.REJECTED
                else NGO.Status.VERIFIED
            )
            ngo.history.append((NGO.Status.PENDING, first, decided))
            if first == NGO.Status.VERIFIED:
                ngo.verified_at = decided
                ngo.verified_by = self.rng.choice(self.registrars)
            if status == NGO.Status.SUSPENDED:
                suspended = self.later(decided, 30, 500)
                ngo.history.append((NGO.Status.VERIFIED, status, suspended))
        ngo.updated_at = ngo.history[-1][2]
        return ngo

    def create_applicants(self, ngos) -> None:
        """An account and a representative record (``ngo.applicant``, written
        once the NGOs have keys) for each of ``ngos``."""
        users = self.users("scale_rep_", [ngo.created_at for ngo in ngos])
        for ngo, user, code in zip(
            ngos, users, self.national_codes(len(ngos)), strict=True
        ):
            approved = ngo.verified_at if self.rng.random() < 0.97 else None
            ngo.applicant = Representative(
                user=user,
                role=self.rng.choice(Representative.Role.values),
                national_code=code,
                mobile=self.mobile(),
                language="en" if self.rng.random() < 0.1 else "fa",
                approved_at=approved,
                approved_by=ngo.verified_by if approved else None,
                created_at=ngo.created_at,
            )
        # The benchmark's NGO always has an approved representative.
        if ngos and ngos[0].verified_at:
            first = ngos[0].applicant
            first.approved_at, first.approved_by = (
                ngos[0].verified_at,
                ngos[0].verified_by,
            )

    def write_ngo_links(self, ngos) -> None:
        focus = NGO.focus_areas.through
        served = NGO.provinces_served.through
        focus.objects.bulk_create(
            [
                focus(ngo_id=ngo.pk, focusarea_id=area.pk)
                for ngo in ngos
                for area in ngo.areas
            ],
            batch_size=self.batch_size,
        )
        served.objects.bulk_create(
            [
                served(ngo_id=ngo.pk, province_id=code)
                for ngo in ngos
                for code in ngo.served
            ],
            batch_size=self.batch_size,
        )

    def write_ngo_history(self, ngos) -> None:
        applicants = []
        for ngo in ngos:
            if ngo.applicant:
                ngo.applicant.ngo = ngo
                applicants.append(ngo.applicant)
        self.write(Representative, applicants)
        changes = []
        for ngo in ngos:
            applicant = ngo.applicant
            for from_status, to_status, at in ngo.history:
                if not from_status:
                    # An application through the site, or a registry import.
                    actor = (
                        applicant.user
                        if applicant
                        else self.rng.choice(self.registrars)
                    )
                else:
                    actor = ngo.verified_by or self.rng.choice(self.registrars)
                changes.append(
                    NGOStatusChange(
                        ngo=ngo,
                        from_status=from_status,
                        to_status=to_status,
                        actor=actor,
                        at=at,
                        reason=NGO_REASONS.get(to_status, ""),
                        basis=self.rng.choice(NGOStatusChange.Basis.values)
                        if to_status == NGO.Status.VERIFIED
                        else "",
                        evidence="استعلام سامانه ثبت سازمان‌ها"
                        if to_status == NGO.Status.VERIFIED
                        else "",
                    )
                )
        self.write(NGOStatusChange, changes)
