"""The training fingerprint: a hash of every file that shapes the Rasa model.

    python scripts/fingerprint.py            # the fingerprint (12 hex digits); the model's name
    python scripts/fingerprint.py --list     # the files it covers, one a line

scripts/train.sh names the model after it (models/jobbcoach-<fingerprint>.tar.gz), so the run and
test commands retrain exactly when an input changed. The inputs are the training data and its
configuration (INPUTS), plus the Python code that runs inside the pipeline: the custom components
named in bot/config.yml and in nlu/components, and every module of ours they import, found by
reading their imports (so a helper that moves, e.g. text folding, is followed, not forgotten).
Standard library only: it runs before any environment is set up.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import re
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Files and folders whose content shapes the model; a missing one is skipped (it may come later,
# e.g. nlu/safety or bot/languages), so the list can name what the project is growing into.
INPUTS = (
    "bot/config.yml", "bot/domain", "bot/data", "bot/languages",
    "nlu/data", "nlu/components", "nlu/textnorm.py", "nlu/taxonomy.py", "nlu/entity_values.py",
    "nlu/taxonomy_data", "nlu/safety",
    "requirements/rasa.lock.txt",
)
SKIP_PARTS = {"__pycache__", ".pytest_cache"}
SKIP_SUFFIXES = {".pyc", ".pyo"}
COMPONENT_NAME = re.compile(r"^\s*-?\s*name:\s*([A-Za-z_][\w.]*\.[A-Z]\w*)\s*$", re.M)


def _files_under(root: Path, relative: str) -> Iterable[Path]:
    path = root / relative
    if path.is_file():
        yield path
    elif path.is_dir():
        for child in path.rglob("*"):
            if child.is_file() and not SKIP_PARTS & set(child.parts) and child.suffix not in SKIP_SUFFIXES:
                yield child


def _module_file(root: Path, dotted: str) -> Path | None:
    """The file of a module of ours (`nlu.textnorm` -> nlu/textnorm.py), or None for anything else."""
    base = root.joinpath(*dotted.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported_modules(path: Path, root: Path) -> Iterable[Path]:
    """Files of ours that `path` imports, anywhere in it (also inside functions and try blocks)."""
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text("utf-8"), filename=str(path))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parent, base] if base else parent)
            names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        for name in names:
            parts = name.split(".")
            for end in range(len(parts), 0, -1):  # a.b.c may be a module, or a name in module a.b
                found = _module_file(root, ".".join(parts[:end]))
                if found:
                    yield found
                    for step in range(1, end):  # importing a.b runs a/__init__.py too
                        init = _module_file(root, ".".join(parts[:step]))
                        if init:
                            yield init
                    break


def _pipeline_code(root: Path) -> set[Path]:
    """The custom components in bot/config.yml and nlu/components, with what they import of ours."""
    seeds = {p for p in _files_under(root, "nlu/components") if p.suffix == ".py"}
    config = root / "bot" / "config.yml"
    if config.is_file():
        for dotted in COMPONENT_NAME.findall(config.read_text("utf-8")):
            module = _module_file(root, dotted.rsplit(".", 1)[0])
            if module:
                seeds.add(module)
    seen: set[Path] = set()
    todo = list(seeds)
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        todo.extend(found for found in _imported_modules(path, root) if found not in seen)
    return seen


def training_inputs(root: Path = ROOT) -> list[Path]:
    """Every file that shapes the model, sorted by its path relative to `root`."""
    files = {p for relative in INPUTS for p in _files_under(root, relative)} | _pipeline_code(root)
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def fingerprint(root: Path = ROOT) -> str:
    """12 hex digits of a SHA-256 over the inputs' paths and contents."""
    digest = hashlib.sha256()
    for path in training_inputs(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:12]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--list", action="store_true", help="print the files the fingerprint covers")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.list:
        for path in training_inputs(args.root):
            print(path.relative_to(args.root).as_posix())
    else:
        print(fingerprint(args.root))
    return 0


if __name__ == "__main__":
    sys.exit(main())
