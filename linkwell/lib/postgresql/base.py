"""Django's PostgreSQL backend, with a health check that needs no round trip to the server.

Django checks a kept connection before each request's first query by running `SELECT 1` (CONN_HEALTH_CHECKS).
That is one more round trip on every request: at the intake's rate, a twelfth of its statements
(docs/adr/0012-intake-round-trips.md). Between our statements the server sends nothing unasked, except to
say it is going away: a shutdown or `pg_terminate_backend` sends an error message and closes the socket, and
an idle timeout or a crash closes it. Either makes the socket readable. So a socket with nothing to read
is as usable as `SELECT 1` could show (a silently dead network would stall both alike), and a readable one
gets Django's full check.
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed:
            return False
        # poll, not select: select cannot watch a descriptor numbered above 1023.
        socket = select.poll()
        socket.register(connection.pgconn.socket, select.POLLIN)
        if not socket.poll(0):
            return True
        return bool(super().is_usable())
