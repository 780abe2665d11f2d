"""A `sphinx-build` whose inputs and output are as its last finished build left them
ends before Sphinx reads anything (sphinx/nothing_changed.py); every kind of change
makes it build again, and nothing but a command-line build ever ends early."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TODAY, build_in_process, make_project, reported_varnings, run_env

SPHINX = Path(sys.executable).parent / "sphinx-build"
NOTHING = "inget har ändrats sedan förra bygget"

#: A routine overdue for review (a varning on every build), and a page of text.
_OVERDUE = {
    "forsenad.md": "# Försenad\n\n```{rutin} Gammal nyckelrutin\n:id: RUT-HT-002\n:status: fastställd\n"
                   ":ägare: enhetschef_ht\n:fastställd_av: avdelningschef\n:fastställd: 2025-06-01\n"
                   ":revideras: 2026-06-01\n:version: 1\n:målgrupp: undersköterska\n:enheter: HT\n"
                   ":tillhör: PROC-HT-UTFORA\n:uppfyller: KRAV-SOSFS-4-4\n\nSteg.\n```\n",
    "nyheter.md": "# Nyheter\n\nSnart kommer en ny rutin.\n",
}


def _env(**more: str) -> dict[str, str]:
    """The environment of a person's builds: the same from one to the next (pytest
    names the running test phase in it, which a build would rightly take as a change)."""
    env = {**run_env(), **more}
    env.pop("PYTEST_CURRENT_TEST", None)
    return env


def _build(src: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`sphinx-build` from the command line, as a person or CI runs it."""
    args = [str(SPHINX), "-b", "html", "-W", "--keep-going", "--no-color", "-d", str(src / "_build" / "doctrees"),
            *extra, str(src), str(src / "_build" / "html")]
    return subprocess.run(args, capture_output=True, text=True, env=env or _env(), check=False)


def _output(src: Path) -> dict[str, tuple[int, int]]:
    """Every file of the site: its size and time of change."""
    site = src / "_build" / "html"
    return {p.relative_to(site).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(site.rglob("*")) if p.is_file()}


def _ended_early(result: subprocess.CompletedProcess[str]) -> bool:
    assert result.returncode == 0, result.stdout + result.stderr
    return NOTHING in result.stdout


@pytest.fixture
def built(tmp_path: Path) -> Path:
    src = make_project(tmp_path / "src", _OVERDUE)
    first = _build(src, "-E", "-a")
    assert first.returncode == 0, first.stderr
    assert "build succeeded" in first.stdout
    return src


def test_a_build_that_changed_nothing_ends_early_says_so_and_writes_nothing(built: Path) -> None:
    before = _output(built)
    first = _build(built)  # after `-E -a`, which only force everything to be made again
    assert _ended_early(first)
    assert "build succeeded" not in first.stdout  # Sphinx read and wrote nothing
    assert _output(built) == before
    assert _build(built, "-q").stdout == "" and _output(built) == before
    # as the live preview (sphinx-autobuild) runs it: its own first build (Python looks
    # for modules in other folders than the command's), then nothing
    module = [sys.executable, "-m", "sphinx", "build", "-b", "html", "-W", "--keep-going", "--no-color",
              "-d", str(built / "_build" / "doctrees"), str(built), str(built / "_build" / "html")]
    runs = [subprocess.run(module, capture_output=True, text=True, env=_env(), check=False) for _ in range(2)]
    assert [_ended_early(run) for run in runs] == [False, True]


def test_it_tells_the_author_the_same_varnings_again(built: Path) -> None:
    full = _build(built, "-E", "-a")
    assert "build succeeded" in full.stdout  # asked for everything again: given, though nothing changed
    assert reported_varnings(full.stdout), "the fixture should give a varning"
    again = _build(built)
    assert _ended_early(again)
    assert reported_varnings(again.stdout) == reported_varnings(full.stdout)


def _edit_page(src: Path) -> None:
    page = src / "nyheter.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Snart", "Strax"), encoding="utf-8")


def _same_size_edit(src: Path) -> None:
    page = src / "nyheter.md"
    stat = page.stat()
    page.write_text(page.read_text(encoding="utf-8").replace("Snart", "Sent "), encoding="utf-8")
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))  # the same size, a nanosecond later


def _new_image(src: Path) -> None:
    (src / "bild.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")


def _removed_page(src: Path) -> None:
    (src / "nyheter.md").unlink()


def _output_removed(src: Path) -> None:
    (src / "_build" / "html" / "index.html").unlink()


def _output_changed(src: Path) -> None:
    with (src / "_build" / "html" / "index.html").open("a", encoding="utf-8") as handle:
        handle.write("<!-- -->")


def _model_changed(src: Path) -> None:
    model = src / "lotsen.yaml"
    model.write_text(model.read_text(encoding="utf-8") + "\n", encoding="utf-8")


def _committed(src: Path) -> None:
    for args in (["init", "-q"], ["add", "-A"],
                 ["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "x"]):
        subprocess.run(["git", "-C", str(src), *args], check=True, capture_output=True)


CHANGES = {
    "a page edited": (_edit_page, (), {}),
    "a page edited to the same size": (_same_size_edit, (), {}),
    "a file added": (_new_image, (), {}),
    "a page removed": (_removed_page, (), {}),
    "a page of the site removed": (_output_removed, (), {}),
    "a page of the site changed": (_output_changed, (), {}),
    "the model changed": (_model_changed, (), {}),
    "a commit": (_committed, (), {}),
    "another day": (None, (), {"LOTSEN_TODAY": "2026-11-23"}),
    "a preview": (None, (), {"LOTSEN_PREVIEW": "1"}),
    "another setting": (None, ("-D", "lotsen_pdf=1"), {}),
    "another builder": (None, ("-b", "dirhtml"), {}),
}


@pytest.mark.parametrize("change", CHANGES)
def test_every_kind_of_change_builds_again(built: Path, change: str) -> None:
    alter, extra, env = CHANGES[change]
    if alter is not None:
        alter(built)
    again = _build(built, *extra, env=_env(**env))
    assert not _ended_early(again), change
    assert "build succeeded" in again.stdout
    assert (built / "_build" / "html" / "index.html").is_file()
    # and the build after it, with nothing changed again, ends early
    assert _ended_early(_build(built, *extra, env=_env(**env)))


def test_a_build_with_a_warning_or_an_error_is_never_taken_as_done(built: Path) -> None:
    broken = built / "trasig.md"
    broken.write_text("# Trasig\n\nSe {need}`RUT-FINNS-INTE`.\n", encoding="utf-8")
    first = _build(built)
    assert first.returncode != 0
    second = _build(built)
    assert second.returncode == first.returncode and NOTHING not in second.stdout
    broken.unlink()
    assert not _ended_early(_build(built))
    # a warning that does not fail the build (no -W) still leaves no record
    broken.write_text("# Trasig\n\nSe {need}`RUT-FINNS-INTE`.\n", encoding="utf-8")
    without_w = [str(SPHINX), "-b", "html", "-d", str(built / "_build" / "doctrees"), str(built),
                 str(built / "_build" / "html")]
    for _ in range(2):
        result = subprocess.run(without_w, capture_output=True, text=True, env=_env(), check=False)
        assert result.returncode == 0 and "WARNING" in result.stderr and NOTHING not in result.stdout


def test_a_build_inside_another_program_never_ends_early(built: Path) -> None:
    assert _ended_early(_build(built))
    args = ["-b", "html", "-W", "--keep-going", "--no-color", "-d", str(built / "_build" / "doctrees"),
            str(built), str(built / "_build" / "html")]
    result = build_in_process(args, TODAY)
    assert result.returncode == 0, result.stderr
    assert NOTHING not in result.stdout and "build succeeded" in result.stdout
