"""Rasa's command line with Jobbcoach's additions installed first.

    python -m bot.rasa_main run --model … --endpoints bot/endpoints.yml --enable-api …

is `rasa run …` (or any other rasa command, such as `test core`) plus
- bot.fast_model_load: DIET and the response selectors load for prediction without tracing a
  throw-away training step (a model load of 46 s became 14 s, with identical predictions);
- bot.action_validation: the action server's answers checked by one compiled schema validator, not
  a schema check and a new validator per call (6 % of the process's time per message);
- bot.resilience: a down or slow action server gives the jobseeker a polite answer, not silence;
- bot.slot_mapping_messages: what the custom slot-mapping actions say reaches the jobseeker (the
  language change, the privacy notice with the first message);
- bot.privacy_api: erasure and expiry of chat history under the conversation's lock, and a history
  read that never creates a conversation;
- secrets kept off the command line: the Rasa token (JOBBCOACH_RASA_TOKEN or var/rasa_token) is
  handed to Rasa inside this process, and the action token (JOBBCOACH_ACTION_TOKEN or
  var/action_token) is put in the environment that bot/endpoints.yml reads;
- files created private: umask 077, so the tracker database and logs are 0600 whoever starts it.
"""

from __future__ import annotations

import os
import sys

from rasa.__main__ import main as rasa_main

from bot import action_validation, fast_model_load, privacy_api, resilience, slot_mapping_messages, tokens
from bot.settings import RasaSettings, RasaSettingsError

PRIVATE_FILES_UMASK = 0o077


def with_auth_token(argv: list[str], token: str | None) -> list[str]:
    """`argv` of `rasa run` with Rasa's --auth-token taken from the token source, unless given explicitly."""
    if not token or argv[:1] != ["run"] or "--auth-token" in argv or any(a.startswith("--auth-token=") for a in argv):
        return argv
    return [*argv, "--auth-token", token]


def main() -> None:
    os.umask(PRIVATE_FILES_UMASK)
    try:
        settings = RasaSettings.from_environ()
    except RasaSettingsError as error:
        sys.exit(str(error))
    if action_token := tokens.action_token():
        os.environ.setdefault("JOBBCOACH_ACTION_TOKEN", action_token)
    fast_model_load.install()
    action_validation.install()
    resilience.install(settings)
    slot_mapping_messages.install()
    privacy_api.install()

    # Changing sys.argv changes only what argparse reads: /proc/<pid>/cmdline keeps what was exec'd.
    argv = with_auth_token(sys.argv[1:], tokens.rasa_token())
    if "--enable-api" in argv and "--auth-token" not in argv:
        sys.exit("Refusing to open Rasa's HTTP API without a token: set JOBBCOACH_RASA_TOKEN or write "
                 "var/rasa_token (the run command does).")
    sys.argv = ["rasa", *argv]
    rasa_main()


if __name__ == "__main__":
    main()
