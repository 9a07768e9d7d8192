"""Live calls under load: 200 calls arriving over 10 minutes, 5 agents, on a simulated clock.

Usage: python bench/calls.py [calls] [agents] [minutes] [mean talk s] [mean patience s] [seed]
(defaults 200 5 10 9 90 1; a scratch SQLite in a temp dir, an embedded Redis, the local Twilio stand-in;
nothing leaves the machine; runs in well under a minute).

Every call goes through the product as Twilio would drive it: the signed voice webhooks (key 0, the waitUrl,
the Enqueue action on a hang-up, the agent leg's status callbacks and the Dial action), the dispatcher
redirecting callers through the official Twilio client to the stand-in's Calls API, and the figures read
back by `feedback.metrics.calls` from the database. Only time is simulated: calls arrive as a Poisson
process, talk times are exponential, each agent's phone rings 3 s before they answer, and a caller hangs up
after an exponential patience if nobody has answered by then. The Erlang-C line is the textbook expectation
for the same offered load with no abandonment (so it is pessimistic when callers do abandon).
"""

from __future__ import annotations

import heapq
import itertools
import math
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.clock import utcnow
from core.config import Settings
from core.redis_server import ensure_embedded, stop_embedded
from core.runtime import install
from feedback.calls import desk, dispatch, states, wrapup
from feedback.metrics import calls as call_figures
from tests.helpers.calls import AgentPhone, Caller, give_line
from tests.helpers.fakes import twilio_api
from tests.helpers.staff import make_user
from tests.helpers.twilio import HOTLINE_NUMBER, TWILIO_SID, TWILIO_TOKEN
from wiring import bootstrap

RING_SECONDS = 3
TARGET_SECONDS = 20


class Clock:
    """Simulated time: seconds since the start, and the matching UTC instant for the product's code."""

    def __init__(self) -> None:
        self.start, self.t = utcnow(), 0.0

    def now(self):
        return self.start + timedelta(seconds=self.t)


def erlang_c(agents: int, load: float) -> float:
    """Return the probability that a caller waits (Erlang C) for `load` Erlangs on `agents` agents."""
    if load >= agents:
        return 1.0
    top = load**agents / math.factorial(agents) * agents / (agents - load)
    return top / (sum(load**k / math.factorial(k) for k in range(agents)) + top)


def expectation(calls: int, agents: int, seconds: float, talk: float) -> dict:
    rate = calls / seconds
    load = rate * (talk + RING_SECONDS)  # the ring is part of what keeps an agent from the next caller
    waits = erlang_c(agents, load)
    spare = agents / (talk + RING_SECONDS) - rate
    return {
        "load": load,
        # The measured wait runs until the agent answers, so it includes the ring.
        "service_level": 1 - waits * math.exp(-spare * (TARGET_SECONDS - RING_SECONDS)) if spare > 0 else 0.0,
        "average_answer_wait": waits / spare + RING_SECONDS if spare > 0 else math.inf,
        "waits": waits,
    }


def simulate(calls: int, agents: int, minutes: float, talk: float, patience: float, seed: int) -> None:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        server, twilio = twilio_api.serve(TWILIO_SID, TWILIO_TOKEN)
        try:
            with server:
                runtime, clock = _hotline(data_dir, server.url), Clock()
                twilio.calls.clock = lambda: clock.t
                for module in (desk, states, dispatch, wrapup):
                    module.utcnow = clock.now  # type: ignore[attr-defined]
                states.request_dispatch = lambda: None  # the simulation dispatches after every event, inline
                from app import create_app

                client = create_app(runtime=runtime).test_client()
                for number in range(agents):
                    give_line(runtime, make_user(runtime, f"agent{number}"), f"+86139111100{number:02d}")
                started = time.perf_counter()
                _run(runtime, client, twilio, clock, rng, calls, minutes * 60, talk, patience)
                took = time.perf_counter() - started
                with runtime.read_session() as session:
                    figures = call_figures.for_period(
                        session, clock.start - timedelta(seconds=1), clock.now() + timedelta(hours=1),
                        TARGET_SECONDS, ZoneInfo("Asia/Shanghai"),
                    )  # fmt: skip
        finally:
            stop_embedded(data_dir / "redis")
    _report(figures, expectation(calls, agents, minutes * 60, talk), calls, agents, minutes, talk, patience, took)


def _hotline(data_dir: Path, twilio_url: str):
    settings = Settings(
        data_dir=data_dir / "instance", redis_url=ensure_embedded(data_dir / "redis"), secret_key="bench",
        public_url="https://hotline.example.gov.cn", twilio_account_sid=TWILIO_SID, twilio_auth_token=TWILIO_TOKEN,
        twilio_from_number=HOTLINE_NUMBER, twilio_api_base_url=twilio_url, live_calls=True,
        call_service_level_seconds=TARGET_SECONDS, call_max_wait_seconds=3600,
    )  # fmt: skip
    return install(bootstrap.build_runtime(settings))


def _run(runtime, client, twilio, clock, rng, calls, seconds, talk, patience) -> None:
    events: list = []
    order = itertools.count()
    t = 0.0
    for number in range(calls):
        t += rng.expovariate(calls / seconds)
        heapq.heappush(events, (t, next(order), "arrive", f"+86138{number:08d}"))
    callers: dict[str, Caller] = {}
    seen_updates = 0
    while events:
        clock.t, _, kind, subject = heapq.heappop(events)
        if kind == "arrive":
            caller = Caller(client, runtime, twilio, number=subject)
            callers[caller.sid] = caller
            caller.press("0")
            caller.wait()
            heapq.heappush(events, (clock.t + rng.expovariate(1 / patience), next(order), "give_up", caller.sid))
        elif kind == "give_up":
            caller = callers[subject]
            if twilio.calls.queue_of(caller.sid) is not None:
                caller.queue_ends("hangup")
                caller.hang_up()
        elif kind == "answer":
            subject.status("in-progress")
            seconds = max(1, round(rng.expovariate(1 / talk)))
            heapq.heappush(events, (clock.t + seconds, next(order), "hang_up", (subject, seconds)))
        elif kind == "hang_up":
            phone, seconds = subject
            phone.status("completed", seconds)
            phone.dial_ends("completed", seconds)
            phone.caller.hang_up(seconds)
        dispatch.dispatch(runtime)
        for sid, _form in twilio.calls.updates[seen_updates:]:
            phone = AgentPhone(callers[sid])
            phone.status("ringing")
            heapq.heappush(events, (clock.t + RING_SECONDS, next(order), "answer", phone))
        seen_updates = len(twilio.calls.updates)


def _report(figures, expected, calls, agents, minutes, talk, patience, took) -> None:
    def pct(value) -> str:
        return f"{value * 100:5.1f} %" if value is not None else "    —"

    def secs(value) -> str:
        return f"{value:6.1f} s" if value is not None else "     —"

    print(f"{calls} calls over {minutes:g} min, {agents} agents, mean talk {talk:g} s (+{RING_SECONDS} s ring), "
          f"mean patience {patience:g} s; offered load {expected['load']:.2f} Erlangs")  # fmt: skip
    print(f"simulated through the webhooks and the Calls API in {took:.1f} s of real time\n")
    print(f"{'':28}{'simulated':>12}{'Erlang C':>12}")
    print(f"{'service level (<= 20 s)':28}{pct(figures['service_level']):>12}{pct(expected['service_level']):>12}")
    print(f"{'abandon rate':28}{pct(figures['abandon_rate']):>12}{'0.0 %':>12}")
    print(f"{'average wait, answered':28}{secs(figures['average_answer_wait']):>12}"
          f"{secs(expected['average_answer_wait']):>12}")  # fmt: skip
    print(f"{'average wait, all callers':28}{secs(figures['average_wait']):>12}")
    print(f"{'average handle time':28}{secs(figures['average_handle']):>12}")
    print(f"{'answered / abandoned':28}{figures['answered']:>6} / {figures['abandoned']}")
    print(f"{'calls per agent':28}{', '.join(f'{n} {c}' for n, c in figures['per_agent'].items())}")


if __name__ == "__main__":
    args = [float(a) for a in sys.argv[1:]]
    defaults = [200, 5, 10, 9, 90, 1]
    values = args + defaults[len(args) :]
    simulate(int(values[0]), int(values[1]), values[2], values[3], values[4], int(values[5]))
