"""A check that reads many files for the first time reads half of them in a second
process (checks/two_cores.py). Oracle: the same check in one process
(``LOTSEN_PROCESSES=1``): the same findings in the same order, and the same results
kept. Run in fresh processes: pytest's own threads keep a test process from forking."""

from __future__ import annotations

import io
import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lotsen import cache
from lotsen.checks.two_cores import MIN_FILES

from bench.generate import generate
from conftest import REPO

TODAY = "2030-12-31"

#: Reads the generated project once, cold, in a fresh process: prints how many parts
#: the second process gave, and whether every file's part is then kept. With "fail",
#: the second process fails at its first file; with "again", the files are read a second
#: time, and with "changed" a second time after most pages got a new line.
PROBE = """
import json, os, sys
from pathlib import Path
from lotsen import cache
from lotsen.checks import two_cores
from lotsen.checks.file_check import file_key, model_parts
from lotsen.model import load_model
from lotsen.source.files import content_files

root = Path(sys.argv[1])
parent = os.getpid()
if sys.argv[2] == "fail":
    real_check = two_cores.check_file
    def check_file(*args):
        if os.getpid() != parent:
            raise RuntimeError("RUT-S-001 text som inte får synas")
        return real_check(*args)
    two_cores.check_file = check_file
model = load_model(root / "lotsen.yaml")
files = content_files(root)
cache.load(root / "_build" / "none")
given = two_cores.read_on_two_cores(model, root, files, None)
if sys.argv[2] in ("again", "changed"):
    if sys.argv[2] == "changed":  # most pages get a new line: their parts are no longer kept
        for path in [p for p in files if p.suffix == ".md"][: two_cores.MIN_FILES + 6]:
            path.write_text(path.read_text(encoding="utf-8") + "\\nEn rad till.\\n", encoding="utf-8")
    given = two_cores.read_on_two_cores(model, root, files, None)
parts, real = model_parts(model), os.path.realpath(root)
keys = [file_key(parts, real, p, p.relative_to(root).as_posix(), None) for p in files]
kept = sum(1 for k in keys if k is not None and k[1] is not None and cache.kept(k[0]) is not None)
print(json.dumps({"given": given, "kept": kept, "files": len(files)}))
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("two-cores") / "S"
    generate(root, "S", seed=1)
    return root


def check(root: Path, processes: str | None) -> tuple[str, bytes]:
    shutil.rmtree(root / "_build", ignore_errors=True)
    env = {**os.environ, "LOTSEN_TODAY": TODAY}
    env.pop("LOTSEN_PROCESSES", None)
    if processes:
        env["LOTSEN_PROCESSES"] = processes
    result = subprocess.run([sys.executable, "-m", "lotsen.cli.main", "check", "--root", str(root), "--format", "json"],
                            capture_output=True, text=True, env=env, timeout=600, check=False)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert result.stderr == "" or "Traceback" not in result.stderr
    folder = root / "_build" / "lotsen-check"
    cache.wait_for_save(folder)  # written while the command ended (cache.save)
    return result.stdout, (folder / "lotsen-cache.pickle").read_bytes()


def probe(root: Path, mode: str) -> tuple[dict, str]:
    result = subprocess.run([sys.executable, "-c", PROBE, str(root), mode], capture_output=True, text=True,
                            env={**os.environ, "LOTSEN_TODAY": TODAY}, timeout=600, check=False, cwd=REPO)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout), result.stderr


def kept_results(data: bytes) -> dict:
    saved = io.BytesIO(data)
    pickle.load(saved)  # the file's head: its version and name (lotsen/cache.py)
    return dict(pickle.load(saved)["results"])


def test_two_processes_find_what_one_finds(project: Path) -> None:
    one, one_cache = check(project, "1")
    two, two_cache = check(project, None)
    assert json.loads(one), "the oracle finds something to compare"
    assert two == one
    assert kept_results(two_cache) == kept_results(one_cache)


def test_the_second_process_reads_half_and_all_is_kept(project: Path) -> None:
    shutil.rmtree(project / "_build", ignore_errors=True)
    found, stderr = probe(project, "ok")
    assert found["files"] >= MIN_FILES
    assert found["given"] > 0
    assert found["kept"] == found["files"]
    assert stderr == ""


def test_files_read_already_start_no_second_process_and_changed_ones_do(tmp_path: Path, project: Path) -> None:
    shutil.rmtree(project / "_build", ignore_errors=True)
    found, _ = probe(project, "again")
    assert found["given"] == 0 and found["kept"] == found["files"]  # after an edit: nothing to read
    copy = tmp_path / "S"
    shutil.copytree(project, copy)
    found, _ = probe(copy, "changed")
    assert found["given"] > 0 and found["kept"] == found["files"]


def test_a_failing_second_process_says_nothing_and_loses_nothing(project: Path) -> None:
    shutil.rmtree(project / "_build", ignore_errors=True)
    found, stderr = probe(project, "fail")
    assert found["given"] == 0
    assert found["kept"] < found["files"]  # the failed half is left to the check
    assert "RUT-S-001" not in stderr and "Traceback" not in stderr and stderr == ""
    one, _ = check(project, "1")
    assert json.loads(one)


#: Reads the generated project once, cold, in a fresh process, with or without what the
#: check asks of each file's needs alone (``pipeline.per_file_kept``), and then counts
#: how many rule results and LIX figures the check still computes itself.
PROBE_ALSO = """
import datetime as dt, json, sys
from pathlib import Path
from lotsen import cache
from lotsen.checks import content, rules_kept, two_cores
from lotsen.checks.pipeline import per_file_kept, scan_files
from lotsen.model import load_model_kept
from lotsen.source.files import content_files

root = Path(sys.argv[1])
today = dt.date.fromisoformat("2030-12-31")
cache.load(root / "_build" / "none")
model = load_model_kept(root / "lotsen.yaml")  # as a check reads it: its results may be kept
files = content_files(root)
given = two_cores.read_on_two_cores(model, root, files, None,
                                    per_file_kept(model, today) if sys.argv[2] == "also" else None)
computed = []
real_alone, real_lix = rules_kept._alone, content.lix
rules_kept._alone = lambda *args: computed.append("rules") or real_alone(*args)
content.lix = lambda text: computed.append("lix") or real_lix(text)
per_file = []
needs, _ = scan_files(model, root, files, per_file=per_file)
rules_kept.validate_kept(model, needs, today, per_file)
content.readability_findings(model, needs)
print(json.dumps({"given": given, "rules": computed.count("rules"), "lix": computed.count("lix"),
                  "files with needs": len(per_file)}))
"""


def test_the_second_process_also_computes_what_the_check_asks_of_each_file(project: Path) -> None:
    """With ``per_file_kept``, the rules' results for each file's needs alone and each
    routine's LIX are computed while the files are read, half on each core: the check
    that follows computes none of them (without it, it computes them for every file)."""
    def run(mode: str) -> dict:
        shutil.rmtree(project / "_build", ignore_errors=True)
        result = subprocess.run([sys.executable, "-c", PROBE_ALSO, str(project), mode], capture_output=True,
                                text=True, env={**os.environ, "LOTSEN_TODAY": TODAY}, timeout=600, check=False,
                                cwd=REPO)
        assert result.returncode == 0 and result.stderr == "", result.stderr[-2000:]
        return json.loads(result.stdout)

    alone, also = run("parts"), run("also")
    assert alone["rules"] == alone["files with needs"] > 0 and alone["lix"] > 0
    assert (also["rules"], also["lix"]) == (0, 0)
    assert also["given"] > alone["given"] > 0  # the second process sent those of its half too
