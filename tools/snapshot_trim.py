"""Run inside Pyodide by ``tools/make_snapshot.mjs``, just before it saves the memory: trim the code objects.

The page never reads two things the functions in memory carry:

- their docstrings (only ``help()`` and documentation tools do): 1.4 MB of the
  heap after the warm-up and 0.14 MB of the brotli'd snapshot (2026-12-03).
  As ``python -OO`` does for docstrings, and only for them (asserts stay).
- the columns in their location tables, which only the ``^^^`` markers under
  a traceback's source lines use: 0.27 MB of the brotli'd snapshot
  (2026-12-03), since column offsets barely compress. Every line number stays:
  each table is written again with lines only, and the build fails unless
  ``co_lines()`` gives the same ranges and lines as before.

Every function gets a copy of its code object so trimmed. Code compiled after
the restore keeps its docstrings and columns.

``drop_docs`` also drops the docstrings of modules and of classes made at run
time (those of C's static types live in the wasm's static data, which costs
nothing). Run before ``trim_code``, with the garbage collected in between, so
that the code objects' copies fill the holes: the brotli'd snapshot 2,573,719
→ 2,534,772 bytes (2026-12-07).
"""

import contextlib
import gc
import inspect
import sys
import types

# Location table entry kinds (CPython's Objects/locations.md, 3.11 and later).
_LINE_ONLY = 13  # a line delta, no columns
_NO_LOCATION = 15
_MAX_UNITS = 8  # code units one entry can cover


def _varint(value: int) -> bytes:
    out = bytearray()
    while value >= 64:
        out.append(64 | (value & 63))
        value >>= 6
    out.append(value)
    return bytes(out)


def _signed_varint(value: int) -> bytes:
    return _varint((-value << 1) | 1 if value < 0 else value << 1)


def lines_only(code: types.CodeType) -> bytes:
    """``code``'s location table with its lines and without columns."""
    table = bytearray()
    line = code.co_firstlineno
    for start, end, number in code.co_lines():
        units = (end - start) // 2
        while units > 0:
            length = min(units, _MAX_UNITS)
            units -= length
            if number is None:
                table.append(0x80 | (_NO_LOCATION << 3) | (length - 1))
            else:
                table.append(0x80 | (_LINE_ONLY << 3) | (length - 1))
                table += _signed_varint(number - line)
                line = number
    return bytes(table)


def _trimmed(code: types.CodeType, done: dict[int, types.CodeType]) -> types.CodeType:
    if id(code) in done:  # functions made by one ``def`` (closures) share one code object: so do their copies
        return done[id(code)]
    consts = tuple(_trimmed(c, done) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    if code.co_flags & inspect.CO_HAS_DOCSTRING:
        consts = (None, *consts[1:])  # the slot stays: the bytecode refers to constants by index
    new = code.replace(co_consts=consts, co_linetable=lines_only(code))
    if list(new.co_lines()) != list(code.co_lines()):
        raise AssertionError(f"the lines-only table of {code.co_qualname} ({code.co_filename}) lost line numbers")
    done[id(code)] = new
    return new


def trim_code() -> None:
    """Trim the code object of every function in memory (the caller collects the garbage)."""
    # Keyed by id: an old code object is freed as soon as its last function has its copy (holding them all
    # would spread the copies over 3 MB more of the memory), but only old objects, alive since the start,
    # are looked up, and no two of them can share an address.
    done: dict[int, types.CodeType] = {}
    for function in [thing for thing in gc.get_objects() if isinstance(thing, types.FunctionType)]:
        function.__code__, function.__doc__ = _trimmed(function.__code__, done), None


_HEAP_TYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: a class made at run time (a class statement, or a C module's heap type)


def drop_docs() -> None:
    """Drop the docstrings of every module and of every class made at run time (the caller collects the garbage)."""
    for module in list(sys.modules.values()):
        if isinstance(getattr(module, "__doc__", None), str):
            module.__doc__ = None
    for thing in gc.get_objects():
        if isinstance(thing, type) and thing.__flags__ & _HEAP_TYPE and isinstance(thing.__dict__.get("__doc__"), str):
            with contextlib.suppress(TypeError):  # an immutable type (some of C's heap types) keeps its own
                thing.__doc__ = None
