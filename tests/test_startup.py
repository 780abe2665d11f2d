"""What every build pays before Sphinx reads a page: what Lotsen imports, how Python's
garbage collector is held while the environment loads, and the history read from git
(docs/prestanda.md)."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from test_history import git

from conftest import build_in_process, make_project, sphinx_build

#: Modules that only some builds use (with lotsen_pdf, or writing Word and PDF files),
#: and the libraries they write with: a build imports them when it needs them.
_NOT_AT_START = ("lotsen.site.document_output", "lotsen.site.binder_pdf", "lotsen.reports.document_docx",
                 "docx", "weasyprint", "xlsxwriter", "PIL", "openpyxl")


def test_the_extension_imports_no_writer_that_only_some_builds_use() -> None:
    code = "import sys, lotsen.sphinx.extension; print(' '.join(sorted(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert "lotsen.sphinx.extension" in loaded
    assert [name for name in _NOT_AT_START if name in loaded] == []


def _counting_logs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    import lotsen.reports.history as history

    logs: list[tuple[str, ...]] = []
    real = history.git_output

    def counted(root: Path, *args: str) -> str | None:
        if args[0] == "log":
            logs.append(args)
        return real(root, *args)

    monkeypatch.setattr(history, "git_output", counted)
    return logs


def test_the_history_of_pages_is_read_once_per_commit(tmp_path: Path, fresh_cache: None,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from lotsen.reports.history import last_changed

    root = tmp_path / "repo"
    (root / "routines").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    (root / "routines" / "a.md").write_text("a\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "a", date="2026-03-04T08:00:00")
    logs = _counting_logs(monkeypatch)
    assert last_changed(root) == {"routines/a.md": "2026-03-04"}
    assert last_changed(root) == {"routines/a.md": "2026-03-04"}
    assert len(logs) == 1  # the same commit: the same history
    (root / "routines" / "b.md").write_text("b\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "b", date="2026-05-06T08:00:00")
    assert last_changed(root) == {"routines/a.md": "2026-03-04", "routines/b.md": "2026-05-06"}
    assert len(logs) == 2
    assert last_changed(root / "routines") == {"a.md": "2026-03-04", "b.md": "2026-05-06"}  # another folder

    # a shallow clone's history grows without a new commit: read every time
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", (root.as_uri()), str(clone))
    assert last_changed(clone) == {"routines/a.md": "2026-05-06", "routines/b.md": "2026-05-06"}
    assert last_changed(clone) == {"routines/a.md": "2026-05-06", "routines/b.md": "2026-05-06"}
    assert len(logs) == 5


@pytest.fixture
def _collection_restored() -> None:
    from lotsen.sphinx import env_loading

    enabled = gc.isenabled()
    yield
    env_loading._paused[0] = False
    gc.enable() if enabled else gc.disable()


@pytest.mark.usefixtures("_collection_restored")
def test_collection_is_paused_only_while_the_environment_loads() -> None:
    from lotsen.sphinx import env_loading

    gc.enable()
    env_loading._pause(None, None)
    assert not gc.isenabled()
    made = [[i] for i in range(10_000)]  # as the environment's objects
    env_loading._settle(None)
    assert gc.isenabled()
    assert gc.get_count()[0] < 100  # settled in the oldest generation, not left to be walked
    assert made

    # a build that failed while the environment loaded: the next one starts collection again
    env_loading._pause(None, None)

    class App:
        def connect(self, *args: object, **kwargs: object) -> None:
            pass

    env_loading.setup_env_loading(App())
    assert gc.isenabled()

    # collection someone else turned off stays off
    gc.disable()
    env_loading._pause(None, None)
    env_loading._settle(None)
    assert not gc.isenabled()


def test_settling_leaves_what_others_froze_frozen() -> None:
    """Frozen objects are in no generation the collector lists; settling must not bring
    them back. (Their number is no measure: a frozen object may be freed meanwhile.)"""
    from lotsen.collection import settle_collections

    someone_elses = [object()]  # a container, so the collector tracks it
    gc.freeze()
    try:
        settle_collections()
        assert gc.get_freeze_count() > 0
        assert not any(thing is someone_elses for thing in gc.get_objects(generation=2))
    finally:
        gc.unfreeze()
    assert any(thing is someone_elses for thing in gc.get_objects(generation=2))  # the test can see it


def test_a_build_leaves_collection_on(tmp_path: Path) -> None:
    src = make_project(tmp_path / "proj")
    result = sphinx_build(src, pdf=False)
    assert result.returncode == 0, result.stderr
    assert gc.isenabled()
    # an incremental build loads the first one's environment
    result = build_in_process(["-b", "html", "-q", "-d", str(src / "_build" / "doctrees"), str(src),
                               str(src / "_build" / "html")])
    assert result.returncode == 0, result.stderr
    assert gc.isenabled()


def test_a_page_is_judged_alike_with_the_root_resolved_once(tmp_path: Path) -> None:
    """``_leave_out`` resolves the root once for all files (``real_root``); a link out of
    the repository, or a folder the site leaves out, is judged as before."""
    import os

    from lotsen.source.files import content_files, is_page

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "far.md").write_text("far\n", encoding="utf-8")
    root = tmp_path / "repo"
    (root / "routines").mkdir(parents=True)
    (root / "routines" / "a.md").write_text("a\n", encoding="utf-8")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "b.md").write_text("b\n", encoding="utf-8")
    (root / "routines" / "far.md").symlink_to(outside / "far.md")
    (root / "linked").symlink_to(root / "routines", target_is_directory=True)
    real_root = Path(os.path.realpath(root))
    files = content_files(root)
    judged = {p.relative_to(root).as_posix(): is_page(root, p, real_root) for p in files}
    assert judged == {p.relative_to(root).as_posix(): is_page(root, p) for p in files}
    assert judged["routines/a.md"] and not judged["routines/far.md"] and not judged[".hidden/b.md"]
    # the root given is the one compared against
    assert not is_page(root, root / "routines" / "a.md", outside)
