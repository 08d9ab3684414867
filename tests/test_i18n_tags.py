"""The site's {% translate %} (portal/i18n_tags.py) renders exactly what Django's does, in
every language, however often it renders."""

import pytest
from django.conf import settings
from django.template import Context, Engine, engines
from django.test import override_settings
from django.utils import translation

from portal import i18n_tags

LANGUAGES = [code for code, _name in settings.LANGUAGES]

TEMPLATES = [
    '{% translate "Search" %}',
    '{% trans "Make a handout to print" %}',
    # Apostrophes and quotes in the French, Dutch... translations.
    '{% translate "Part of this page is not yet available in your language. It is shown in '
    'French until it is translated." %}',
    '{% translate "Listen" as listen %}<button aria-label="{{ listen }}">{{ listen }}</button>',
    "{% translate 'Words to look for' %}",
    # Not in the catalogues: the text itself, percent signs and markup as Django leaves them.
    '{% translate "100% <b>sure</b> & done" %}',
    '{% translate "Search" noop %}',
    '{% translate "May" context "month name" %}',
    '{% translate "Search"|upper %}',
    "{% translate word %}",
    '{% autoescape off %}{% translate "Search" %} {% translate "Tom & Jerry" %}{% endautoescape %}',
]


def render(engine, source, language):
    template = engine.from_string("{% load i18n %}" + source)
    context = Context({"word": "Region"}, autoescape=engine.autoescape)
    with translation.override(language):
        return template.render(context)


@pytest.fixture(scope="module")
def django_engine():
    """Django's own i18n library, as it comes."""
    return Engine(libraries={"i18n": "django.templatetags.i18n"})


@pytest.mark.parametrize("source", TEMPLATES)
@pytest.mark.parametrize("language", [*LANGUAGES, None])
def test_translate_renders_what_django_renders(django_engine, source, language):
    site = engines["django"].engine
    expected = render(django_engine, source, language)
    assert render(site, source, language) == expected
    assert render(site, source, language) == expected  # the second time, as kept


def test_the_site_uses_it_and_translates():
    template = engines["django"].from_string('{% load i18n %}{% translate "Search" %}')
    assert isinstance(template.template.nodelist[-1], i18n_tags.TranslateNode)
    with translation.override("ar"):
        assert template.render() == "بحث"
    with translation.override("nl"):
        assert template.render() == "Zoeken"


def test_new_catalogues_are_used_when_language_settings_change(django_engine):
    source = '{% translate "Make a handout to print" %}'
    site = engines["django"].engine
    in_dutch = render(django_engine, source, "nl")
    assert in_dutch != "Make a handout to print"
    assert render(site, source, "nl") == in_dutch
    # Without the portal's catalogues Django reloads its own; what was kept is not used.
    with override_settings(LOCALE_PATHS=[]):
        assert render(site, source, "nl") == "Make a handout to print"
    assert render(site, source, "nl") == in_dutch
