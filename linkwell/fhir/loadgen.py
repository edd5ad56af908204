"""A small HTTP/1.1 load generator for `linkwell bench_intake`: asyncio streams and pre-built request bytes.

Each of `concurrency` clients holds one connection and sends its next request as soon as the last answer
is read. Connections are kept alive unless the server says `Connection: close` (gunicorn's sync workers
always do), when the client reconnects. Parsing reads only the status line, Content-Length and Connection,
so the generator costs a small fraction of a core per few hundred requests a second; `LoadResult.cpu_seconds`
says what it actually used.
"""

import asyncio
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

# Long enough for any queued request on a busy 2-core machine; a request slower than this is an error.
REQUEST_TIMEOUT_SECONDS = 60.0
_SAMPLE_ERRORS = 5


@dataclass
class LoadResult:
    elapsed_seconds: float
    cpu_seconds: float
    # Seconds from writing the request to reading the whole answer, for every request (errors too).
    latencies: list[float]
    statuses: Counter[str]
    # A few answers that were not the expected status, for the report.
    error_samples: list[str] = field(default_factory=list)

    @property
    def sent(self) -> int:
        return len(self.latencies)

    def errors(self, expected: int) -> int:
        return sum(count for status, count in self.statuses.items() if status != str(expected))


def post_request(*, host: str, port: int, path: str, body: bytes, headers: dict[str, str]) -> bytes:
    """The raw bytes of one HTTP/1.1 POST with a keep-alive connection."""
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: {host}:{port}",
        *(f"{name}: {value}" for name, value in headers.items()),
        f"Content-Length: {len(body)}",
        "",
        "",
    ]
    return "\r\n".join(lines).encode("latin-1") + body


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    close: bool


async def read_response(reader: asyncio.StreamReader) -> Response:
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *header_lines = head[:-4].split(b"\r\n")
    status = int(status_line.split(b" ", 2)[1])
    length: int | None = None
    close = status_line.startswith(b"HTTP/1.0")
    for line in header_lines:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"connection":
            close = value.strip().lower() == b"close"
    if length is None:
        body = await reader.read()
        close = True
    else:
        body = await reader.readexactly(length)
    return Response(status, body, close)


async def _client(
    host: str, port: int, work: Iterator[bytes], expected: int, result: LoadResult, timeout: float
) -> None:
    connection: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    try:
        for raw in work:
            started = time.perf_counter()
            try:
                # asyncio.timeout, not wait_for: on Python 3.11 wait_for makes a task for every await.
                async with asyncio.timeout(timeout):
                    if connection is None:
                        connection = await asyncio.open_connection(host, port)
                    reader, writer = connection
                    writer.write(raw)
                    response = await read_response(reader)
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ValueError) as error:
                result.latencies.append(time.perf_counter() - started)
                result.statuses[type(error).__name__] += 1
                if len(result.error_samples) < _SAMPLE_ERRORS:
                    result.error_samples.append(f"{type(error).__name__}: {error}")
                if connection is not None:
                    connection[1].close()
                connection = None
                continue
            result.latencies.append(time.perf_counter() - started)
            result.statuses[str(response.status)] += 1
            if response.status != expected and len(result.error_samples) < _SAMPLE_ERRORS:
                result.error_samples.append(f"{response.status}: {response.body[:500].decode(errors='replace')}")
            if response.close:
                writer.close()
                connection = None
    finally:
        if connection is not None:
            connection[1].close()


async def _run(
    host: str, port: int, requests: Sequence[bytes], concurrency: int, expected: int, timeout: float
) -> LoadResult:
    result = LoadResult(elapsed_seconds=0.0, cpu_seconds=0.0, latencies=[], statuses=Counter())
    # One shared iterator: the event loop runs one client at a time, so each request is taken exactly once.
    work = iter(requests)
    cpu = time.process_time()
    started = time.perf_counter()
    await asyncio.gather(
        *(_client(host, port, work, expected, result, timeout) for _ in range(min(concurrency, len(requests))))
    )
    result.elapsed_seconds = time.perf_counter() - started
    result.cpu_seconds = time.process_time() - cpu
    return result


def send(
    *,
    host: str,
    port: int,
    requests: Sequence[bytes],
    concurrency: int,
    expected: int = 201,
    timeout: float = REQUEST_TIMEOUT_SECONDS,
) -> LoadResult:
    """Send every request once, `concurrency` at a time, and time each answer."""
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    return asyncio.run(_run(host, port, requests, concurrency, expected, timeout))
