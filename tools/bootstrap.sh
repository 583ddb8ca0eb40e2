#!/usr/bin/env bash
# Set up everything the project needs, idempotently: a virtual environment with
# Python >= 3.12 and the pinned packages (PyPI), and the pinned Pyodide runtime
# (npm, from package-lock.json). Re-runs are cheap: each step is skipped when
# its inputs have not changed.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.14 python3.13 python3.12 python3 \
      "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3; do
    [ -n "$candidate" ] || continue
    command -v "$candidate" >/dev/null 2>&1 || [ -x "$candidate" ] || continue
    if "$candidate" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      command -v "$candidate" 2>/dev/null || echo "$candidate"
      return 0
    fi
  done
  return 1
}

stamp=.venv/.installed
if [ ! -x .venv/bin/python ] || [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  if [ ! -x .venv/bin/python ]; then
    if ! python=$(find_python); then
      echo "error: Python 3.12 or newer (with venv) is needed and none was found." >&2
      echo "       Install one (for example: apt-get install python3.12-venv, or pyenv install 3.12)" >&2
      echo "       or point PYTHON at it: PYTHON=/path/to/python3.12 make test" >&2
      exit 1
    fi
    echo "==> creating .venv with $python ($("$python" --version))"
    "$python" -m venv .venv
  fi
  echo "==> installing Python packages (pyproject.toml, extra 'dev')"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
  touch "$stamp"
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "error: npm (Node.js) is needed to install the Pyodide runtime; install nodejs and npm." >&2
  exit 1
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> installing the Pyodide runtime (package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error
fi
