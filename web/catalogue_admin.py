"""Department catalogue imports from the admin pages: parse an uploaded file into departments for the database.

An import is a TOML catalogue (router/departments.default.toml's shape, which
replaces the catalogue) or a CSV with a `level1` column (a provincial dispatch
taxonomy, whose first-level categories are added as departments).
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from sqlmodel import Session, select

from staff import catalogue
from staff.catalogue import CatalogueError, DepartmentSpec
from staff.models import Department


def parse_upload(filename: str, data: bytes) -> list[DepartmentSpec] | list[str]:
    """Return specs from a TOML catalogue, or new department names from a CSV's level1 column."""
    if filename.lower().endswith(".toml"):
        return _parse_toml(data)
    if filename.lower().endswith(".csv"):
        return _parse_csv(data)
    raise CatalogueError("upload a .toml catalogue or a .csv with a level1 column")


def _parse_toml(data: bytes) -> list[DepartmentSpec]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload.toml"
        path.write_bytes(data)
        try:
            return catalogue.load(path)
        except CatalogueError as exc:
            raise CatalogueError(str(exc).replace(str(path), "upload")) from None


def _parse_csv(data: bytes) -> list[str]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CatalogueError("the CSV file is not UTF-8 text") from None
    reader = csv.DictReader(io.StringIO(text))
    if "level1" not in (reader.fieldnames or []):
        raise CatalogueError("the CSV file has no level1 column")
    names = list(dict.fromkeys(row["level1"].strip() for row in reader if (row.get("level1") or "").strip()))
    if not names:
        raise CatalogueError("the CSV file lists no level1 categories")
    return names


def add_named(session: Session, names: list[str]) -> int:
    """Add a department for each category name not already known; return how many were added."""
    known = {d.name_zh for d in session.exec(select(Department))}
    codes = {d.code for d in session.exec(select(Department))}
    added = 0
    for name in names:
        if name in known:
            continue
        code = _free_code(codes, len(codes) + 1)
        codes.add(code)
        session.add(Department(code=code, name_zh=name, name_en=name, keywords=[]))
        added += 1
    return added


def _free_code(codes: set[str], start: int) -> str:
    number = start
    while f"category_{number}" in codes:
        number += 1
    return f"category_{number}"


def parse_keywords(raw: str) -> list[str]:
    """Split keywords typed one per line or separated by commas (either width)."""
    parts = raw.replace("，", ",").replace("\n", ",").split(",")
    return list(dict.fromkeys(part.strip() for part in parts if part.strip()))
