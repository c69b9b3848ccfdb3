"""Every read of the help directory and the laws tracker that is more than a ``get``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from notalone.help.models import (
    Jurisdiction,
    Kind,
    Measure,
    MeasureKind,
    Resource,
    recheck_cutoff,
)
from notalone.help.phones import dial_uri

LANGUAGES_CACHE_KEY = "help:languages"

# Lines a reader can call or text right away, in the order "Get help now" shows them.
IMMEDIATE_KINDS = (Kind.HOTLINE, Kind.TEXT, Kind.CHAT)


@dataclass(frozen=True)
class Place:
    """The reader's own choice of country and region (kept in their session only)."""

    country: str = ""
    region: str = ""


@dataclass(frozen=True)
class DirectoryFilter:
    text: str = ""
    topic: str = ""
    language: str = ""
    kind: str = ""
    open_24_7: bool = False


def has_item(field: str, item: str) -> Q:
    """Rows whose semicolon-separated ``field`` contains exactly ``item``."""
    return (
        Q(**{field: item})
        | Q(**{f"{field}__startswith": f"{item};"})
        | Q(**{f"{field}__endswith": f";{item}"})
        | Q(**{f"{field}__contains": f";{item};"})
    )


def _serves_place(place: Place) -> Q:
    """Resources of the country that cover the whole country or the reader's region."""
    query = Q(country=place.country)
    if place.region:
        return query & (Q(regions="") | has_item("regions", place.region))
    return query


def resource_search(
    *, place: Place, filters: DirectoryFilter, everywhere: bool = False
) -> QuerySet[Resource]:
    """The directory's results: the reader's place only, unless ``everywhere``."""
    resources = Resource.objects.filter(retired=False)
    if place.country and not everywhere:
        resources = resources.filter(_serves_place(place))
    if filters.kind:
        resources = resources.filter(kind=filters.kind)
    if filters.topic:
        resources = resources.filter(has_item("topics", filters.topic))
    if filters.language:
        resources = resources.filter(has_item("languages", filters.language))
    if filters.open_24_7:
        resources = resources.filter(is_24_7=True)
    for word in filters.text.split()[:8]:
        resources = resources.filter(
            Q(name__icontains=word) | Q(description__icontains=word) | Q(topics__icontains=word)
        )
    return resources.order_by("country", "name")


def help_now_lines(*, place: Place, limit: int = 12) -> tuple[list[Resource], list[Resource]]:
    """(lines for the reader's place, other lines), each with 24/7 lines first.

    With no place chosen, the first list is empty and the second holds lines from
    everywhere, so the page still offers something to call.
    """
    # Within a group, the directory's own order (the import file's) is kept: an operator
    # lists a country's main line first.
    lines = Resource.objects.filter(retired=False, kind__in=IMMEDIATE_KINDS).order_by(
        "-is_24_7", "pk"
    )
    if not place.country:
        return [], list(lines[:limit])
    local: list[Resource] = list(
        lines.filter(_serves_place(place))
        .annotate(
            national=Case(
                When(regions="", then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        .order_by("-is_24_7", "national", "pk")[:limit]
    )
    elsewhere = list(lines.filter(country=place.country).exclude(pk__in=[r.pk for r in local])[:5])
    return local, elsewhere


@dataclass(frozen=True)
class PlaceFit:
    """Whether the lines for the reader's place are open to anyone.

    ``lines`` counts the phone, text and chat lines serving the place; ``limited_to`` lists
    the groups they are limited to (``Resource.serves``) when none of them is open to anyone.
    """

    lines: int = 0
    open_to_anyone: int = 0
    limited_to: tuple[str, ...] = ()

    @property
    def none_for_anyone(self) -> bool:
        """Every line is for one group (a country whose only line serves women, say)."""
        return self.lines > 0 and self.open_to_anyone == 0

    @property
    def no_lines(self) -> bool:
        return self.lines == 0

    @property
    def offers_other_options(self) -> bool:
        """Whether a reader is offered options beyond the place's lines: when none of them is
        open to anyone, or there is none. The one rule for "Get help now", the directory and
        the footer's crisis line."""
        return self.none_for_anyone or self.no_lines


def place_fit(place: Place) -> PlaceFit | None:
    """None without a chosen country; otherwise who the place's lines are for."""
    if not place.country:
        return None
    lines = Resource.objects.filter(retired=False, kind__in=IMMEDIATE_KINDS).filter(
        _serves_place(place)
    )
    counts = lines.aggregate(total=Count("pk"), anyone=Count("pk", filter=Q(serves="")))
    groups: set[str] = set()
    if counts["total"] and not counts["anyone"]:
        for value in lines.order_by().values_list("serves", flat=True).distinct()[:100]:
            groups.update(item for item in value.split(";") if item)
    return PlaceFit(
        lines=counts["total"], open_to_anyone=counts["anyone"], limited_to=tuple(sorted(groups))
    )


def international_lines(*, place: Place, limit: int = 6) -> list[Resource]:
    """National lines in other countries, open to anyone, that can be reached by online chat.

    Offered when no line of the reader's country fits them: whether a line takes contacts
    from abroad is for its own website to say, and the page says so.
    """
    chosen: dict[str, Resource] = {}
    candidates = (
        Resource.objects.filter(retired=False, kind__in=IMMEDIATE_KINDS, serves="", regions="")
        .exclude(chat_url="")
        .exclude(country=place.country)
        .order_by("-is_24_7", "pk")[:100]
    )
    for resource in candidates:  # one per country, in the directory's order
        chosen.setdefault(resource.country, resource)
    return list(chosen.values())[:limit]


def _footer_line(place: Place, *, regional_only: bool = False) -> dict[str, Any] | None:
    """The best phone line for ``place`` (the order ``crisis_line_for`` gives), with the
    regions it is limited to; ``regional_only`` keeps lines limited to the place's region."""
    candidates = Resource.objects.filter(retired=False, country=place.country, kind=Kind.HOTLINE)
    if regional_only:
        candidates = candidates.filter(has_item("regions", place.region))
    candidates = (
        candidates.exclude(phone="")
        .annotate(
            covers=Case(
                When(_serves_place(place), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            limited=Case(
                When(serves="", then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            other_topic=Case(
                When(topics__contains="sexual-", then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("covers", "limited", "-is_24_7", "other_topic", "pk")
        .only("name", "phone", "phone_dial", "translations", "regions", "serves")[:5]
    )
    for resource in candidates:
        for phone in resource.phones:
            shown = phone.footer_form
            if shown:
                return {
                    "name": resource.reader_name,
                    "lang": resource.reader_name_lang,
                    "phone": shown,
                    "dial": phone.dial,
                    "regions": resource.region_list,
                    "serves": resource.serves_list,
                }
    return None


def crisis_line_for(place: Place) -> dict[str, Any] | None:
    """The footer's line: a phone line for the reader's country, open 24/7 if there is one.

    Lines that cover the reader's region (or the whole country) come first, then other lines
    of the country, which are better than a line abroad; among them, lines open to everyone
    before lines for one group only (a women's line is still shown when it is the only one),
    then lines open 24/7, then lines about sexual violence, then the directory's own order. Service codes with "#" are
    skipped, because the footer prints one value as both the link and its text.

    Returns ``{"name", "phone", "dial", "serves"}`` (``serves``: the groups the line is
    limited to, which the footer names, "For women:"), and ``"other_options"``: whether the
    reader is offered other options, decided by ``place_fit`` as on "Get help now" (Brazil,
    whose every line is for women). Plus, when the reader chose no region and the
    line serves only part of the country (Rape Crisis England & Wales in the UK),
    ``"for_regions"`` (the region names it serves, as text) and ``"others"``: for each other
    region of the country with its own line in the directory (Scotland), that line, chosen
    as if the reader had picked the region, with ``"region"`` its name.
    """
    if not place.country:
        return None
    line = _footer_line(place)
    if line is None:
        return None
    # The reader chose this country, so its short codes dial here, as on "Get help now"
    # (help/_contact.html); the operator's default line links only an international number.
    line["href"] = dial_uri("tel", line["dial"])
    # Lines open to anyone come first: a limited line means the place may have none, which
    # only place_fit decides (a chat line open to anyone also counts).
    fit = place_fit(place) if line["serves"] else None
    line["other_options"] = fit is not None and fit.offers_other_options
    if place.region or not line["regions"]:
        return line
    from notalone.help.place import region_name  # the place module reads these selectors

    covered = set(line["regions"])
    line["for_regions"] = ", ".join(region_name(code) for code in line["regions"])
    others = []
    country_regions = {
        code
        for value in Resource.objects.filter(retired=False, country=place.country)
        .exclude(regions="")
        .values_list("regions", flat=True)
        .distinct()[:50]
        for code in value.split(";")
        if code
    }
    for region in sorted(country_regions - covered)[:3]:
        other = _footer_line(Place(country=place.country, region=region), regional_only=True)
        if other is not None:
            others.append(
                {**other, "region": region_name(region), "href": dial_uri("tel", other["dial"])}
            )
    line["others"] = others
    return line


def legal_resources(*, place: Place) -> QuerySet[Resource]:
    resources = Resource.objects.filter(retired=False).filter(
        Q(kind=Kind.LEGAL) | has_item("topics", "legal")
    )
    if place.country:
        resources = resources.filter(_serves_place(place))
    return resources.order_by("country", "name")


def resources_due_for_recheck() -> QuerySet[Resource]:
    return Resource.objects.filter(retired=False, verified_on__lt=recheck_cutoff()).order_by(
        "verified_on", "name"
    )


def resources_for_operator(*, text: str = "") -> QuerySet[Resource]:
    resources = Resource.objects.all()
    for word in text.split()[:8]:
        resources = resources.filter(Q(name__icontains=word) | Q(slug__icontains=word))
    return resources.order_by("retired", "country", "name")


def resources_for_export() -> QuerySet[Resource]:
    return Resource.objects.order_by("country", "slug")


def countries_in_directory() -> list[str]:
    return list(
        Resource.objects.filter(retired=False)
        .order_by("country")
        .values_list("country", flat=True)
        .distinct()
    )


def measures_for_export(kind: MeasureKind) -> QuerySet[Measure]:
    return (
        Measure.objects.filter(kind=kind)
        .select_related("jurisdiction")
        .order_by("year", "dated_on", "jurisdiction__code", "key")
    )


def jurisdictions_with_measures() -> QuerySet[Jurisdiction]:
    return Jurisdiction.objects.filter(measures__isnull=False).distinct().order_by("name")


def measures_since(year: int = 2017) -> QuerySet[Measure]:
    return (
        Measure.objects.filter(year__gte=year)
        .select_related("jurisdiction")
        .order_by("year", "dated_on", "jurisdiction__name")
    )


def c190_ratifications() -> QuerySet[Measure]:
    return (
        Measure.objects.filter(kind=MeasureKind.C190)
        .select_related("jurisdiction")
        .order_by("dated_on", "jurisdiction__name")
    )


def languages_in_directory() -> list[str]:
    """Languages some resource lists, for the filter: a short list, cached until a write."""
    cached = cache.get(LANGUAGES_CACHE_KEY)
    if isinstance(cached, list):
        return cached
    codes: set[str] = set()
    for languages in (
        Resource.objects.filter(retired=False)
        .exclude(languages="")
        .values_list("languages", flat=True)
        .distinct()
    ):
        codes.update(item for item in languages.split(";") if item)
    result = sorted(codes)
    cache.set(LANGUAGES_CACHE_KEY, result, timeout=3600)
    return result


def regions_in_directory() -> list[str]:
    codes: set[str] = set()
    for regions in (
        Resource.objects.filter(retired=False)
        .exclude(regions="")
        .values_list("regions", flat=True)
        .distinct()
    ):
        codes.update(item for item in regions.split(";") if item)
    return sorted(codes)
