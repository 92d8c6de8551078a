"""What a dump's field and dataset are, and how they read as a Frictionless Table Schema
(https://specs.frictionlessdata.io/table-schema/) and as Arrow types for Parquet.

No ORM here: a dataset names the function that reads its rows (`rows.py`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import pyarrow as pa
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Table Schema type -> Arrow type of the Parquet column.
ARROW_TYPES = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "datetime": pa.timestamp("us", tz="UTC"),
    "array": pa.list_(pa.int64()),  # the only arrays are lists of counts
}
TYPE_LABELS = {
    "string": _("texte"),
    "integer": _("entier"),
    "number": _("nombre"),
    "boolean": _("booléen (true/false)"),
    "date": _("date (AAAA-MM-JJ)"),
    "datetime": _("date et heure (UTC)"),
    "array": _("tableau JSON d'entiers"),
}


@dataclass(frozen=True, slots=True)
class Field:
    """One column. `description` is French (translated on the page, French in the files).
    `enum`: the values allowed (a callable is read when the schema is written, so choices
    declared elsewhere stay declared once). An empty cell is an unknown value unless
    `required`."""

    name: str
    type: str
    description: Promise | str
    required: bool = False
    unique: bool = False
    enum: Sequence[str] | Callable[[], Sequence[str]] | None = None
    minimum: float | None = None
    maximum: float | None = None

    def __post_init__(self):
        if self.type not in ARROW_TYPES:
            raise ValueError(f"field {self.name}: unknown type {self.type!r}")

    @property
    def arrow_type(self) -> pa.DataType:
        return ARROW_TYPES[self.type]

    @property
    def type_label(self) -> str:
        return str(TYPE_LABELS[self.type])

    def allowed(self) -> list[str] | None:
        if self.enum is None:
            return None
        return list(self.enum() if callable(self.enum) else self.enum)

    def descriptor(self) -> dict:
        """The field as Table Schema describes it."""
        described = {"name": self.name, "type": self.type, "description": str(self.description)}
        if self.type == "array":
            described["format"] = "json"  # a JSON array in the CSV cell, a list in Parquet
        constraints = {}
        if self.required:
            constraints["required"] = True
        if self.unique:
            constraints["unique"] = True
        if (allowed := self.allowed()) is not None:
            constraints["enum"] = allowed
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        if constraints:
            described["constraints"] = constraints
        return described


@dataclass(frozen=True, slots=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str  # another dataset of the same month
    reference: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Dataset:
    """One table of a month's dump, written as `<name>.csv` and `<name>.parquet`. `rows(source)`
    yields tuples in the order of `fields` (read in chunks), or is None when the month has
    none of this data (the census of a month not computed): the dataset is then left out."""

    name: str
    title: Promise | str
    description: Promise | str
    fields: tuple[Field, ...]
    rows: Callable[..., Iterator[list[tuple]] | None]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = field(default=())
    # False: the rows do not depend on the month (the registry and the profiles as they are
    # now), so months written in one run share the same file.
    monthly: bool = True

    def __post_init__(self):
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise ValueError(f"dataset {self.name}: a field is declared twice")
        for key in (self.primary_key, *(fk.fields for fk in self.foreign_keys)):
            if not set(key) <= set(names):
                raise ValueError(f"dataset {self.name}: a key names an unknown field")

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def arrow_schema(self) -> pa.Schema:
        return pa.schema(
            [
                pa.field(
                    f.name,
                    f.arrow_type,
                    nullable=not f.required,
                    metadata={"description": str(f.description)},
                )
                for f in self.fields
            ]
        )

    def table_schema(self) -> dict:
        schema: dict = {
            "fields": [f.descriptor() for f in self.fields],
            "missingValues": [""],
        }
        if self.primary_key:
            schema["primaryKey"] = list(self.primary_key)
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {
                    "fields": list(fk.fields),
                    "reference": {"resource": fk.resource, "fields": list(fk.reference)},
                }
                for fk in self.foreign_keys
            ]
        return schema
