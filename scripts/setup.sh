#!/usr/bin/env bash
# Set up everything Jobbcoach needs on this machine, idempotently.
#
# Two Python environments, because Rasa 3.6 (the last open-source Rasa) only runs on Python 3.8-3.10,
# while the action server, job matching and web app use Python 3.11:
#   .venvs/rasa  Python 3.10, rasa==3.6.21 and the Swedish spaCy pieces the NLU pipeline needs
#   .venvs/app   Python 3.11, torch (CPU), rasa-sdk, sentence-transformers, FastAPI, test tools
# Each environment is rebuilt only when its requirement files change (a stamp holds their hash), so a
# second run with nothing to do takes a few seconds.
#
# Usage: scripts/setup.sh [--test]     --test also installs what the test suite needs from Debian
#                                      (headless Chromium, Redis, HAProxy).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export RASA_TELEMETRY_ENABLED=false PIP_DISABLE_PIP_VERSION_CHECK=1

WITH_TEST_TOOLS=0
[ "${1:-}" = "--test" ] && WITH_TEST_TOOLS=1

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[setup]\033[0m %s\n' "$*" >&2; exit 1; }

# Find an interpreter of one minor version: on PATH first, then in pyenv's versions.
find_python() {
  local version="$1" candidate
  if candidate="$(command -v "python$version" 2>/dev/null)" && "$candidate" -c 'import venv' 2>/dev/null; then
    echo "$candidate"; return 0
  fi
  local pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
  command -v pyenv >/dev/null 2>&1 && pyenv_root="$(pyenv root)"
  for candidate in "$pyenv_root"/versions/"$version".*/bin/python"$version"; do
    [ -x "$candidate" ] && { echo "$candidate"; return 0; }
  done
  return 1
}

PY310="$(find_python 3.10)" || die "Rasa 3.6 needs Python 3.10 and none was found: install it (for example 'pyenv install 3.10.13', or your distribution's python3.10 and python3.10-venv packages) and run this again."
PY311="$(find_python 3.11)" || die "The action server and web app need Python 3.11 and none was found: install it (for example 'pyenv install 3.11.7', or your distribution's python3.11 and python3.11-venv packages) and run this again."

# Debian packages: a font for the activity report PDF; for the tests a real browser and a real Redis.
ensure_debian_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || die "Please install these packages with your package manager: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  say "installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Create or refresh one venv. Arguments: name, interpreter, requirements, lock, [first package].
ensure_venv() {
  local name="$1" python="$2" requirements="$3" lock="$4" first_package="${5:-}"
  local venv=".venvs/$name" stamp
  stamp="$(cat "$requirements" "$lock" | sha256sum | cut -c1-16)-$("$python" -V 2>&1 | tr -d ' ')-$first_package"
  if [ -f "$venv/.stamp" ] && [ "$(cat "$venv/.stamp")" = "$stamp" ]; then
    say "$venv is up to date"
    return 0
  fi
  # One line on the terminal (with a progress bar unless QUIET_BAR is set: two installs side by side
  # cannot share one line); pip's own output goes to var/logs/setup-NAME.log.
  local bar=(--progress pip)
  [ -z "${QUIET_BAR:-}" ] || bar=()
  "$PY311" scripts/step.py "setup-$name" "installing $venv with $("$python" -V 2>&1) (first run: minutes)" \
    "${bar[@]}" -- bash -c '
      set -euo pipefail
      venv="$1" python="$2" requirements="$3" lock="$4" first_package="$5"
      [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
      "$venv/bin/python" -m pip install --upgrade pip
      # torch first and alone when asked (see below)
      [ -z "$first_package" ] || "$venv/bin/python" -m pip install --progress-bar off "$first_package"
      "$venv/bin/python" -m pip install --progress-bar off -r "$requirements" -c "$lock"
    ' _ "$venv" "$python" "$requirements" "$lock" "$first_package" || exit 1
  echo "$stamp" > "$venv/.stamp"
}

mkdir -p .venvs var models reports
# Both environments side by side: pip spends much of its time unpacking and compiling, one core each.
QUIET_BAR=1 ensure_venv rasa "$PY310" requirements/rasa.in requirements/rasa.lock.txt &
rasa_venv=$!
# torch first and on its own: 2.13.0 is a CPU build; letting a resolver pick torch pulls a CUDA build of several GB.
ensure_venv app "$PY311" requirements/app.in requirements/app.lock.txt "torch==2.13.0" || { wait "$rasa_venv"; exit 1; }
wait "$rasa_venv" || exit 1

# The activity report's PDF is set in DejaVu Sans (Latin, Cyrillic, Arabic letters; web/activity_report.py).
ensure_debian_packages fonts-dejavu-core
# Several Rasa processes (JOBBCOACH_RASA_PROCESSES=2 in the run command) need the balancer and Redis.
if [ "${JOBBCOACH_RASA_PROCESSES:-1}" != 1 ]; then
  ensure_debian_packages haproxy redis-server
fi
if [ "$WITH_TEST_TOOLS" -eq 1 ]; then
  # PostgreSQL with pgvector comes from the pgserver wheel (Debian bookworm has no pgvector package).
  ensure_debian_packages chromium chromium-driver fonts-dejavu-core redis-server haproxy
fi
say "ready"
