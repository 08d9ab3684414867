"""Editors work in Django admin: every list and form loads, the Editors group is scoped."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from guides.models import Domain, Item, OverviewSection, Region

pytestmark = pytest.mark.django_db

MODELS = [Region, Domain, OverviewSection, Item]


@pytest.mark.parametrize("model", MODELS)
def test_changelist_and_change_form_load_for_staff(staff_client, model):
    opts = model._meta
    changelist = staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    obj = model.objects.first()
    change = staff_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )
    assert change.status_code == 200
    content = change.content.decode()
    # Translated fields are grouped per language (modeltranslation's tabs).
    for language in ["fr", "nl", "en", "ar", "ro", "es"]:
        assert f"_{language}" in content


def test_item_list_filters_and_search(staff_client):
    url = reverse("admin:guides_item_changelist")
    for query in [
        "kind__exact=challenge",
        "source__exact=adapted",
        "regions__id__exact=1",
        "domain__id__exact=1",
        "q=OKAN",
    ]:
        response = staff_client.get(f"{url}?{query}")
        assert response.status_code == 200, query
    response = staff_client.get(f"{url}?q=OKAN")
    assert "OKAN" in response.content.decode()


def test_editor_can_change_an_item_and_readers_see_it(staff_client, client):
    item = Item.objects.get(domain__slug="health", slug="solidarity")
    url = reverse("admin:guides_item_change", args=[item.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"title_fr": "Pratiques de solidarité (revu)", "regions": [], "_save": "Save"})
    data = {k: v for k, v in data.items() if not isinstance(v, list) or v}
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Pratiques de solidarité (revu)" in client.get("/fr/wallonia/health/").content.decode()


def test_ordering_is_editable_in_the_list(staff_client):
    response = staff_client.get(reverse("admin:guides_item_changelist"))
    assert 'name="form-0-order"' in response.content.decode()


def test_editors_group_has_content_permissions_only():
    editors = Group.objects.get(name="Editors")
    codenames = set(editors.permissions.values_list("content_type__app_label", "codename"))
    assert ("guides", "change_item") in codenames
    assert ("guides", "add_region") in codenames
    assert ("guides", "edit_source") in codenames
    assert ("guides", "import_translations") in codenames
    assert all(app == "guides" for app, _ in codenames)
    assert len(codenames) == 18


def test_an_editor_reaches_content_but_not_users(client):
    editor = User.objects.create_user("editor", password="a-long-test-password", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get(reverse("admin:guides_item_changelist")).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(reverse("admin:guides_item_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
