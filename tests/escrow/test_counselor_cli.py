"""`notalone counselor keygen` and `notalone counselor open`, against a live site."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from notalone.accounts.models import User
from notalone.accounts.services import api_token_create
from notalone.escrow import client as escrow_client
from notalone.escrow.crypto import keyfile
from tests.escrow.demo import counselor_open, keygen, token_file

PASSPHRASE = "a long counselor passphrase"


@pytest.fixture
def key_file(tmp_path: Path, settings: Any) -> Path:
    (tmp_path / "pass").write_text(PASSPHRASE + "\n")
    out = tmp_path / "counselor.key"
    keygen(out, tmp_path / "pass")
    return out


def test_keygen_writes_a_locked_key_file_only_the_owner_reads(key_file: Path) -> None:
    assert key_file.stat().st_mode & 0o777 == 0o600
    private = keyfile.unlock_private_key(key_file.read_bytes(), PASSPHRASE)
    assert len(private) == 32
    assert private.hex() not in key_file.read_text()


def test_keygen_never_overwrites(key_file: Path, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="never overwritten"):
        keygen(key_file, tmp_path / "pass")


def _public_key(key_file: Path) -> str:
    import json

    return str(json.loads(key_file.read_text())["public_key"])


def _escrow_init(out: Path, *, quorum: int) -> None:
    call_command(
        "escrow",
        "init",
        "--guardians",
        "3",
        "--threshold",
        "2",
        "--quorum",
        str(quorum),
        "--out",
        str(out),
    )


@pytest.mark.django_db(transaction=True)
def test_open_writes_a_report_of_both_matched_entries_and_not_the_sealed_one(
    key_file: Path,
    tmp_path: Path,
    settings: Any,
    escrow_demo: Path,
    live_server: Any,
    alice: User,
    bob: User,
    charlie: User,
    counselor: User,
) -> None:
    settings.ESCROW_COUNSELOR_PUBLIC_KEY = _public_key(key_file)
    site = live_server.url
    for user, raw, text in (
        (alice, "https://x.com/SomeHandle/", "First fictional account."),
        (bob, ("@somehandle", "twitter"), "Second fictional account."),
        (charlie, "other.person@example.com", "Third fictional account."),
    ):
        transport = escrow_client.http_transport(site, api_token_create(user=user))
        config = escrow_client.fetch_config(transport)
        escrow_client.file_entry(transport, config, [raw], {"what": text, "contact": "by the site"})
    report = tmp_path / "report.md"
    counselor_open(
        site,
        token=token_file(tmp_path, api_token_create(user=counselor)),
        key=key_file,
        passphrase_file=tmp_path / "pass",
        out=report,
    )
    text = report.read_text()
    assert "First fictional account." in text
    assert "Second fictional account." in text
    assert "Third fictional account." not in text
    assert report.stat().st_mode & 0o777 == 0o600


@pytest.mark.django_db
def test_a_wrong_passphrase_is_a_clear_message(key_file: Path, tmp_path: Path) -> None:
    (tmp_path / "wrong").write_text("not the passphrase")
    with pytest.raises(CommandError, match="does not unlock this key file"):
        counselor_open(
            "http://127.0.0.1:9/",
            token=token_file(tmp_path, "na_x"),
            key=key_file,
            passphrase_file=tmp_path / "wrong",
            out=tmp_path / "report.md",
        )
    assert not (tmp_path / "report.md").exists()


def test_escrow_init_writes_share_files_and_the_public_part(tmp_path: Path) -> None:
    out = tmp_path / "setup"
    _escrow_init(out, quorum=3)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["escrow.json", "guardian-1.json", "guardian-2.json", "guardian-3.json"]
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in out.iterdir())
    with pytest.raises(CommandError, match="already holds an escrow"):
        _escrow_init(out, quorum=3)


def test_escrow_init_refuses_a_quorum_of_one(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="at least 2"):
        _escrow_init(tmp_path / "x", quorum=1)


def test_the_token_is_never_taken_on_the_command_line(key_file: Path, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="unrecognized arguments"):
        counselor_open(
            "http://127.0.0.1:9/",
            token=("--token", "na_x"),
            key=key_file,
            passphrase_file=tmp_path / "pass",
            out=tmp_path / "report.md",
        )


@pytest.mark.django_db
def test_without_a_token_file_or_variable_it_says_where_to_put_it(
    key_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NOTALONE_COUNSELOR_TOKEN", raising=False)
    with pytest.raises(CommandError, match=r"--token-file PATH\) or in \$NOTALONE_COUNSELOR_TOKEN"):
        counselor_open(
            "http://127.0.0.1:9/",
            key=key_file,
            passphrase_file=tmp_path / "pass",
            out=tmp_path / "report.md",
        )


@pytest.mark.django_db(transaction=True)
def test_the_token_can_come_from_the_environment(
    key_file: Path,
    tmp_path: Path,
    settings: Any,
    live_server: Any,
    counselor: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.ESCROW_COUNSELOR_PUBLIC_KEY = _public_key(key_file)
    monkeypatch.setenv("NOTALONE_COUNSELOR_TOKEN", api_token_create(user=counselor))
    report = tmp_path / "report.md"
    counselor_open(live_server.url, key=key_file, passphrase_file=tmp_path / "pass", out=report)
    assert "0 matches." in report.read_text()


@pytest.mark.parametrize(
    "url",
    ["http://example.org/", "http://10.0.0.5:8000/", "http://[2001:db8::1]/", "ftp://example.org/"],
)
def test_the_token_never_goes_over_plain_http_to_another_host(tmp_path: Path, url: str) -> None:
    # Refused before the key file is read or a passphrase asked for: nothing is sent.
    with pytest.raises(CommandError, match=r"plain http|not a site address"):
        counselor_open(
            url,
            token=token_file(tmp_path, "na_x"),
            key=tmp_path / "no-such-key",
            out=tmp_path / "report.md",
        )


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/",
        "http://127.0.0.1:8000/",
        "http://127.1.2.3/",
        "http://[::1]:8000/",
        "http://localhost:8000/",
    ],
)
def test_https_anywhere_and_plain_http_to_this_machine_are_allowed(url: str) -> None:
    escrow_client.check_site_url(url)
    with pytest.raises(escrow_client.EscrowClientError):
        escrow_client.http_transport("http://example.org/", "na_x")
