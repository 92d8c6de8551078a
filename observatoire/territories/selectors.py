"""Reads of the registry: search by name, postcode or official code, and lookups."""

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.text import slugify

from .models import Territory

KIND_ORDER = Case(
    When(kind=Territory.Kind.REGION, then=Value(0)),
    When(kind=Territory.Kind.DEPARTEMENT, then=Value(1)),
    When(kind=Territory.Kind.EPCI, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def territory_search(*, query: str, limit: int = 50) -> list[Territory]:
    """Territories matching a name (accents and case ignored), a postcode or an official code.

    Exact matches (code, name) come first, then the biggest collectivités.
    """
    query = " ".join(query.split())[:100]
    if not query:
        return []
    condition, exact = territory_search_condition(query)
    return list(
        Territory.objects.filter(condition)
        .select_related("departement")
        .annotate(exact=exact, kind_order=KIND_ORDER)
        .order_by("exact", "kind_order", "-population", "name")[:limit]
    )


def territory_search_condition(query: str) -> tuple[Q, Case]:
    """What a search matches — a name (accents and case ignored), a postcode, an official
    code, a key or a SIREN — and an order putting exact matches (code, name) first; the
    site's search and the API's."""
    condition = Q(code__iexact=query) | Q(key__iexact=query) | Q(siren=query)
    if query.isdigit() or (len(query) == 5 and query[:2].upper() in {"2A", "2B"}):
        # Postcodes are stored space-separated; a prefix of 2+ digits finds a département's.
        condition |= Q(postcodes__contains=query)
    slug = slugify(query)
    if slug:
        condition |= Q(name__icontains=query) | Q(slug__contains=slug)
    exact = Case(
        When(Q(code__iexact=query) | Q(name__iexact=query), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return condition, exact


def territory_get(*, slug: str) -> Territory:
    """The territory with this slug and its parents; raises Territory.DoesNotExist."""
    return Territory.objects.select_related("region", "departement", "epci").get(slug=slug)


def region_list() -> QuerySet[Territory]:
    return Territory.objects.filter(kind=Territory.Kind.REGION).order_by("name")
