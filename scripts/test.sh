#!/usr/bin/env bash
# The README's test command: set up everything, then run every test.
#   0. ruff over the whole tree
#   1. Rasa's data validation (fails on any warning, conflicting stories included)
#   2. training, skipped when the model's inputs are unchanged, and beside it the tests that need no
#      trained model (pytest --phase before-model, on both cores): the training alone leaves the
#      machine half idle, and on a fresh clone it is the longest step
#   3. Rasa test stories with --fail-on-prediction-errors
#   4. the tests of custom Rasa components in Rasa's runtime (tests/*_rasa)
#   5. the tests that need the model (end-to-end against real servers, the dialogue suite, browser),
#      one test file per worker on both cores
# Every step runs even when an earlier test step failed; the exit status says whether all passed.
# Extra arguments go to both pytest runs (scripts/test.sh tests/dialogue -x).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$(date +%s)
step() { printf '\n\033[1;34m[test]\033[0m %s (%ss)\n' "$*" "$(( $(date +%s) - started ))"; }

scripts/setup.sh --test
source scripts/env.sh
# The preparation steps print one line each; their output goes to $LOGS/test-<step>.log.
LOGS="$JOBBCOACH_VAR/logs"
WORKERS="${JOBBCOACH_TEST_WORKERS:-2}"
quiet_step() { "$APP_PY" scripts/step.py --logs "$LOGS" "$@" || exit 1; }
failed=()
# pytest's exit status 5 is "no tests selected" (arguments that name only one phase's tests).
pytest_phase() {
  local phase="$1" rc=0; shift
  ${NICE:-} "$APP_PY" -m pytest --phase "$phase" -n "$WORKERS" --durations=15 "$@" || rc=$?
  [ "$rc" -eq 0 ] || [ "$rc" -eq 5 ] || failed+=("pytest --phase $phase")
}

quiet_step test-lint "lint (ruff)" -- .venvs/app/bin/ruff check .
quiet_step test-validate "rasa data validate" -- scripts/validate.sh
export JOBBCOACH_DATA_VALIDATED=1

# No progress bar for the training here: pytest writes to the same terminal meanwhile.
"$APP_PY" scripts/step.py --logs "$LOGS" test-train "training (skipped if unchanged)" -- scripts/train.sh &
training=$!
step "pytest (Python 3.11): the tests that need no trained model, beside the training"
# The training is the longer of the two (on a fresh clone); at a lower priority the tests take the
# CPU it leaves idle instead of halving its share, so the model is ready sooner.
NICE="nice -n 10" pytest_phase before-model --dist worksteal "$@"
wait "$training" || { step "training failed: the tests that need the model cannot run"; exit 1; }
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
  .venvs/rasa/bin/python -m pytest -q -p no:cacheprovider --confcutdir "$rasa_tests" "$rasa_tests" \
    || failed+=("$rasa_tests")
done

# One file per worker: a module's servers (and the dialogue suite's one concurrent run) stay on one worker.
step "pytest (Python 3.11): the tests that need the trained model"
pytest_phase with-model --dist loadfile "$@"

if [ ${#failed[@]} -gt 0 ]; then
  step "FAILED: ${failed[*]}"
  exit 1
fi
step "done: every test passed"
