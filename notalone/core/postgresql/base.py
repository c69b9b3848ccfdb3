"""Django's PostgreSQL backend, with a health check that costs no round trip.

With ``CONN_HEALTH_CHECKS`` (connections kept open across requests), Django checks the
connection before each request's first query by sending ``SELECT 1``: on a signed-in member's
page a round trip to PostgreSQL of its own, every request, a tenth of the page's CPU. A
connection that PostgreSQL has closed (a restart, ``pg_terminate_backend``, an idle timeout)
has something waiting in its socket: the server's last message, then the end of the stream.
An idle healthy one has nothing to say. So the check first looks at the socket without
waiting, and sends ``SELECT 1`` only when something is there or a transaction is open: a
closed connection is found as before, and then closed and opened again (never a 503 for a
connection that died while idle).
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed:
            return False
        if connection.info.transaction_status != TransactionStatus.IDLE:
            return bool(super().is_usable())
        try:
            waiting, _, _ = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        return not waiting or bool(super().is_usable())
