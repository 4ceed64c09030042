# Embedded defaults shared by the run, chat and test scripts; any variable already set wins.
# Sourced, not executed.
JOBBCOACH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JOBBCOACH_ROOT
export JOBBCOACH_VAR="${JOBBCOACH_VAR:-$JOBBCOACH_ROOT/var}"
export JOBBCOACH_DB_URL="${JOBBCOACH_DB_URL:-sqlite:///$JOBBCOACH_VAR/jobbcoach.db}"
export JOBBCOACH_TRACKER_DB="${JOBBCOACH_TRACKER_DB:-$JOBBCOACH_VAR/tracker.db}"
export JOBBCOACH_INDEX="${JOBBCOACH_INDEX:-$JOBBCOACH_VAR/index}"
export JOBBCOACH_RASA_PORT="${JOBBCOACH_RASA_PORT:-5005}"
export JOBBCOACH_ACTION_PORT="${JOBBCOACH_ACTION_PORT:-5055}"
export JOBBCOACH_WEB_PORT="${JOBBCOACH_WEB_PORT:-8000}"
export JOBBCOACH_ACTION_URL="${JOBBCOACH_ACTION_URL:-http://127.0.0.1:$JOBBCOACH_ACTION_PORT/webhook}"
export JOBBCOACH_RASA_URL="${JOBBCOACH_RASA_URL:-http://127.0.0.1:$JOBBCOACH_RASA_PORT}"
export RASA_TELEMETRY_ENABLED=false
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
export PYTHONPATH="$JOBBCOACH_ROOT${PYTHONPATH:+:$PYTHONPATH}"
RASA="$JOBBCOACH_ROOT/.venvs/rasa/bin/rasa"
RASA_PY="$JOBBCOACH_ROOT/.venvs/rasa/bin/python"
APP_PY="$JOBBCOACH_ROOT/.venvs/app/bin/python"
RASA_TRAINING_ARGS=(--config bot/config.yml --domain bot/domain --data bot/data nlu/data)
mkdir -p "$JOBBCOACH_VAR"
