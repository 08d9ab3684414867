"""Django's i18n template library, with each `{% translate "text" %}` worked out once per
catalogue.

Django's node makes a lazy translation of its text every time it renders and turns it into
text straight away: about 7 µs, and a domain page holds some 45 of these tags (a sixth of
the time the page takes to render). What a tag of a plain string gives depends only on that
string, the active catalogue and autoescaping, and a catalogue does not change once loaded
(Django makes new ones when the language settings change): so the text is kept by those
three. Tags with a variable, a filter, a context or `noop`, and the library's other tags,
are Django's own.

portal/settings.py installs this library under Django's name, "i18n": templates load it as
before, and makemessages finds their strings as before.
"""

import functools

from django import template
from django.template.base import Variable
from django.templatetags import i18n
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext, trans_real

register = template.Library()
register.tags.update(i18n.register.tags)
register.filters.update(i18n.register.filters)


class TranslateNode(i18n.TranslateNode):
    def render(self, context):
        var = self.filter_expression.var
        catalogue = trans_real.catalog()
        if (
            self.noop
            or self.message_context
            or self.filter_expression.filters
            or not (isinstance(var, Variable) and var.lookups is None)
            or not isinstance(var.literal, str)
            # Under translation.override(None): a new catalogue each time, nothing to keep.
            or not isinstance(catalogue, trans_real.DjangoTranslation)
        ):
            return super().render(context)
        value = _translated(var.literal, catalogue, context.autoescape)
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


@functools.lru_cache(maxsize=4096)
def _translated(text, catalogue, autoescape):
    """What Django's TranslateNode renders for the literal `text`, `catalogue` being the
    active one: the same steps, with gettext where Django uses gettext_lazy."""
    # Percent signs are doubled in msgids (they are not format flags) and restored after.
    msgid = text.replace("%", "%%")
    value = gettext(mark_safe(msgid) if isinstance(text, SafeData) else msgid)
    value = conditional_escape(value) if autoescape else str(value)
    restored = value.replace("%%", "%")
    return mark_safe(restored) if isinstance(value, SafeData) else restored


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token):
    node = i18n.do_translate(parser, token)
    return TranslateNode(node.filter_expression, node.noop, node.asvar, node.message_context)
