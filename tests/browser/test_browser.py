"""Readers' flows in a real browser: navigation, right-to-left layout, accessibility, page
weight, offline reading and listening. Figures are printed (run pytest with -s to see them)."""

import json
import re
import urllib.request

import pytest

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

LANGUAGES = ["fr", "nl", "en", "ar", "ro", "es"]
DOMAINS = ["employment", "education", "health", "housing", "social-assistance"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGE_TYPES = [
    "",
    "about/",
    "accessibility/",
    "brussels/",
    "brussels/health/",
    "brussels/health/?also=ar",
    "brussels/health/handout/?also=ar",
    "search/?q=discrimination",
    "search/?q=zzzz",
    "practices/",
    "region/?postcode=abc",
    "no-such-page/",
]


def test_choose_language_then_region_then_domain(site_url, browser):
    context = browser.new_context(locale="nl-BE")
    page = context.new_page()
    page.goto(f"{site_url}/")
    assert page.url == f"{site_url}/nl/"
    page.get_by_role("link", name="Brussel", exact=True).first.click()
    assert page.url == f"{site_url}/nl/brussels/"
    page.locator("#domain-health a").click()
    assert page.url == f"{site_url}/nl/brussels/health/"
    assert page.locator("html").get_attribute("lang") == "nl"
    context.close()


def test_region_by_postcode(site_url, context):
    page = context.new_page()
    page.goto(f"{site_url}/fr/")
    page.fill("#postcode", "4000")
    page.locator("form.postcode button").click()
    assert page.url == f"{site_url}/fr/wallonia/"
    page.goto(f"{site_url}/fr/")
    page.fill("#postcode", "0999")
    page.locator("form.postcode button").click()
    assert page.locator("#postcode-error").is_visible()


def test_switching_language_on_a_domain_page_keeps_the_page(site_url, context):
    page = context.new_page()
    page.goto(f"{site_url}/fr/brussels/health/")
    page.locator('.languages a[lang="ar"]').click()
    assert page.url == f"{site_url}/ar/brussels/health/"
    assert page.locator("html").get_attribute("dir") == "rtl"


def test_arabic_layout_is_mirrored(site_url, context):
    page = context.new_page()
    page.goto(f"{site_url}/ar/brussels/health/")
    brand = page.locator(".brand").bounding_box()
    languages = page.locator(".languages").bounding_box()
    assert brand["x"] > languages["x"], "the site name sits on the right in Arabic"
    crumbs = page.locator(".breadcrumbs li")
    assert crumbs.nth(0).bounding_box()["x"] > crumbs.nth(1).bounding_box()["x"]
    heading = page.locator("h1").bounding_box()
    assert heading["x"] + heading["width"] > 1024 / 2


def axe_violations(page, axe_source):
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]


@pytest.mark.parametrize(
    "path",
    [f"/{lang}/{page}" for lang in ("fr", "ar") for page in PAGE_TYPES]
    + [f"/{lang}/flanders/{domain}/" for lang in LANGUAGES for domain in DOMAINS],
)
def test_no_accessibility_violations(site_url, browser, axe_source, path):
    # axe is injected as an inline script, which our own Content-Security-Policy forbids.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(f"{site_url}{path}")
    assert axe_violations(page, axe_source) == []
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/fr/",
        "/ar/brussels/health/?also=fr",
        "/fr/brussels/",
        "/en/search/?q=school",
        "/fr/brussels/health/handout/",
        "/fr/practices/",
    ],
)
def test_pages_run_under_their_content_security_policy_without_errors(site_url, context, path):
    errors = []
    page = context.new_page()
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site_url}{path}")
    page.wait_for_load_state("networkidle")
    assert errors == []


def measure(browser, url):
    """Requests and bytes on the wire for one first visit (no cache, no service worker)."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="load")
    sizes = [request.sizes() for request in finished]
    transferred = sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes)
    hosts = {request.url.split("/")[2] for request in finished}
    context.close()
    return len(finished), transferred, hosts


@pytest.mark.parametrize(
    "path",
    ["/fr/", "/ar/", "/fr/about/", "/fr/brussels/", "/ar/brussels/"]
    + [f"/{lang}/brussels/{domain}/" for lang in ("fr", "ar") for domain in DOMAINS],
)
def test_page_budget(site_url, browser, path):
    requests, transferred, hosts = measure(browser, f"{site_url}{path}")
    print(f"budget {path}: {requests} requests, {transferred / 1024:.1f} KB transferred")
    assert requests <= 6
    assert transferred <= 60 * 1024
    assert hosts == {site_url.split("/")[2]}


def test_scripts_never_block_the_first_render(site_url, context):
    page = context.new_page()
    page.goto(f"{site_url}/fr/brussels/health/")
    scripts = page.locator("script[src]")
    assert scripts.count() == 1
    assert scripts.first.get_attribute("defer") is not None
    assert page.locator("script:not([src])").count() == 0


@pytest.mark.parametrize(
    "path",
    [
        "/fr/",
        "/ar/",
        "/fr/brussels/health/",
        "/ar/brussels/health/",
        "/fr/brussels/health/?also=ar",
        "/fr/practices/",
        "/ar/search/?q=x",
    ],
)
def test_readable_at_320_pixels_without_sideways_scrolling(site_url, browser, path):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{site_url}{path}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_works_without_javascript(site_url, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/en/")
    page.fill("#postcode", "1000")
    page.locator("form.postcode button").click()
    assert page.url == f"{site_url}/en/brussels/"
    page.goto(f"{site_url}/en/brussels/housing/")
    assert page.locator(".item-challenge").count() == 1
    assert page.locator("[data-listen-start]").is_hidden()
    context.close()


def test_save_a_region_for_offline_reading(site_url, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_url}/fr/brussels/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    save = page.locator("[data-save-offline]")
    save.click()
    page.wait_for_selector("[data-offline-status]:not(:empty)")
    assert page.locator("[data-offline-status]").inner_text() == save.get_attribute("data-saved")

    context.set_offline(True)
    page.goto(f"{site_url}/fr/brussels/housing/")  # never opened, only saved
    assert page.locator("h1").inner_text().startswith("Logement")
    assert page.locator(".offline-notice").is_visible()
    page.goto(f"{site_url}/fr/brussels/")  # opened before
    assert page.locator(".offline-notice").is_visible()
    context.close()


def test_pages_opened_once_stay_readable_offline(site_url, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_url}/ar/wallonia/health/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now under the service worker's control
    context.set_offline(True)
    page.goto(f"{site_url}/ar/wallonia/health/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".offline-notice").is_visible()
    context.close()


def test_redirects_work_under_the_service_worker(site_url, browser):
    """The worker asks the server itself (bypassing the browser's cache): redirects such as
    the postcode box's, or a missing final slash, must still reach their page."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_url}/fr/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    page.fill("#postcode", "1000")
    page.locator("form.postcode button").click()
    page.wait_for_url(f"{site_url}/fr/brussels/")
    assert page.locator("h1").inner_text().startswith("Bruxelles")
    page.goto(f"{site_url}/fr/wallonia")
    assert page.url == f"{site_url}/fr/wallonia/"
    context.close()


SPEECH_STUB = """
window.__spoken = [];
const voices = %s;
Object.defineProperty(window, 'speechSynthesis', {value: {
  paused: false, getVoices: () => voices, addEventListener() {},
  speak(u) { window.__spoken.push({text: u.text, lang: u.lang}); },
  cancel() { window.__spoken.cancelled = true; }, pause() { this.paused = true; },
  resume() { this.paused = false; },
}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""


def test_listen_reads_the_page_in_its_language(site_url, context):
    context.add_init_script(SPEECH_STUB % json.dumps([{"lang": "ar-SA", "name": "Arabic"}]))
    page = context.new_page()
    page.goto(f"{site_url}/ar/brussels/health/")
    listen = page.locator("[data-listen-start]")
    assert listen.is_visible()
    listen.click()
    spoken = page.evaluate("window.__spoken")
    assert spoken[0]["text"] == page.locator("h1").inner_text()
    assert {item["lang"] for item in spoken} == {"ar"}
    assert page.locator("[data-listen-stop]").is_visible()
    page.locator("[data-listen-stop]").click()
    assert page.evaluate("window.__spoken.cancelled") is True


def test_listen_is_hidden_without_a_voice_for_the_language(site_url, context):
    context.add_init_script(SPEECH_STUB % json.dumps([{"lang": "en-US", "name": "English"}]))
    page = context.new_page()
    page.goto(f"{site_url}/ro/brussels/health/")
    assert page.locator("[data-listen-start]").is_hidden()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_screenshots_at_phone_size(site_url, phone, language):
    SCREENSHOTS.mkdir(exist_ok=True)
    page = phone.new_page()
    for name, path in [("home", ""), ("domain", "brussels/health/")]:
        page.goto(f"{site_url}/{language}/{path}")
        target = SCREENSHOTS / f"{name}-{language}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_print_version_hides_navigation_and_writes_links_out(site_url, context, language):
    page = context.new_page()
    page.goto(f"{site_url}/{language}/flanders/education/")
    page.emulate_media(media="print")
    for selector in [
        ".languages",
        ".breadcrumbs",
        ".region-switcher",
        ".on-this-page",
        ".site-footer",
    ]:
        assert page.locator(selector).is_hidden(), selector
    link = page.locator('main a[href="https://refugeeswellschool.org/"]')
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert "refugeeswellschool.org" in after
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")


def test_static_files_are_hashed_compressed_and_cached_for_long(site_url, context):
    page = context.new_page()
    page.goto(f"{site_url}/fr/")
    css = page.locator('link[rel="stylesheet"]').get_attribute("href")
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", css)
    for encoding in ("br", "gzip"):
        request = urllib.request.Request(f"{site_url}{css}", headers={"Accept-Encoding": encoding})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == encoding
            assert "immutable" in response.headers["Cache-Control"]
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert not any(char.isdigit() for char in response.headers.get("Server", ""))


def test_bilingual_columns_sit_side_by_side_with_arabic_mirrored(site_url, context):
    page = context.new_page()
    page.goto(f"{site_url}/fr/brussels/health/?also=ar")
    french = page.locator(".pair-challenges .side").first.bounding_box()
    arabic = page.locator(".pair-challenges .side-also").first.bounding_box()
    assert abs(french["y"] - arabic["y"]) < 2 and arabic["x"] > french["x"]
    assert page.locator(".side-also").first.evaluate("e => getComputedStyle(e).direction") == "rtl"


def test_bilingual_paragraphs_alternate_on_a_phone(site_url, phone):
    page = phone.new_page()
    page.goto(f"{site_url}/fr/brussels/health/?also=ar")
    french = page.locator(".pair-challenges .side").first.bounding_box()
    arabic = page.locator(".pair-challenges .side-also").first.bounding_box()
    assert arabic["y"] >= french["y"] + french["height"] - 1


def test_search_from_the_header(site_url, context):
    page = context.new_page()
    page.goto(f"{site_url}/fr/brussels/health/")
    page.fill("#site-search-q", "mentorat")
    page.locator(".site-search button").click()
    assert "/fr/search/?q=mentorat" in page.url
    assert page.locator(".result mark").first.inner_text().lower() == "mentorat"
