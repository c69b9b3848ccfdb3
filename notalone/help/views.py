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

from notalone.core.widgets import attach_errors
from notalone.help import selectors, services
from notalone.help.forms import DirectoryFilterForm, PlaceForm, ResourceForm
from notalone.help.models import Jurisdiction, MeasureKind, Resource
from notalone.help.place import forget_place, place_label, place_of, remember_place
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


def _place_context(request: HttpRequest) -> dict[str, object]:
    place = place_of(request)
    return {"place": place, "place_label": place_label(place)}


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
    context = _place_context(request)
    resources = selectors.resource_search(place=place_of(request), filters=filters)
    page = Paginator(resources, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context.update(form=form, page=page, base_query=query.urlencode())
    return render(request, "help/directory.html", context, status=400 if form.errors else 200)


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
    context = _place_context(request)
    context.update(form=form, next=_safe_next(request, ""))
    return render(request, "help/place.html", context, status=400 if form.errors else 200)


def help_now(request: HttpRequest) -> HttpResponse:
    place = place_of(request)
    local, elsewhere = selectors.help_now_lines(place=place)
    context = _place_context(request)
    context.update(local=local, elsewhere=elsewhere)
    if not place.country:
        context["place_form"] = PlaceForm(regions=selectors.regions_in_directory())
    return render(request, "help/now.html", context)


def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    resource = get_object_or_404(Resource, slug=slug)
    is_operator = getattr(request.user, "is_operator", False)
    if resource.retired and not is_operator:
        raise Http404
    return render(request, "help/resource.html", {"resource": resource, "is_operator": is_operator})


def legal(request: HttpRequest) -> HttpResponse:
    context = _place_context(request)
    context["resources"] = selectors.legal_resources(place=place_of(request))[:100]
    return render(request, "help/legal.html", context)


def legal_guide(request: HttpRequest) -> HttpResponse:
    return render(request, "help/legal_guide.html")


def laws(request: HttpRequest) -> HttpResponse:
    return render(
        request, "help/laws.html", {"jurisdictions": selectors.jurisdictions_with_measures()}
    )


def laws_timeline(request: HttpRequest) -> HttpResponse:
    years: dict[int, list[object]] = {}
    for measure in selectors.measures_since(2017):
        years.setdefault(measure.year, []).append(measure)
    return render(request, "help/timeline.html", {"years": sorted(years.items())})


def laws_c190(request: HttpRequest) -> HttpResponse:
    return render(request, "help/c190.html", {"ratifications": selectors.c190_ratifications()})


def jurisdiction_detail(request: HttpRequest, code: str) -> HttpResponse:
    jurisdiction = get_object_or_404(Jurisdiction, code=code.upper())
    measures = jurisdiction.measures.order_by("year", "dated_on", "title")
    return render(
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
        request.GET.get("page")
    )
    return render(
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
    return render(
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
    return render(
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
