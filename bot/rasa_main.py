"""Rasa's command line with Jobbcoach's resilient custom-action calls installed first.

    python -m bot.rasa_main run --model … --endpoints bot/endpoints.yml …

is `rasa run …` plus bot.resilience: a down or slow action server gives the jobseeker a polite
answer instead of silence.
"""

from __future__ import annotations

import sys

from rasa.__main__ import main as rasa_main

from bot import resilience
from bot.settings import RasaSettings, RasaSettingsError


def main() -> None:
    try:
        settings = RasaSettings.from_environ()
    except RasaSettingsError as error:
        sys.exit(str(error))
    resilience.install(settings)

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
