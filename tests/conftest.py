"""Shared fixtures: a database per backend (SQLite always, PostgreSQL when TEST_POSTGRES_URL is set),
a real Redis (TEST_REDIS_URL, or an embedded redis-server), the app, and a local Twilio API."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest
import redis
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

import wiring.schema  # noqa: F401  (all tables)
from channels import journal
from core import db
from core.config import Settings
from core.redis_server import ensure_embedded, stop_embedded
from core.runtime import Runtime, install
from tests.helpers.fakes import twilio_api
from tests.helpers.twilio import HOTLINE_NUMBER, TWILIO_SID, TWILIO_TOKEN
from wiring import bootstrap, migrate

PUBLIC_URL = "https://hotline.example.gov.cn"
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "")


def pytest_report_header(config) -> list[str]:
    lines = [f"PostgreSQL: {POSTGRES_URL or 'not configured (TEST_POSTGRES_URL unset): PostgreSQL tests skipped'}"]
    lines.append(f"Redis: {os.environ.get('TEST_REDIS_URL') or 'embedded redis-server (TEST_REDIS_URL unset)'}")
    return lines


@pytest.fixture(autouse=True)
def _drains_do_not_linger(monkeypatch):
    """In-process drains end as soon as they run dry (workers started as processes still linger, as deployed)."""
    from core import signals

    monkeypatch.setattr(signals, "LINGER_SECONDS", 0.0)


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("sqlite") / "civicline.sqlite3"
    url = f"sqlite:///{path}"
    migrate.upgrade(url, path.parent)
    return url


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory) -> str:
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL not configured: set TEST_POSTGRES_URL to run the core suite on it too")
    name = f"civicline_test_{secrets.token_hex(4)}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL at {POSTGRES_URL} is not reachable: {exc}")
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    migrate.upgrade(url, tmp_path_factory.mktemp("pglock"))
    yield url
    db.dispose_all()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request) -> str:
    """The core suite runs once per database backend."""
    url = request.getfixturevalue(f"{request.param}_url")
    yield url
    _empty_tables(url)


def _empty_tables(url: str) -> None:
    engine = db.get_engine(url)
    tables = [t.name for t in reversed(SQLModel.metadata.sorted_tables)]
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(text(f'DELETE FROM "{table}"'))
            connection.execute(text("DELETE FROM case_search"))  # the search index no model describes
    journal_engine = journal.engine_for(engine)
    if journal_engine is not None:  # what webhooks stored on SQLite and no worker moved in
        with journal_engine.begin() as connection:
            connection.execute(journal.entries.delete())


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory) -> str:
    """A real Redis: the CI server's database 13 (flushed only by us), or an embedded redis-server."""
    url = os.environ.get("TEST_REDIS_URL")
    if url and os.environ.get("PYTEST_XDIST_WORKER", "gw0") == "gw0":
        yield url
        redis.Redis.from_url(url).flushdb()
        return
    # The other workers of a parallel run (pytest -n) each get their own embedded redis-server: they must not
    # flush each other's queues, and no database of the shared server is touched beyond the one named.
    data_dir = tmp_path_factory.mktemp("redis")
    yield ensure_embedded(data_dir)
    stop_embedded(data_dir)


@pytest.fixture
def twilio():
    """A local Twilio Messages API; yields its recorded state."""
    server, state = twilio_api.serve(TWILIO_SID, TWILIO_TOKEN)
    with server:
        state.url = server.url
        yield state


@pytest.fixture
def settings(tmp_path: Path, database_url: str, redis_url: str, twilio) -> Settings:
    redis.Redis.from_url(redis_url).flushdb()
    return Settings(
        data_dir=tmp_path / "instance",
        database_url=database_url,
        redis_url=redis_url,
        public_url=PUBLIC_URL,
        secret_key="test-secret",
        api_token="test-api-token",
        default_region="CN",
        default_language="zh",
        twilio_account_sid=TWILIO_SID,
        twilio_auth_token=TWILIO_TOKEN,
        twilio_from_number=HOTLINE_NUMBER,
        twilio_api_base_url=twilio.url,
    )


@pytest.fixture
def runtime(settings: Settings) -> Runtime:
    from router.model import published

    runtime = bootstrap.build_runtime(settings)
    published.forget(runtime)  # the test database is reused: no model seen by an earlier test stays in hand
    return install(runtime)


@pytest.fixture
def app(runtime: Runtime):
    from app import create_app

    flask_app = create_app(runtime=runtime)
    flask_app.config.update(TESTING=True)
    return flask_app


@pytest.fixture
def client(app):
    return app.test_client()
