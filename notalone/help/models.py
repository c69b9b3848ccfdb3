"""The help directory (resources), and laws and policies (jurisdictions and measures).

Every record carries the address it was checked against and the date it was checked, so a
reader can always see where a number or a law comes from and how old that knowledge is.
Lists (regions, languages, topics, phone numbers) are kept as semicolon-separated text, the
same form as the import files: a resource is read as one row, with no joins.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from notalone.core.places import country_name
from notalone.help.phones import Phone, split_dials

SLUG_MAX_LENGTH = 100


class Kind(models.TextChoices):
    HOTLINE = "hotline", _("Phone line")
    CHAT = "chat", _("Online chat")
    TEXT = "text", _("Text line")
    LEGAL = "legal", _("Legal help")
    REPORTING = "reporting", _("Reporting body")
    DIRECTORY = "directory", _("Directory of services")


TOPIC_LABELS = {
    "sexual-assault": _("Sexual assault"),
    "sexual-harassment": _("Sexual harassment"),
    "domestic-violence": _("Domestic and dating violence"),
    "child-abuse": _("Child abuse"),
    "suicide-crisis": _("Suicidal thoughts and crisis"),
    "lgbtq": _("LGBTQ+ people"),
    "legal": _("Legal help"),
    "workplace": _("At work"),
}


class SourceKind(models.TextChoices):
    """What a citation is worth. Blank on records imported before sources were marked."""

    PRIMARY = "primary", _("primary source")
    SECONDARY = "secondary", _("secondary source")


# Who a line is for, when its source says it serves one group only. An empty list means
# the source names no such limit. Other lower-case words joined by dashes are kept and shown
# as they are, like topics.
SERVES_LABELS = {
    "women": _("women"),
    "men": _("men"),
    "children": _("children"),
    "young-people": _("young people"),
    "lgbtq-young-people": _("LGBTQ+ young people"),
    "military-community": _("the military community"),
}


def split_list(value: str) -> list[str]:
    return [item for item in value.split(";") if item]


def recheck_cutoff(today: datetime.date | None = None) -> datetime.date:
    """Resources last verified before this date (12 months ago) are due for a re-check."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


class Resource(models.Model):
    slug = models.SlugField(
        _("id"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        help_text=_("A stable id, as in the import file. It does not change when a line does."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 code"))
    regions = models.CharField(
        _("regions"),
        max_length=200,
        blank=True,
        help_text=_("ISO 3166-2 codes separated by semicolons; empty for the whole country."),
    )
    phone = models.CharField(_("phone"), max_length=200, blank=True)
    phone_dial = models.CharField(max_length=200, blank=True, editable=False)
    sms = models.CharField(_("text number"), max_length=60, blank=True)
    sms_dial = models.CharField(max_length=60, blank=True, editable=False)
    sms_note = models.CharField(_("how to text"), max_length=200, blank=True)
    url = models.URLField(_("web address"), max_length=500, blank=True)
    chat_url = models.URLField(_("chat address"), max_length=500, blank=True)
    hours = models.CharField(_("hours"), max_length=200, blank=True)
    # Derived from hours when saved: the "open 24/7" filter reads one indexed column.
    is_24_7 = models.BooleanField(_("open 24/7"), default=False, editable=False)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    topics = models.CharField(_("topics"), max_length=300, blank=True)
    description = models.CharField(_("description"), max_length=600)
    # The name and description in other languages, where the source gives them:
    # {"es": {"name": "…", "description": "…"}}; import columns name_es, description_es, …
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    source_url = models.URLField(_("source"), max_length=500)
    source_kind = models.CharField(
        _("kind of source"), max_length=10, choices=SourceKind.choices, blank=True
    )
    serves = models.CharField(
        _("serves only"),
        max_length=200,
        blank=True,
        help_text=_("Groups the line is limited to, separated by semicolons; empty for anyone."),
    )
    verified_on = models.DateField(_("verified on"))
    retired = models.BooleanField(_("retired"), default=False)
    # Set when a record is written by an import: a later import of the same kind of file that
    # no longer lists it retires it (the reference data withdrew it). Records an operator
    # added by hand are never retired by an import.
    from_import = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("country", "name")
        indexes = (
            # Serves both the country filter and the directory's order, so a page of
            # results is read in index order and the scan stops once the page is full.
            models.Index(fields=("country", "name"), name="help_res_country_name"),
            models.Index(fields=("verified_on",), name="help_res_verified"),
        )
        verbose_name = _("help resource")
        verbose_name_plural = _("help resources")

    def __str__(self) -> str:
        return self.name

    @property
    def phones(self) -> list[Phone]:
        displays = split_list(self.phone)
        dials = split_dials(self.phone_dial)
        return [Phone(display=d, dial=n) for d, n in zip(displays, dials, strict=False)]

    @property
    def sms_number(self) -> Phone | None:
        return Phone(display=self.sms, dial=self.sms_dial) if self.sms_dial else None

    @property
    def region_list(self) -> list[str]:
        return split_list(self.regions)

    @property
    def language_list(self) -> list[str]:
        return split_list(self.languages)

    @property
    def topic_list(self) -> list[str]:
        return split_list(self.topics)

    @property
    def topic_labels(self) -> list[str]:
        return [str(TOPIC_LABELS.get(topic, topic.replace("-", " "))) for topic in self.topic_list]

    def _in_reader_language(self, field: str) -> str:
        language = translation.get_language() or ""
        entry = (self.translations or {}).get(language) or {}
        return str(entry.get(field) or getattr(self, field))

    def _language_in_reader_language(self, field: str) -> str:
        """The language ``_in_reader_language(field)`` is written in: the reader's where the
        source gives a translation, else the import file's own language (its ``name`` and
        ``description`` columns are in ``settings.LANGUAGE_CODE``; the others are
        ``name_es``, ``description_es``, …). Pages mark the text with it (``lang``), so a
        screen reader reads an English name in English on a Hindi page."""
        language = translation.get_language() or ""
        entry = (self.translations or {}).get(language) or {}
        return language if entry.get(field) else settings.LANGUAGE_CODE

    @property
    def reader_name_lang(self) -> str:
        return self._language_in_reader_language("name")

    @property
    def reader_description_lang(self) -> str:
        return self._language_in_reader_language("description")

    @property
    def reader_name(self) -> str:
        """The name in the reader's language where the source gives one, else as imported."""
        return self._in_reader_language("name")

    @property
    def reader_description(self) -> str:
        """The description in the reader's language where the source gives one."""
        return self._in_reader_language("description")

    @property
    def serves_list(self) -> list[str]:
        return split_list(self.serves)

    @property
    def serves_labels(self) -> list[str]:
        return [
            str(SERVES_LABELS.get(group, group.replace("-", " "))) for group in self.serves_list
        ]

    @property
    def needs_recheck(self) -> bool:
        return self.verified_on < recheck_cutoff()


class Jurisdiction(models.Model):
    """A country (ISO 3166-1) or a part of one, such as a US state (ISO 3166-2)."""

    code = models.CharField(_("code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ("name",)
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")

    def __str__(self) -> str:
        return self.name

    @property
    def is_country(self) -> bool:
        return "-" not in self.code

    @property
    def reader_name(self) -> str:
        """The name in the reader's language: a country's from ICU (``core.places``), a
        state's or province's from the ISO 3166-2 catalogs where they have it, else the
        imported name. A country's federal level ("United States (federal)") says so."""
        from notalone.help.place import region_name  # place reads the help selectors

        if not self.is_country:
            name = region_name(self.code)
            return self.name if name == self.code else name
        name = country_name(self.code)
        if name == self.code:
            return self.name
        if self.name.endswith("(federal)"):
            return gettext("%(country)s (federal)") % {"country": name}
        return name


class MeasureKind(models.TextChoices):
    NDA = "nda", _("Limits on non-disclosure agreements")
    C190 = "c190", _("Ratification of ILO Convention 190")


class LawStatus(models.TextChoices):
    """Whether a law still applies. Blank on laws imported before the status was recorded."""

    IN_FORCE = "in_force", _("in force")
    EXPIRED = "expired", _("expired")
    REPEALED = "repealed", _("repealed")


class Measure(models.Model):
    """A law or a treaty act, with the page it was taken from."""

    # The stable id imports match on: "c190:UY" for a ratification (a country ratifies
    # once), "nda:US-CA:<the law's title>" for a law.
    key = models.CharField(max_length=400, unique=True)
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.CASCADE, related_name="measures"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=MeasureKind.choices)
    title = models.CharField(_("law"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"))
    # Exact dates where the source has them (C190: registered and in force).
    dated_on = models.DateField(_("date"), null=True, blank=True)
    in_force_on = models.DateField(_("in force on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=LawStatus.choices, blank=True)
    # The day an expired or repealed law stopped applying, where the source gives it.
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    source_url = models.URLField(_("source"), max_length=500)
    source_kind = models.CharField(
        _("kind of source"), max_length=10, choices=SourceKind.choices, blank=True
    )
    verified_on = models.DateField(_("verified on"))

    class Meta:
        ordering = ("year", "dated_on", "jurisdiction__name")
        indexes = (models.Index(fields=("kind", "year"), name="help_measure_kind_year"),)
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return self.title

    @property
    def has_ended(self) -> bool:
        """Expired or repealed: shown as ended, never as current law."""
        return self.status in (LawStatus.EXPIRED, LawStatus.REPEALED)
