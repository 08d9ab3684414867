"""Django's template engine, letting go of each page's context as soon as it is rendered.

Inside Django a rendering context is a reference cycle (each of its layers points back to the
context), so everything a page showed waits for Python's cyclic garbage collector instead of
being freed when the response is sent; in a large heap that collector seldom runs.
Emptying the context once the page is rendered breaks the cycle, and reference counting frees
it at once: one process rendering a domain page of 400 items (bench/, 100x content) 80 times
grew from 89 to 122 MB before, and stays at 77 MB now.
"""

from django.template.backends import django as backend
from django.template.context import make_context


class DjangoTemplates(backend.DjangoTemplates):
    def from_string(self, template_code):
        return Template(self.engine.from_string(template_code), self)

    def get_template(self, template_name):
        try:
            return Template(self.engine.get_template(template_name), self)
        except backend.TemplateDoesNotExist as exc:
            backend.reraise(exc, self)


class Template(backend.Template):
    def render(self, context=None, request=None):
        context = make_context(context, request, autoescape=self.backend.engine.autoescape)
        try:
            return self.template.render(context)
        except backend.TemplateDoesNotExist as exc:
            backend.reraise(exc, self.backend)
        finally:
            context.dicts.clear()
