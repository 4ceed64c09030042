"""Tests of the patches bot.rasa_main installs into Rasa (run with .venvs/rasa/bin/python -m pytest tests/bot_rasa)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
