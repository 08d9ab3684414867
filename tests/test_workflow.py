"""The editors' workflow: translation status, translation files, history and revert, roles
and drafts."""

import json
from io import StringIO

import polib
import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from guides.models import Item, Region
from guides.translation_files import TranslationFileError, apply_plan, export_po, read_po
from guides.translation_status import Status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def messages_in_english():
    """Problems are reported in the editor's language; these tests read them in English."""
    with translation.override("en"):
        yield


PAGE = "/en/brussels/housing/"


def housing_item():
    return Item.objects.get(domain__slug="housing", slug="volunteer-work")


def new_item(**fields):
    return Item.objects.create(
        domain=housing_item().domain,
        slug="new-practice",
        kind=Item.Kind.PRACTICE,
        title_fr="Une nouvelle pratique",
        text_fr="Texte ajouté par les éditeurs.",
        order=99,
        **fields,
    )


def user_in(group, name=None):
    user = User.objects.create_user(
        name or group.lower(), password="a-long-test-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


def change_form_data(client, obj):
    """What the admin change form would post back unchanged."""
    opts = obj._meta
    url = reverse(f"admin:guides_{opts.model_name}_change", args=[obj.pk])
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if field.disabled or value is None:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else value
    return url, data


# Translation status


def test_a_translation_goes_from_missing_to_up_to_date_to_outdated_and_back():
    item = new_item()
    assert item.translation_status("en") == Status.MISSING
    item.title_en, item.text_en = "A new practice", "Text added by the editors."
    item.save()
    assert item.translation_status("en") == Status.CURRENT
    assert item.translation_status("nl") == Status.MISSING

    item.text_fr = "Texte ajouté par les éditeurs, puis complété."
    item.save()
    assert item.translation_status("en") == Status.OUTDATED

    item.text_en = "Text added by the editors, then completed."
    item.save()
    assert Item.objects.get(pk=item.pk).translation_status("en") == Status.CURRENT


def test_a_minor_change_keeps_translations_up_to_date():
    item = housing_item()
    assert item.translation_status("ar") == Status.CURRENT
    item.title_fr = item.title_fr + " "  # a stray space, say
    item.minor_change = True
    item.save()
    assert Item.objects.get(pk=item.pk).translation_status("ar") == Status.CURRENT
    item = Item.objects.get(pk=item.pk)
    item.title_fr = "Bénévolat"
    item.save()
    assert Item.objects.get(pk=item.pk).translation_status("ar") == Status.OUTDATED


def test_the_minor_change_box_in_the_admin(staff_client):
    item = housing_item()
    url, data = change_form_data(staff_client, item)
    data.update(title_fr="Travail bénévole.", minor_change="on")
    assert staff_client.post(url, data).status_code == 302
    assert Item.objects.get(pk=item.pk).translation_status("nl") == Status.CURRENT
    url, data = change_form_data(staff_client, item)
    data.update(title_fr="Le travail bénévole")
    assert staff_client.post(url, data).status_code == 302
    assert Item.objects.get(pk=item.pk).translation_status("nl") == Status.OUTDATED


def test_the_admin_shows_each_languages_status(staff_client):
    item = housing_item()
    item.title_fr = "Le travail bénévole"
    item.save()
    page = staff_client.get(reverse("admin:guides_item_change", args=[item.pk])).content.decode()
    assert '<span class="translation-outdated">nl:' in page
    listing = staff_client.get(reverse("admin:guides_item_changelist") + "?translation=nl:outdated")
    assert listing.context["cl"].result_count == 1


def test_the_status_page_counts_per_language_and_domain(staff_client):
    item = housing_item()
    item.title_fr = "Le travail bénévole"
    item.save()
    new_item()
    response = staff_client.get(reverse("admin:translation-status"))
    assert response.status_code == 200
    totals = response.context["totals"]
    assert totals["nl"].counts[Status.OUTDATED] == 1
    assert totals["nl"].counts[Status.MISSING] == 1
    housing = next(
        row
        for row in response.context["rows"]
        if row["language"] == "es" and row["group"] == "housing"
    )
    assert housing["row"].counts[Status.OUTDATED] == 1
    assert "translation=es:outdated" in housing["links"][Status.OUTDATED]
    assert staff_client.get(housing["links"][Status.OUTDATED]).context["cl"].result_count == 1


def test_the_status_command_prints_figures_and_can_fail():
    out = StringIO()
    call_command("translation_status", "--fail-under=100", stdout=out)
    assert "nl" in out.getvalue() and "100" in out.getvalue()
    new_item()
    with pytest.raises(CommandError, match="Less than 100% up to date"):
        call_command("translation_status", "--fail-under=100", stdout=StringIO())
    call_command("translation_status", "--fail-under=90", stdout=StringIO())


def test_readers_are_told_when_the_french_changed_since(client):
    assert "updated after it was translated" not in client.get(PAGE).content.decode()
    item = housing_item()
    item.title_fr = "Le travail bénévole"
    item.save()
    english = client.get(PAGE).content.decode()
    assert "The French text of this page was updated after it was translated" in english
    assert 'href="/fr/brussels/housing/"' in english
    assert "updated after" not in client.get("/fr/brussels/housing/").content.decode()


# Translation files


def test_export_holds_what_is_missing_or_outdated_marked_for_review():
    item = housing_item()
    item.title_fr = "Le travail bénévole"
    item.save()
    new_item()
    po = export_po("nl")
    contexts = {entry.msgctxt: entry for entry in po}
    assert set(contexts) == {
        "item:housing/volunteer-work#title",
        "item:housing/volunteer-work#points",
        "item:housing/new-practice#title",
        "item:housing/new-practice#text",
    }
    outdated = contexts["item:housing/volunteer-work#title"]
    assert outdated.msgid == item.title_fr and outdated.msgstr == item.title_nl
    assert "fuzzy" in outdated.flags
    assert contexts["item:housing/new-practice#title"].msgstr == ""
    assert len(export_po("nl", everything=True)) > 100


def test_a_round_trip_changes_exactly_the_translated_fields():
    before = {item.pk: (item.title_nl, item.text_nl, item.title_en) for item in Item.objects.all()}
    po = export_po("nl", everything=True)
    edited = next(entry for entry in po if entry.msgctxt == "item:housing/volunteer-work#title")
    edited.msgstr = "Vrijwilligerswerk helpt"
    plan = read_po(str(po).encode(), "nl")
    assert [(c.key, c.field) for c in plan.changes] == [("item:housing/volunteer-work", "title")]
    apply_plan(plan, filename="nl.po")
    for item in Item.objects.all():
        if item.slug == "volunteer-work" and item.domain.slug == "housing":
            assert item.title_nl == "Vrijwilligerswerk helpt"
            assert item.translation_status("nl") == Status.CURRENT
        else:
            assert (item.title_nl, item.text_nl, item.title_en) == before[item.pk]
    version = Version.objects.get_for_object(housing_item()).first()
    assert "nl.po" in version.revision.get_comment()


def test_a_file_made_from_older_french_leaves_the_translation_outdated():
    po = export_po("es", everything=True)
    item = housing_item()
    item.title_fr = "Le travail bénévole"
    item.save()
    entry = next(e for e in po if e.msgctxt == "item:housing/volunteer-work#title")
    entry.msgstr = "Trabajo voluntario (revisado)."
    plan = read_po(str(po), "es")
    assert plan.changes[0].source_changed
    apply_plan(plan)
    item = housing_item()
    assert item.title_es == "Trabajo voluntario (revisado)."
    assert item.translation_status("es") == Status.OUTDATED


def po_with(entries, language="nl"):
    po = polib.POFile()
    po.metadata = {"Language": language, "Content-Type": "text/plain; charset=UTF-8"}
    for entry in entries:
        po.append(polib.POEntry(**entry))
    return str(po)


GOOD = {
    "msgctxt": "item:housing/volunteer-work#title",
    "msgid": "Travail bénévole",
    "msgstr": "Vrijwilligerswerk!",
}


@pytest.mark.parametrize(
    "bad, problem",
    [
        ({"msgctxt": "item:housing/no-such-item#title", "msgid": "x", "msgstr": "y"}, "Unknown"),
        ({"msgctxt": "item:housing/volunteer-work#slug", "msgid": "x", "msgstr": "y"}, "Unknown"),
        ({**GOOD, "msgctxt": "item:housing/volunteer-work#points", "msgstr": ""}, "No translation"),
        ({**GOOD, "flags": ["fuzzy"]}, "fuzzy"),
        ({**GOOD, "msgstr": "Vrijwilligers<script>alert(1)</script>"}, "Markup"),
        (
            {"msgctxt": "domain:housing#context", "msgid": "een\ntwee", "msgstr": "één"},
            "number of lines",
        ),
    ],
)
def test_a_file_with_any_problem_changes_nothing(bad, problem):
    before = housing_item().title_nl
    content = po_with([GOOD, bad])
    with pytest.raises(TranslationFileError) as error:
        read_po(content, "nl")
    assert any(problem in line for line in error.value.problems)
    assert housing_item().title_nl == before


@pytest.mark.parametrize(
    "content, problem",
    [
        (po_with([GOOD], language="ar"), "for language “ar”"),
        (b"\xff\xfe not text", "UTF-8"),
        ('{"title": "a JSON file"}', "not a readable PO file"),
    ],
)
def test_unreadable_or_foreign_files_are_refused(content, problem):
    with pytest.raises(TranslationFileError) as error:
        read_po(content, "nl")
    assert problem in error.value.problems[0]


def test_the_commands_export_and_import(tmp_path):
    path = tmp_path / "nl.po"
    call_command("export_translations", "nl", "--all", "-o", str(path), stdout=StringIO())
    po = polib.pofile(str(path))
    next(e for e in po if e.msgctxt == "item:housing/volunteer-work#title").msgstr = "Vrijwilliger"
    po.save(str(path))
    out = StringIO()
    call_command("import_translations", str(path), "nl", "--dry-run", stdout=out)
    assert "+ Vrijwilliger" in out.getvalue()
    assert housing_item().title_nl != "Vrijwilliger"
    call_command("import_translations", str(path), "nl", stdout=StringIO())
    assert housing_item().title_nl == "Vrijwilliger"
    path.write_text(po_with([{**GOOD, "msgstr": ""}]))
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_translations", str(path), "nl", stdout=StringIO())


def test_the_admin_previews_an_import_then_applies_it(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("admin:translation-import")
    upload = SimpleUploadedFile("nl.po", po_with([GOOD]).encode())
    preview = staff_client.post(url, {"language": "nl", "file": upload})
    assert preview.status_code == 200
    assert "Vrijwilligerswerk!" in preview.content.decode()
    assert housing_item().title_nl != "Vrijwilligerswerk!"
    confirm = preview.context["confirm_form"].initial
    response = staff_client.post(url, {**confirm, "confirm": "1"})
    assert response.status_code == 302
    assert housing_item().title_nl == "Vrijwilligerswerk!"


def test_the_admin_lists_every_problem_of_a_bad_file(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = po_with([GOOD, {**GOOD, "msgctxt": "item:nowhere/x#title"}])
    response = staff_client.post(
        reverse("admin:translation-import"),
        {"language": "nl", "file": SimpleUploadedFile("nl.po", bad.encode())},
    )
    assert "item:nowhere/x#title" in response.content.decode()
    assert len(response.context["problems"]) == 1
    assert housing_item().title_nl != "Vrijwilligerswerk!"


def test_the_admin_exports_a_po_file(staff_client):
    response = staff_client.get(reverse("admin:translation-export") + "?language=ar&everything=on")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="portal-ar.po"'
    po = polib.pofile(response.content.decode())
    assert po.metadata["Language"] == "ar" and len(po) > 100


# History and revert


def test_every_admin_change_is_kept_with_a_field_level_diff_and_can_be_reverted(
    staff_client, client
):
    item = housing_item()
    original = item.title_fr
    url, data = change_form_data(staff_client, item)
    data["title_fr"] = "Titre changé par erreur"
    assert staff_client.post(url, data).status_code == 302

    history = staff_client.get(reverse("admin:guides_item_history", args=[item.pk]))
    entries = history.context["action_list"]
    assert entries[0]["revision"].user.username == "admin"
    change = next(c for c in entries[0]["changes"] if c.new == "Titre changé par erreur")
    assert change.old == original and change.field.endswith("[fr]")

    revert_url = entries[-1]["url"]  # the version loaded from the content files
    form = staff_client.get(revert_url).context["adminform"].form
    data = {
        name: form[name].value()
        for name in form.fields
        if form[name].value() is not None and not form.fields[name].disabled
    }
    assert staff_client.post(revert_url, data).status_code == 302
    assert housing_item().title_fr == original
    assert original in client.get("/fr/brussels/housing/").content.decode()


def test_a_deleted_item_can_be_recovered(staff_client):
    item = housing_item()
    pk = item.pk
    response = staff_client.post(reverse("admin:guides_item_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Item.objects.filter(pk=pk).exists()
    recover_list = staff_client.get(reverse("admin:guides_item_recoverlist"))
    assert "Travail bénévole" in recover_list.content.decode()
    version = Version.objects.get_deleted(Item).get(object_id=str(pk))
    recover_url = reverse("admin:guides_item_recover", args=[version.pk])
    form = staff_client.get(recover_url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    assert staff_client.post(recover_url, data).status_code == 302
    assert Item.objects.get(pk=pk).title_fr == "Travail bénévole"


def test_loading_the_content_files_is_recorded():
    call_command("load_content", verbosity=0)
    version = Version.objects.get_for_object(housing_item()).first()
    assert version.revision.get_comment() == "Loaded from the content files"


# Roles


def test_translators_change_translations_and_nothing_else():
    translator = user_in("Translators")
    item = housing_item()
    url, data = change_form_data(translator, item)
    assert "title_fr" not in data and "status" not in data
    data["title_nl"] = "Vrijwilligerswerk (herzien)"
    response = translator.post(url, {**data, "title_fr": "Changé en douce"})
    assert response.status_code == 302
    item = housing_item()
    assert item.title_nl == "Vrijwilligerswerk (herzien)"
    assert item.title_fr == "Travail bénévole"

    assert translator.get(reverse("admin:guides_item_add")).status_code == 403
    assert translator.get(reverse("admin:guides_item_delete", args=[item.pk])).status_code == 403
    version = Version.objects.get_for_object(item).last()
    revert = reverse("admin:guides_item_revision", args=[item.pk, version.pk])
    assert translator.get(revert).status_code == 403
    listing = translator.get(reverse("admin:guides_item_changelist"))
    assert 'name="form-0-order"' not in listing.content.decode()
    assert 'value="publish"' not in listing.content.decode()
    assert translator.get(reverse("admin:translation-import")).status_code == 200
    assert translator.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert translator.get(reverse("admin:guides_feedback_changelist")).status_code == 403


@pytest.mark.parametrize("group, offered", [("Editors", True), ("Translators", False)])
def test_only_those_who_edit_the_french_may_call_a_change_minor(group, offered):
    client = user_in(group)
    for obj in [housing_item(), Region.objects.get(slug="brussels")]:
        url = reverse(f"admin:guides_{obj._meta.model_name}_change", args=[obj.pk])
        page = client.get(url).content.decode()
        assert ('name="minor_change"' in page) == offered, obj


def test_editors_manage_content_but_not_people():
    editor = user_in("Editors")
    assert editor.get(reverse("admin:guides_item_add")).status_code == 200
    assert editor.get(reverse("admin:translation-status")).status_code == 200
    assert editor.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_administrators_also_manage_people():
    administrator = user_in("Administrators")
    assert administrator.get(reverse("admin:auth_user_changelist")).status_code == 200
    assert administrator.get(reverse("admin:guides_item_add")).status_code == 200


def test_staff_without_a_group_reach_no_translation_page():
    nobody = user_in("Editors", name="former")
    User.objects.get(username="former").groups.clear()
    for name in ["translation-status", "translation-export", "translation-import"]:
        assert nobody.get(reverse(f"admin:{name}")).status_code == 403


# Drafts


@pytest.fixture
def draft():
    return new_item(title_en="A draft practice", text_en="Not ready.", status=Item.Status.DRAFT)


def test_new_items_start_as_drafts():
    assert Item().status == Item.Status.DRAFT


def test_readers_never_see_a_draft(client, draft):
    for path in [
        "/fr/brussels/",
        "/fr/brussels/housing/",
        "/en/brussels/housing/",
        "/en/brussels/housing/handout/",
        "/fr/practices/",
        "/fr/practices/?domain=housing&kind=practice",
        "/fr/brussels/housing/?preview=1",
        "/api/v1/items?lang=fr&domain=housing",
        "/api/v1/domains/housing?lang=en",
        "/export/content.json",
        "/export/content.csv",
        "/fr/search/?q=nouvelle+pratique",
    ]:
        content = client.get(path).content.decode()
        for text in ["Une nouvelle pratique", "new-practice", "Un nouveau défi", "new-challenge"]:
            assert text not in content, path
    assert client.get("/api/v1/items/housing/new-practice").status_code == 404
    exported = json.loads(client.get("/export/content.json").content)
    assert "new-practice" not in json.dumps(exported)


def test_the_about_page_counts_published_practices_only(client, draft):
    counts = client.get("/fr/about/").context["page"].counts
    draft.status = Item.Status.PUBLISHED
    draft.save()
    assert client.get("/fr/about/").context["page"].counts["practices"] == counts["practices"] + 1


def test_staff_preview_a_draft_in_place(staff_client, draft):
    reader = Client()
    response = staff_client.get("/en/brussels/housing/?preview=1")
    content = response.content.decode()
    assert "A draft practice" in content and "Draft" in content
    assert "no-store" in response["Cache-Control"]
    assert "A draft practice" not in reader.get("/en/brussels/housing/?preview=1").content.decode()
    assert "A draft practice" not in staff_client.get("/en/brussels/housing/").content.decode()
    change = staff_client.get(reverse("admin:guides_item_change", args=[draft.pk]))
    assert "/fr/flanders/housing/?preview=1#new-practice" in change.content.decode()


def test_publishing_shows_the_item_everywhere_at_once(staff_client, draft):
    client = Client()
    assert "A draft practice" not in client.get("/en/brussels/housing/").content.decode()
    response = staff_client.post(
        reverse("admin:guides_item_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    assert "A draft practice" in client.get("/en/brussels/housing/").content.decode()
    assert "#new-practice" in client.get("/en/search/?q=draft").content.decode()


def test_the_item_list_names_the_translations_to_do(staff_client):
    item = housing_item()
    item.title_fr = "Le travail bénévole"
    item.save()
    with translation.override("en"):
        listing = staff_client.get(
            reverse("admin:guides_item_changelist") + "?q=bénévole", HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    assert "nl: outdated, en: outdated, ar: outdated, ro: outdated, es: outdated" in listing


def test_a_file_of_the_largest_size_allowed_goes_through_preview_and_confirmation(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("admin:translation-import")
    content = po_with([GOOD])
    padding = "# " + "x" * (1024 * 1024 - len(content.encode()) - 10) + "\n"
    largest = (padding + content).encode()
    assert len(largest) <= 1024 * 1024
    preview = staff_client.post(
        url, {"language": "nl", "file": SimpleUploadedFile("nl.po", largest)}
    )
    confirm = preview.context["confirm_form"].initial
    assert staff_client.post(url, {**confirm, "confirm": "1"}).status_code == 302
    assert housing_item().title_nl == "Vrijwilligerswerk!"

    too_large = SimpleUploadedFile("nl.po", largest + b"x" * 100)
    response = staff_client.post(url, {"language": "nl", "file": too_large})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
