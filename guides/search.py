"""Search in the reader's language.

Every domain and published item is indexed once per language (with the French fallback a
reader of that language sees) into SearchDocument rows, rebuilt when content changes; each
row carries what a result shows and where it stands in the manual, so that a search reads
that one table. Text is normalised in Python the same way for documents and queries:
accents and Arabic short vowels removed, tatweel dropped, alef/hamza/yaa/taa marbuta
variants folded. On PostgreSQL a stored tsvector with the language's stemming configuration
answers queries through a GIN index; on SQLite each query word must start a word of the
document.
"""

import functools
import html
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.safestring import mark_safe
from django.utils.translation import override

MAX_QUERY_LENGTH = 200
MIN_QUERY_LENGTH = 2
# PostgreSQL text search configurations (all present in PostgreSQL 13 and later).
SEARCH_CONFIGS = {
    "fr": "french",
    "nl": "dutch",
    "en": "english",
    "ar": "arabic",
    "ro": "romanian",
    "es": "spanish",
}
ARABIC_FOLDS = str.maketrans({"ى": "ي", "ة": "ه", "ـ": None})
WORD = re.compile(r"\w+")


def normalize(text):
    """Lowercase, without accents, tashkeel or tatweel, with Arabic letter variants folded.

    NFKD splits hamza and madda from their carrier letters (أ إ آ ؤ ئ) as combining
    marks, so dropping combining marks folds them along with Latin accents.
    """
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    # Inclusive French forms (migrant.e.s) become separate words (migrant e s).
    stripped = re.sub(r"(?<=\w)[.·](?=\w)", " ", stripped)
    return stripped.translate(ARABIC_FOLDS).casefold()


def clean_query(raw):
    """The query as searched: no NUL bytes, spaces collapsed, at most MAX_QUERY_LENGTH."""
    return " ".join((raw or "").replace("\x00", " ").split())[:MAX_QUERY_LENGTH]


def _prefix(term):
    """A crude stem for matching without PostgreSQL: `discriminations` -> `discriminatio`."""
    return term[: max(5, len(term) - 2)]


# Indexing


def _document_texts(obj):
    from .models import Domain

    if isinstance(obj, Domain):
        return obj.name, " ".join(filter(None, [obj.title, obj.summary, obj.context]))
    return obj.title, " ".join(filter(None, [obj.text, obj.points]))


INDEX_BATCH = 500


def index_objects(objects):
    """Rebuild the search rows of these domains and items, in every language: published
    items only (readers never find a draft), and a domain's place in the manual copied to
    the rows of its items."""
    objects = list(objects)
    for start in range(0, len(objects), INDEX_BATCH):
        _index_batch(objects[start : start + INDEX_BATCH])


def _index_batch(objects):
    from .models import Domain, Item, SearchDocument

    domains = [obj for obj in objects if isinstance(obj, Domain)]
    items = [obj for obj in objects if not isinstance(obj, Domain)]
    domain_orders = dict(
        Domain.objects.filter(pk__in={item.domain_id for item in items}).values_list("pk", "order")
    )
    rows = []
    for obj in domains + [item for item in items if item.status == Item.Status.PUBLISHED]:
        is_domain = isinstance(obj, Domain)
        for language, _name in settings.LANGUAGES:
            with override(language):
                title, body = _document_texts(obj)
            rows.append(
                SearchDocument(
                    language=language,
                    domain_id=obj.pk if is_domain else obj.domain_id,
                    item_id=None if is_domain else obj.pk,
                    title=title,
                    body=body,
                    normalized_title=normalize(title),
                    normalized_body=normalize(body),
                    kind="" if is_domain else obj.kind,
                    anchor="context" if is_domain else obj.slug,
                    domain_order=obj.order if is_domain else domain_orders[obj.domain_id],
                    item_order=0 if is_domain else obj.order,
                )
            )
    with transaction.atomic():
        SearchDocument.objects.filter(Q(domain__in=domains, item=None) | Q(item__in=items)).delete()
        for domain in domains:
            SearchDocument.objects.filter(domain=domain).update(domain_order=domain.order)
        created = SearchDocument.objects.bulk_create(rows)
        if connection.vendor == "postgresql":
            _store_vectors([row.pk for row in created])


def _store_vectors(pks):
    from .models import SearchDocument

    table = SearchDocument._meta.db_table
    cases = " ".join(f"WHEN '{code}' THEN '{config}'" for code, config in SEARCH_CONFIGS.items())
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {table} SET vector =
                setweight(to_tsvector(cfg, normalized_title), 'A')
                || setweight(to_tsvector(cfg, normalized_body), 'B')
            FROM (SELECT id AS doc_id,
                         (CASE language {cases} ELSE 'simple' END)::regconfig AS cfg
                  FROM {table} WHERE id = ANY(%s)) AS configs
            WHERE id = configs.doc_id
            """,
            [list(pks)],
        )


def rebuild_index():
    from .models import Domain, Item, SearchDocument

    SearchDocument.objects.all().delete()
    index_objects(list(Domain.objects.all()) + list(Item.objects.prefetch_related("regions")))


# Querying


@dataclass
class SearchResult:
    """A matching document as a result shows it: its title and an excerpt with the query's
    words marked, its domain and kind named in the reader's language, and where to read it
    (`links`, one {"name", "url"} per region, set by the page)."""

    document: object
    title: str
    excerpt: str
    domain_name: str
    kind_label: str
    links: list = field(default_factory=list)

    @property
    def url(self):
        return self.links[0]["url"]

    @property
    def in_several_regions(self):
        return len(self.links) > 1


# What a result shows: the document's texts, and its item's address and kind (the domain and
# the regions come from rows the page has loaded already).
RESULT_FIELDS = (
    "language",
    "domain_id",
    "item_id",
    "title",
    "body",
    "normalized_title",
    "normalized_body",
    "kind",
    "anchor",
)
# Matches of the same rank come in the manual's order.
MANUAL_ORDER = ("domain_order", "item_order", "pk")


def matching_documents(query, *, language, region=None, domain=None):
    """The documents in `language` matching `query`, best first, optionally narrowed: a
    queryset, or on PostgreSQL a RankedDocuments, whose rows carry the number of all matches
    (`matches`). Either is sliced for a page of results and answers count()."""
    from .models import Item, SearchDocument

    terms = WORD.findall(normalize(query))
    if not terms:
        return SearchDocument.objects.none()
    if connection.vendor == "postgresql":
        return RankedDocuments(" ".join(terms), language=language, region=region, domain=domain)
    documents = SearchDocument.objects.filter(language=language).only(*RESULT_FIELDS)
    if domain is not None:
        documents = documents.filter(domain=domain)
    if region is not None:
        links = Item.regions.through.objects.filter(item=OuterRef("item_id"))
        documents = documents.filter(
            Q(item__isnull=True) | ~Exists(links) | Exists(links.filter(region=region))
        )
    for term in terms:
        prefix = _prefix(term)
        documents = documents.filter(
            Q(normalized_title__contains=prefix) | Q(normalized_body__contains=prefix)
        )
    return documents.order_by(*MANUAL_ORDER)


class RankedDocuments:
    """The documents matching a query on PostgreSQL, ranked by its text search, best first
    (then in the manual's order), in one statement written here: Django's compiler took
    longer to build it (some 0.45 ms) than it takes to run, round trip included (0.19 ms).
    Slice it for a page of them."""

    TSQUERY = "websearch_to_tsquery(%(config)s::regconfig, %(terms)s)"

    def __init__(self, terms, *, language, region=None, domain=None):
        from .models import Item, SearchDocument

        self.model = SearchDocument
        region_links = Item.regions.through._meta.db_table
        conditions = ["d.language = %(language)s", f"d.vector @@ {self.TSQUERY}"]
        if domain is not None:
            conditions.append("d.domain_id = %(domain)s")
        if region is not None:
            # A domain's own text, a Belgium-wide item (in no region) or one of the region's.
            conditions.append(
                f"""(d.item_id IS NULL
                    OR NOT EXISTS (SELECT 1 FROM {region_links} l WHERE l.item_id = d.item_id)
                    OR EXISTS (SELECT 1 FROM {region_links} l
                               WHERE l.item_id = d.item_id AND l.region_id = %(region)s))"""
            )
        self.matching = f"FROM {SearchDocument._meta.db_table} d WHERE {' AND '.join(conditions)}"
        self.params = {
            "config": SEARCH_CONFIGS.get(language, "simple"),
            "terms": terms,
            "language": language,
            "domain": getattr(domain, "pk", None),
            "region": getattr(region, "pk", None),
        }

    def __getitem__(self, rows):
        if not isinstance(rows, slice) or rows.step is not None:
            raise TypeError("RankedDocuments are read a slice at a time")
        start = rows.start or 0
        if start < 0 or (rows.stop is not None and rows.stop < 0):
            raise ValueError("Negative indexing is not supported.")  # as a queryset says
        columns = ", ".join(f"doc.{column}" for column in ("id", *RESULT_FIELDS))
        limit = None if rows.stop is None else max(0, rows.stop - start)  # NULL: no limit
        # Ranked, counted and sorted as narrow rows; only the page's rows are then read whole
        # (with 100 times the manual's items, some 300 matches: a tenth less time than
        # sorting whole rows).
        ranked = f"""
            WITH page AS (
                SELECT d.id, ts_rank(d.vector, {self.TSQUERY}) AS rank,
                       d.domain_order, d.item_order, count(*) OVER () AS matches
                {self.matching}
                ORDER BY rank DESC, d.domain_order, d.item_order, d.id  -- then MANUAL_ORDER
                LIMIT %(limit)s OFFSET %(offset)s
            )
            SELECT {columns}, page.rank, page.matches
            FROM page JOIN {self.model._meta.db_table} doc ON doc.id = page.id
            ORDER BY page.rank DESC, page.domain_order, page.item_order, page.id
        """
        params = {**self.params, "limit": limit, "offset": start}
        return list(self.model.objects.raw(ranked, params))

    def count(self):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) {self.matching}", self.params)
            return cursor.fetchone()[0]


def results(documents, query, *, content=None):
    """`documents` (one page of them) as results: excerpts with the query's words marked, and
    each document's domain and item regions attached, read from `content` (the published
    content a page reads, guides.published) or else from the database."""
    from .published import Published

    terms = WORD.findall(normalize(query))
    documents = list(documents)
    if not documents:
        return []
    content = Published() if content is None else content
    domains = {d.pk: d for d in content.domains}
    regions = content.regions_of([doc.item_id for doc in documents if doc.item_id])
    for doc in documents:
        doc.domain = domains[doc.domain_id]
        # The item's regions; none for a domain's text or a Belgium-wide item.
        doc.region_list = regions.get(doc.item_id, [])
    return [
        SearchResult(
            doc,
            highlight(doc.title, terms, width=255, normalized=doc.normalized_title),
            highlight(doc.body, terms, normalized=doc.normalized_body),
            domain_name=doc.domain.name,
            kind_label=doc.kind_label,
        )
        for doc in documents
    ]


def search(query, *, language, region=None, domain=None, limit=50):
    """The first `limit` results for `query` in `language`."""
    documents = matching_documents(query, language=language, region=region, domain=domain)
    return results(documents[:limit], query)


@functools.lru_cache(maxsize=20000)
def _normalized_word(word):
    # The same words come back in every excerpt: normalise each once per process.
    return normalize(word)


def highlight(text, terms, width=220, normalized=None):
    """A short excerpt of `text` around the first match, matched words in <mark>.
    `normalized`: normalize(text), when known already."""
    prefixes = tuple(_prefix(term) for term in terms)

    def matches(word):
        return _normalized_word(word.group()).startswith(prefixes)

    # One pass over the whole text first: most texts of a result page hold no match at all.
    normalized = normalize(text) if normalized is None else normalized
    first = None
    if any(prefix in normalized for prefix in prefixes):
        first = next((word for word in WORD.finditer(text) if matches(word)), None)
    start = 0
    if first is not None:
        start = max(0, first.start() - width // 3)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
    end = min(len(text), start + width)
    while end < len(text) and not text[end].isspace():
        end += 1
    # The excerpt, escaped, with each matched word marked (start and end fall on spaces, so
    # no word is cut).
    pieces, position = [], start
    if first is not None:
        for word in WORD.finditer(text, start, end):
            if matches(word):
                before, matched = text[position : word.start()], word.group()
                pieces += [html.escape(before), "<mark>", html.escape(matched), "</mark>"]
                position = word.end()
    pieces.append(html.escape(text[position:end]))
    excerpt = "".join(pieces).strip()
    return mark_safe(("… " if start > 0 else "") + excerpt + (" …" if end < len(text) else ""))
