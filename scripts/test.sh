#!/usr/bin/env bash
# The README's test command: set up everything, then run every test.
#   0. ruff over the whole tree
#   1. Rasa's data validation (fails on any warning, conflicting stories included)
#   2. training, skipped when the model's inputs are unchanged
#   3. Rasa test stories with --fail-on-prediction-errors
#   4. the pytest suite (unit, API, end-to-end against real servers, browser)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$(date +%s)
step() { printf '\n\033[1;34m[test]\033[0m %s (%ss)\n' "$*" "$(( $(date +%s) - started ))"; }

scripts/setup.sh --test
source scripts/env.sh
# The preparation steps print one line each; their output goes to $LOGS/test-<step>.log.
LOGS="$JOBBCOACH_VAR/logs"
quiet_step() { "$APP_PY" scripts/step.py --logs "$LOGS" "$@" || exit 1; }

quiet_step test-lint "lint (ruff)" -- .venvs/app/bin/ruff check .
quiet_step test-validate "rasa data validate" -- scripts/validate.sh
quiet_step test-train "training (skipped if unchanged)" --progress rasa -- scripts/train.sh
model="$(tail -n 1 "$LOGS/test-train.log")"
export JOBBCOACH_MODEL="$model"

if compgen -G "bot/tests/*.yml" >/dev/null; then
  quiet_step test-stories "rasa test stories" -- "$RASA_PY" -m bot.rasa_main test core --model "$model" --stories bot/tests \
    --fail-on-prediction-errors --out reports/tmp/core
fi

# Tests of custom Rasa components run in Rasa's own runtime; their folders end in _rasa.
# (--confcutdir: the suite's root conftest belongs to the 3.11 runtime.)
for rasa_tests in tests/*_rasa; do
  [ -d "$rasa_tests" ] || continue
  step "pytest in the Rasa runtime (Python 3.10): $rasa_tests"
  .venvs/rasa/bin/python -m pytest -q -p no:cacheprovider --confcutdir "$rasa_tests" "$rasa_tests"
done

step "pytest (Python 3.11)"
"$APP_PY" -m pytest "$@"
step "done"
