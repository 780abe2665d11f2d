"""The results kept between builds: reused only when their sources and Lotsen's code
are the same, and never at the cost of a finding."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lotsen import cache as build_cache
from lotsen.cli.main import main

from conftest import FIXTURES, make_project, reported, reported_varnings, run_env, sphinx_build


def incremental(src: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "--no-color",
         "-d", str(src / "_build" / "doctrees"), str(src), str(src / "_build" / "html")],
        capture_output=True, text=True, env=run_env(), check=False)


def test_a_result_is_computed_once_and_kept_only_if_used(tmp_path: Path, fresh_cache: None) -> None:
    calls = []
    assert build_cache.remember(("a",), lambda: calls.append(1) or "A") == "A"
    assert build_cache.remember(("a",), lambda: calls.append(1) or "B") == "A"
    assert calls == [1]
    build_cache.save(tmp_path)
    build_cache._results.clear()
    build_cache._used.clear()
    build_cache.load(tmp_path)
    assert build_cache.remember(("a",), lambda: "C") == "A"
    build_cache._results[("stale",)] = "S"  # loaded, never used: not saved again
    build_cache.save(tmp_path)
    build_cache._results.clear()
    build_cache.load(tmp_path)
    assert ("stale",) not in build_cache._results


def test_what_a_kept_result_was_computed_from_is_kept_with_it(tmp_path: Path, fresh_cache: None) -> None:
    """The whole check is kept (checks/kept.py); each file's results must stay with it
    for the build in which one file changes."""
    assert build_cache.remember(("outer",), lambda: build_cache.remember(("inner",), lambda: "I") + "O") == "IO"
    build_cache.save(tmp_path)
    build_cache.load(tmp_path)
    assert build_cache.remember(("outer",), lambda: "X") == "IO"  # kept: "inner" is not asked for
    build_cache.remember(("other",), lambda: "N")  # something new: the file is written again
    build_cache.save(tmp_path)
    build_cache.load(tmp_path)
    assert build_cache._results.get(("inner",)) == "I"


def test_a_damaged_or_foreign_cache_is_ignored(tmp_path: Path, fresh_cache: None,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / build_cache.CACHE_FILE).write_bytes(b"not a pickle")
    build_cache.load(tmp_path)
    assert build_cache._results == {}
    build_cache.remember(("a",), lambda: "A")
    build_cache.save(tmp_path)
    build_cache._results.clear()
    monkeypatch.setattr(build_cache, "code_version", lambda: "another Lotsen")
    build_cache.load(tmp_path)
    assert build_cache._results == {}


def _file_bytes(folder: Path) -> tuple[bytes, bytes | None]:
    new = folder / build_cache.NEW_FILE
    return (folder / build_cache.CACHE_FILE).read_bytes(), new.read_bytes() if new.exists() else None


def _fresh_process() -> None:
    """What a new build's process holds before it loads: nothing."""
    build_cache._results.clear()
    build_cache._used.clear()
    build_cache._deps.clear()
    build_cache._whole.clear()


def test_what_is_new_is_written_beside_the_whole_file(tmp_path: Path, fresh_cache: None,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """After an edit only the new results are written; a load finds old and new, and
    the whole file is written again once the changes come to more than an eighth of it."""
    monkeypatch.setattr(build_cache, "_whole", {})
    files = [(f"fil-{n}",) for n in range(200)]
    for key in files:
        build_cache.remember(key, lambda key=key: key[0].upper())
    build_cache.remember(("hela",), lambda: [build_cache.remember(key, lambda: "?") for key in files])
    build_cache.save(tmp_path)
    whole, new = _file_bytes(tmp_path)
    assert new is None
    expected = {key: key[0].upper() for key in files}
    for edit in range(1, 20):
        _fresh_process()
        build_cache.load(tmp_path)
        edited = (f"fil-{edit}", "ändrad")  # the file's new content: a new key in place of the old
        files[edit] = edited
        expected.pop((f"fil-{edit}",))
        expected[edited] = f"NY {edit}"
        for key in files:
            build_cache.remember(key, lambda edit=edit: f"NY {edit}")
        build_cache.remember(("hela", edit), lambda: [build_cache.remember(key, lambda: "?") for key in files])
        build_cache.save(tmp_path)
        # new since the whole file: the edited files and this check; not used: as many
        changes = 2 * (edit + 1)
        if changes * 8 > 201:
            break
        assert _file_bytes(tmp_path)[0] == whole, edit  # the whole file untouched
        _fresh_process()
        build_cache.load(tmp_path)
        for key, value in expected.items():
            assert build_cache.kept(key) == value, key
        assert build_cache.kept(("hela", edit)) is not None
        assert build_cache.kept(("hela",)) is not None  # in the whole file, unused, still there
        assert edit == 1 or build_cache.kept(("hela", edit - 1)) is None  # new before, unused now: gone
    assert edit == 12
    rewritten, new = _file_bytes(tmp_path)
    assert rewritten != whole and new is None
    _fresh_process()
    build_cache.load(tmp_path)
    assert set(build_cache._results) == {*files, ("hela", edit)}  # what was not used is gone
    assert all(build_cache.kept(key) == value for key, value in expected.items())


def test_what_is_new_beside_another_whole_file_is_not_taken(tmp_path: Path, fresh_cache: None,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_cache, "_whole", {})
    for n in range(20):
        build_cache.remember((n,), lambda n=n: n)
    build_cache.save(tmp_path)
    _fresh_process()
    build_cache.load(tmp_path)
    for n in range(20):
        build_cache.remember((n,), lambda: "?")
    build_cache.remember(("ny",), lambda: "N")
    build_cache.save(tmp_path)
    assert _file_bytes(tmp_path)[1] is not None
    kept_new = (tmp_path / build_cache.NEW_FILE).read_bytes()
    # another process writes the whole file anew (other results): the new file is not its
    _fresh_process()
    build_cache.remember(("annan",), lambda: "A")
    build_cache.save(tmp_path)
    (tmp_path / build_cache.NEW_FILE).write_bytes(kept_new)
    _fresh_process()
    build_cache.load(tmp_path)
    assert build_cache._results == {("annan",): "A"}
    # a damaged new file is left out, and the whole one still read
    (tmp_path / build_cache.NEW_FILE).write_bytes(b"trasig")
    _fresh_process()
    build_cache.load(tmp_path)
    assert build_cache._results == {("annan",): "A"}


def test_the_same_results_give_the_same_whole_file(tmp_path: Path, fresh_cache: None,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_cache, "_whole", {})
    for folder in (tmp_path / "a", tmp_path / "b"):
        _fresh_process()
        for n in range(30):
            build_cache.remember((n,), lambda n=n: {"värde": n})
        build_cache.save(folder)
    assert _file_bytes(tmp_path / "a") == _file_bytes(tmp_path / "b")


#: Keeps two results, one of which takes ``SLOW`` seconds to be written, and saves them
#: as the `lotsen` command does as it ends (cache.save, ``outliving``); prints the id of
#: the process that writes them, and leaves at once, as the command does.
SAVING = """
import os, sys, time
from pathlib import Path
from lotsen import cache

class Slow:
    def __reduce__(self):
        time.sleep({slow})
        return (str, ("langsam",))

cache.load(Path(sys.argv[1]) / "none")
cache.remember(("snabb",), lambda: "snabb")
cache.remember(("langsam",), Slow)
print(cache.save(Path(sys.argv[1]), outliving=True), flush=True)
os._exit(0)
"""
SLOW = 2


def _save_outliving(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {**run_env(), "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("LOTSEN_PROCESSES", None)
    return subprocess.run([sys.executable, "-c", SAVING.format(slow=SLOW), str(folder)], capture_output=True,
                          text=True, env=env, timeout=60, check=True)


def _lock_is_held(folder: Path) -> bool:
    import fcntl

    lock = os.open(folder / build_cache.LOCK_FILE, os.O_RDONLY)
    try:
        fcntl.flock(lock, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(lock)
    return False


def test_a_command_that_ends_leaves_its_results_to_a_process_that_writes_them(tmp_path: Path,
                                                                               fresh_cache: None) -> None:
    """The command has ended and its output is closed while the results are still being
    written; a load waits for them and finds all of them."""
    folder = tmp_path / "kept"
    saving = _save_outliving(folder)
    assert saving.stdout.strip().isdigit() and saving.stderr == ""
    assert _lock_is_held(folder)  # the writing outlived the command, which left its output
    assert not (folder / build_cache.CACHE_FILE).exists()
    build_cache.load(folder)
    assert build_cache._results == {("snabb",): "snabb", ("langsam",): "langsam"}
    assert sorted(p.name for p in folder.iterdir()) == [build_cache.LOCK_FILE, build_cache.CACHE_FILE]


def test_a_folder_removed_while_the_results_are_written_is_not_made_again(tmp_path: Path) -> None:
    import fcntl

    folder = tmp_path / "_build" / "kept"
    _save_outliving(folder)
    assert _lock_is_held(folder)  # still writing
    lock = os.open(folder / build_cache.LOCK_FILE, os.O_RDONLY)
    shutil.rmtree(tmp_path / "_build")  # say `rm -rf _build` right after the command
    try:
        fcntl.flock(lock, fcntl.LOCK_SH)  # the writing process is done
    finally:
        os.close(lock)
    assert not (tmp_path / "_build").exists()


def test_what_a_stopped_save_left_is_removed_by_the_next(tmp_path: Path, fresh_cache: None) -> None:
    left = tmp_path / f"{build_cache.CACHE_FILE}.4711.part"
    tmp_path.joinpath(build_cache.CACHE_FILE + ".tmp").write_bytes(b"half")  # as Lotsen once named it
    left.write_bytes(b"half")
    build_cache.remember(("a",), lambda: "A")
    assert build_cache.save(tmp_path) is None  # in this process
    assert sorted(p.name for p in tmp_path.iterdir()) == [build_cache.LOCK_FILE, build_cache.CACHE_FILE]


def test_findings_of_unchanged_files_are_reported_on_every_build(tmp_path: Path) -> None:
    """The second build scans nothing again, yet reports the same findings, also
    those from cached personal-data and readability checks."""
    extra = {name: (FIXTURES / "rules" / name).read_text(encoding="utf-8")
             for name in ("personal_number.md", "lix_high.md", "field_value.md")}
    root = make_project(tmp_path / "proj", extra)
    first = sphinx_build(root)
    assert (root / "_build" / "doctrees" / build_cache.CACHE_FILE).is_file()
    second = incremental(root)
    codes = {(r.code, r.file, r.line) for r in reported(first.stderr + first.stdout)}
    assert {"personal_number", "field_value"} <= {c for c, _, _ in codes}
    assert {(r.code, r.file, r.line) for r in reported(second.stderr + second.stdout)} == codes
    assert "lix_high" in second.stdout
    assert first.returncode == second.returncode != 0


def test_an_edited_file_is_scanned_again(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj")
    assert sphinx_build(root).returncode == 0
    shutil.copy(FIXTURES / "rules" / "field_value.md", root / "field_value.md")
    second = incremental(root)
    assert second.returncode != 0
    assert "field_value" in {r.code for r in reported(second.stderr)}


_RULES = FIXTURES / "rules"
#: A routine that the mention in b.md names, until f.md is deleted.
_NAMED = (FIXTURES / "base" / "objects.md").read_text(encoding="utf-8").split("```{rutin}")[1].split("```")[0]
_STYLE = "<style>.upphavd { display: none }</style>"


def _findings(result: subprocess.CompletedProcess[str]) -> set[tuple[str, str, int]]:
    return {(r.code, r.file, r.line) for r in reported(result.stderr) + reported_varnings(result.stdout)}


def _checked(root: Path, capsys: pytest.CaptureFixture[str]) -> set[tuple[str, str, int]]:
    capsys.readouterr()
    main(["check", "--root", str(root), "--format", "json"])
    return {(f["code"], f["file"], f["line"]) for f in json.loads(capsys.readouterr().out)}


def test_edits_renames_and_deletions_are_found_as_by_a_clean_run(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Between two builds, and between two runs of `lotsen check`, a file is edited
    (keeping its size and time stamp), one renamed and one deleted; the findings of
    the second run, from the kept results, are those of a run that starts clean.
    The first check starts from the first build's results (and the clean build from
    the clean check's)."""
    root = make_project(tmp_path / "proj", {
        "a.md": (_RULES / "raw_html.md").read_text(encoding="utf-8"),
        "b.md": (_RULES / "mention_target_missing.md").read_text(encoding="utf-8"),
        "c.md": (_RULES / "field_value.md").read_text(encoding="utf-8"),
        "d.md": (_RULES / "personal_number.md").read_text(encoding="utf-8"),
        "f.md": "# Namngiven\n\n```{rutin}" + _NAMED.replace("RUT-HT-001", "RUT-HT-099") + "```\n",
    })
    first_build, first_check = _findings(incremental(root)), _checked(root, capsys)
    assert ("raw_html", "a.md", 7) in first_build and ("personal_number", "d.md", 10) in first_build
    assert not any(code == "mention_target_missing" for code, _, _ in first_build)
    assert first_check == first_build

    edited = root / "a.md"
    stat = edited.stat()
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace(_STYLE, "x" * len(_STYLE)), encoding="utf-8")
    os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as a checkout may leave it
    assert edited.stat().st_size == stat.st_size
    (root / "d.md").rename(root / "d2.md")
    (root / "f.md").unlink()
    second_build, second_check = _findings(incremental(root)), _checked(root, capsys)

    clean = tmp_path / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("_build"))
    # the other way round: the clean build starts from the clean check's results
    clean_check = _checked(clean, capsys)
    assert (clean / build_cache.CHECK_FOLDER / build_cache.CACHE_FILE).is_file()
    clean_build = _findings(incremental(clean))
    assert second_build == clean_build
    assert second_check == clean_check == clean_build
    changed = clean_build ^ first_build
    assert ("raw_html", "a.md", 7) in changed and ("raw_html", "a.md", 5) not in changed
    assert {("personal_number", "d.md", 10), ("personal_number", "d2.md", 10)} <= changed
    assert ("mention_target_missing", "b.md", 15) in changed  # b.md itself did not change


#: What `lotsen check` has no use for once the build's reading is kept: printing,
#: spreadsheets, images, templates, git and the build itself.
_NOT_FOR_CHECKING = ("sphinx", "sphinx_needs", "docx", "openpyxl", "xlsxwriter", "weasyprint", "PIL", "jinja2",
                     "lotsen.git", "lotsen.reports.diff", "lotsen.site")


def test_a_check_imports_nothing_it_does_not_use(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj")
    script = ("import sys\nfrom lotsen.cli.main import main\ncode = main(['check', '--root', sys.argv[1]])\n"
              f"print(sorted(m for m in sys.modules if m.split('.')[0] in {_NOT_FOR_CHECKING!r} "
              f"or m.startswith({_NOT_FOR_CHECKING!r})), code)")
    runs = [subprocess.run([sys.executable, "-c", script, str(root)], capture_output=True, text=True,
                           env=run_env(), check=False) for _ in range(2)]
    assert "sphinx" in runs[0].stdout  # the first check starts Sphinx once, for the project's reading
    assert runs[1].stdout.strip() == "[] 0", runs[1].stdout + runs[1].stderr
