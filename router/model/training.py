"""Labelled examples for the routing model: from a CSV file, or given by the case layer from the hotline's own
history (`feedback.cases.labels`).

A CSV has `text` and `department` columns and may have `subject`. Departments
are written as the catalogue names them (`name_zh`, `name_en`) or by `code`;
the model learns department codes.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from router.model import features
from staff.models import Department

MAX_CSV_BYTES = 200 * 1024 * 1024


class DataError(ValueError):
    """The labelled data cannot be used; the message says which file, row or label and why."""


@dataclass
class Examples:
    """Prepared documents with their department codes, where they came from, and when an agent gave the label."""

    documents: list[str]
    labels: list[str]
    sources: list[str]
    labelled_at: list[datetime | None] = field(default_factory=list)  # None: from a file, no date

    def __post_init__(self) -> None:
        if not self.labelled_at:
            self.labelled_at = [None] * len(self.labels)

    def __add__(self, other: Examples) -> Examples:
        return self.extend(other)

    def extend(self, other: Examples) -> Examples:
        """Return these examples followed by another set."""
        return Examples(
            self.documents + other.documents,
            self.labels + other.labels,
            self.sources + other.sources,
            self.labelled_at + other.labelled_at,
        )

    def subset(self, indices) -> Examples:
        """Return the examples at these positions."""
        indices = list(indices)
        return Examples(
            [self.documents[i] for i in indices],
            [self.labels[i] for i in indices],
            [self.sources[i] for i in indices],
            [self.labelled_at[i] for i in indices],
        )

    def __len__(self) -> int:
        return len(self.labels)

    def counts(self) -> Counter:
        """Return how many examples each department has."""
        return Counter(self.labels)


def label_map(departments: list[Department]) -> dict[str, str]:
    """Map every way a CSV may name a routable department (code, Chinese or English name) to its code."""
    names: dict[str, str] = {}
    for dept in departments:
        if dept.active and not dept.is_triage:
            for name in (dept.code, dept.name_zh, dept.name_en):
                names[name.strip().lower()] = dept.code
    return names


def read_csv(path: Path, departments: list[Department]) -> Examples:
    """Read a labelled CSV; unknown departments and missing columns raise DataError naming them all."""
    if path.stat().st_size > MAX_CSV_BYTES:
        raise DataError(f"{path} is larger than {MAX_CSV_BYTES // 2**20} MB")
    rows = _rows(path)
    names = label_map(departments)
    unknown = Counter(row["department"].strip() for row in rows if row["department"].strip().lower() not in names)
    if unknown:
        listed = ", ".join(f"{label!r} ({n} rows)" for label, n in unknown.most_common())
        raise DataError(
            f"{path}: departments not in the catalogue: {listed}. Name each department by its code, "
            "name_zh or name_en (see departments.toml), or add it to the catalogue."
        )
    documents = [features.document(row["text"], row.get("subject") or "") for row in rows]
    labels = [names[row["department"].strip().lower()] for row in rows]
    return without_empty(Examples(documents, labels, [f"csv:{path.name}"] * len(labels)))


def _rows(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {"text", "department"} - set(reader.fieldnames or [])
            if missing:
                raise DataError(f"{path}: missing column(s) {', '.join(sorted(missing))}; found {reader.fieldnames}")
            rows = [row for row in reader if (row.get("text") or "").strip() or (row.get("subject") or "").strip()]
    except UnicodeDecodeError as exc:
        raise DataError(f"{path} is not UTF-8 text: {exc}") from exc
    except csv.Error as exc:
        raise DataError(f"{path} is not a readable CSV file: {exc}") from exc
    if not rows:
        raise DataError(f"{path} has no labelled rows")
    return rows


def without_empty(examples: Examples) -> Examples:
    """Drop examples whose text has no words the model reads."""
    return examples.subset(i for i, doc in enumerate(examples.documents) if doc)
