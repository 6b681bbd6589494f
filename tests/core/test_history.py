"""Every history is append-only, in the models and in the database.

The tests run over every concrete subclass of ``core.history.HistoryEntry``,
found when the tests are collected, so a new history model is checked
without anyone listing it; it needs a factory in ``tests/factories.py``
(with every field filled in) and ``core.migration_ops.AppendOnly`` in its
app's migrations, and these tests say so when either is missing. Run them
on SQLite and on PostgreSQL (``DATABASE_URL=postgres://...``).
"""

from collections import defaultdict
from html.parser import HTMLParser

import factory.django
import pytest
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.core.management import call_command
from django.db import connection, models, transaction
from django.db.models import ProtectedError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from core.backup import create_backup
from core.history import HistoryEntry, HistoryIsAppendOnly, history_models
from core.restore import restore_backup
from meetings import services as meeting_services
from tests import factories
from tests.conftest import replay_data_migrations

HISTORY = history_models()


def factory_for(model):
    for candidate in vars(factories).values():
        if (
            isinstance(candidate, type)
            and issubclass(candidate, factory.django.DjangoModelFactory)
            and candidate._meta.get_model_class() is model
        ):
            return candidate
    pytest.fail(f"Add a factory for {model._meta.label} to tests/factories.py.")


@pytest.fixture(params=HISTORY, ids=lambda model: model._meta.label)
def entry(request, db):
    return factory_for(request.param)()


def stored(entry) -> dict:
    """The entry's row as the database holds it."""
    return type(entry)._base_manager.filter(pk=entry.pk).values().get()


def some_column(model) -> models.Field:
    """A column of the table other than its key."""
    return next(f for f in model._meta.concrete_fields if not f.primary_key)


def raw(sql: str, entry) -> None:
    """Run ``sql`` on the entry's table (``{table}``, ``{column}``, ``{pk}``),
    in a savepoint, so that PostgreSQL's transaction survives the refusal."""
    opts = type(entry)._meta
    quote = connection.ops.quote_name
    sql = sql.format(
        table=quote(opts.db_table),
        column=quote(some_column(type(entry)).column),
        pk=quote(opts.pk.column),
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [entry.pk] if "%s" in sql else None)


def test_the_known_histories_are_all_found():
    labels = {model._meta.label for model in HISTORY}
    assert labels >= {
        "ngos.NGOStatusChange",
        "proposals.ProposalEvent",
        "meetings.MeetingEvent",
    }


# The models -------------------------------------------------------------------


def test_a_new_entry_is_written(entry):
    assert stored(entry)["id"] == entry.pk


def test_saving_a_stored_entry_is_refused(entry):
    before = stored(entry)
    with pytest.raises(HistoryIsAppendOnly):
        entry.save()
    assert stored(entry) == before


def test_deleting_an_entry_is_refused(entry):
    with pytest.raises(HistoryIsAppendOnly):
        entry.delete()
    assert type(entry).objects.filter(pk=entry.pk).exists()


def test_updating_through_the_queryset_is_refused(entry):
    before = stored(entry)
    column = some_column(type(entry))
    with pytest.raises(HistoryIsAppendOnly):
        type(entry).objects.filter(pk=entry.pk).update(
            **{column.attname: before[column.attname]}
        )
    with pytest.raises(HistoryIsAppendOnly):
        type(entry).objects.all().update(**{column.attname: before[column.attname]})


def test_deleting_through_the_queryset_is_refused(entry):
    with pytest.raises(HistoryIsAppendOnly):
        type(entry).objects.filter(pk=entry.pk).delete()
    with pytest.raises(HistoryIsAppendOnly):
        type(entry).objects.all().delete()
    assert type(entry).objects.filter(pk=entry.pk).exists()


def test_bulk_create_still_inserts(entry):
    model = type(entry)
    # A copy but for its unique columns (a decision letter's number and
    # code), which take their defaults.
    copy = model(
        **{
            f.attname: getattr(entry, f.attname)
            for f in model._meta.fields
            if not f.unique
        }
    )
    model.objects.bulk_create([copy])
    assert model.objects.count() == 2


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_refusal_reads_in_the_language_it_is_shown_in(entry, language):
    with pytest.raises(HistoryIsAppendOnly) as refused:
        entry.delete()
    with translation.override(language):
        assert str(refused.value) == gettext(
            "The history is kept as it happened: its entries are never changed "
            "or deleted. Nothing was changed."
        )


# The database -----------------------------------------------------------------


def test_the_database_refuses_an_update(entry):
    before = stored(entry)
    with pytest.raises(HistoryIsAppendOnly):
        raw("UPDATE {table} SET {column} = {column} WHERE {pk} = %s", entry)
    with pytest.raises(HistoryIsAppendOnly):
        raw("UPDATE {table} SET {column} = {column}", entry)
    assert stored(entry) == before


def test_the_database_refuses_a_delete(entry):
    with pytest.raises(HistoryIsAppendOnly):
        raw("DELETE FROM {table} WHERE {pk} = %s", entry)
    with pytest.raises(HistoryIsAppendOnly):
        raw("DELETE FROM {table}", entry)
    assert type(entry).objects.filter(pk=entry.pk).exists()


def test_the_database_refuses_to_empty_the_table(entry):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; DELETE is refused above")
    connection.check_constraints()  # PostgreSQL empties no table with checks pending
    with pytest.raises(HistoryIsAppendOnly):
        raw("TRUNCATE {table} CASCADE", entry)
    assert type(entry).objects.filter(pk=entry.pk).exists()


def test_going_around_the_default_manager_meets_the_database(entry):
    column = some_column(type(entry))
    value = stored(entry)[column.attname]
    with pytest.raises(HistoryIsAppendOnly), transaction.atomic():
        type(entry)._base_manager.filter(pk=entry.pk).update(**{column.attname: value})
    with pytest.raises(HistoryIsAppendOnly), transaction.atomic():
        type(entry)._base_manager.filter(pk=entry.pk)._raw_delete(connection.alias)
    assert type(entry).objects.filter(pk=entry.pk).exists()


def test_nothing_an_entry_refers_to_can_be_deleted(entry):
    before = stored(entry)
    references = [
        f for f in type(entry)._meta.concrete_fields if f.is_relation and f.many_to_one
    ]
    assert references
    for field in references:
        target = getattr(entry, field.name)
        assert target is not None, f"the factory leaves {field.name} empty"
        with pytest.raises((ProtectedError, HistoryIsAppendOnly)):
            with transaction.atomic():
                target.delete()
    assert stored(entry) == before


# Emptying the whole database --------------------------------------------------


def test_a_flush_empties_the_history_and_the_guard_holds_afterwards(entry):
    model = type(entry)
    connection.check_constraints()  # PostgreSQL empties no table with checks pending
    call_command("flush", interactive=False, inhibit_post_migrate=True)
    assert not model.objects.exists()
    # In the same transaction, the guard is back once the flush is done.
    replay_data_migrations()
    again = factory_for(model)()
    with pytest.raises(HistoryIsAppendOnly):
        raw("DELETE FROM {table} WHERE {pk} = %s", again)
    assert model.objects.get() == again


@pytest.mark.django_db(transaction=True)
def test_the_flush_command_empties_every_history(migration_data):
    for model in HISTORY:
        factory_for(model)()
    call_command("flush", interactive=False)
    assert [model.objects.count() for model in HISTORY] == [0] * len(HISTORY)


def test_a_restore_brings_the_history_back_and_keeps_it_guarded(entry, tmp_path):
    model = type(entry)
    factory_for(model)()
    before = list(model.objects.order_by("pk").values())
    archive = create_backup(tmp_path / "history.tar.gz").archive
    restore_backup(archive, flush=True)
    assert list(model.objects.order_by("pk").values()) == before
    with pytest.raises(HistoryIsAppendOnly):
        raw("DELETE FROM {table} WHERE {pk} = %s", entry)
    with pytest.raises(HistoryIsAppendOnly):
        model.objects.get(pk=entry.pk).save()


# The admin and the site -------------------------------------------------------


def inline_classes(base=InlineModelAdmin):
    for subclass in base.__subclasses__():
        yield subclass
        yield from inline_classes(subclass)


def test_the_admin_offers_no_change_nor_deletion_of_history(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    shown = 0
    for model, model_admin in admin.site._registry.items():
        if issubclass(model, HistoryEntry):
            assert not model_admin.has_change_permission(request), model
            assert not model_admin.has_delete_permission(request), model
    for inline_class in inline_classes():
        if inline_class.model is None or not issubclass(
            inline_class.model, HistoryEntry
        ):
            continue
        # The entry's first reference is what it is the history of.
        parent = next(
            f.related_model
            for f in inline_class.model._meta.concrete_fields
            if f.many_to_one
        )
        inline = inline_class(parent, admin.site)
        shown += 1
        assert not inline.can_delete, inline_class
        assert not inline.has_add_permission(request, None), inline_class
        assert not inline.has_change_permission(request), inline_class
        assert not inline.has_delete_permission(request), inline_class
    assert shown >= 3


class FormValues(HTMLParser):
    """What a browser would send with the form whose id is ``form_id``."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.select = None
        self.textarea = None
        self.data = defaultdict(list)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        name = attrs.get("name") or ""
        if not self.inside or "disabled" in attrs or "__prefix__" in name:
            return
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" in attrs:
                self.data[name].append(attrs.get("value") or "on")
            elif kind not in ("checkbox", "radio", "submit", "button", "file"):
                self.data[name].append(attrs.get("value") or "")
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select].append(attrs.get("value") or "")
        elif tag == "textarea" and name:
            self.textarea = (name, [])

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            name, text = self.textarea
            self.data[name].append("".join(text).removeprefix("\n"))
            self.textarea = None


def form_values(html: str, form_id: str) -> dict:
    parser = FormValues(form_id)
    parser.feed(html)
    return dict(parser.data)


@pytest.mark.parametrize("language", ["fa", "en"])
def test_deleting_what_the_history_names_in_the_admin_is_refused_with_a_message(
    client, secretary, language
):
    """An action item followed up in the meeting's history is deleted from
    the meeting's page: the history would lose it, so the database refuses,
    and the secretary reads why, in their language, instead of an error."""
    meeting = factories.MeetingFactory()
    item = factories.DecisionFactory(meeting=meeting)
    meeting_services.decision_change_status(
        decision=item, to_status="done", actor=secretary
    )
    event = meeting.events.get()
    client.force_login(secretary)
    prefix = "" if language == "fa" else "/en"
    url = prefix + reverse("admin:meetings_meeting_change", args=[meeting.pk])
    data = form_values(client.get(url).content.decode(), "meeting_form")
    row = next(
        key.removesuffix("-id")
        for key, value in data.items()
        if key.startswith("decisions-")
        and key.endswith("-id")
        and value == [str(item.pk)]
    )
    data[f"{row}-DELETE"] = ["on"]

    response = client.post(url, data)

    assert response.status_code == 403
    html = response.content.decode()
    with translation.override(language):
        assert f'<p class="lead">{HistoryIsAppendOnly.message}</p>' in html
        assert f'<h1 class="h2">{gettext("This change was refused")}</h1>' in html
    assert meeting.decisions.filter(pk=item.pk).exists()
    assert meeting.events.get().decision_id == event.decision_id == item.pk


def test_a_post_that_would_edit_or_delete_history_rows_changes_nothing(
    client, superuser, registry_officer
):
    """The NGO's page shows its history read-only; rows posted back edited
    or marked for deletion are ignored."""
    from ngos.services import change_ngo_status

    ngo = factories.NGOFactory(status="pending")
    change_ngo_status(
        ngo=ngo, to_status="verified", actor=registry_officer, basis="visit"
    )
    before = list(ngo.status_changes.values())
    client.force_login(superuser)
    url = reverse("admin:ngos_ngo_change", args=[ngo.pk])
    data = form_values(client.get(url).content.decode(), "ngo_form")
    data.update(
        {
            "status_changes-0-id": [str(before[0]["id"])],
            "status_changes-0-ngo": [str(ngo.pk)],
            "status_changes-0-reason": ["بازنویسی"],
            "status_changes-0-DELETE": ["on"],
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302
    assert list(ngo.status_changes.values()) == before
