from django import template
from django.utils.html import format_html

from .. import languages, links
from ..models import SOURCE_LANGUAGE

register = template.Library()


@register.simple_tag
def fallback_lang(obj, field):
    """` lang="fr"` on an element whose text is shown in French for want of a translation."""
    if obj.falls_back(field):
        return format_html(' lang="{}"', SOURCE_LANGUAGE)
    return ""


@register.simple_tag
def url_for(viewname, *args):
    """`{% url %}` for the readers' pages, each address worked out once (see guides.links)."""
    return links.url_for(viewname, *args)


@register.simple_tag
def render_language_links(template_name, language_links, selected=""):
    """A template of the page's language links, rendered once per address (see
    guides.languages.links_html)."""
    return languages.links_html(template_name, language_links, selected)
