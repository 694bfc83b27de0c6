"""What a run keeps of each operation for the next run of its spec (:mod:`.parts`): the
:class:`Record`, the operation's naming inputs (:func:`skeleton`), the names its part read
(:class:`NameReads`), and its summary as JSON (:class:`Codec`).

Records live in the spec's cache entry (member :data:`~.cachekeys.RECORDS`), as JSON: a
cache entry is not trusted to run code, so nothing is unpickled; only the dataclasses the
target lists are rebuilt, field by field.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from ..cache import OutputCache
from ..sdk import (
    AnyType,
    BodyPart,
    Doc,
    Field,
    Location,
    Model,
    ModelKind,
    Names,
    Operation,
    Pagination,
    Param,
    Side,
    Wire,
)
from ..sdk.model import Auth, RequestBody, ResponseKind, WireStyle
from ..targets.code import Code
from .cachekeys import RECORDS

#: Bumped when what a record holds changes meaning.
RECORDS_FORMAT = 4


@dataclass
class Record:
    """What a run keeps of one operation."""

    name: str
    #: The component schemas its IR and SDK model were built from (its ``$ref``s, followed),
    #: and whether its IR read the list of operation names: with the operation's raw value,
    #: what :attr:`digest` covers (:meth:`.slicing.Inputs.digest`).
    components: list[str]
    uses_names: bool
    digest: str
    #: Its IR diagnostics (as :func:`~.cachekeys.encode_diagnostics` writes them).
    diagnostics: list[Any]
    #: Its naming inputs (:func:`skeleton`).
    skeleton: list[Any]
    #: The names its part read (``[mapping, key, whole]``, encoded) and a digest of their
    #: values (:meth:`NameReads.digest`).
    reads: list[Any]
    names: str
    #: Its part's summary (encoded by :class:`Codec`) and a digest of it, and its part's
    #: files.
    summary: Any
    summary_digest: str
    files: list[str]


@dataclass
class PackageRecord:
    """What a run keeps of a spec's package-wide files (client, README...): the digest of
    what they are made from (:func:`~.parts.package_key`), the names the planner read for
    them, and what their plan held."""

    key: str
    reads: list[Any]
    names: str
    files: list[str]
    package_dir: str
    static: list[list[str]]
    info: Any


@dataclass
class Previous:
    """The last output of a spec: its files, and its records by operation name."""

    files: dict[str, bytes]
    records: dict[str, Record]
    package: PackageRecord | None = None


def read_previous(cache: OutputCache, key: str) -> Previous | None:
    """Entry ``key``'s files and records; ``None`` when it is gone, has no records or does
    not decode (a corrupt entry reads as gone)."""
    files = cache.get(key)
    if files is None or RECORDS not in files:
        return None
    data = files.pop(RECORDS)
    try:
        document = json.loads(data)
        if document.get("format") != RECORDS_FORMAT:
            return None
        records = {}
        for item in document["operations"]:
            record = Record(**item)
            names = [record.name, *record.components, *record.files]
            if not all(isinstance(n, str) for n in names) or not set(record.files) <= set(files):
                return None
            records[record.name] = record
        package = None
        if document.get("package") is not None:
            package = PackageRecord(**document["package"])
            if not all(isinstance(f, str) for f in package.files) or not set(package.files) <= set(
                files
            ):
                package = None
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    return Previous(files, records, package)


def encode_records(records: Sequence[Record], package: PackageRecord | None = None) -> bytes:
    # Shallow: a record holds JSON data already (asdict would copy all of it).
    fields = [f.name for f in dataclasses.fields(Record)]
    operations = [{name: getattr(record, name) for name in fields} for record in records]
    document: dict[str, Any] = {"format": RECORDS_FORMAT, "operations": operations}
    if package is not None:
        document["package"] = dataclasses.asdict(package)
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class Codec:
    """Plain data, :class:`Code` and the target's summary dataclasses as JSON, and back.

    Only the listed dataclasses are rebuilt (from their fields); ``Code`` stays ``Code`` (it
    is printed as it is, as a cached file's content is); anything else is refused with a
    ``TypeError`` (encoding) or ``ValueError`` (decoding)."""

    def __init__(self, types: Sequence[type]) -> None:
        self.types = {t.__qualname__: t for t in types}

    def encode(self, value: Any) -> Any:
        if value is None or isinstance(value, bool | int | float):
            return value
        if isinstance(value, Code):
            return {"c": str(value)}
        if type(value) is str:
            return value
        if isinstance(value, list):
            return [self.encode(v) for v in value]
        if isinstance(value, tuple):
            return {"t": [self.encode(v) for v in value]}
        if type(value) is dict:
            if all(type(k) is str for k in value):
                return {"m": {k: self.encode(v) for k, v in value.items()}}
            return {"d": [[self.encode(k), self.encode(v)] for k, v in value.items()]}
        name = type(value).__qualname__
        if (
            isinstance(value, Enum)
            or self.types.get(name) is not type(value)
            or not dataclasses.is_dataclass(value)
        ):
            raise TypeError(f"cannot keep a {name} in a record")
        fields = dataclasses.fields(value)
        return {"o": name, "f": {f.name: self.encode(getattr(value, f.name)) for f in fields}}

    def decode(self, data: Any) -> Any:
        kind = type(data)
        if kind is str or kind is int or data is None or kind is bool or kind is float:
            return data
        if kind is list:
            return [self.decode(v) for v in data]
        if kind is dict and len(data) == 1:
            ((tag, body),) = data.items()
            if tag == "c" and type(body) is str:
                return Code(body)
            if tag == "m" and type(body) is dict:
                return {k: self.decode(v) for k, v in body.items()}
            if tag == "t" and type(body) is list:
                return tuple(self.decode(v) for v in body)
            if tag == "d" and type(body) is list:
                return {self.decode(k): self.decode(v) for k, v in body}
        if kind is dict and len(data) == 2 and "o" in data and "f" in data:
            cls = self.types.get(data["o"])
            if cls is None or type(data["f"]) is not dict:
                raise ValueError(f"not a summary type: {data['o']!r}")
            return cls(**{k: self.decode(v) for k, v in data["f"].items()})
        raise ValueError("malformed record value")


# -- naming inputs -----------------------------------------------------------------------------

# The naming step reads an operation's and its models' names, wire names, ids, kinds, sides,
# owners, locations and flags (``sdk/naming.py``); a skeleton keeps those, and placeholders
# for the rest (types, documentation, wire rules). So the names of a package whose kept
# operations are skeletons are the names of the whole package; ``tests/pipeline/
# test_parts.py`` checks it over real specs.
_ANY = AnyType()
_DOC = Doc()
_WIRE = Wire(WireStyle.RPC, "POST", "/", Auth.AK, RequestBody.FORM, ResponseKind.JSON)
_PAGINATION = Pagination("page_number", (), _ANY)


def skeleton(operation: Operation, models: Sequence[Model]) -> list[Any]:
    """An operation's naming inputs (with its models'), as JSON data."""
    params = [
        [p.wire, p.location.value, p.serialization, p.required, p.body and p.body.value, p.sent]
        for p in operation.params
    ]
    return [
        operation.name,
        operation.request,
        operation.response,
        params,
        operation.pagination is not None,
        operation.sse,
        [
            [
                m.id,
                m.kind.value,
                m.side.value,
                m.source,
                m.owner,
                [[f.wire, f.required] for f in m.fields],
                m.body is not None,
            ]
            for m in models
        ],
    ]


def from_skeleton(data: list[Any]) -> tuple[Operation, list[Model]]:
    """An operation and its models with the naming inputs :func:`skeleton` kept."""
    name, request, response, params, paginated, sse, models = data
    operation = Operation(
        name=name,
        summary=None,
        title=None,
        description=None,
        wire=_WIRE,
        params=tuple(
            Param(
                wire,
                Location(location),
                serialization,
                required,
                _ANY,
                BodyPart(body) if body is not None else None,
                sent,
                _DOC,
            )
            for wire, location, serialization, required, body, sent in params
        ),
        request=request,
        response=response,
        pagination=_PAGINATION if paginated else None,
        sse=sse,
    )
    return operation, [
        Model(
            id=model_id,
            kind=ModelKind(kind),
            side=Side(side),
            source=source,
            owner=owner,
            fields=tuple(Field(wire, _ANY, required, _DOC) for wire, required in fields),
            body=_ANY if has_body else None,
        )
        for model_id, kind, side, source, owner, fields, has_body in models
    ]


# -- the names a part reads ----------------------------------------------------------------------


class _Whole:
    """Stands for "the whole mapping" in a read (a planner iterated it)."""


WHOLE = _Whole()


class _Logged(Mapping[Any, Any]):
    """One mapping of :class:`Names` that logs the keys read (while its owner records)."""

    def __init__(self, label: str, data: Mapping[Any, Any], owner: NameReads) -> None:
        self.label, self.data, self.owner = label, data, owner

    def _read(self, key: Any) -> None:
        if self.owner.log is not None:
            self.owner.log.append((self.label, key))

    def __getitem__(self, key: Any) -> Any:
        self._read(key)
        return self.data[key]

    def get(self, key: Any, default: Any = None) -> Any:
        self._read(key)
        return self.data.get(key, default)

    def __contains__(self, key: object) -> bool:
        self._read(key)
        return key in self.data

    def __iter__(self) -> Iterator[Any]:
        self._read(WHOLE)
        return iter(self.data)

    def __len__(self) -> int:
        self._read(WHOLE)
        return len(self.data)


class NameReads:
    """A package's names, as a planner is given them (:attr:`recording`): mappings that log
    which names are read between :meth:`start` and :meth:`stop` (a part's reads)."""

    LABELS = tuple(f.name for f in dataclasses.fields(Names))

    def __init__(self, names: Names) -> None:
        self.names = names
        self.log: list[tuple[str, Any]] | None = None
        logged = {label: _Logged(label, getattr(names, label), self) for label in self.LABELS}
        self.recording = Names(**logged)

    def start(self) -> None:
        self.log = []

    def stop(self) -> list[tuple[str, Any]]:
        log, self.log = self.log or [], None
        return log

    def digest(self, reads: Sequence[tuple[str, Any]]) -> str:
        """A digest of what ``reads`` give in these names."""
        values = []
        for label, key in reads:
            mapping = getattr(self.names, label)
            if key is WHOLE:
                values.append([label, [[repr(k), _plain(v)] for k, v in mapping.items()]])
            else:
                values.append([label, repr(key), _plain(mapping.get(key))])
        text = json.dumps(values, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    @staticmethod
    def encode(codec: Codec, reads: Sequence[tuple[str, Any]]) -> list[Any]:
        return [
            [label, None if key is WHOLE else codec.encode(key), key is WHOLE]
            for label, key in reads
        ]

    @classmethod
    def decode(cls, codec: Codec, data: list[Any]) -> list[tuple[str, Any]]:
        reads = []
        for label, key, whole in data:
            if label not in cls.LABELS:
                raise ValueError(f"not a names mapping: {label!r}")
            reads.append((label, WHOLE if whole else codec.decode(key)))
        return reads


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return str(value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


__all__ = [
    "WHOLE",
    "Codec",
    "NameReads",
    "PackageRecord",
    "Previous",
    "Record",
    "encode_records",
    "from_skeleton",
    "read_previous",
    "skeleton",
]
