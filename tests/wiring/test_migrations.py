"""The schema an upgrade builds is the schema the code expects, and the newest step can be rolled back."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import wiring.schema  # noqa: F401  (every table registers itself on SQLModel.metadata)
from wiring import migrate
from wiring.schema import include_name

OPTS = {"include_name": include_name}  # the search index is made by hand (feedback.cases.search_index)


def test_the_migrations_build_exactly_the_tables_the_models_describe(database_url):
    # A model change without its migration would pass every other test (they run on migrated
    # databases) and then fail on an installed site at the first query touching it.
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection, opts=OPTS), SQLModel.metadata)
    finally:
        engine.dispose()
    assert differences == []


def test_the_newest_migration_rolls_back_and_forward_again(tmp_path):
    url = f"sqlite:///{tmp_path / 'rollback.sqlite3'}"
    migrate.upgrade(url, tmp_path)
    config = migrate.alembic_config(url)
    head = ScriptDirectory.from_config(config).get_current_head()
    command.downgrade(config, "-1")
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            assert MigrationContext.configure(connection, opts=OPTS).get_current_revision() != head
        migrate.upgrade(url, tmp_path)
        with engine.connect() as connection:
            assert MigrationContext.configure(connection, opts=OPTS).get_current_revision() == head
            assert compare_metadata(MigrationContext.configure(connection, opts=OPTS), SQLModel.metadata) == []
    finally:
        engine.dispose()


def test_the_newest_steps_roll_back_and_forward_on_an_install_with_staff_and_cases(runtime, tmp_path):
    # SQLite rebuilds a table to drop a column; with foreign keys enforced, a department its staff and cases
    # point at could not be rebuilt, and an operator could not roll back a release.
    from tests.helpers.cases import quick_case
    from tests.helpers.staff import make_user

    make_user(runtime, "li.agent", departments=("transport",))
    quick_case(runtime)
    url = runtime.settings.database_url
    runtime.engine.dispose()
    command.downgrade(migrate.alembic_config(url), "0256")
    migrate.upgrade(url, tmp_path)
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection, opts=OPTS), SQLModel.metadata) == []
            assert connection.exec_driver_sql("SELECT count(*) FROM department").scalar() > 0
    finally:
        engine.dispose()
