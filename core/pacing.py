"""Token buckets in Redis, shared by every worker: how fast a sender may go, and a pause a provider asked for.

Each bucket refills at `rate` tokens a second up to `burst`. One Lua script
checks every bucket a message needs (Telegram: the bot's and the chat's) and
takes a token from each only when all have one, so a message waiting on a busy
chat does not use up the bot's allowance. The clock is Redis's own, so workers
on several machines agree. A provider's "slow down" (HTTP 429, retry_after)
blocks a bucket for that long.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import redis

_SCRIPT = """
local now = redis.call('TIME')
local now_ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local wait = 0
local states = {}
for i, key in ipairs(KEYS) do
  local rate = tonumber(ARGV[2 * i - 1])
  local burst = tonumber(ARGV[2 * i])
  local blocked = redis.call('PTTL', key .. ':block')
  if blocked > wait then wait = blocked end
  local state = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(state[1]) or burst
  local at = tonumber(state[2]) or now_ms
  tokens = math.min(burst, tokens + (now_ms - at) * rate / 1000)
  states[i] = tokens
  if tokens < 1 then
    local need = math.ceil((1 - tokens) * 1000 / rate)
    if need > wait then wait = need end
  end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  local rate = tonumber(ARGV[2 * i - 1])
  local burst = tonumber(ARGV[2 * i])
  redis.call('HSET', key, 'tokens', states[i] - 1, 'at', now_ms)
  redis.call('PEXPIRE', key, math.ceil(burst * 1000 / rate) + 1000)
end
return 0
"""


@dataclass(frozen=True)
class Bucket:
    """A named allowance: `rate` per second, at most `burst` at once."""

    name: str
    rate: float
    burst: float = 1.0

    @property
    def key(self) -> str:
        return f"civicline:pace:{self.name}"


def try_take(connection: redis.Redis, buckets: list[Bucket]) -> float:
    """Take one token from every bucket, or none; return 0 when taken, else the seconds to wait first."""
    args: list[float] = []
    for bucket in buckets:
        args += [bucket.rate, max(bucket.burst, 1.0)]
    waited = connection.eval(_SCRIPT, len(buckets), *[b.key for b in buckets], *args)
    return int(waited) / 1000


def take(connection: redis.Redis, buckets: list[Bucket], within: float) -> bool:
    """Wait for a token from every bucket, at most `within` seconds; return whether one was taken."""
    deadline = time.monotonic() + within
    while True:
        wait = try_take(connection, buckets)
        if wait == 0:
            return True
        if time.monotonic() + wait > deadline:
            return False
        time.sleep(wait)


def block(connection: redis.Redis, bucket: Bucket, seconds: float) -> None:
    """Stop every worker taking from a bucket for a while (the provider said: retry after)."""
    connection.set(bucket.key + ":block", 1, px=max(1, int(seconds * 1000)))
