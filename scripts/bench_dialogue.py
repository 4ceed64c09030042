"""make bench-dialogue: the dialogue suite's conversations against a fresh stack, report in reports/dialogue/.

Runs the same conversations as `make test` (tests/dialogue) through pytest, so the stack, index and
model are exactly the test command's; the suite writes the pass rate and every failing turn.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REPORT = REPO / "reports" / "dialogue"


def main() -> int:
    env = {**os.environ, "JOBBCOACH_DIALOGUE_REPORT": str(REPORT)}
    subprocess.run([sys.executable, "-m", "pytest", "-q", "tests/dialogue", "-p", "no:randomly"],
                   cwd=REPO, env=env, check=False)
    results = REPORT / "results.json"
    if not results.exists():
        print("The dialogue suite did not run (see pytest's output above).")
        return 1
    data = json.loads(results.read_text())
    print(f"dialogue: {data['passed']}/{data['conversations']} conversations passed, "
          f"{data['failing_turns']} failing turns of {data['turns']}, {data['seconds']} s "
          f"-> {REPORT / 'summary.md'}")
    return 0 if data["passed"] == data["conversations"] else 1


if __name__ == "__main__":
    sys.exit(main())
