"""A missing or damaged matching index: a clear error from the index check, and the run command's
index step moves a damaged index aside and rebuilds it from the configured source."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from jobmatch.local_index import snapshot_dir
from tests.support.servers import APP_PYTHON, REPO, base_env


def jobmatch_info(index_dir) -> subprocess.CompletedProcess:
    return subprocess.run([str(APP_PYTHON), "-m", "jobmatch", "info", "--index", str(index_dir)],
                          cwd=REPO, env=base_env(), capture_output=True, text=True, timeout=120)


def test_a_missing_index_is_reported_clearly(tmp_path):
    result = jobmatch_info(tmp_path / "nowhere")
    assert result.returncode == 1
    assert "no jobmatch index" in result.stderr and "python -m jobmatch build" in result.stderr


@pytest.mark.parametrize("damage", ["truncated vectors", "not a database", "ids not json"])
def test_a_damaged_index_is_reported_clearly(test_index, tmp_path, damage):
    shutil.copytree(test_index, tmp_path / "index")
    broken, _ = snapshot_dir(tmp_path / "index")  # the version the index's CURRENT pointer names
    if damage == "truncated vectors":
        data = (broken / "vectors.npy").read_bytes()
        (broken / "vectors.npy").write_bytes(data[: len(data) // 3])
    elif damage == "not a database":
        (tmp_path / "index" / "meta.sqlite").write_bytes(b"this is not sqlite")  # shared by the versions
    else:
        (broken / "ids.json").write_text("[1, 2,")
    result = jobmatch_info(tmp_path / "index")
    assert result.returncode == 1
    assert "damaged" in result.stderr and "rebuild" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_run_commands_index_step_rebuilds_a_damaged_index(ads_sample, tmp_path):
    source = tmp_path / "ads.jsonl"
    with open(ads_sample, encoding="utf-8") as lines:
        ads = [json.loads(line) for _, line in zip(range(400), lines, strict=False)]
    open_ads = [ad for ad in ads if not ad["removed"]][:25]
    source.write_text("".join(json.dumps(ad, ensure_ascii=False) + "\n" for ad in open_ads), encoding="utf-8")
    index = tmp_path / "var" / "index"
    index.mkdir(parents=True)
    (index / "ids.json").write_text("garbage")
    (index / "meta.sqlite").write_text("garbage")

    result = subprocess.run(
        ["bash", "scripts/ensure_index.sh"], cwd=REPO, capture_output=True, text=True, timeout=600,
        env=base_env(JOBBCOACH_VAR=str(tmp_path / "var"), JOBBCOACH_INDEX=str(index),
                     JOBBCOACH_ADS_SOURCE=str(source)),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "damaged" in result.stdout
    aside = [p for p in index.parent.iterdir() if p.name.startswith("index.damaged-")]
    assert len(aside) == 1 and (aside[0] / "ids.json").read_text() == "garbage"  # kept, not deleted
    info = jobmatch_info(index)
    assert info.returncode == 0 and f"{len(open_ads)} ads" in info.stdout
