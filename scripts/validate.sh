#!/usr/bin/env bash
# Rasa's own data validation (domain, NLU data, stories, rules), failing on any warning, so that
# conflicting stories or an intent without a story never reach a trained model.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$JOBBCOACH_ROOT"
"$RASA" data validate --domain bot/domain --data bot/data nlu/data --config bot/config.yml \
  --max-history 5 --fail-on-warnings
