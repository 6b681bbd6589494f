import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core.admin_site import field_names
from core.transitions import REASON_REQUIRED
from ngos.admin.forms import NGOAdminForm
from ngos.admin.ngos import NGOAdmin
from ngos.models import NGO, FocusArea
from ngos.moves import NGO_MOVES
from tests.factories import NGOFactory, RepresentativeFactory, valid_legal_id
from tests.moves import refused_without_permission, walk

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:ngos_ngo_changelist")


@pytest.fixture
def officer_client(client, registry_officer):
    client.force_login(registry_officer)
    return client


def act(client, action, ngos, **form):
    data = {"action": action, "_selected_action": [n.pk for n in ngos]}
    return client.post(CHANGELIST, {**data, **form})


def test_changelist_lists_status_province_and_focus_areas(officer_client):
    NGOFactory(
        name="خانه امید", status="pending", focus_areas=["1"], province_id="IR-10"
    )
    html = officer_client.get(CHANGELIST).content.decode()
    assert "خانه امید" in html
    assert "در انتظار تأیید" in html
    assert "اصفهان" in html
    assert "توانمندسازی اقتصادی و اشتغال" in html


def test_admin_search_is_normalised(officer_client):
    NGOFactory(name="کانون کودکان")
    NGOFactory(name="انجمن دیگر")
    response = officer_client.get(CHANGELIST, {"q": "كانون"})
    assert [n.name for n in response.context["cl"].result_list] == ["کانون کودکان"]


def test_filters_by_status_and_province(officer_client):
    NGOFactory(name="الف", status="pending", province_id="IR-10")
    NGOFactory(name="ب", status="verified", province_id="IR-10")
    response = officer_client.get(
        CHANGELIST, {"status__exact": "pending", "province__code__exact": "IR-10"}
    )
    assert [n.name for n in response.context["cl"].result_list] == ["الف"]


def test_verify_action_asks_for_the_basis_then_records_history(
    officer_client, registry_officer
):
    ngos = [NGOFactory(status="pending"), NGOFactory(status="pending")]
    confirm = act(officer_client, "move_verify", ngos)
    assert confirm.status_code == 200
    assert "مبنای تأیید" in confirm.content.decode()
    assert NGO.objects.filter(status="verified").count() == 0
    done = act(
        officer_client,
        "move_verify",
        ngos,
        apply="1",
        basis="licence",
        evidence="پروانه ۱۲",
    )
    assert done.status_code == 302
    for ngo in ngos:
        ngo.refresh_from_db()
        assert ngo.status == "verified"
        change = ngo.status_changes.get()
        assert (change.actor, change.basis, change.evidence) == (
            registry_officer,
            "licence",
            "پروانه ۱۲",
        )


def test_reject_without_reason_is_refused(officer_client):
    ngo = NGOFactory(status="pending")
    response = act(officer_client, "move_reject", [ngo], apply="1", reason=" ")
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [str(REASON_REQUIRED)]
    ngo.refresh_from_db()
    assert ngo.status == "pending"
    assert ngo.status_changes.count() == 0


def test_suspend_and_reinstate_with_reasons(officer_client):
    ngo = NGOFactory(status="verified")
    act(officer_client, "move_suspend", [ngo], apply="1", reason="گزارش نرسید")
    ngo.refresh_from_db()
    assert ngo.status == "suspended"
    act(officer_client, "move_reinstate", [ngo], apply="1", reason="گزارش رسید")
    ngo.refresh_from_db()
    assert ngo.status == "verified"
    reasons = list(ngo.status_changes.values_list("to_status", "reason"))
    assert reasons == [("suspended", "گزارش نرسید"), ("verified", "گزارش رسید")]


def test_illegal_move_in_a_batch_is_reported_and_the_rest_done(officer_client):
    pending = NGOFactory(status="pending")
    rejected = NGOFactory(status="rejected", name="ردشده قبلی")
    response = act(
        officer_client, "move_verify", [pending, rejected], apply="1", basis="visit"
    )
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("ردشده قبلی" in m for m in messages)
    pending.refresh_from_db()
    rejected.refresh_from_db()
    assert (pending.status, rejected.status) == ("verified", "rejected")


def test_change_page_shows_history_and_status_buttons(officer_client, registry_officer):
    from ngos.services import change_ngo_status

    ngo = NGOFactory(status="pending")
    change_ngo_status(
        ngo=ngo,
        to_status="verified",
        actor=registry_officer,
        basis="licence",
        evidence="سند ۷",
    )
    html = officer_client.get(
        reverse("admin:ngos_ngo_change", args=[ngo.pk])
    ).content.decode()
    assert "سابقه وضعیت" in html
    assert "سند ۷" in html
    assert reverse("admin:ngos_ngo_move", args=[ngo.pk, "suspend"]) in html
    assert reverse("admin:ngos_ngo_move", args=[ngo.pk, "verify"]) not in html


def test_status_page_for_one_ngo(officer_client):
    ngo = NGOFactory(status="pending")
    url = reverse("admin:ngos_ngo_move", args=[ngo.pk, "reject"])
    assert officer_client.get(url).status_code == 200
    ngo.refresh_from_db()
    assert ngo.status == "pending"  # GET changes nothing
    response = officer_client.post(url, {"apply": "1", "reason": "ناقص"})
    assert response.status_code == 302
    ngo.refresh_from_db()
    assert ngo.status == "rejected"


def test_history_cannot_be_deleted_nor_ngos(officer_client, superuser, client):
    ngo = NGOFactory()
    client.force_login(superuser)
    assert (
        client.get(reverse("admin:ngos_ngo_delete", args=[ngo.pk])).status_code == 403
    )
    html = client.get(reverse("admin:ngos_ngo_change", args=[ngo.pk])).content.decode()
    assert "status_changes-0-DELETE" not in html


def test_reviewer_cannot_change_status(client, reviewer):
    client.force_login(reviewer)
    ngo = NGOFactory(status="pending")
    response = client.post(
        reverse("admin:ngos_ngo_move", args=[ngo.pk, "verify"]),
        {"apply": "1", "basis": "visit"},
    )
    assert response.status_code == 403
    ngo.refresh_from_db()
    assert ngo.status == "pending"


def test_duplicate_national_id_names_the_holder_for_staff(officer_client):
    NGOFactory(national_id="10380284790", name="دارنده شناسه")
    other = NGOFactory()
    data = {
        "name": other.name,
        "national_id": "۱۰۳۸۰۲۸۴۷۹۰",
        "province": "IR-23",
        "city": "تهران",
        "representatives-TOTAL_FORMS": "0",
        "representatives-INITIAL_FORMS": "0",
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
    }
    response = officer_client.post(
        reverse("admin:ngos_ngo_change", args=[other.pk]), data
    )
    assert response.status_code == 200
    assert "«دارنده شناسه»" in response.content.decode()


def test_export_csv_holds_the_filtered_rows_with_persian_headers(officer_client):
    NGOFactory(name="در انتظار", status="pending", registration_date="2018-01-08")
    NGOFactory(name="تأییدشده", status="verified")
    response = officer_client.get(
        reverse("admin:ngos_ngo_export", args=["csv"]) + "?status__exact=pending"
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["شماره", "نام", "نام انگلیسی"]
    assert [row[1] for row in rows[1:]] == ["در انتظار"]
    assert "۱۳۹۶/۱۰/۱۸" in rows[1]


def test_export_xlsx_opens_and_holds_the_searched_rows(officer_client):
    NGOFactory(name="کانون کودکان")
    NGOFactory(name="انجمن دیگر")
    response = officer_client.get(
        reverse("admin:ngos_ngo_export", args=["xlsx"]) + "?q=کودکان"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert values[0][1] == "نام"
    assert [row[1] for row in values[1:]] == ["کانون کودکان"]
    assert sheet.sheet_view.rightToLeft


def test_export_needs_permission(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("admin:ngos_ngo_export", args=["csv"])).status_code == 403


def upload(rows, name="list.csv"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile(
        name, buffer.getvalue().encode("utf-8-sig"), content_type="text/csv"
    )


IMPORT_HEADER = ["نام", "شناسه ملی", "استان", "شهر", "حوزه های فعالیت", "تعداد خانوار"]


def test_import_with_a_bad_row_imports_nothing_until_confirmed(
    officer_client, registry_officer
):
    NGOFactory(national_id=valid_legal_id(3), name="ثبت‌شده")
    rows = [
        IMPORT_HEADER,
        ["انجمن اول", valid_legal_id(1), "تهران", "تهران", "آموزش مهارت", "۱۲۰"],
        ["انجمن دوم", "10380284792", "Isfahan", "اصفهان", "", ""],  # bad check digit
        ["انجمن سوم", valid_legal_id(2), "استان ناموجود", "شهر", "", ""],
        [
            "انجمن چهارم",
            valid_legal_id(3),
            "IR-07",
            "شیراز",
            "",
            "",
        ],  # already registered
        ["انجمن پنجم", valid_legal_id(1), "IR-07", "شیراز", "", ""],  # repeats row 2
        ["انجمن ششم", valid_legal_id(4), "Fars", "شیراز", "education|health", "abc"],
        ["انجمن هفتم", valid_legal_id(6), "IR-30", "کرج", "", ""],
    ]
    url = reverse("admin:ngos_ngo_import")
    preview = officer_client.post(url, {"file": upload(rows)})
    assert preview.status_code == 200
    reports = preview.context["reports"]
    assert [r.ok for r in reports] == [True, False, False, False, False, False, True]
    html = preview.content.decode()
    assert "رقم کنترل آن درست نیست" in html
    assert "استان «استان ناموجود» شناخته نشد" in html
    assert "«ثبت‌شده»" in html
    assert "تکرار ردیف ۲" in html or "تکرار ردیف 2" in html
    assert NGO.objects.count() == 1  # nothing imported yet
    done = officer_client.post(
        url, {"confirm": "1", "payload": preview.context["payload"]}
    )
    assert done.status_code == 302
    imported = NGO.objects.exclude(name="ثبت‌شده").order_by("name")
    assert [n.name for n in imported] == ["انجمن اول", "انجمن هفتم"]
    first = NGO.objects.get(name="انجمن اول")
    assert first.status == "pending"
    assert first.households_served == 120
    assert list(first.focus_areas.values_list("code", flat=True)) == ["skills-training"]
    assert first.search_key.startswith("انجمناول")
    history = first.status_changes.get()
    assert history.actor == registry_officer
    assert "list.csv" in history.reason


def test_import_can_verify_an_official_list(officer_client):
    rows = [IMPORT_HEADER, ["انجمن رسمی", valid_legal_id(8), "تهران", "تهران", "", ""]]
    url = reverse("admin:ngos_ngo_import")
    preview = officer_client.post(url, {"file": upload(rows)})
    officer_client.post(
        url, {"confirm": "1", "verify": "1", "payload": preview.context["payload"]}
    )
    ngo = NGO.objects.get(name="انجمن رسمی")
    assert ngo.status == "verified"
    assert list(ngo.status_changes.values_list("to_status", flat=True)) == [
        "pending",
        "verified",
    ]


def test_import_reads_xlsx(officer_client):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["name", "national_id", "province", "city"])
    sheet.append(["XLSX NGO", int(valid_legal_id(9)), "Tehran", "Tehran"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    uploaded = SimpleUploadedFile("list.xlsx", buffer.getvalue())
    preview = officer_client.post(reverse("admin:ngos_ngo_import"), {"file": uploaded})
    assert [r.ok for r in preview.context["reports"]] == [True]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("list.txt", b"x", "یک پرونده"),
        ("list.csv", b"", "خالی"),
        ("list.csv", "نام,شهر\nالف,ب\n".encode(), "این ستون‌ها در پرونده نیست"),
        ("list.xlsx", b"not a zip", "XLSX خوانا نیست"),
    ],
)
def test_unreadable_import_files_get_a_clear_message(
    officer_client, name, content, message
):
    response = officer_client.post(
        reverse("admin:ngos_ngo_import"), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_tampered_import_payload_is_refused(officer_client):
    response = officer_client.post(
        reverse("admin:ngos_ngo_import"), {"confirm": "1", "payload": "forged"}
    )
    assert response.status_code == 302
    assert NGO.objects.count() == 0


def test_windows_1256_csv_is_read(officer_client):
    # Windows-1256 has the Arabic yeh, not the Persian one.
    content = f"نام,شناسه ملي,استان,شهر\nانجمن ويندوز,{valid_legal_id(11)},تهران,تهران\n".encode(
        "cp1256"
    )
    preview = officer_client.post(
        reverse("admin:ngos_ngo_import"), {"file": SimpleUploadedFile("l.csv", content)}
    )
    report = preview.context["reports"][0]
    assert report.values["name"] == "انجمن ويندوز"
    assert report.ok


def test_changelist_query_count_is_constant(
    officer_client, count_queries, django_assert_num_queries
):
    NGOFactory(focus_areas=["1"])
    # The first request of a session also notes the staff member's last
    # request (then once a minute); the second request is the one to measure.
    officer_client.get(CHANGELIST)
    with count_queries() as few:
        officer_client.get(CHANGELIST)
    for _ in range(30):
        NGOFactory(focus_areas=["1", "2"])
    with django_assert_num_queries(len(few)):
        response = officer_client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == 25  # the first page
    assert response.context["cl"].result_count == 31


def test_representative_approval_action(officer_client):
    representative = RepresentativeFactory(approved_at=None)
    officer_client.post(
        reverse("admin:ngos_representative_changelist"),
        {"action": "approve_selected", "_selected_action": [representative.pk]},
    )
    representative.refresh_from_db()
    assert representative.is_approved


# Every move of the table, through the admin ---------------------------------------


def move_id(move):
    return f"{move.source}-{move.action}"


@pytest.mark.parametrize("move", list(NGO_MOVES), ids=move_id)
def test_every_move_through_the_admin(officer_client, move):
    ngo = NGOFactory(status=move.source)
    walk(
        officer_client,
        obj=ngo,
        move=move,
        table=NGO_MOVES,
        history=ngo.status_changes.count,
        data={"basis": "licence"},
    )


@pytest.mark.parametrize("move", list(NGO_MOVES), ids=move_id)
def test_every_move_is_refused_without_its_permission(client, move):
    ngo = NGOFactory(status=move.source)
    refused_without_permission(client, obj=ngo, move=move, table=NGO_MOVES)


def test_verifying_without_a_basis_is_refused_next_to_the_field(officer_client):
    ngo = NGOFactory(status="pending")
    response = officer_client.post(
        reverse("admin:ngos_ngo_move", args=[ngo.pk, "verify"]), {"apply": "1"}
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["basis"]
    assert NGO.objects.get(pk=ngo.pk).status == "pending"


def test_every_field_of_an_ngo_is_on_its_admin_page(officer_client):
    ngo = NGOFactory()
    response = officer_client.get(reverse("admin:ngos_ngo_change", args=[ngo.pk]))
    shown = {
        field
        for _name, options in response.context["adminform"].fieldsets
        for line in options["fields"]
        for field in (line if isinstance(line, tuple) else (line,))
    }
    form_and_read_only = {*NGOAdminForm.Meta.fields, *NGOAdmin.readonly_fields}
    assert form_and_read_only <= {name.removesuffix("__jalali") for name in shown}


def test_the_export_has_a_column_for_every_field(officer_client):
    NGOFactory(focus_areas=["legal-aid", "health"])
    response = officer_client.get(reverse("admin:ngos_ngo_export", args=["csv"]))
    header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = field_names(NGO, exclude=NGO.KEY_FIELDS)
    assert header[1:] == [str(NGO._meta.get_field(name).verbose_name) for name in names]
    areas = FocusArea.objects.filter(code__in=["legal-aid", "health"])
    assert row[1 + names.index("focus_areas")] == "، ".join(a.name_fa for a in areas)
