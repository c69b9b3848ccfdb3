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
