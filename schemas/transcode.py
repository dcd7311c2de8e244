"""Avro bodies of one record schema rewritten as MessagePack, a whole batch in one compiled pass.

msgspec validates MessagePack into typed structs several times faster than it converts the dicts
fastavro reads, so a batch of wire-format messages is turned into one MessagePack array (of maps
keyed by field name, the JSON form) that one msgspec call decodes and validates.

The schema is compiled once into a flat program (one row per field, union, array or record), and a
numba kernel interprets it over the batch. The kernel accepts only what it reads exactly as fastavro
does: any message it is unsure of (wrong header, truncated, a bad union or enum index, a string that
is not UTF-8, bytes left over, an over-long varint) gets a non-zero status and is left to fastavro,
so a refusal always keeps fastavro's reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import msgspec
import numba
import numpy as np

OK = 0
BAD_HEADER = 1
TRUNCATED = 2
BAD_VALUE = 3            # union or enum index out of range, negative length, over-long varint
BAD_UTF8 = 4
LEFT_OVER = 5
_NEED_SPACE = -1         # the output buffer is full: grown by the caller, the message is read again

# program rows: op, key offset, key length, arg1, arg2 (keys and symbols live in one constant byte table)
_MAP, _LONG, _DOUBLE, _STRING, _ENUM, _UNION, _ARRAY_BEGIN, _ARRAY_END = range(8)
_MAX_DEPTH = 16          # nested arrays
_ARRAY_HEADER = 5        # msgpack array32: 0xdd + count, patched once the last block is read


class _Builder:
    """Flattens an Avro schema into program rows; records are inlined, so the kernel needs no recursion."""

    def __init__(self) -> None:
        self.rows: list[list[int]] = []
        self.consts = bytearray()
        self.named: dict[str, Any] = {}
        self._const_at: dict[bytes, int] = {}

    def const(self, value: str) -> tuple[int, int]:
        encoded = msgspec.msgpack.encode(value)
        at = self._const_at.get(encoded)
        if at is None:
            at = self._const_at[encoded] = len(self.consts)
            self.consts += encoded
        return at, len(encoded)

    def row(self, op: int, key: tuple[int, int], a1: int = 0, a2: int = 0) -> int:
        self.rows.append([op, key[0], key[1], a1, a2])
        return len(self.rows) - 1

    def emit(self, schema: Any, key: tuple[int, int], namespace: str | None, depth: int = 0) -> None:
        if isinstance(schema, str) and schema in self.named:
            schema = self.named[schema]
        if isinstance(schema, list):
            self._union(schema, key, namespace, depth)
        elif schema in ("long", "double", "string"):
            self.row({"long": _LONG, "double": _DOUBLE, "string": _STRING}[schema], key)
        elif isinstance(schema, dict) and schema["type"] in ("record", "enum"):
            namespace = self._register(schema, namespace)
            self._record(schema, key, namespace, depth) if schema["type"] == "record" else self._enum(schema, key)
        elif isinstance(schema, dict) and schema["type"] == "array":
            self._array(schema, key, namespace, depth + 1)
        elif isinstance(schema, dict) and schema["type"] in ("long", "double", "string"):
            self.emit(schema["type"], key, namespace, depth)
        else:
            raise ValueError(f"Avro type {schema!r} is not supported by the MessagePack transcoder")

    def _register(self, schema: dict[str, Any], namespace: str | None) -> str | None:
        name = schema["name"]
        namespace = schema.get("namespace", namespace) if "." not in name else name.rsplit(".", 1)[0]
        short = name.rsplit(".", 1)[-1]
        self.named[short] = schema
        if namespace:
            self.named[f"{namespace}.{short}"] = schema
        return namespace

    def _union(self, branches: list[Any], key: tuple[int, int], namespace: str | None, depth: int) -> None:
        if len(branches) != 2 or branches[0] != "null":
            raise ValueError(f"union {branches!r} is not supported by the MessagePack transcoder: only [null, X]")
        at = self.row(_UNION, key)
        self.emit(branches[1], (0, 0), namespace, depth)
        self.rows[at][3] = len(self.rows)           # null: straight past the value's rows

    def _record(self, schema: dict[str, Any], key: tuple[int, int], namespace: str | None, depth: int) -> None:
        self.row(_MAP, key, len(schema["fields"]))
        for field in schema["fields"]:
            self.emit(field["type"], self.const(field["name"]), namespace, depth)

    def _enum(self, schema: dict[str, Any], key: tuple[int, int]) -> None:
        symbols = [self.const(symbol) for symbol in schema["symbols"]]
        # the symbol table: (offset, length) of each pre-encoded symbol, as little-endian int64 pairs
        self.row(_ENUM, key, len(self.consts), len(symbols))
        self.consts += np.array(symbols, dtype="<i8").tobytes()

    def _array(self, schema: dict[str, Any], key: tuple[int, int], namespace: str | None, depth: int) -> None:
        if depth > _MAX_DEPTH:
            raise ValueError(f"arrays nested deeper than {_MAX_DEPTH} are not supported")
        items = schema["items"]
        items = self.named.get(items, items) if isinstance(items, str) else items
        if isinstance(items, dict) and items.get("type") == "record" and not items["fields"]:
            # the kernel bounds a block's count by the bytes left, which needs items of one byte or more
            raise ValueError("arrays of empty records are not supported by the MessagePack transcoder")
        begin = self.row(_ARRAY_BEGIN, key)
        self.emit(schema["items"], (0, 0), namespace, depth)
        end = self.row(_ARRAY_END, (0, 0), begin)
        self.rows[begin][3] = end + 1


@dataclass(frozen=True)
class Program:
    """One record schema compiled for the kernel, and the wire header its messages must carry."""

    ops: np.ndarray          # (rows, 5) int64
    consts: np.ndarray       # uint8: pre-encoded keys and enum symbols, and the enum tables
    header: np.ndarray       # uint8: magic byte + schema id

    @classmethod
    def compile(cls, avsc: dict[str, Any], header: bytes) -> "Program":
        builder = _Builder()
        builder.emit(avsc, (0, 0), avsc.get("namespace"))
        return cls(np.array(builder.rows, dtype=np.int64), np.frombuffer(bytes(builder.consts), np.uint8).copy(),
                   np.frombuffer(header, np.uint8).copy())


@dataclass(frozen=True)
class Batch:
    """One MessagePack array of the messages read (status OK), in order, and where each one lies in it."""

    msgpack: np.ndarray      # uint8, array32 header first
    status: np.ndarray       # per message: OK or the reason it was left to fastavro
    starts: np.ndarray       # per message read: its map's bytes in `msgpack`
    ends: np.ndarray
    read: int                # messages with status OK


def transcode(program: Program, raws: Sequence[bytes]) -> Batch:
    """The batch's messages as one MessagePack array; messages with a non-OK status are left out."""
    count = len(raws)
    lengths = np.fromiter(map(len, raws), dtype=np.int64, count=count)
    ends = np.cumsum(lengths)
    starts = ends - lengths
    data = np.frombuffer(b"".join(raws), dtype=np.uint8)
    out = np.empty(4 * len(data) + 4096, dtype=np.uint8)
    status = np.zeros(count, dtype=np.int64)
    out_starts = np.zeros(count, dtype=np.int64)
    out_ends = np.zeros(count, dtype=np.int64)
    done, used, read = 0, _ARRAY_HEADER, 0
    while True:
        done, used, read = _transcode(data, starts, ends, program.header, program.ops, program.consts, out, used,
                                      done, read, status, out_starts, out_ends)
        if done == count:
            break
        grown = np.empty(2 * len(out), dtype=np.uint8)
        grown[:used] = out[:used]
        out = grown
    out[0] = 0xDD
    out[1:5] = np.frombuffer(read.to_bytes(4, "big"), np.uint8)
    return Batch(out[:used], status, out_starts, out_ends, read)


@numba.njit(cache=True, nogil=True)
def _transcode(data, starts, ends, header, ops, consts, out, used, first, read, status, out_starts, out_ends):
    """Messages from `first` on, written at `used`; stops early (returns the message to redo) when `out` is full."""
    stack = np.zeros((_MAX_DEPTH + 1, 3), dtype=np.int64)
    for e in range(first, starts.shape[0]):
        p, end = starts[e], ends[e]
        if end - p < header.shape[0]:
            status[e] = BAD_HEADER
            continue
        same = True
        for i in range(header.shape[0]):
            if data[p + i] != header[i]:
                same = False
        if not same:
            status[e] = BAD_HEADER
            continue
        code, p, at = _record(data, p + header.shape[0], end, ops, consts, out, used, stack)
        if code == _NEED_SPACE:
            return e, used, read
        if code == OK and p != end:
            code = LEFT_OVER
        status[e] = code
        if code == OK:
            out_starts[e], out_ends[e] = used, at
            used = at
            read += 1
    return starts.shape[0], used, read


@numba.njit(cache=True, nogil=True, inline="always")
def _varint(data, p, end):
    """Zigzag long: (value, next position, status); more than 10 bytes is refused, not wrapped."""
    n = np.uint64(0)
    shift = np.uint64(0)
    while True:
        if p >= end:
            return np.int64(0), p, TRUNCATED
        b = np.uint64(data[p])
        p += 1
        if shift == 63 and b > 1:
            return np.int64(0), p, BAD_VALUE
        n |= (b & np.uint64(0x7F)) << shift
        if b < 0x80:
            break
        shift += np.uint64(7)
    value = np.int64(n >> np.uint64(1)) ^ -np.int64(n & np.uint64(1))
    return value, p, OK


@numba.njit(cache=True, nogil=True)
def _utf8_ok(data, p, end):
    """Strict UTF-8 as Python decodes it: no overlong forms, no surrogates, nothing past U+10FFFF."""
    while p < end:
        b = data[p]
        if b < 0x80:
            p += 1
            continue
        if 0xC2 <= b <= 0xDF:
            need, lo, hi = 1, 0x80, 0xBF
        elif b == 0xE0:
            need, lo, hi = 2, 0xA0, 0xBF
        elif 0xE1 <= b <= 0xEC or 0xEE <= b <= 0xEF:
            need, lo, hi = 2, 0x80, 0xBF
        elif b == 0xED:
            need, lo, hi = 2, 0x80, 0x9F
        elif b == 0xF0:
            need, lo, hi = 3, 0x90, 0xBF
        elif 0xF1 <= b <= 0xF3:
            need, lo, hi = 3, 0x80, 0xBF
        elif b == 0xF4:
            need, lo, hi = 3, 0x80, 0x8F
        else:
            return False
        if p + need >= end:
            return False
        if not lo <= data[p + 1] <= hi:
            return False
        for k in range(2, need + 1):
            if not 0x80 <= data[p + k] <= 0xBF:
                return False
        p += need + 1
    return True


@numba.njit(cache=True, nogil=True, inline="always")
def _put_be(out, at, value, size):
    for k in range(size):
        out[at + k] = (value >> (8 * (size - 1 - k))) & 0xFF


@numba.njit(cache=True, nogil=True)
def _put_long(out, at, value):
    if 0 <= value < 128:
        out[at] = value
        return at + 1
    out[at] = 0xD3
    _put_be(out, at + 1, value, 8)
    return at + 9


@numba.njit(cache=True, nogil=True)
def _put_double(data, p, out, at):
    """Avro's little-endian 8 bytes as MessagePack's big-endian float64."""
    out[at] = 0xCB
    for k in range(8):
        out[at + 1 + k] = data[p + 7 - k]
    return at + 9


@numba.njit(cache=True, nogil=True)
def _put_string(data, p, end, out, at):
    """(status, position after the string, output end); the UTF-8 bytes are copied as they are."""
    size, p, code = _varint(data, p, end)
    if code != OK:
        return code, p, at
    if size < 0:
        return BAD_VALUE, p, at
    if size > end - p:
        return TRUNCATED, p, at
    if not _utf8_ok(data, p, p + size):
        return BAD_UTF8, p, at
    if at + size + 5 > out.shape[0]:
        return _NEED_SPACE, p, at
    if size < 32:
        out[at] = 0xA0 | size
        at += 1
    elif size < 256:
        out[at] = 0xD9
        out[at + 1] = size
        at += 2
    elif size < 65536:
        out[at] = 0xDA
        _put_be(out, at + 1, size, 2)
        at += 3
    else:
        out[at] = 0xDB
        _put_be(out, at + 1, size, 4)
        at += 5
    out[at:at + size] = data[p:p + size]
    return OK, p + size, at + size


@numba.njit(cache=True, nogil=True)
def _put_symbol(consts, table, index, out, at):
    """The pre-encoded symbol `index` of the enum whose (offset, length) table starts at `table`."""
    where = table + 16 * index
    s_at, s_len = np.int64(0), np.int64(0)
    for k in range(8):
        s_at |= np.int64(consts[where + k]) << (8 * k)
        s_len |= np.int64(consts[where + 8 + k]) << (8 * k)
    if at + s_len > out.shape[0]:
        return _NEED_SPACE, at
    for k in range(s_len):
        out[at + k] = consts[s_at + k]
    return OK, at + s_len


@numba.njit(cache=True, nogil=True)
def _block(data, p, end):
    """The item count of the next array block: (items, position after its header, status); 0 ends the array."""
    items, p, code = _varint(data, p, end)
    if code != OK:
        return 0, p, code
    if items < 0:
        if items < -(end - p):
            return 0, p, BAD_VALUE
        items = -items
        _, p, code = _varint(data, p, end)      # the block's byte size: not needed to read it
        if code != OK:
            return 0, p, code
    if items > end - p:     # every item of these schemas takes at least one byte
        return 0, p, TRUNCATED
    return items, p, OK


@numba.njit(cache=True, nogil=True)
def _record(data, p, end, ops, consts, out, at, stack):
    """One message's body from `p`: (status, position after the body, output end).

    stack[depth] = (output position of the array's header, items so far, items left in the block)."""
    sp = -1
    pc = 0
    code = OK
    while pc < ops.shape[0]:
        op, key_at, key_len, a1, a2 = ops[pc, 0], ops[pc, 1], ops[pc, 2], ops[pc, 3], ops[pc, 4]
        if at + key_len + 16 > out.shape[0]:    # room for the key and any fixed-size value or header
            return _NEED_SPACE, p, at
        for k in range(key_len):
            out[at + k] = consts[key_at + k]
        at += key_len
        pc += 1
        if op == _MAP:
            if a1 < 16:
                out[at] = 0x80 | a1
                at += 1
            else:
                out[at] = 0xDE
                _put_be(out, at + 1, a1, 2)
                at += 3
        elif op == _STRING:
            code, p, at = _put_string(data, p, end, out, at)
        elif op == _DOUBLE:
            if end - p < 8:
                return TRUNCATED, p, at
            at = _put_double(data, p, out, at)
            p += 8
        elif op == _ARRAY_END and stack[sp, 2] > 1:     # more items in this block
            stack[sp, 2] -= 1
            pc = a1 + 1
        elif op == _ARRAY_BEGIN or op == _ARRAY_END:    # the next block, or the array's end
            if op == _ARRAY_BEGIN:
                sp += 1
                stack[sp, 0], stack[sp, 1] = at, 0
                out[at] = 0xDD
                at += 5
            items, p, code = _block(data, p, end)
            if items > 0:
                stack[sp, 1] += items
                stack[sp, 2] = items
                pc = (pc - 1 if op == _ARRAY_BEGIN else a1) + 1
            elif code == OK:
                _put_be(out, stack[sp, 0] + 1, stack[sp, 1], 4)
                sp -= 1
                pc = a1 if op == _ARRAY_BEGIN else pc
        else:   # long, enum index or union index
            value, p, code = _varint(data, p, end)
            if code != OK:
                return code, p, at
            if op == _LONG:
                at = _put_long(out, at, value)
            elif op == _ENUM:
                if value < 0 or value >= a2:
                    return BAD_VALUE, p, at
                code, at = _put_symbol(consts, a1, value, out, at)
            elif value == 0:
                out[at] = 0xC0
                at += 1
                pc = a1
            elif value != 1:
                return BAD_VALUE, p, at
        if code != OK:
            return code, p, at
    return OK, p, at
