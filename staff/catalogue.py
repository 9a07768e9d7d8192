"""The department catalogue: a TOML file an admin edits, synchronised into the database."""

from __future__ import annotations

import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

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


def catalogue_path(data_dir: Path) -> Path:
    """Return the data directory's catalogue, copying the shipped default there on first start."""
    path = data_dir / "departments.toml"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DEFAULT_CATALOGUE, path)
    return path


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
        code=code.strip(),
        name_zh=name_zh.strip(),
        name_en=name_en.strip(),
        keywords=tuple(k.strip() for k in keywords),
        triage=bool(entry.get("triage", False)),
        rules=tuple(k.strip() for k in rules),
    )


def sync(session: Session, specs: list[DepartmentSpec]) -> None:
    """Create or update departments from the catalogue; ones no longer listed are deactivated, never deleted."""
    existing = {dept.code: dept for dept in session.exec(select(Department))}
    for spec in specs:
        dept = existing.pop(spec.code, None) or Department(code=spec.code, name_zh="", name_en="")
        dept.name_zh, dept.name_en = spec.name_zh, spec.name_en
        dept.keywords = list(spec.keywords)
        dept.rules = list(spec.rules)
        dept.is_triage = spec.triage
        dept.active = True
        session.add(dept)
    for dept in existing.values():
        dept.active = False
        session.add(dept)
