#!/usr/bin/env bash
# The README's test command: set up everything, then run every test.
#   1. Rasa's data validation (fails on any warning, conflicting stories included)
#   2. training, skipped when the model's inputs are unchanged
#   3. Rasa test stories with --fail-on-prediction-errors
#   4. the pytest suite (unit, API, end-to-end against real servers, browser)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$(date +%s)
step() { printf '\n\033[1;34m[test]\033[0m %s (%ss)\n' "$*" "$(( $(date +%s) - started ))"; }

step "setup"
scripts/setup.sh --test
source scripts/env.sh

step "rasa data validate"
scripts/validate.sh

step "training (skipped if unchanged)"
model="$(scripts/train.sh | tail -n 1)"
export JOBBCOACH_MODEL="$model"

if compgen -G "bot/tests/*.yml" >/dev/null; then
  step "rasa test stories"
  "$RASA" test core --model "$model" --stories bot/tests --fail-on-prediction-errors \
    --out reports/tmp/core >/dev/null
fi

# Tests of custom Rasa components run in Rasa's own runtime; their folders end in _rasa.
rasa_test_dirs=(tests/*_rasa)
if [ -d "${rasa_test_dirs[0]}" ]; then
  step "pytest in the Rasa runtime (Python 3.10)"
  .venvs/rasa/bin/python -m pytest -q -p no:cacheprovider "${rasa_test_dirs[@]}"
fi

step "pytest (Python 3.11)"
"$APP_PY" -m pytest "$@"
step "done"
