import datetime

import pytest
from django.utils import timezone

from delivery import services
from delivery.models import Milestone
from tests.delivery.conftest import milestone_fields

pytestmark = pytest.mark.django_db


def test_admin_lists_flag_overdue(client, plan, follower, superuser):
    milestone = services.milestone_add(plan=plan, actor=follower, **milestone_fields())
    Milestone.objects.filter(pk=milestone.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=3)
    )
    client.force_login(superuser)
    html = client.get("/admin/delivery/milestone/?overdue=yes").content.decode()
    assert "status-overdue" in html
    assert milestone.title in html
    assert client.get("/admin/delivery/plan/").status_code == 200
    assert client.get("/admin/delivery/progressreport/").status_code == 200


def test_staff_set_a_milestone_in_the_admin_with_a_jalali_date(client, plan, follower):
    client.force_login(follower)
    response = client.post(
        "/admin/delivery/milestone/add/",
        {
            "plan": plan.pk,
            "title": "ارزیابی میانی",
            "due_date": "۱۴۰۶/۰۱/۲۰",
            "deliverable": "گزارش ارزیابی",
            "amount": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    milestone = Milestone.objects.get()
    assert milestone.status == "accepted"
    assert str(milestone.due_date) == "2027-04-09"
