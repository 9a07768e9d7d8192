"""The stored calendar: each kind of problem's expected reports per coming month, hotline-wide or at one place."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from core.clock import utcnow

EVERYWHERE = ""  # the place of a hotline-wide row
EVERY_PROBLEM = "*"  # the problem of a row that counts every report


class SeasonForecast(SQLModel, table=True):
    """One month's forecast for one (problem, place): expected count, its interval, and the usual month."""

    __tablename__ = "season_forecast"
    __table_args__ = (UniqueConstraint("problem", "place", "month", name="uq_season_forecast_key"),)

    id: int | None = Field(default=None, primary_key=True)
    problem: str = Field(max_length=64)
    place: str = Field(default=EVERYWHERE, max_length=200)
    month: str = Field(max_length=7, index=True)  # "2027-03", a month of the hotline's calendar
    expected: float
    low: int
    high: int
    usual: float  # the series' average month over its last year: what "more than usual" is against
    history_months: int
    computed_at: datetime = Field(default_factory=utcnow)
