#!/usr/bin/env bash
# NLU benchmark (make bench-nlu): train, held-out test, 5-fold CV -> reports/nlu/.
# Extra arguments go to scripts/bench_nlu.py, e.g.
#   scripts/bench_nlu.sh --no-cv --config nlu/configs/spacy_sv.yml --out reports/nlu/spacy_sv
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false
# the spaCy config needs the blank Swedish pipeline; building it takes a few seconds
[ -d nlu/spacy_sv ] || .venvs/rasa/bin/python nlu/scripts/build_spacy_sv.py
exec .venvs/rasa/bin/python scripts/bench_nlu.py "$@"
