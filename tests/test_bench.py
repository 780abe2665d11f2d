"""The benchmark's own logic (bench/run.py), without building anything: the baseline
configuration, the choice of routine to edit and the check of an edit rebuild."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import REPO

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from lotsen.model import load_model  # noqa: E402
from lotsen.sphinx.needs_config import sphinx_needs_config  # noqa: E402

from bench.generate import generate  # noqa: E402
from bench.run import (  # noqa: E402
    LOTSEN_DIRECTIVES,
    Target,
    baseline_conf,
    check_edit,
    choose_routine,
    edited_title,
    needs_json_title,
    ratios,
    retitle,
    title_counts,
)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bench") / "S"
    generate(root, "S", seed=1)
    return root


def test_baseline_conf_declares_the_same_needs_without_lotsen(small: Path) -> None:
    namespace: dict = {}
    exec(compile(baseline_conf(small), "conf.py", "exec"), namespace)
    assert namespace["extensions"] == ["myst_parser", "sphinx_needs"]
    assert namespace["html_theme"] == "alabaster"
    expected = sphinx_needs_config(load_model(small / "lotsen.yaml"))
    for name in ("needs_types", "needs_fields", "needs_links"):
        assert namespace[name] == expected[name]

    registered = []

    class App:
        def add_directive(self, name, directive):
            registered.append(name)

    namespace["setup"](App())
    assert sorted(registered) == sorted(LOTSEN_DIRECTIVES)


def test_baseline_leaves_out_the_pages_lotsen_leaves_out(small: Path) -> None:
    draft = small / "routines" / "bum" / "utkast.md"
    draft.write_text("# Utkast\n\n```{rutin} Bara ett utkast\n:id: RUT-BUM-999\n:status: utkast\n```\n",
                     encoding="utf-8")
    try:
        namespace: dict = {}
        exec(compile(baseline_conf(small), "conf.py", "exec"), namespace)
        assert "routines/bum/utkast.md" in namespace["exclude_patterns"]
    finally:
        draft.unlink()


def test_the_edited_routine_has_a_title_found_once_in_the_sources(small: Path) -> None:
    target = choose_routine(small)
    texts = [p.read_text(encoding="utf-8") for p in small.rglob("*.md")]
    assert sum(t.count(target.title) for t in texts) == 1
    assert (small / target.file).read_text(encoding="utf-8").split("\n")[target.line - 1].endswith(target.title)


def test_retitle_changes_only_the_title_line(small: Path) -> None:
    target = choose_routine(small)
    path = small / target.file
    before = path.read_text(encoding="utf-8").split("\n")
    retitle(small, target, edited_title(target.title, 1))
    after = path.read_text(encoding="utf-8").split("\n")
    retitle(small, target, target.title)
    assert path.read_text(encoding="utf-8").split("\n") == before
    changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    assert changed == [target.line - 1]
    assert after[target.line - 1].endswith(edited_title(target.title, 1))
    assert len(edited_title(target.title, 1)) == len(target.title)


def _site(root: Path, pages: dict[str, str], needs_title: str | None = None) -> Path:
    for name, text in pages.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    if needs_title is not None:
        data = {"current_version": "", "versions": {"": {"needs": {"RUT-X-001": {"title": needs_title}}}}}
        (root / "needs.json").write_text(json.dumps(data), encoding="utf-8")
    return root


TARGET = Target("RUT-X-001", "Larma vid fall", "routines/x.md", 3, "routines/x.html", "routines/y.html")


def test_check_edit_accepts_a_site_where_every_page_shows_the_new_title(tmp_path: Path) -> None:
    before = _site(tmp_path / "before", {"routines/x.html": "<h2>Larma vid fall</h2>",
                                         "docs/kvalitet/sparbarhet.html": "RUT-X-001 Larma vid fall"})
    counts = title_counts(before, TARGET.title)
    after = _site(tmp_path / "after", {"routines/x.html": "<h2>Larma vid fa01</h2>",
                                       "docs/kvalitet/sparbarhet.html": "RUT-X-001 Larma vid fa01"},
                  needs_title="Larma vid fa01")
    assert check_edit(after, counts, TARGET, "Larma vid fa01", [TARGET.title]) == []


def test_check_edit_names_a_report_that_still_shows_an_old_title(tmp_path: Path) -> None:
    before = _site(tmp_path / "before", {"routines/x.html": "<h2>Larma vid fall</h2>",
                                         "processes/p.html": "RUT-X-001 Larma vid fall"})
    counts = title_counts(before, TARGET.title)
    after = _site(tmp_path / "after", {"routines/x.html": "<h2>Larma vid fa02</h2>",
                                       "processes/p.html": "RUT-X-001 Larma vid fa01"},
                  needs_title="Larma vid fa01")
    problems = check_edit(after, counts, TARGET, "Larma vid fa02", [TARGET.title, "Larma vid fa01"])
    assert any(p.startswith("processes/p.html") and "fa01" in p for p in problems)
    assert any(p.startswith("needs.json") for p in problems)
    assert not any(p.startswith("routines/x.html") for p in problems)


def test_ratios_leave_out_figures_the_baseline_has_not() -> None:
    lotsen = {"full_build_s": 30.0, "check_s": 2.0, "cpu": {"full_build_s": 20.0}}
    base = {"full_build_s": 20.0, "check_s": None, "cpu": {"full_build_s": 10.0}}
    result = ratios(lotsen, base)
    assert result["full_build_s"] == 1.5
    assert result["check_s"] is None
    assert result["cpu_full_build_s"] == 2.0


def test_edit_timeline_times_each_handler_without_changing_the_build(tmp_path: Path) -> None:
    """bench/edit_timeline.py: a rebuild after each edit, with every event handler on a
    clock. The clock keeps the handlers' names, so Lotsen still puts its own needs.json
    writer in place of sphinx-needs' (a wrapper without the name would leave both)."""
    import subprocess

    result = subprocess.run([sys.executable, str(REPO / "bench" / "edit_timeline.py"), "--size", "S", "--work",
                             str(tmp_path), "--runs", "2", "--timeline", "--min-ms", "0"],
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    output = result.stdout + result.stderr
    assert "env-updated: lotsen.sphinx.extension._validate" in output
    assert "build-finished: lotsen.sphinx.needs_json.write_needs_json" in output
    assert "sphinx_needs.builder.build_needs_json" not in output
    assert "Ändring 1:" in output and "Ändring 2:" in output
    target = Target(**json.loads((tmp_path / "S" / "edits.json").read_text(encoding="utf-8"))["target"])
    assert needs_json_title(tmp_path / "S" / "out", target.id) == edited_title(target.title, 2)
