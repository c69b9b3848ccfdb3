from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from notalone.core.env import SettingError, envbool, envint, envlist, envstr, envurl


def test_envbool_accepts_the_usual_spellings() -> None:
    assert envbool("X", False, environ={"X": "Yes"}) is True
    assert envbool("X", True, environ={"X": "0"}) is False
    assert envbool("X", True, environ={}) is True


def test_envbool_names_the_variable_on_a_bad_value() -> None:
    with pytest.raises(SettingError, match=r"X='ture' is not a yes/no value"):
        envbool("X", False, environ={"X": "ture"})


def test_envint_checks_range() -> None:
    assert envint("N", 3, environ={"N": "7"}) == 7
    with pytest.raises(SettingError, match="N='seven' is not a whole number"):
        envint("N", 3, environ={"N": "seven"})
    with pytest.raises(SettingError, match="at least 1"):
        envint("N", 3, minimum=1, environ={"N": "0"})


def test_file_variant_reads_a_secret_from_a_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    assert envstr("S", environ={"S_FILE": str(secret)}) == "s3cret"
    with pytest.raises(SettingError, match="cannot be read"):
        envstr("S", environ={"S_FILE": str(tmp_path / "missing")})
    with pytest.raises(SettingError, match="both set"):
        envstr("S", environ={"S": "a", "S_FILE": str(secret)})


def test_envlist_and_envurl() -> None:
    assert envlist("L", [], environ={"L": "a, b"}) == ["a", "b"]
    with pytest.raises(SettingError, match="empty item"):
        envlist("L", [], environ={"L": "a,,b"})
    with pytest.raises(SettingError, match="DATABASE_URL is not a valid URL"):
        envurl("DATABASE_URL", None, schemes=("postgres",), environ={"DATABASE_URL": "mysql://x"})


def _run_check(tmp_path: Path, **overrides: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("NOTALONE_") and key != "DATABASE_URL"
    }
    env.update({"NOTALONE_DATA_DIR": str(tmp_path), "NOTALONE_ENV": "development"})
    env.update(overrides)
    notalone = Path(sys.executable).with_name("notalone")
    return subprocess.run(
        [str(notalone), "check"], env=env, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"NOTALONE_DEBUG": "maybe"}, "NOTALONE_DEBUG='maybe' is not a yes/no value"),
        (
            {"NOTALONE_ENV": "staging"},
            "NOTALONE_ENV='staging' is not one of: development, production",
        ),
        ({"NOTALONE_ENV": "production"}, "NOTALONE_SECRET_KEY is required"),
        ({"NOTALONE_SESSION_HOURS": "-1"}, "NOTALONE_SESSION_HOURS=-1 is too small"),
        ({"DATABASE_URL": "oracle://db"}, "DATABASE_URL is not a valid URL"),
        ({"REDIS_URL": "localhost:6379"}, "REDIS_URL is not a valid URL"),
        # Behind a proxy without the address header, every reader would share one limit.
        ({"NOTALONE_BEHIND_PROXY": "true"}, "needs NOTALONE_CLIENT_ADDRESS_HEADER"),
        (
            {
                "DATABASE_URL": "postgres://db1/na",
                "DATABASE_REPLICA_URLS": "postgres://db2/na, mysql://db3/na",
            },
            "DATABASE_REPLICA_URLS entry 2 is not a valid URL",
        ),
        (
            {"NOTALONE_ESCROW_GUARDIANS": "https://g1.example, g2.example"},
            "NOTALONE_ESCROW_GUARDIANS entry 2 is not a valid URL: it must start with one of "
            "http://, https://, or be just demo.",
        ),
        (
            {"NOTALONE_TRUSTED_PROXIES": "127.0.0.1, proxy.internal"},
            "NOTALONE_TRUSTED_PROXIES has 'proxy.internal', which is not an IP address",
        ),
        (
            {"NOTALONE_CRISIS_LINE_NAME": "A line"},
            "Set both NOTALONE_CRISIS_LINE_NAME and NOTALONE_CRISIS_LINE_PHONE, or neither.",
        ),
    ],
)
def test_a_malformed_setting_stops_start_up_with_a_clear_message(
    tmp_path: Path, overrides: dict[str, str], message: str
) -> None:
    result = _run_check(tmp_path, **overrides)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_development_makes_a_secret_key_once_outside_the_repository(tmp_path: Path) -> None:
    assert _run_check(tmp_path).returncode == 0
    key_file = tmp_path / "secret_key"
    first = key_file.read_text()
    assert len(first) >= 50
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert _run_check(tmp_path).returncode == 0
    assert key_file.read_text() == first


def test_production_starts_with_a_secret_key_and_hosts(tmp_path: Path) -> None:
    result = _run_check(
        tmp_path,
        NOTALONE_ENV="production",
        NOTALONE_SECRET_KEY="k" * 60,
        NOTALONE_ALLOWED_HOSTS="notalone.example",
    )
    assert result.returncode == 0, result.stderr


def test_envphone_gives_the_shown_and_dialled_international_forms() -> None:
    from notalone.core.env import envphone

    assert envphone("P", environ={"P": "+1 800 656 4673"}) == ("+1 800-656-4673", "+18006564673")
    assert envphone("P", environ={}) is None


@pytest.mark.parametrize("value", ["800-656-4673", "+1 12", "call us"])
def test_envphone_refuses_a_number_without_its_country_or_not_a_number(value: str) -> None:
    from notalone.core.env import envphone

    with pytest.raises(SettingError, match="P="):
        envphone("P", environ={"P": value})


def test_envurls_reads_each_url_and_counts_the_bad_one_without_quoting_it() -> None:
    from notalone.core.env import envurls

    urls = "postgres://u:p@a/db, postgresql://b/db"
    assert envurls("R", schemes=("postgres", "postgresql"), environ={"R": urls}) == [
        "postgres://u:p@a/db",
        "postgresql://b/db",
    ]
    assert envurls("R", schemes=("https",), environ={}) == []
    with pytest.raises(SettingError, match="R entry 2 is not a valid URL") as raised:
        envurls("R", schemes=("https",), environ={"R": "https://a, http://secret@b"})
    assert "secret" not in str(raised.value)


def test_the_settings_package_keeps_every_module_under_400_lines() -> None:
    package = Path(__file__).resolve().parents[2] / "notalone" / "settings"
    for module in package.glob("*.py"):
        assert len(module.read_text().splitlines()) < 400, module.name


def test_envnetworks_reads_addresses_and_networks() -> None:
    from notalone.core.env import envnetworks

    networks = envnetworks("T", [], environ={"T": "127.0.0.1, 10.0.0.0/8, ::1"})
    assert [str(n) for n in networks] == ["127.0.0.1/32", "10.0.0.0/8", "::1/128"]
    with pytest.raises(SettingError, match=r"'10\.0\.0\.1/8', which is not an IP address"):
        envnetworks("T", [], environ={"T": "10.0.0.1/8"})


@pytest.mark.parametrize("value", ["8_000", "+5", "\u0665", "\uff15", " 5 x", "5.0"])
def test_envint_takes_ascii_digits_only(value: str) -> None:
    with pytest.raises(SettingError, match="is not a whole number"):
        envint("N", 3, environ={"N": value})


@pytest.mark.parametrize("value", ["1_0.5", "\uff10.5", "nan", "inf", ".5", "1e-1"])
def test_envfloat_takes_a_plain_decimal_only(value: str) -> None:
    from notalone.core.env import envfloat

    with pytest.raises(SettingError, match="is not a number"):
        envfloat("F", 1.0, minimum=0.0, maximum=10.0, environ={"F": value})
    assert envfloat("F", 1.0, minimum=0.0, maximum=10.0, environ={"F": "0.5"}) == 0.5
