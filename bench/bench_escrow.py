"""Filing through HTTP with 2-of-3 guardians on loopback, against the callisto-core method.

    .venv/bin/python bench/bench_escrow.py                       # 10^3, 10^5, 10^6 stored entries
    .venv/bin/python bench/bench_escrow.py --sizes 1000,100000   # fewer

Everything runs on 127.0.0.1 in a temporary data directory (SQLite): three guardian processes
(`python -m notalone.escrow.guardian`), the site under gunicorn, and filing clients (the Python
client, the same flow as the browser). Stored entries are generated with bulk inserts.

Reported: filings per second and time per filing at each stored size; the callisto-core method
(per stored record an Argon2id derivation then an AEAD decryption attempt, re-implemented here
from its description) at 10^3 and 10^4 records; the counselor opening a q = 3 match; and each
guardian's resident memory after the load.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORKERS = 8  # concurrent filers: with fewer, the run measures latency, not capacity
FILINGS_PER_WORKER = 40

if TYPE_CHECKING:
    from tests.escrow.guardians import Guardians


def _env(data_dir: Path, shares: Path, token: str, counselor_public: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        NOTALONE_ENV="development",
        NOTALONE_DATA_DIR=str(data_dir),
        NOTALONE_ESCROW_GUARDIAN_TOKEN=token,
        NOTALONE_ESCROW_SHARES_DIR=str(shares),
        NOTALONE_ESCROW_QUORUM="2",
        NOTALONE_ESCROW_COUNSELOR_PUBLIC_KEY=counselor_public,
        NOTALONE_ESCROW_ENTRIES_PER_ACCOUNT="1000",
        NOTALONE_ESCROW_MIN_ACCOUNT_DAYS="0",
        NOTALONE_LOG_LEVEL="WARNING",
    )
    return env


@contextlib.contextmanager
def escrow_site(prefix: str) -> Iterator[tuple[Path, dict[str, str], Guardians]]:
    """A site set up in this process (SQLite in a new temporary directory, migrated), with
    three real guardian processes (gunicorn, 2-of-3) on 127.0.0.1: (the temporary directory,
    the site's environment, the guardians)."""
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    token = secrets.token_urlsafe(32)
    from notalone.escrow.crypto import keyfile

    _, counselor_public = keyfile.generate_keypair()
    shares = tmp / "escrow"
    env = _env(tmp / "data", shares, token, counselor_public.hex())
    os.environ.update(env)

    from tests.escrow.guardians import running_guardians

    with running_guardians(
        shares, t=2, n=3, quorum=2, per_account=10_000_000, token=token
    ) as guardians:
        env["NOTALONE_ESCROW_GUARDIANS"] = ",".join(guardians.urls)
        os.environ["NOTALONE_ESCROW_GUARDIANS"] = env["NOTALONE_ESCROW_GUARDIANS"]
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notalone.settings")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        yield tmp, env, guardians


def _file_many(args: tuple[str, str, int]) -> tuple[list[float], float]:
    """File ``count`` entries; (seconds per filing, CPU seconds this client process used)."""
    from notalone.escrow import client

    site, token, count = args
    transport = client.http_transport(site, token)
    config = client.fetch_config(transport)
    times = []
    cpu = time.process_time()
    for _ in range(count):
        who = f"bench-{secrets.token_hex(6)}@example.com"
        start = time.perf_counter()
        client.file_entry(transport, config, [who], {"what": "A fictional bench record " * 8})
        times.append(time.perf_counter() - start)
    return times, time.process_time() - cpu


_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) of ``pid`` and every living descendant (gunicorn workers),
    plus what its reaped children used, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    own = sum(int(v) for v in fields[11:15]) / _TICKS  # utime, stime, cutime, cstime
    return own + sum(_cpu_seconds(int(child)) for child in children)


def _client_crypto_ms() -> float:
    """CPU ms of one filing's client cryptography alone (1 identifier, 2-of-3), in process."""
    from notalone.escrow.client import ClientConfig, seal_filing
    from notalone.escrow.crypto import entry, keyfile, oprf, threshold

    dealing = threshold.deal(2, 3)
    shares = [threshold.load_share_file(f).share for f in dealing.share_files]
    config = ClientConfig(
        realm=dealing.realm,
        q=2,
        t=2,
        n=3,
        public_shares=dealing.public_shares,
        counselor_public_key=keyfile.generate_keypair()[1],
    )
    runs = 200
    answers = {}
    start = time.process_time()
    for _ in range(runs):
        x = entry.oprf_input("email:bench@example.com")
        blind, blinded = oprf.blind(x, mode=oprf.MODE_VOPRF)
        for i in (1, 2):
            # the guardians' part, subtracted below
            answers[i] = threshold.guardian_evaluate(shares[i - 1], [blinded])
        combined = threshold.combine_verified(
            blinded_elements=[blinded], answers=answers, public_shares=config.public_shares, t=2
        )
        y = oprf.finalize(x, blind, combined.evaluated_elements[0], mode=oprf.MODE_VOPRF)
        seal_filing(config, ["email:bench@example.com"], [y], {"what": "A fictional record " * 8})
    total = time.process_time() - start
    start = time.process_time()
    for _ in range(runs):
        for i in (1, 2):
            threshold.guardian_evaluate(shares[i - 1], [blinded])
    guardians = time.process_time() - start
    return (total - guardians) / runs * 1000


def _bulk_fill(target: int) -> None:
    """Bring the stored entries up to ``target`` with bulk inserts (random bytes)."""
    from notalone.accounts.models import User
    from notalone.escrow.models import EscrowEntry, EscrowItem

    owner, _ = User.objects.get_or_create(username="bulk", username_key="bulk")
    have = EscrowEntry.objects.count()
    batch = 20_000
    while have < target:
        n = min(batch, target - have)
        entries = EscrowEntry.objects.bulk_create(
            EscrowEntry(entry_id=os.urandom(16), record_ct=os.urandom(200), account=owner)
            for _ in range(n)
        )
        EscrowItem.objects.bulk_create(
            EscrowItem(
                entry=e, account=owner, position=0, index=os.urandom(32), sealed=os.urandom(172)
            )
            for e in entries
        )
        have += n


def _machine_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of the whole machine so far, every process included."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return sum(values) - idle, sum(values)


def _rss_mb(pid: int) -> tuple[float, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        fields[name] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def _callisto(records: int) -> float:
    """Seconds for one submission checked against ``records`` stored records, callisto-style."""
    from argon2.low_level import Type, hash_secret_raw
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    stored = [(os.urandom(16), os.urandom(12), os.urandom(64)) for _ in range(records)]
    identifier = b"https://x.com/somehandle"
    start = time.perf_counter()
    for salt, nonce, ciphertext in stored:
        key = hash_secret_raw(
            identifier, salt, time_cost=1, memory_cost=256, parallelism=1, hash_len=32, type=Type.ID
        )
        with contextlib.suppress(InvalidTag):
            ChaCha20Poly1305(key).decrypt(nonce, ciphertext, None)
    return time.perf_counter() - start


def _counselor_open_ms() -> float:
    from notalone.escrow.crypto import entry, keyfile, oprf

    private, public = keyfile.generate_keypair()
    realm = os.urandom(16)
    y = oprf.evaluate(oprf.generate_key_pair()[0], b"x:somehandle", mode=1)
    matched = []
    for n in range(3):
        sealed = entry.seal_entry(
            realm=realm,
            q=3,
            counselor_public_key=public,
            entry_id=os.urandom(16),
            record={"what": f"record {n}" * 40},
            outputs=[y],
        )
        matched.append(sealed.for_index(sealed.items[0][0]))
    runs = []
    for _ in range(50):
        start = time.perf_counter()
        entry.open_match(counselor_private_key=private, realm=realm, q=3, entries=matched)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,100000,1000000")
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--filings", type=int, default=FILINGS_PER_WORKER)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    with escrow_site("bench-escrow-") as (_, env, guardians):
        from notalone.accounts.models import User
        from notalone.accounts.services import api_token_create

        port = 18000 + secrets.randbelow(1000)
        site = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "notalone.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(site + "/health/", timeout=1)  # noqa: S310 (loopback)
                    break
                except OSError:
                    time.sleep(0.2)
            tokens = [
                api_token_create(user=User.objects.create_user(f"bencher{i}", None))
                for i in range(args.workers)
            ]
            print(
                f"Filing through HTTP: 2-of-3 guardians on loopback, gunicorn 2x4, "
                f"{args.workers} client processes x {args.filings} filings, SQLite"
            )
            servers = {
                "site (gunicorn: relay and storage)": [server.pid],
                "guardians (3, gunicorn)": [p.pid for p in guardians.processes],
            }
            with multiprocessing.Pool(args.workers) as pool:
                # Warm up: every gunicorn thread and relay connection pool in use before timing.
                pool.map(_file_many, [(site, t, 15) for t in tokens])
                for size in sizes:
                    start = time.perf_counter()
                    _bulk_fill(size)
                    fill = time.perf_counter() - start
                    before = {k: sum(_cpu_seconds(p) for p in v) for k, v in servers.items()}
                    machine = _machine_ticks()
                    start = time.perf_counter()
                    results = pool.map(_file_many, [(site, t, args.filings) for t in tokens])
                    elapsed = time.perf_counter() - start
                    after = {k: sum(_cpu_seconds(p) for p in v) for k, v in servers.items()}
                    busy, ticks = (a - b for a, b in zip(_machine_ticks(), machine, strict=True))
                    times = sorted(t for r, _ in results for t in r)
                    total = len(times)
                    print(
                        f"  stored {size:>9,}: {total / elapsed:7.1f} filings/s, per filing "
                        f"median {statistics.median(times) * 1000:6.1f} ms, "
                        f"p95 {times[int(total * 0.95)] * 1000:6.1f} ms (filled in {fill:.0f} s)"
                    )
                    server_ms = 0.0
                    for name in servers:
                        ms = (after[name] - before[name]) / total * 1000
                        server_ms += ms
                        print(f"    CPU per filing, {name}: {ms:6.2f} ms")
                    client_ms = sum(c for _, c in results) / total * 1000
                    print(
                        f"    CPU per filing, server in all: {server_ms:6.2f} ms "
                        f"(at most {1000 / server_ms:5.0f} filings/s per core); clients "
                        f"(HTTP and cryptography): {client_ms:6.2f} ms"
                    )
                    print(
                        f"    machine: {busy / ticks * os.cpu_count():.2f} of {os.cpu_count()} "
                        f"cores busy (every process, other sessions' included), load average "
                        f"{os.getloadavg()[0]:.1f}"
                    )
            for index, process in enumerate(guardians.processes, start=1):
                rss, peak = _rss_mb(process.pid)
                print(f"  guardian {index}: resident {rss:.1f} MB (peak {peak:.1f} MB)")
        finally:
            server.terminate()
            server.wait(timeout=20)

    print("callisto-core method (Argon2id t=1, 256 KiB + ChaCha20-Poly1305 per stored record):")
    for records in (1000, 10_000):
        seconds = _callisto(records)
        print(
            f"  {records:>6,} records: {seconds * 1000:9.1f} ms per submission "
            f"({seconds / records * 1000:.3f} ms per record)"
        )
    print(f"Counselor opening a q = 3 match: {_counselor_open_ms():.2f} ms (median of 50)")
    print(f"Client cryptography of one filing alone (in process): {_client_crypto_ms():.2f} ms CPU")


if __name__ == "__main__":
    main()
