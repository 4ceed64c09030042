#!/usr/bin/env bash
# Rasa's own data validation (domain, NLU data, stories, rules), strict where it matters:
#   - any error, and any story conflict, fails (Rasa exits non-zero);
#   - warnings about conflicts, duplicates, undefined names or unused intents fail too;
#   - "utterance … is not used in any story or rule" fails unless something Rasa cannot see uses it:
#     a form asks with utter_ask_*, Rasa's default fallbacks say utter_default/utter_ask_rephrase,
#     and custom actions send responses by name (found in actions/), as the web app does for an
#     alert digest (web/).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$JOBBCOACH_ROOT"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

if ! "$RASA" data validate --domain bot/domain --data bot/data nlu/data --config bot/config.yml \
     --max-history 5 >"$log" 2>&1; then
  cat "$log"
  echo "[validate] rasa data validate failed" >&2
  exit 1
fi
warnings="$(grep -o "UserWarning: .*" "$log" | sed 's/^UserWarning: //' | sort -u || true)"
failures=""
while IFS= read -r warning; do
  [ -n "$warning" ] || continue
  if [[ "$warning" =~ The\ utterance\ \'([a-z0-9_/]+)\'\ is\ not\ used ]]; then
    utterance="${BASH_REMATCH[1]}"
    case "$utterance" in utter_ask_*|utter_default|utter_ask_rephrase) continue ;; esac
    grep -rqs --include='*.py' "$utterance" actions/ web/ && continue
    failures+="unused response: $utterance"$'\n'
  elif grep -qiE "conflict|duplicat|not defined|not in the domain|not listed|intent .* is not used|unknown" <<<"$warning"; then
    failures+="$warning"$'\n'
  fi
done <<<"$warnings"
if [ -n "$failures" ]; then
  printf '[validate] %s' "$failures" >&2
  exit 1
fi
echo "[validate] domain, NLU data, stories and rules are valid; no story conflicts"
