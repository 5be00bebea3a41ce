#!/usr/bin/env bash
# ensure_venv.sh NAME PYTHON INPUT... -> prints the path of a ready virtualenv.
#
# The venv lives outside the work tree, in $TIJARIA_CACHE_DIR (default
# ~/.cache/tijaria), keyed by a hash of the Python version and of every INPUT
# file, so a clean clone on the same machine reuses it and a change of
# requirements builds a fresh one. INPUT files ending in .txt are installed
# with `pip install -r`; a directory is installed as a project (`pip install -e DIR[dev]`
# is not used: the project is put on sys.path by the Makefile instead, so that
# editing code never invalidates the cache).
set -euo pipefail
name=$1; python=$2; shift 2
cache=${TIJARIA_CACHE_DIR:-$HOME/.cache/tijaria}
pyver=$("$python" -c 'import sys; print(sys.version)')
# Only what is installed counts: tool settings in pyproject.toml (ruff, mypy,
# pytest) do not rebuild the environment.
requirements() {
  for input in "$@"; do
    case "$input" in
      *.toml) "$python" - "$input" <<'PY'
import sys, tomllib
project = tomllib.load(open(sys.argv[1], "rb"))["project"]
print("\n".join(project["dependencies"] + project.get("optional-dependencies", {}).get("dev", [])))
PY
        ;;
      *) cat "$input" ;;
    esac
  done
}
hash=$( { echo "$pyver"; requirements "$@"; } | sha256sum | cut -c1-16)
venv="$cache/venv-$name-$hash"
if [ -f "$venv/.complete" ]; then
  echo "$venv"; exit 0
fi
mkdir -p "$cache"
# Two builds of the same environment at once would delete each other's work.
exec 9>"$venv.lock"
flock 9
if [ -f "$venv/.complete" ]; then
  echo "$venv"; exit 0
fi
echo "[setup] building the $name environment in $venv (first time only; this downloads packages and may take minutes)" >&2
rm -rf "$venv"
"$python" -m venv "$venv" >&2
"$venv/bin/python" -m pip install --progress-bar on --upgrade pip wheel >&2
for input in "$@"; do
  case "$input" in
    *.txt) "$venv/bin/python" -m pip install --progress-bar on -r "$input" >&2 ;;
    *.toml)
      # Only the dependencies (and the dev extra): the project itself runs from
      # the work tree (PYTHONPATH), so editing code never invalidates the cache.
      reqs=$(mktemp)
      requirements "$input" > "$reqs"
      "$venv/bin/python" -m pip install --progress-bar on -r "$reqs" >&2
      rm -f "$reqs" ;;
  esac
done
touch "$venv/.complete"
echo "$venv"
