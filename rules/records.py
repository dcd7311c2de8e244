"""Typed records of the interface contract (schemas/*.avsc).

msgspec validates while it decodes, so JSON Lines (command line) and Avro
dicts (stream) pass through the same compiled validator and fail with the same
`RecordError` naming the field.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Any, Literal, Optional

import msgspec
from msgspec import Meta

from rules.errors import RecordError

Country = Optional[Annotated[str, Meta(pattern=r"^[A-Z]{2}$")]]
NonNegative = Optional[Annotated[float, Meta(ge=0)]]
_DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _check_date_time(value: str, field: str) -> None:
    if not _DATE_TIME.match(value):
        raise ValueError(f"`{field}` is not an RFC 3339 date-time: {value!r}")
    try:
        _dt.datetime.fromisoformat(value.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"`{field}` is not a valid date-time: {value!r}") from exc


def _check_date(value: str | None, field: str) -> None:
    if value is None:
        return
    if not _DATE.match(value):
        raise ValueError(f"`{field}` is not an ISO 8601 date: {value!r}")
    try:
        _dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"`{field}` is not a valid date: {value!r}") from exc


class Party(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=False):
    name: Optional[Annotated[str, Meta(max_length=512)]] = None
    eori: Optional[Annotated[str, Meta(max_length=17)]] = None
    country: Country = None
    address: Optional[Annotated[str, Meta(max_length=512)]] = None


class Document(msgspec.Struct, forbid_unknown_fields=True):
    code: Annotated[str, Meta(pattern=r"^[A-Z0-9]{4}$")]
    reference: Optional[Annotated[str, Meta(max_length=70)]] = None
    quantity: NonNegative = None
    unit: Optional[Annotated[str, Meta(max_length=4)]] = None
    amount_eur: NonNegative = None


class AuthorisationRef(msgspec.Struct, forbid_unknown_fields=True):
    type: Annotated[str, Meta(max_length=4)]
    reference: Annotated[str, Meta(max_length=35)]
    holder_eori: Optional[Annotated[str, Meta(max_length=17)]] = None


class Line(msgspec.Struct, forbid_unknown_fields=True):
    item_number: Annotated[int, Meta(ge=1, le=99999)]
    commodity_code: Annotated[str, Meta(pattern=r"^[0-9]{6}([0-9]{2}([0-9]{2})?)?$")]
    description: Optional[Annotated[str, Meta(max_length=512)]] = None
    procedure_code: Optional[Annotated[str, Meta(pattern=r"^[0-9]{4}$")]] = None
    additional_procedure_codes: Annotated[
        list[Annotated[str, Meta(max_length=3)]], Meta(max_length=99)
    ] = []
    origin_country: Country = None
    dispatch_country: Country = None
    export_country: Country = None
    destination_country: Country = None
    net_mass_kg: NonNegative = None
    gross_mass_kg: NonNegative = None
    supplementary_units: NonNegative = None
    value_eur: NonNegative = None
    quota_order_number: Optional[Annotated[str, Meta(pattern=r"^[0-9]{6}$")]] = None
    documents: Annotated[list[Document], Meta(max_length=99)] = []


Source = Literal["DMS", "AES", "ICS2", "NCTS"]
Direction = Literal["IMPORT", "EXPORT", "ENTRY", "TRANSIT"]


class Declaration(msgspec.Struct, forbid_unknown_fields=True):
    event_id: Annotated[str, Meta(min_length=1, max_length=64)]
    source: Source
    declaration_type: Annotated[str, Meta(pattern=r"^(H[1-7]|I1|B[1-4]|C[12]|D[1-4]|F[0-9]{2})$")]
    direction: Direction
    version: Annotated[int, Meta(ge=1)]
    event_time: str
    lines: Annotated[list[Line], Meta(min_length=1, max_length=999)]
    lrn: Optional[Annotated[str, Meta(max_length=22)]] = None
    mrn: Optional[Annotated[str, Meta(pattern=r"^[0-9]{2}[A-Z]{2}[A-Z0-9]{14}$")]] = None
    acceptance_date: Optional[str] = None
    declarant: Optional[Party] = None
    importer: Optional[Party] = None
    exporter: Optional[Party] = None
    consignor: Optional[Party] = None
    consignee: Optional[Party] = None
    representative: Optional[Party] = None
    authorisations: Annotated[list[AuthorisationRef], Meta(max_length=99)] = []

    def __post_init__(self) -> None:
        _check_date_time(self.event_time, "event_time")
        _check_date(self.acceptance_date, "acceptance_date")
        seen: set[int] = set()
        for line in self.lines:
            if line.item_number in seen:
                raise ValueError(f"duplicate item_number {line.item_number} in `lines`")
            seen.add(line.item_number)

    @property
    def key(self) -> str:
        """MRN, else LRN; a keyless event falls back to its event_id so it is still screened."""
        return self.mrn or self.lrn or self.event_id


PARTY_ROLES: tuple[str, ...] = (
    "importer", "exporter", "consignor", "consignee", "declarant", "representative",
)


class Authorisation(msgspec.Struct, forbid_unknown_fields=True):
    reference: Annotated[str, Meta(max_length=35)]
    type: Annotated[str, Meta(max_length=4)]
    holder_eori: Annotated[str, Meta(max_length=17)]
    valid_from: str
    valid_to: str
    commodity_prefixes: list[Annotated[str, Meta(pattern=r"^[0-9]{2,10}$")]] = []
    max_quantity: NonNegative = None
    quantity_unit: Optional[Literal["KGM", "NAR", "LTR"]] = None
    max_value_eur: NonNegative = None

    def __post_init__(self) -> None:
        _check_date(self.valid_from, "valid_from")
        _check_date(self.valid_to, "valid_to")
        if self.valid_to < self.valid_from:
            raise ValueError("`valid_to` is before `valid_from`")


_AT_PATH = re.compile(r"^(?P<reason>.*?) - at `\$(?P<path>[^`]*)`$")


def _record_error(exc: Exception) -> RecordError:
    text = str(exc)
    match = _AT_PATH.match(text)
    if match:
        path = match.group("path").lstrip(".") or None
        return RecordError(match.group("reason"), field=path)
    field = re.search(r"`([a-z_]+)`", text)
    return RecordError(text, field=field.group(1) if field else None)


_declaration_decoder = msgspec.json.Decoder(Declaration)
_authorisation_decoder = msgspec.json.Decoder(Authorisation)


def decode_declaration(raw: bytes | str) -> Declaration:
    """Parse and validate one JSON declaration event; raises RecordError naming the field."""
    try:
        return _declaration_decoder.decode(raw)
    except msgspec.ValidationError as exc:
        raise _record_error(exc) from None
    except msgspec.DecodeError as exc:
        raise RecordError(f"invalid JSON: {exc}") from None
    except UnicodeDecodeError as exc:      # msgspec checks UTF-8 in keys with the codec, not as DecodeError
        raise RecordError(f"invalid JSON: not UTF-8 at byte {exc.start}") from None


def decode_authorisation(raw: bytes | str) -> Authorisation:
    """Parse and validate one JSON authorisation record."""
    try:
        return _authorisation_decoder.decode(raw)
    except msgspec.ValidationError as exc:
        raise _record_error(exc) from None
    except msgspec.DecodeError as exc:
        raise RecordError(f"invalid JSON: {exc}") from None
    except UnicodeDecodeError as exc:      # msgspec checks UTF-8 in keys with the codec, not as DecodeError
        raise RecordError(f"invalid JSON: not UTF-8 at byte {exc.start}") from None


def declaration_from_dict(data: Any) -> Declaration:
    """Validate a decoded mapping (e.g. from Avro) as a declaration event."""
    try:
        return msgspec.convert(data, Declaration)
    except msgspec.ValidationError as exc:
        raise _record_error(exc) from None


def authorisation_from_dict(data: Any) -> Authorisation:
    try:
        return msgspec.convert(data, Authorisation)
    except msgspec.ValidationError as exc:
        raise _record_error(exc) from None


def to_dict(record: msgspec.Struct) -> dict[str, Any]:
    """The JSON form of a record, every field present (nulls included)."""
    return msgspec.to_builtins(record)
