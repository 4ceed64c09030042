#!/usr/bin/env bash
# Train the Rasa model only when its inputs changed since the last model.
# The model is named after the training fingerprint (scripts/fingerprint.py: config, domain, stories,
# rules, NLU data, and the code that runs in the pipeline), so an unchanged project finds its model
# and skips a training of minutes. Prints the model's path on its last line.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$JOBBCOACH_ROOT"

# One training at a time on this machine: a second caller waits, then finds the model already trained.
mkdir -p models
exec 9>models/.train.lock
flock 9

fingerprint="$("$APP_PY" scripts/fingerprint.py)"
model="models/jobbcoach-$fingerprint.tar.gz"

if [ -f "$model" ]; then
  echo "[train] training data unchanged, using $model" >&2
else
  echo "[train] training data changed: training a new model (a few minutes on 2 cores)" >&2
  start=$(date +%s)
  # The test command has validated the data a step before (scripts/validate.sh): not twice (a minute).
  skip=(); [ "${JOBBCOACH_DATA_VALIDATED:-}" = 1 ] && skip=(--skip-validation)
  "$RASA" train "${RASA_TRAINING_ARGS[@]}" "${skip[@]}" --out models --fixed-model-name "jobbcoach-$fingerprint" >&2
  echo "[train] trained $model in $(( $(date +%s) - start )) s" >&2
  # Keep the three newest models; older ones only fill the disk.
  ls -1t models/jobbcoach-*.tar.gz | tail -n +4 | xargs -r rm -f
fi
echo "$JOBBCOACH_ROOT/$model"
