"""Server-side speed of the help directory and "Get help now" with 10,000 resources.

    .venv/bin/python bench/bench_help.py [--resources 10000] [--requests 300]

Everything happens in a temporary directory: a fresh SQLite database (WAL, as in
production), 10,000 generated resources that are clearly fictional ("Fictional line 123",
phone numbers from phonenumbers' example ranges, example.org addresses), imported through
the real all-or-nothing import. Pages are requested with Django's test client, through the
whole middleware stack and template rendering, in one process, with DEBUG off.

Target (issue 5): median under 20 ms for the directory and "Get help now".
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

COUNTRIES = (
    "US", "GB", "CA", "AU", "NZ", "IE", "FR", "DE", "ES", "IT", "PT", "NL", "BE", "CH", "AT",
    "SE", "NO", "DK", "FI", "PL", "CZ", "GR", "TR", "IN", "JP", "KR", "PH", "ID", "MY", "SG",
    "ZA", "KE", "NG", "GH", "EG", "MA", "BR", "AR", "CL", "CO", "MX", "PE", "UY", "NA", "FJ",
    "IL", "AE", "PK", "BD", "LK",
)  # fmt: skip
TOPICS = ("sexual-assault", "sexual-harassment", "domestic-violence", "legal", "workplace")
LANGUAGES = ("en", "es", "fr", "de", "pt", "ar", "hi", "ja")
KINDS = ("hotline", "hotline", "text", "chat", "legal", "reporting")


def _example_phone(country: str) -> str:
    import phonenumbers

    for kind in (phonenumbers.PhoneNumberType.TOLL_FREE, phonenumbers.PhoneNumberType.FIXED_LINE):
        number = phonenumbers.example_number_for_type(country, kind)
        if number is not None:
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    raise SystemExit(f"phonenumbers has no example number for {country}")


def write_fictional_resources(path: Path, count: int) -> None:
    from notalone.core.csvcells import write_csv
    from notalone.help.validation import RESOURCE_COLUMNS  # after django.setup()

    phones = {country: _example_phone(country) for country in COUNTRIES}
    rows = (
        dict(
            zip(
                RESOURCE_COLUMNS,
                [
                    f"bench-{n:05d}",
                    f"Fictional line {n}",
                    KINDS[n % len(KINDS)],
                    COUNTRIES[n % len(COUNTRIES)],
                    "",
                    phones[COUNTRIES[n % len(COUNTRIES)]],
                    "",
                    f"https://example.org/line/{n}",
                    "",
                    "24/7" if n % 3 else "Weekdays 9:00-17:00",
                    ";".join(LANGUAGES[(n + i) % len(LANGUAGES)] for i in range(n % 3 + 1)),
                    ";".join(TOPICS[(n + i) % len(TOPICS)] for i in range(n % 2 + 1)),
                    "A fictional resource generated for the benchmark; it does not exist.",
                    f"https://example.org/source/{n}",
                    f"20{20 + n % 6}-0{1 + n % 9}-1{n % 10}",
                ],
                strict=True,
            )
        )
        for n in range(count)
    )
    with path.open("w", newline="", encoding="utf-8") as handle:
        write_csv(handle, RESOURCE_COLUMNS, rows)


def measure(call: Callable[[], object], requests: int) -> tuple[float, float]:
    for _ in range(20):
        call()
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[min(len(timings) - 1, int(len(timings) * 0.99))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="notalone-bench-help-"))
    os.environ.update(
        NOTALONE_ENV="development",
        NOTALONE_DATA_DIR=str(workdir),
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
        NOTALONE_ALLOWED_HOSTS="testserver",
        NOTALONE_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="notalone.settings",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from notalone.help.exchange import import_file
    from notalone.help.models import Resource

    call_command("migrate", verbosity=0)
    data = workdir / "resources.csv"
    write_fictional_resources(data, args.resources)
    start = time.perf_counter()
    result = import_file("resources", data, verified_on=None)
    imported_in = time.perf_counter() - start
    assert Resource.objects.count() == result.created == args.resources

    anonymous = Client()
    chosen = Client()
    assert chosen.post("/help/where/", {"country": "GB"}).status_code == 302
    pages: list[tuple[str, Client, str]] = [
        ("directory, no country chosen", anonymous, "/help/"),
        ("directory, country chosen", chosen, "/help/"),
        ("directory, country + language + 24/7", chosen, "/help/?language=es&open=on"),
        ("directory, free text, page 40", anonymous, "/help/?q=fictional&page=40"),
        ("get help now, no country chosen", anonymous, "/help/now/"),
        ("get help now, country chosen", chosen, "/help/now/"),
        ("health (baseline)", anonymous, "/health/"),
    ]
    print(f"python bench/bench_help.py --resources {args.resources} --requests {args.requests}")
    print(f"{args.resources} fictional resources imported in {imported_in:.1f} s (SQLite, WAL)")
    print(f"{'page':42} {'median ms':>10} {'p99 ms':>8}")
    for label, client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

        def fetch(client: Client = client, url: str = url) -> object:
            return client.get(url)

        median, p99 = measure(fetch, args.requests)
        print(f"{label:42} {median:10.2f} {p99:8.2f}")


if __name__ == "__main__":
    main()
