from django.contrib import admin

from notalone.help.models import Jurisdiction, Measure, Resource


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin[Resource]):
    list_display = ("name", "kind", "country", "source_kind", "verified_on", "retired")
    list_filter = ("kind", "retired", "source_kind", "country")
    search_fields = ("name", "slug")
    # Writes go through the operator pages (notalone.help.services), which check every field.
    readonly_fields = tuple(field.name for field in Resource._meta.fields)

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin[Jurisdiction]):
    list_display = ("name", "code")
    search_fields = ("name", "code")


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin[Measure]):
    list_display = ("title", "jurisdiction", "kind", "year", "status", "ended_on", "verified_on")
    list_filter = ("kind", "status", "source_kind")
    readonly_fields = ("key",)
