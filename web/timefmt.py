"""How staff pages write times: in the hotline's zone, labelled, and due times also as 'in 3 h'.

Every template writes a stored time through these filters, so no page can show
UTC by mistake: `{{ case.opened_at|when }}`, `{{ past.opened_at|day }}`,
`{{ case.resolution_due_at|due }}`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from flask import Flask, current_app
from flask_babel import gettext
from markupsafe import Markup, escape

from core import localtime
from core.clock import utcnow

# Spelled out one by one so that the translations script finds every sentence.
_UNITS: dict[tuple[bool, str], Callable[[int], str]] = {
    (False, "min"): lambda n: gettext("in %(n)d min", n=n),
    (False, "h"): lambda n: gettext("in %(n)d h", n=n),
    (False, "d"): lambda n: gettext("in %(n)d d", n=n),
    (True, "min"): lambda n: gettext("overdue %(n)d min", n=n),
    (True, "h"): lambda n: gettext("overdue %(n)d h", n=n),
    (True, "d"): lambda n: gettext("overdue %(n)d d", n=n),
}


def hotline_zone() -> tzinfo:
    """Return the zone of HOTLINE_TIMEZONE for this app."""
    return localtime.zone(current_app.extensions["civicline"].settings.hotline_timezone)


def local_text(moment: datetime | None) -> str:
    """Write a moment as '2026-12-07 07:30 CST' in the hotline's zone ('—' for none)."""
    if moment is None:
        return "—"
    there = localtime.local(moment, hotline_zone())
    return f"{there:%Y-%m-%d %H:%M} {localtime.label(there)}"


def when(moment: datetime | None) -> Markup:
    """Return a <time> element with the local, labelled time (machine-readable UTC in its datetime)."""
    if moment is None:
        return Markup("—")
    iso = localtime.local(moment, hotline_zone()).isoformat()
    return Markup(f'<time datetime="{escape(iso)}">{escape(local_text(moment))}</time>')


def day(moment: datetime | None) -> str:
    """Write the local date of a moment (a case opened at 23:30 UTC belongs to the next day in Beijing)."""
    return "—" if moment is None else localtime.local(moment, hotline_zone()).strftime("%Y-%m-%d")


def relative(moment: datetime | None, now: datetime | None = None) -> str:
    """Say how far a due time is: 'in 3 h', 'overdue 2 d'."""
    if moment is None:
        return ""
    gap = localtime.distance(moment, now or utcnow())
    return _UNITS[(gap.overdue, gap.unit)](gap.amount)


def due(moment: datetime | None) -> Markup:
    """Return a due time as its local, labelled time and how far it is, marked when already past."""
    if moment is None:
        return Markup("—")
    gap = relative(moment)
    late = localtime.distance(moment, utcnow()).overdue
    return Markup('{} <span class="due-in{}">({})</span>').format(when(moment), " late" if late else "", gap)


def init_app(app: Flask) -> None:
    """Register the time filters; templates write times only through them."""
    app.jinja_env.filters.update(when=when, day=day, due=due, relative=relative, localtext=local_text)
    # The label of the hotline's zone now ("CST"), for forms whose times are typed in local time.
    app.jinja_env.globals["hotline_zone_name"] = lambda: localtime.label(localtime.local(utcnow(), hotline_zone()))
