"""Sign-in throttling in Redis, counted before the password is checked so that concurrent guesses cannot race.

Three counters, all in one Lua script (atomic, whichever web process runs it):
- a username from one address: MAX_FAILURES attempts per WINDOW_SECONDS, then that pair waits out the window;
- one address, whatever usernames it tries: ADDRESS_MAX_FAILURES per window, against password spraying;
- a username from anywhere: USER_MAX_FAILURES attempts lock it for USER_LOCK_SECONDS, doubling with each
  lockout within a day up to USER_LOCK_MAX_SECONDS, against guessing spread over many addresses; a browser
  that signed in as the user before (web.device_cookie) is not held back by that lock, so strangers
  cannot lock a colleague out of their own computer.

An attempt is counted as it starts; a successful sign-in forgets the username's counts. The client
address is `request.remote_addr`, which is the real client only behind TRUSTED_PROXY_COUNT proxies
(see app.py's ProxyFix); Redis being unreachable is the caller's to answer (web.signin refuses, 503).
"""

from __future__ import annotations

import hashlib

import redis

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
ADDRESS_MAX_FAILURES = 30
USER_MAX_FAILURES = 10
USER_WINDOW_SECONDS = 60 * 60
USER_LOCK_SECONDS = 60
USER_LOCK_MAX_SECONDS = 60 * 60
LEVEL_SECONDS = 24 * 60 * 60  # how long a lockout counts towards a longer next one
PREFIX = "civicline:signin"

# KEYS: pair, address, user count, user lock, user lock level. ARGV[9] is 1 for a browser that signed in as
# the user before (web.device_cookie): the username's lock does not hold it back. Returns the seconds to wait.
_ATTEMPT = """
local known = ARGV[9] == '1'
local locked = redis.call('TTL', KEYS[4])
if locked > 0 and not known then return locked end
local function count(key, window)
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('EXPIRE', key, window) end
  return n
end
if count(KEYS[1], ARGV[2]) > tonumber(ARGV[1]) then return math.max(redis.call('TTL', KEYS[1]), 1) end
if count(KEYS[2], ARGV[2]) > tonumber(ARGV[3]) then return math.max(redis.call('TTL', KEYS[2]), 1) end
if not known and count(KEYS[3], ARGV[5]) >= tonumber(ARGV[4]) then
  local level = redis.call('INCR', KEYS[5])
  redis.call('EXPIRE', KEYS[5], ARGV[8])
  local seconds = math.min(tonumber(ARGV[6]) * 2 ^ (level - 1), tonumber(ARGV[7]))
  redis.call('SET', KEYS[4], 1, 'EX', math.floor(seconds))
  redis.call('DEL', KEYS[3])
end
return 0
"""


def _digest(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def _keys(username: str, address: str) -> list[str]:
    user = username.strip().casefold()[:200]
    return [
        f"{PREFIX}-failures:{_digest(user, address)}",
        f"{PREFIX}-address:{_digest(address)}",
        f"{PREFIX}-user:{_digest(user)}",
        f"{PREFIX}-lock:{_digest(user)}",
        f"{PREFIX}-level:{_digest(user)}",
    ]


def attempt(connection: redis.Redis, username: str, address: str, known_device: bool = False) -> int:
    """Count a sign-in attempt; return how many seconds it must wait instead (0: check the password).

    `known_device`: the browser signed in as this user before, so strangers' guesses do not lock it out.
    """
    args = (MAX_FAILURES, WINDOW_SECONDS, ADDRESS_MAX_FAILURES, USER_MAX_FAILURES, USER_WINDOW_SECONDS,
            USER_LOCK_SECONDS, USER_LOCK_MAX_SECONDS, LEVEL_SECONDS, int(known_device))  # fmt: skip
    return int(connection.eval(_ATTEMPT, 5, *_keys(username, address), *args))  # type: ignore[arg-type]


def blocked_for(connection: redis.Redis, username: str, address: str) -> int:
    """Return how many seconds this username+address must wait before trying again, without counting a try."""
    pair, address_key, _count, lock, _level = _keys(username, address)
    waits = [max(int(connection.ttl(lock)), 0)]
    for key, limit in ((pair, MAX_FAILURES), (address_key, ADDRESS_MAX_FAILURES)):
        if int(connection.get(key) or 0) >= limit:
            waits.append(max(int(connection.ttl(key)), 1))
    return max(waits)


def clear(connection: redis.Redis, username: str, address: str, known_device: bool = False) -> None:
    """Forget the username's attempts after a successful sign-in; the address counts one failure fewer.

    An office signs in from one address all morning: its successful sign-ins must not add up to a block.
    A sign-in let through a lock by its device cookie leaves the lock in place for everyone else.
    """
    pair, address_key, count, lock, level = _keys(username, address)
    with connection.pipeline() as pipe:
        if known_device:
            pipe.delete(pair)
        else:
            pipe.delete(pair, count, lock, level)
        pipe.decr(address_key)
        _deleted, left = pipe.execute()
    if int(left) <= 0:
        connection.delete(address_key)
