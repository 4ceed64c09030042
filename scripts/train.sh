#!/usr/bin/env bash
# Train the Rasa model only when its inputs changed since the last model.
# The model is named after a hash of everything that shapes it (config, domain, stories, rules, NLU
# data, custom components), so an unchanged project finds its model and skips a training of minutes.
# Prints the model's path on its last line.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$JOBBCOACH_ROOT"

training_inputs() {
  find bot/config.yml bot/domain bot/data nlu/data nlu/components nlu/lookups nlu/safety -type f \
       \( -name '*.yml' -o -name '*.yaml' -o -name '*.py' -o -name '*.txt' \) 2>/dev/null | LC_ALL=C sort
  echo requirements/rasa.lock.txt
}
# One training at a time on this machine: a second caller waits, then finds the model already trained.
mkdir -p models
exec 9>models/.train.lock
flock 9

fingerprint="$(training_inputs | xargs sha256sum | sha256sum | cut -c1-12)"
model="models/jobbcoach-$fingerprint.tar.gz"

if [ -f "$model" ]; then
  echo "[train] training data unchanged, using $model" >&2
else
  echo "[train] training data changed: training a new model (a few minutes on 2 cores)" >&2
  start=$(date +%s)
  "$RASA" train "${RASA_TRAINING_ARGS[@]}" --out models --fixed-model-name "jobbcoach-$fingerprint" >&2
  echo "[train] trained $model in $(( $(date +%s) - start )) s" >&2
  # Keep the three newest models; older ones only fill the disk.
  ls -1t models/jobbcoach-*.tar.gz | tail -n +4 | xargs -r rm -f
fi
echo "$JOBBCOACH_ROOT/$model"
