"""Real matching indexes for tests, built by the project's CLI and kept between runs.

An index of a few thousand ads takes a minute or more to embed on 2 cores; the edit-run loop
(`make test-fast`) should pay that once. So an index lives in var/test-cache/index-<key>, the key a
hash of jobmatch's code, the ad sample and the selection: a change to any of them builds a new one.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from pathlib import Path

from filelock import FileLock

from jobbcoach_settings import get_settings
from jobmatch.local_index import snapshot_dir
from tests.support.servers import APP_PYTHON, REPO, base_env


def cache_key(ads_sample: Path, municipalities: str) -> str:
    digest = hashlib.sha256(municipalities.encode())
    for path in sorted((REPO / "jobmatch").rglob("*.py")):
        digest.update(path.read_bytes())
    stat = ads_sample.stat()
    digest.update(f"{ads_sample}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]


def is_built(index_dir: Path) -> bool:
    """A finished build: the snapshot CURRENT names holds its ids (a half-moved or older-format
    directory does not count, and is rebuilt)."""
    return (index_dir / "CURRENT").exists() and (snapshot_dir(index_dir)[0] / "ids.json").exists()


def cached_index(ads_sample: Path, municipalities: str) -> Path:
    """The index of every ad in `municipalities` (comma-separated), built once per key."""
    index_dir = get_settings().var_dir / "test-cache" / f"index-{cache_key(ads_sample, municipalities)}"
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(f"{index_dir}.lock"):  # test workers (pytest -n) build each index once
        if not is_built(index_dir):
            build_index(ads_sample, municipalities, index_dir)
    return index_dir


def build_index(ads_sample: Path, municipalities: str, index_dir: Path) -> None:
    building = Path(tempfile.mkdtemp(prefix="jobbcoach-test-index-")) / "index"
    env = base_env()
    env.pop("JOBBCOACH_EMBEDDER", None)
    subprocess.run(
        [str(APP_PYTHON), "-m", "jobmatch", "build", "--source", str(ads_sample), "--index", str(building),
         "--where", f"municipality={municipalities}", "--quiet"],
        cwd=REPO, env=env, check=True, capture_output=True, timeout=1800,
    )
    shutil.rmtree(index_dir, ignore_errors=True)
    shutil.move(str(building), index_dir)
    shutil.rmtree(building.parent, ignore_errors=True)
