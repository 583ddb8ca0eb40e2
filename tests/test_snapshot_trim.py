"""The snapshot's code objects lose their columns but keep every line (tools/snapshot_trim.py), in CPython here."""

from __future__ import annotations

import traceback
import types

import pytest

from tools.snapshot_trim import lines_only

SOURCES = {
    "one line": "def f(x):\n    return x + 1\n",
    "a call over several lines": "def f(x):\n    return dict(\n        a=x,\n        b=[x,\n           x],\n    )\n",
    "a long line": "def f(x):\n    return (x + x * x - x // 3 + x % 7 + x ** 2 + x + x * x - x + x * 9 + x - x)\n",
    "a loop jumping back": "def f(xs):\n    t = 0\n    for x in xs:\n        t += x\n    return t\n",
    "with and try": (
        "def f(p):\n    try:\n        with open(p) as h:\n            return h.read()\n"
        "    except OSError:\n        return None\n    finally:\n        pass\n"
    ),
    "a comprehension and a closure": "def f(xs):\n    k = 2\n    return [lambda: x * k for x in xs if x]\n",
    "lines far apart": "def f(x):\n    y = x\n" + "\n" * 5000 + "    return y\n",
    "a generator": "def f(n):\n    for i in range(n):\n        yield i\n    return\n",
}


def _codes(code: types.CodeType) -> list[types.CodeType]:
    return [code, *(c for const in code.co_consts if isinstance(const, types.CodeType) for c in _codes(const))]


@pytest.mark.parametrize("name", SOURCES)
def test_a_lines_only_table_keeps_every_line_and_no_column(name: str) -> None:
    for code in _codes(compile(SOURCES[name], f"<{name}>", "exec")):
        new = code.replace(co_linetable=lines_only(code))
        assert list(new.co_lines()) == list(code.co_lines()), code.co_name
        assert [p[:2] for p in new.co_positions()] == [(p[0], p[0]) for p in code.co_positions()], code.co_name
        assert all(p[2] is None and p[3] is None for p in new.co_positions()), code.co_name


def test_a_traceback_through_a_trimmed_function_names_its_line() -> None:
    namespace: dict[str, object] = {}
    exec(compile("def f(x):\n    y = x\n\n    return 1 // y\n", "<trimmed>", "exec"), namespace)
    f = namespace["f"]
    assert isinstance(f, types.FunctionType)
    f.__code__ = f.__code__.replace(co_linetable=lines_only(f.__code__))
    with pytest.raises(ZeroDivisionError) as caught:
        f(0)
    assert traceback.extract_tb(caught.value.__traceback__)[-1].lineno == 4
