"""The lists that grow with the tables read an index, not every row."""

import pytest
from django.db import connection
from django.db.models import Count

from proposals.models import Proposal
from tests.factories import NGOFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.mark.postgres
def test_a_representatives_list_reads_its_ngos_rows_in_order_from_the_index():
    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    ngo, other = NGOFactory(), NGOFactory()
    for owner in (ngo, other, ngo):
        ProposalFactory(ngo=owner)
    # As the representative's list asks it (proposals.views.proposal_list).
    page = Proposal.objects.of_ngo(ngo.pk).order_by("-updated_at", "-pk")[:20]
    with connection.cursor() as cursor:
        # Tiny tables are read whole otherwise; the question is whether the
        # index can answer both the filter and the order.
        # Whatever statistics earlier tests left, only an index that gives
        # the order avoids a sort.
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")
        plan = page.explain()
    assert "proposal_ngo_updated" in plan
    assert "Sort" not in plan


@pytest.mark.postgres
def test_a_representatives_counts_by_status_come_from_the_index_alone():
    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    ngo = NGOFactory()
    for _ in range(3):
        ProposalFactory(ngo=ngo)
    # As the representative's list counts them (proposals.views.proposal_list).
    counts = (
        Proposal.objects.of_ngo(ngo.pk)
        .values_list("status")
        .annotate(n=Count("*"))
        .values_list("status", "n")
    )
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_indexscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        plan = counts.explain()
    assert "Index Only Scan using proposal_ngo_status" in plan
    assert dict(counts) == {"draft": 3}
