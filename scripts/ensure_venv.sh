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
hash=$( { echo "$pyver"; cat "$@"; } | sha256sum | cut -c1-16)
venv="$cache/venv-$name-$hash"
if [ -f "$venv/.complete" ]; then
  echo "$venv"; exit 0
fi
echo "[setup] building the $name environment in $venv (first time only; this downloads packages and may take minutes)" >&2
rm -rf "$venv"
mkdir -p "$cache"
"$python" -m venv "$venv" >&2
"$venv/bin/python" -m pip install --progress-bar on --upgrade pip wheel >&2
for input in "$@"; do
  case "$input" in
    *.txt) "$venv/bin/python" -m pip install --progress-bar on -r "$input" >&2 ;;
    *.toml)
      # Only the dependencies (and the dev extra): the project itself runs from
      # the work tree (PYTHONPATH), so editing code never invalidates the cache.
      reqs=$(mktemp)
      "$venv/bin/python" - "$input" > "$reqs" <<'PY'
import sys, tomllib
project = tomllib.load(open(sys.argv[1], "rb"))["project"]
print("\n".join(project["dependencies"] + project.get("optional-dependencies", {}).get("dev", [])))
PY
      "$venv/bin/python" -m pip install --progress-bar on -r "$reqs" >&2
      rm -f "$reqs" ;;
  esac
done
touch "$venv/.complete"
echo "$venv"
