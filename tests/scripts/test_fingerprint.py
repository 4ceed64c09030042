"""The training fingerprint follows everything that shapes the model, including the pipeline's code."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

from scripts.fingerprint import fingerprint, training_inputs
from tests.support.servers import REPO


def copy_training_inputs(target: Path) -> Path:
    for path in training_inputs(REPO):
        relative = path.relative_to(REPO)
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target / relative)
    return target


def folding_module(root: Path) -> Path:
    """The module that defines fold() in the copy, wherever the project keeps it."""
    for path in training_inputs(root):
        if path.suffix == ".py" and any(isinstance(n, ast.FunctionDef) and n.name == "fold"
                                        for n in ast.walk(ast.parse(path.read_text("utf-8")))):
            return path
    raise AssertionError("no fold() among the training inputs: the folding code is not fingerprinted")


def test_a_change_to_fold_gives_a_new_fingerprint(tmp_path):
    copy = copy_training_inputs(tmp_path)
    before = fingerprint(copy)
    assert before == fingerprint(REPO)  # the copy holds every input

    module = folding_module(copy)
    source = module.read_text("utf-8")
    changed = source.replace("def fold(text: str) -> str:", "def fold(text: str) -> str:  # changed", 1)
    assert changed != source
    module.write_text(changed, "utf-8")

    assert fingerprint(copy) != before


def test_the_inputs_cover_data_config_components_and_what_they_import(tmp_path):
    names = {p.relative_to(REPO).as_posix() for p in training_inputs(REPO)}
    for expected in ("bot/config.yml", "nlu/textnorm.py", "nlu/taxonomy.py", "nlu/entity_values.py",
                     "requirements/rasa.lock.txt"):
        assert expected in names
    assert any(n.startswith("bot/domain/") for n in names) and any(n.startswith("nlu/data/") for n in names)
    assert any(n.startswith("nlu/taxonomy_data/") for n in names)

    copy = copy_training_inputs(tmp_path)
    (copy / "nlu" / "helper.py").write_text("VALUE = 1\n")
    (copy / "nlu" / "components" / "extra.py").write_text("from nlu.helper import VALUE\n")
    assert (copy / "nlu" / "helper.py") in training_inputs(copy)  # found through the import


def test_the_train_command_names_the_model_after_it():
    """scripts/train.sh (used by `make run`, `make test` and `make train`) asks the same script."""
    assert 'scripts/fingerprint.py' in (REPO / "scripts" / "train.sh").read_text()
    printed = subprocess.run([sys.executable, "scripts/fingerprint.py"], cwd=REPO, capture_output=True,
                             text=True, check=True).stdout.strip()
    assert printed == fingerprint(REPO) and len(printed) == 12
