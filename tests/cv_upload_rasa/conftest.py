"""The Telegram channel's CV documents in the Rasa runtime (.venvs/rasa/bin/python -m pytest tests/cv_upload_rasa)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
