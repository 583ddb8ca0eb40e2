"""Run inside Pyodide by ``tools/make_snapshot.mjs``, just before it saves the memory: drop the docstrings.

The page never reads a docstring (only ``help()`` and documentation tools
do), yet they are 1.4 MB of the heap after the warm-up and 0.14 MB of the
brotli'd snapshot (2026-12-03). As ``python -OO`` does for docstrings, and
only for them (asserts stay): every function gets its code object with
``None`` where its docstring was. Code compiled after the restore keeps its
docstrings.
"""

import gc
import inspect
import types


def _without_docstrings(code: types.CodeType) -> types.CodeType:
    consts = tuple(_without_docstrings(c) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    if code.co_flags & inspect.CO_HAS_DOCSTRING:
        consts = (None, *consts[1:])  # the slot stays: the bytecode refers to constants by index
    if all(new is old for new, old in zip(consts, code.co_consts, strict=True)):
        return code
    return code.replace(co_consts=consts)


def forget_docstrings() -> None:
    """Take the docstring out of every function in memory (the caller collects the garbage)."""
    for thing in gc.get_objects():
        if isinstance(thing, types.FunctionType):
            thing.__code__, thing.__doc__ = _without_docstrings(thing.__code__), None
