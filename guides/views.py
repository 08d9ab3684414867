import sys

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from . import export, handouts, published, ratelimit, selectors
from .forms import FeedbackForm
from .health import DATABASE_DOWN
from .links import url_for
from .models import Domain, Region, SearchMiss
from .pagecache import public_page
from .postcodes import region_for_postcode

RETRY_AFTER_SECONDS = 30


def choose_language(request):
    """`/`: send the reader to their best language from Accept-Language (French if none fits)."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        response = redirect("guides:home")
    patch_vary_headers(response, ["Accept-Language"])
    return response


@require_safe
@public_page
def export_json(request):
    return export.attachment(export.as_json(), "application/json", "content.json")


@require_safe
@public_page
def export_csv(request):
    return export.attachment(export.as_csv(), "text/csv", "content.csv")


@require_safe
@public_page
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(no_cache=True)
def service_worker(request):
    """Served from the root so that it may keep pages of every language for offline reading."""
    return render(request, "sw.js", content_type="text/javascript; charset=utf-8")


@require_safe
@public_page
def home(request):
    return render(
        request, "guides/home.html", {"page": selectors.home_page(published.for_request(request))}
    )


@require_safe
@public_page
def about(request):
    return render(
        request, "guides/about.html", {"page": selectors.about_page(published.for_request(request))}
    )


@require_safe
@public_page
def accessibility(request):
    return render(request, "guides/accessibility.html")


@require_safe
@never_cache
def region_from_postcode(request):
    """The home page's postcode box: a plain GET form that leads to the reader's region."""
    postcode = request.GET.get("postcode", "")[:20]
    region = region_for_postcode(postcode)
    if region is not None:
        return redirect("guides:region", region)
    invalid = bool(postcode.strip())
    context = {
        "page": selectors.home_page(published.for_request(request)),
        "postcode": postcode,
        "postcode_error": invalid,
    }
    return render(request, "guides/choose_region.html", context, status=400 if invalid else 200)


# Not kept by the page cache: queries are endless, and each one without results is counted.
@require_safe
@public_page(store=False)
def search(request):
    language = translation.get_language()
    page = selectors.search_page(
        published.for_request(request),
        query=request.GET.get("q", ""),
        region_slug=request.GET.get("region"),
        domain_slug=request.GET.get("domain"),
        language=language,
        page_number=request.GET.get("page"),
    )
    if page.searched and not page.total:
        SearchMiss.record(page.query, language)
    return render(request, "guides/search.html", {"page": page})


@require_safe
@public_page(params=("region", "domain", "kind", "page"))
def catalogue(request):
    page = selectors.catalogue_page(
        published.for_request(request),
        region_slug=request.GET.get("region"),
        domain_slug=request.GET.get("domain"),
        kind=request.GET.get("kind", ""),
        page_number=request.GET.get("page"),
    )
    return render(request, "guides/catalogue.html", {"page": page})


@require_safe
@public_page
def region_page(request, region):
    try:
        page = selectors.region_page(published.for_request(request), region_slug=region)
    except Region.DoesNotExist:
        raise Http404("No such region") from None
    return render(request, "guides/region.html", {"page": page})


def _domain_page_or_404(request, content, region, domain, drafts=False):
    try:
        page = selectors.domain_page(content, region_slug=region, domain_slug=domain, drafts=drafts)
    except Domain.DoesNotExist:
        raise Http404("No such domain") from None
    # ?also=ar shows the page side by side with a second language; other values are ignored.
    also = request.GET.get("also", "")
    if also in dict(settings.LANGUAGES) and also != translation.get_language():
        page.also = also
    return page


@require_safe
@public_page(params=("also",))
def domain_page(request, region, domain):
    # Staff preview drafts in place (the admin links here). Only a preview reads the session:
    # other requests must not, or every page would vary by cookie and leave the cache.
    preview = "preview" in request.GET and request.user.is_staff
    content = published.for_request(request)
    page = _domain_page_or_404(request, content, region, domain, drafts=preview)
    response = render(
        request, "guides/domain.html", {"page": page, "feedback_form": FeedbackForm()}
    )
    if preview:
        add_never_cache_headers(response)
    return response


FEEDBACK_PER_MINUTE = 5


# No CSRF token: readers have no session or cookie, so a forged post could act on nobody's
# behalf; it can only add a note for the editors, which the honeypot and the rate limit
# already guard. Without a per-reader token the domain page that carries the form stays
# identical for every reader, and so cacheable.
@csrf_exempt
@require_http_methods(["GET", "POST"])
@never_cache
def feedback(request, region, domain):
    """ "Was this page useful?": shown on each domain page, and here on its own."""
    region = get_object_or_404(Region, slug=region)
    domain = get_object_or_404(Domain, slug=domain)
    form, status = FeedbackForm(), 200
    if request.method == "POST":
        if not ratelimit.allow(request, "feedback", limit=FEEDBACK_PER_MINUTE):
            return render(request, "429.html", status=429)
        form = FeedbackForm(request.POST)
        if form.is_valid():
            if not form.is_from_a_robot():
                form.instance.domain, form.instance.region = domain, region
                form.instance.language = translation.get_language()
                form.save()
            return redirect("guides:feedback-thanks", region.slug, domain.slug)
        status = 400
    context = {"form": form, "region": region, "domain": domain}
    return render(request, "guides/feedback.html", context, status=status)


@require_safe
@never_cache
def feedback_thanks(request, region, domain):
    region = get_object_or_404(Region, slug=region)
    domain = get_object_or_404(Domain, slug=domain)
    return render(request, "guides/feedback_thanks.html", {"region": region, "domain": domain})


@require_safe
@public_page(params=("also", "item"))
def handout(request, region, domain):
    """A one-page print of chosen items, in one or two languages, with a QR code of the page."""
    content = published.for_request(request)
    page = _domain_page_or_404(request, content, region, domain)
    all_items = page.items
    chosen = set(request.GET.getlist("item")) & {item.slug for item in all_items}
    if chosen:
        page.keep_only(chosen)
    with translation.override(page.also or translation.get_language()):
        address = request.build_absolute_uri(url_for("guides:domain", region, domain))
    context = {
        "page": page,
        "all_items": all_items,
        "chosen": chosen or {item.slug for item in all_items},
        "address": address,
        "qr_code": handouts.qr_data_uri(address),
        "manual_title": selectors.manual_title(content),
    }
    return render(request, "guides/handout.html", context)


def bad_request(request, exception):
    return render(request, "400.html", status=400)


def permission_denied(request, exception):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    return render(request, "403.html", {"csrf_failure": True}, status=403)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    """500, or 503 when the database is out of reach; neither page touches the database."""
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        return service_unavailable()
    return HttpResponseServerError(loader.get_template("500.html").render())


def service_unavailable():
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
