from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from notalone.core.ids import parse_positive_int
from notalone.core.places import sorted_by_name
from notalone.core.widgets import attach_errors
from notalone.help import selectors, services
from notalone.help.forms import DirectoryFilterForm, PlaceForm, ResourceForm
from notalone.help.models import Jurisdiction, Measure, MeasureKind, Resource
from notalone.help.place import forget_place, place_label, place_of, remember_place
from notalone.help.selectors import Place
from notalone.help.validation import resource_as_row

View = Callable[..., HttpResponse]
PAGE_SIZE = 25


def operator_required(view: View) -> View:
    """Anonymous readers are asked to log in; members who are not operators are refused."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not getattr(request.user, "is_operator", False):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _render(
    request: HttpRequest,
    template: str,
    context: dict[str, object] | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    """Every help page is rendered here, so each one knows and shows the chosen country
    (``place``, ``place_label``: help/_subnav.html prints it), decided by ``place_of``."""
    place = place_of(request)
    full: dict[str, object] = {"place": place, "place_label": place_label(place)}
    full.update(context or {})
    return render(request, template, full, status=status)


def _fit_context(place: Place) -> dict[str, object]:
    """Who the place's lines are for, and lines elsewhere when none fits everyone."""
    fit = selectors.place_fit(place)
    context: dict[str, object] = {"fit": fit}
    if fit is not None and fit.offers_other_options:
        context["international"] = selectors.international_lines(place=place)
    return context


def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None, languages=selectors.languages_in_directory())
    filters = selectors.DirectoryFilter()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.DirectoryFilter(
            text=data["q"],
            topic=data["topic"],
            language=data["language"],
            kind=data["kind"],
            open_24_7=data["open"],
        )
    place = place_of(request)
    everywhere = request.GET.get("where") == "all"
    resources = selectors.resource_search(place=place, filters=filters, everywhere=everywhere)
    page = Paginator(resources, PAGE_SIZE).get_page(
        parse_positive_int(request.GET.get("page")) or 1
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = _fit_context(place) if not everywhere else {}
    context.update(form=form, page=page, base_query=query.urlencode(), everywhere=everywhere)
    return _render(request, "help/directory.html", context, status=400 if form.errors else 200)


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts=None) and target.startswith("/"):
        return target
    return fallback


@require_http_methods(["GET", "POST"])
def choose_place(request: HttpRequest) -> HttpResponse:
    place = place_of(request)
    regions = selectors.regions_in_directory()
    if request.method == "POST" and "forget" in request.POST:
        forget_place(request)
        messages.success(request, _("Your country is forgotten."))
        return redirect(_safe_next(request, "help:place"))
    form = PlaceForm(
        request.POST or None,
        regions=regions,
        initial={"country": place.country, "region": place.region},
    )
    if request.method == "POST" and form.is_valid():
        remember_place(
            request,
            selectors.Place(
                country=form.cleaned_data["country"], region=form.cleaned_data["region"]
            ),
        )
        return redirect(_safe_next(request, "help:now"))
    context: dict[str, object] = {"form": form, "next": _safe_next(request, "")}
    return _render(request, "help/place.html", context, status=400 if form.errors else 200)


def help_now(request: HttpRequest) -> HttpResponse:
    place = place_of(request)
    local, elsewhere = selectors.help_now_lines(place=place)
    context = _fit_context(place)
    context.update(local=local, elsewhere=elsewhere)
    if not place.country:
        context["place_form"] = PlaceForm(regions=selectors.regions_in_directory())
    return _render(request, "help/now.html", context)


def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    resource = get_object_or_404(Resource, slug=slug)
    is_operator = getattr(request.user, "is_operator", False)
    if resource.retired and not is_operator:
        raise Http404
    return _render(
        request, "help/resource.html", {"resource": resource, "is_operator": is_operator}
    )


def legal(request: HttpRequest) -> HttpResponse:
    resources = selectors.legal_resources(place=place_of(request))[:100]
    return _render(request, "help/legal.html", {"resources": resources})


def legal_guide(request: HttpRequest) -> HttpResponse:
    return _render(request, "help/legal_guide.html")


def laws(request: HttpRequest) -> HttpResponse:
    jurisdictions = sorted_by_name(
        list(selectors.jurisdictions_with_measures()), lambda j: j.reader_name
    )
    place = place_of(request)
    # The chosen place's own pages first: its region's, then its country's.
    mine = [j for j in jurisdictions if j.code in (place.region, place.country) and j.code]
    mine.sort(key=lambda j: j.code != place.region)
    return _render(request, "help/laws.html", {"jurisdictions": jurisdictions, "mine": mine})


def laws_timeline(request: HttpRequest) -> HttpResponse:
    """Each law under the year it was made and, if it has ended, again under the year it ended."""
    years: dict[int, list[tuple[str, Measure]]] = {}
    for measure in selectors.measures_since(2017):
        years.setdefault(measure.year, []).append(("made", measure))
        if measure.has_ended and measure.ended_on:
            years.setdefault(measure.ended_on.year, []).append(("ended", measure))
    return _render(request, "help/timeline.html", {"years": sorted(years.items())})


def laws_c190(request: HttpRequest) -> HttpResponse:
    return _render(request, "help/c190.html", {"ratifications": selectors.c190_ratifications()})


def jurisdiction_detail(request: HttpRequest, code: str) -> HttpResponse:
    jurisdiction = get_object_or_404(Jurisdiction, code=code.upper())
    measures = jurisdiction.measures.order_by("year", "dated_on", "title")
    return _render(
        request,
        "help/jurisdiction.html",
        {
            "jurisdiction": jurisdiction,
            "nda_laws": [m for m in measures if m.kind == MeasureKind.NDA],
            "c190": [m for m in measures if m.kind == MeasureKind.C190],
        },
    )


@operator_required
def manage(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")[:200]
    page = Paginator(selectors.resources_for_operator(text=text), 50).get_page(
        parse_positive_int(request.GET.get("page")) or 1
    )
    return _render(
        request,
        "help/manage.html",
        {"page": page, "q": text, "due": selectors.resources_due_for_recheck()[:200]},
    )


@operator_required
@require_http_methods(["GET", "POST"])
def manage_new(request: HttpRequest) -> HttpResponse:
    form = ResourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.resource_create(values=form.as_values())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The resource is added."))
            return redirect("help:resource", slug=resource.slug)
    return _render(
        request, "help/manage_form.html", {"form": form}, status=400 if form.errors else 200
    )


@operator_required
@require_http_methods(["GET", "POST"])
def manage_edit(request: HttpRequest, slug: str) -> HttpResponse:
    resource = get_object_or_404(Resource, slug=slug)
    form = ResourceForm(request.POST or None, initial=resource_as_row(resource), editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_update(resource=resource, values=form.as_values())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The resource is saved."))
            return redirect("help:resource", slug=resource.slug)
    return _render(
        request,
        "help/manage_form.html",
        {"form": form, "resource": resource},
        status=400 if form.errors else 200,
    )


@operator_required
@require_POST
def manage_retire(request: HttpRequest, slug: str) -> HttpResponse:
    resource = get_object_or_404(Resource, slug=slug)
    retire = request.POST.get("retired", "true") == "true"
    services.resource_set_retired(resource=resource, retired=retire)
    if retire:
        messages.success(request, _("The resource is retired: readers no longer see it."))
    else:
        messages.success(request, _("The resource is back in the directory."))
    return redirect("help:resource", slug=resource.slug)
