"""The `lotsen` command leaves without freeing its objects one by one (cli/main.py
``entry``): what a normal exit does first still happens. Oracle: Python's own exit."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO, copy_sample

#: Writes much, registers an exit handler that writes too, leaves a temporary folder
#: to Python's clean-up, and leaves with the code given.
PROGRAM = """
import atexit, sys, tempfile
from pathlib import Path
folder = tempfile.TemporaryDirectory()
(Path(folder.name) / "kvar.txt").write_text("x")
print(folder.name)
sys.stdout.write("rad\\n" * 200_000)
sys.stderr.write("fel\\n")
atexit.register(lambda: print("sist"))
{leave}
"""


def run(leave: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", PROGRAM.format(leave=leave)], capture_output=True, text=True,
                          cwd=REPO, timeout=120, check=False)


def test_leaving_does_what_a_normal_exit_does_first() -> None:
    fast = run("from lotsen.cli.main import leave; leave(3)")
    normal = run("sys.exit(3)")
    assert (fast.returncode, fast.stderr) == (normal.returncode, normal.stderr) == (3, "fel\n")
    assert fast.stdout.splitlines()[1:] == normal.stdout.splitlines()[1:]
    assert fast.stdout.endswith("rad\nsist\n") and fast.stdout.count("rad\n") == 200_000
    for result in (fast, normal):  # the temporary folder was cleaned up at exit
        assert not Path(result.stdout.splitlines()[0]).exists()


def test_the_command_gives_its_exit_code_and_all_its_output(tmp_path) -> None:
    """The installed command (``entry``): a check with findings exits 1 with every
    finding printed, as ``main`` gives them in this process."""
    from lotsen.cli.main import main

    src = copy_sample(tmp_path / "src")
    target = src / "routines" / "ht" / "rut-ht-005.md"
    target.write_text(target.read_text(encoding="utf-8").replace(":id: RUT-HT-005", ":id: RUT-HT-5", 1),
                      encoding="utf-8")
    command = shutil.which("lotsen", path=str(Path(sys.executable).parent))
    assert command is not None
    result = subprocess.run([command, "check", "--root", str(src)], capture_output=True, text=True, timeout=300,
                            check=False, env={"PATH": "/usr/bin:/bin", "LOTSEN_TODAY": "2026-12-31"})
    assert result.returncode == 1, result.stderr[-2000:]
    shutil.rmtree(src / "_build", ignore_errors=True)
    out, err = io.StringIO(), io.StringIO()
    saved = os.environ.get("LOTSEN_TODAY")
    os.environ["LOTSEN_TODAY"] = "2026-12-31"
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["check", "--root", str(src)])
    finally:
        if saved is None:
            os.environ.pop("LOTSEN_TODAY")
        else:
            os.environ["LOTSEN_TODAY"] = saved
    assert (code, out.getvalue(), err.getvalue()) == (result.returncode, result.stdout, result.stderr)
    assert "RUT-HT-5" in result.stdout + result.stderr


def test_a_file_the_system_refuses_is_said_in_swedish(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    """The system's reasons are English ("Not a directory"): the author reads what is
    wrong in Swedish, with the path, and the command ends with status 2."""
    import errno

    from lotsen.cli.main import main
    from lotsen.errors import system_reason

    blocker = tmp_path / "en-fil"
    blocker.write_text("x", encoding="utf-8")
    assert main(["init", str(blocker / "ut"), "--namn", "Ekby", "--kortnamn", "Ekby", "--enhet", "HT=Hemtjänst",
                 "--roll", "chef=Chef", "--no-input"]) == 2
    err = capsys.readouterr().err
    assert f"{blocker / 'ut'}: en del av sökvägen är ingen mapp." in err
    assert "Not a directory" not in err and "Errno" not in err
    for code in (errno.EACCES, errno.ENOSPC, errno.EROFS, errno.ENOENT, errno.EISDIR):
        reason = system_reason(OSError(code, os.strerror(code)))
        assert reason and os.strerror(code) not in reason
