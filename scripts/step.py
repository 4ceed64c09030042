"""One line per step of the run and test commands; the step's own output goes to a log file.

    python3 scripts/step.py [--logs DIR] NAME "what it does" [--progress pip|rasa|tqdm] -- command args...

The command's stdout and stderr go to DIR/NAME.log (default var/logs; the run command passes
$JOBBCOACH_VAR/logs). On a terminal a
long step shows a progress bar, read from that log as it grows: pip's "Collecting" lines against
the lock file, Rasa's trained components and epoch bars, tqdm bars (index build). When the step
ends there is one line: ok and its time, or failed, the log to read and its last lines. Exit status
is the command's. Standard library only: it runs before the environments exist.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TQDM = re.compile(r"(\d{1,3})%\|")
RASA_COMPONENT = re.compile(r"Finished training component '([^']+)'")
RASA_STARTED = re.compile(r"Starting to train component '([^']+)'")
BAR = 24
TAIL = 15


def _pip_fraction(text: str) -> tuple[float | None, str]:
    lock = ROOT / "requirements"
    total = sum(1 for f in lock.glob("*.lock.txt") for line in f.read_text().splitlines()
                if line and not line.startswith(("#", " ", "-"))) or 1
    collected = text.count("\nCollecting ") + text.count("\nRequirement already satisfied")
    if "Installing collected packages" in text:
        return 0.95, "installing"
    return min(collected / (total / 2), 0.9), f"{collected} packages"


def _rasa_fraction(text: str) -> tuple[float | None, str]:
    done = RASA_COMPONENT.findall(text)
    started = RASA_STARTED.findall(text)
    current = started[-1] if started else ""
    bars = TQDM.findall(text[-4000:])
    detail = f"{current} {bars[-1]}%" if current and bars else current
    # about 12 components in bot/config.yml plus the policies; DIET and TED take most of the time
    return min(len(done) / 16, 0.99), detail


def _tqdm_fraction(text: str) -> tuple[float | None, str]:
    bars = TQDM.findall(text[-4000:])
    return (int(bars[-1]) / 100, f"{bars[-1]}%") if bars else (None, "")


PROGRESS = {"pip": _pip_fraction, "rasa": _rasa_fraction, "tqdm": _tqdm_fraction}


def _bar(fraction: float | None) -> str:
    if fraction is None:
        return "[" + " " * BAR + "]"
    filled = int(BAR * max(0.0, min(fraction, 1.0)))
    return "[" + "#" * filled + "." * (BAR - filled) + "]"


def run(name: str, title: str, command: list[str], progress: str | None, logs: Path) -> int:
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"{name}.log"
    prefix = f"\033[1;34m[{name}]\033[0m" if sys.stderr.isatty() else f"[{name}]"
    started = time.monotonic()
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        if progress and sys.stderr.isatty():
            while process.poll() is None:
                text = log.read_text(errors="replace")
                fraction, detail = PROGRESS[progress](text)
                line = f"{prefix} {title} {_bar(fraction)} {detail}"[:160]
                sys.stderr.write(f"\r\033[K{line}")
                sys.stderr.flush()
                time.sleep(0.5)
            sys.stderr.write("\r\033[K")
        status = process.wait()
    seconds = time.monotonic() - started
    if status == 0:
        print(f"{prefix} {title}: ok ({seconds:.0f} s)", file=sys.stderr)
        return 0
    tail = log.read_text(errors="replace").splitlines()[-TAIL:]
    print(f"{prefix} {title}: FAILED after {seconds:.0f} s (exit {status}); the whole output is in {log}:",
          file=sys.stderr)
    for line in tail:
        print(f"    {line}", file=sys.stderr)
    return status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--logs", type=Path, default=ROOT / "var" / "logs", help="directory of the logs")
    parser.add_argument("name", help="the log's name: var/logs/NAME.log")
    parser.add_argument("title", help="what the step does, for the one line")
    parser.add_argument("--progress", choices=sorted(PROGRESS), help="draw a progress bar from the log")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")
    return run(args.name, args.title, command, args.progress, args.logs)


if __name__ == "__main__":
    sys.exit(main())
