"""The department catalogue: the database is its record; TOML files are imported and exported explicitly.

On first install the catalogue is seeded from the data directory's
departments.toml (or the shipped default). After that nothing re-reads a file
at start: an admin's edits on any host stay, whatever an old file on another
host says. `flask departments import` and the admin page's import replace it
on purpose; `flask departments export` and the admin page's export write it out.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, func, select

from core import urns
from staff.models import Department

DEFAULT_CATALOGUE = Path(__file__).with_name("departments.default.toml")


class CatalogueError(ValueError):
    """The catalogue file cannot be used; the message says where and why."""


@dataclass(frozen=True)
class DepartmentSpec:
    """One department as written in the catalogue file."""

    code: str
    name_zh: str
    name_en: str
    keywords: tuple[str, ...]
    triage: bool
    rules: tuple[str, ...] = ()  # the admin's explicit rules: they win even over a trained model
    duty_phone: str | None = None  # E.164 ("" clears it); None: the file says nothing, the database's stands


def first_install_path(data_dir: Path) -> Path:
    """Return the catalogue a new install starts from: the data directory's departments.toml, else the default."""
    path = data_dir / "departments.toml"
    return path if path.exists() else DEFAULT_CATALOGUE


def seed(session: Session, specs: list[DepartmentSpec]) -> bool:
    """Load the catalogue only into a database that has no departments yet; return whether it did."""
    if session.exec(select(func.count()).select_from(Department)).one():
        return False
    sync(session, specs)
    return True


def dump(session: Session) -> str:
    """Return the active departments as a catalogue file (what `load` reads back)."""
    departments = session.exec(select(Department).where(Department.active).order_by(col(Department.id)))
    blocks = ["# CivicLine department catalogue, exported from the database (the record)."]
    for dept in departments:
        lines = [
            "[[department]]",
            f"code = {_toml_string(dept.code)}",
            f"name_zh = {_toml_string(dept.name_zh)}",
            f"name_en = {_toml_string(dept.name_en)}",
            f"triage = {'true' if dept.is_triage else 'false'}",
            "keywords = [" + ", ".join(_toml_string(k) for k in dept.keywords) + "]",
        ]
        if dept.rules:
            lines.append("rules = [" + ", ".join(_toml_string(r) for r in dept.rules) + "]")
        if dept.duty_phone:
            lines.append(f"duty_phone = {_toml_string(dept.duty_phone)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _toml_string(value: str) -> str:
    # A JSON string with non-ASCII kept is a valid TOML basic string.
    return json.dumps(value, ensure_ascii=False)


def load(path: Path) -> list[DepartmentSpec]:
    """Read and check a catalogue file."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"{path}: {exc}") from exc
    entries = document.get("department")
    if not isinstance(entries, list) or not entries:
        raise CatalogueError(f"{path}: no [[department]] entries")
    specs = [_spec(path, index, entry) for index, entry in enumerate(entries, start=1)]
    codes = [spec.code for spec in specs]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise CatalogueError(f"{path}: duplicate department codes: {', '.join(duplicates)}")
    if sum(spec.triage for spec in specs) != 1:
        raise CatalogueError(f"{path}: exactly one department must have triage = true")
    return specs


def _spec(path: Path, index: int, entry: dict) -> DepartmentSpec:
    where = f"{path}: department #{index}"
    code = entry.get("code")
    if not isinstance(code, str) or not code.strip():
        raise CatalogueError(f"{where}: 'code' is required")
    name_zh, name_en = entry.get("name_zh"), entry.get("name_en")
    if not (isinstance(name_zh, str) and name_zh.strip() and isinstance(name_en, str) and name_en.strip()):
        raise CatalogueError(f"{where} ({code}): both 'name_zh' and 'name_en' are required")
    keywords, rules = entry.get("keywords", []), entry.get("rules", [])
    for name, words in (("keywords", keywords), ("rules", rules)):
        if not isinstance(words, list) or not all(isinstance(k, str) and k.strip() for k in words):
            raise CatalogueError(f"{where} ({code}): '{name}' must be a list of non-empty strings")
    return DepartmentSpec(
        duty_phone=_duty_phone(where, code, entry.get("duty_phone")),
        code=code.strip(),
        name_zh=name_zh.strip(),
        name_en=name_en.strip(),
        keywords=tuple(k.strip() for k in keywords),
        triage=bool(entry.get("triage", False)),
        rules=tuple(k.strip() for k in rules),
    )


def _duty_phone(where: str, code: str, raw: object) -> str | None:
    """The duty phone in E.164, as the admin page stores it (a file has no region to read a local number in)."""
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise CatalogueError(f"{where} ({code}): 'duty_phone' must be a string")
    if not raw.strip():
        return ""
    try:
        return urns.split(urns.tel(raw.strip(), "ZZ"))[1]
    except urns.InvalidURN as exc:
        raise CatalogueError(f"{where} ({code}): 'duty_phone' must be a phone number in +E.164 form") from exc


def sync(session: Session, specs: list[DepartmentSpec]) -> None:
    """Create or update departments from the catalogue; ones no longer listed are deactivated, never deleted."""
    existing = {dept.code: dept for dept in session.exec(select(Department))}
    for spec in specs:
        dept = existing.pop(spec.code, None) or Department(code=spec.code, name_zh="", name_en="")
        dept.name_zh, dept.name_en = spec.name_zh, spec.name_en
        dept.keywords = list(spec.keywords)
        dept.rules = list(spec.rules)
        dept.is_triage = spec.triage
        if spec.duty_phone is not None:
            dept.duty_phone = spec.duty_phone or None
        dept.active = True
        session.add(dept)
    for dept in existing.values():
        dept.active = False
        session.add(dept)
