"""A light HTTP load generator on asyncio streams: prepared request bytes, one connection per request.

gunicorn's sync workers close the connection after every response, so a new
connection per request is what any client gets; building the requests
beforehand keeps the generator's own CPU use small on a 2-core machine.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Run:
    """What one load run saw: per-request start times and latencies, and the status codes."""

    started_at: list[float] = field(default_factory=list)  # time.time() when each request was sent
    latencies: list[float] = field(default_factory=list)  # seconds, in request order
    statuses: Counter = field(default_factory=Counter)
    elapsed: float = 0.0
    cpu_per_request: float = 0.0  # filled in by the caller when it measured the server's CPU

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0


def http_request(host: str, port: int, method: str, path: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    """Return the bytes of one HTTP/1.1 request that asks the server to close the connection after answering."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def _send(host: str, port: int, request: bytes, run: Run, index: int) -> None:
    begin, wall = time.perf_counter(), time.time()
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(request)
    response = await reader.read()
    writer.close()
    run.latencies[index] = time.perf_counter() - begin
    run.started_at[index] = wall
    run.statuses[int(response[9:12] or 0)] += 1


async def _closed_loop(host: str, port: int, requests: list[bytes], concurrency: int) -> Run:
    run = Run([0.0] * len(requests), [0.0] * len(requests))
    cursor = iter(range(len(requests)))

    async def client() -> None:
        for index in cursor:
            await _send(host, port, requests[index], run, index)

    begin = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    run.elapsed = time.perf_counter() - begin
    return run


async def _open_loop(host: str, port: int, requests: list[bytes], rate: float) -> Run:
    run = Run([0.0] * len(requests), [0.0] * len(requests))
    begin = time.perf_counter()
    tasks = []
    for index, request in enumerate(requests):
        delay = begin + index / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(_send(host, port, request, run, index)))
    await asyncio.gather(*tasks)
    run.elapsed = time.perf_counter() - begin
    return run


def closed_loop(host: str, port: int, requests: list[bytes], concurrency: int) -> Run:
    """Send every request with `concurrency` clients, each sending its next request when the last is answered."""
    return asyncio.run(_closed_loop(host, port, requests, concurrency))


def open_loop(host: str, port: int, requests: list[bytes], rate: float) -> Run:
    """Offer requests at a fixed rate whatever the server's pace (latency is not hidden by waiting clients)."""
    return asyncio.run(_open_loop(host, port, requests, rate))


def percentile(values: list[float], fraction: float) -> float:
    """Return the value below which `fraction` of the values lie (nearest rank)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]
