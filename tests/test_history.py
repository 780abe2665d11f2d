"""History from git on the site: "senast ändrad" on every page and the Ändringslogg."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from conftest import copy_sample, sphinx_build
from html_tables import soup, tables


def git(root: Path, *args: str, date: str = "2026-10-01T10:00:00", committed: str = "") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": committed or date,
           "GIT_AUTHOR_NAME": "Lotsen test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
           "GIT_COMMITTER_NAME": "Lotsen test", "GIT_COMMITTER_EMAIL": "test@example.invalid"}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def test_change_log_and_last_changed_from_git(tmp_path: Path) -> None:
    src = copy_sample(tmp_path / "src")
    git(src, "init", "-q", "-b", "main")
    git(src, "add", "-A")
    git(src, "commit", "-q", "-m", "Initial import of the sample")
    routine = src / "routines/ht/rut-ht-002.md"
    text = routine.read_text(encoding="utf-8")
    old_note = next(line for line in text.splitlines() if line.startswith(":ändringsnotering:"))
    text = (text.replace(":version: 3", ":version: 4").replace(":fastställd: 2026-03-12", ":fastställd: 2026-11-01")
            .replace(old_note, ":ändringsnotering: Nytt steg om reservnyckel."))
    routine.write_text(text, encoding="utf-8")
    git(src, "commit", "-q", "-am", "wip: fix things\n\nApproved-by: @norrvik/hemtjanst-ledning, anna@example.se",
        date="2026-11-02T09:00:00")
    other = src / "routines/ht/rut-ht-003.md"
    other.write_text(other.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # no new version
    git(src, "commit", "-q", "-am", "Whitespace only", date="2026-11-03T09:00:00")
    result = sphinx_build(src, pdf=False)  # pages only: each page's git date would print every binder anew
    assert result.returncode == 0, result.stderr
    out = src / "_build/html"
    log = tables(out / "docs/andringslogg.html")["tabell-andringar"]
    title = "Nyckel saknas eller har tappats bort"
    assert log.rows[0] == ["2026-11-01", "RUT-HT-002", title, "4", "Nytt steg om reservnyckel.",
                           "Avdelningschef, godkänd av @norrvik/hemtjanst-ledning"]
    # the version before keeps its own note and date; each version once, no commit subject
    assert ["2026-03-12", "RUT-HT-002", title, "3", old_note.split(": ", 1)[1], "Avdelningschef"] in log.rows
    assert sorted(row[1] for row in log.rows if row[1] != "RUT-HT-002") == sorted(
        {row[1] for row in log.rows if row[1] != "RUT-HT-002"})
    subjects = ("Initial import", "wip", "Whitespace", "anna@")
    assert not any(s in cell for row in log.rows for cell in row for s in subjects)
    ids = [row[1] for row in log.rows]
    assert "RUT-HT-001" in ids and "RUT-HT-009" not in ids  # a draft has no version in force
    assert not any(i.startswith("PROC-") for i in ids)  # processes carry no version
    versions = soup(out / "routines/ht/rut-ht-002.html").select("details.lotsen-versioner tbody tr")
    assert [[td.get_text() for td in tr.find_all("td")][:3] for tr in versions] == [
        ["4", "2026-11-01", "Nytt steg om reservnyckel."], ["3", "2026-03-12", old_note.split(": ", 1)[1]]]
    assert "Senast ändrad 2026-11-02." in soup(out / "routines/ht/rut-ht-002.html").select_one(".build").text
    assert "Senast ändrad 2026-10-01." in soup(out / "routines/ht/rut-ht-001.html").select_one(".build").text


def test_last_changed_is_each_file_s_own_date_and_survives_a_rebase(tmp_path: Path) -> None:
    from lotsen.reports.history import last_changed

    root = tmp_path / "repo"
    (root / "routines").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    for name, written in (("a.md", "2026-03-04T08:00:00"), ("b.md", "2026-05-06T08:00:00")):
        (root / "routines" / name).write_text(f"{name}\n", encoding="utf-8")
        git(root, "add", "-A")
        # as after a rebase: every commit re-committed on one day, each written on its own
        git(root, "commit", "-q", "-m", f"Skriv {name}", date=written, committed="2026-11-28T12:00:00")
    assert last_changed(root) == {"routines/a.md": "2026-03-04", "routines/b.md": "2026-05-06"}


def test_a_build_outside_git_works_and_says_so(sample_site) -> None:
    src, result = sample_site
    assert result.returncode == 0, result.stderr
    out = src / "_build/html"
    assert "utanför git" in soup(out / "routines/ht/rut-ht-002.html").select_one(".build").text
    assert "utanför ett git-arkiv" in (out / "docs/andringslogg.html").read_text(encoding="utf-8")


def test_an_approver_is_an_account_or_a_name_never_an_address() -> None:
    from lotsen.reports.history import _approver
    assert _approver(" @norrvik/hemtjanst-ledning ") == "@norrvik/hemtjanst-ledning"
    assert _approver("Åsa Öberg <asa.oberg@norrvik.se>") == "Åsa Öberg"  # GitLab's %{approved_by}
    assert _approver("asa.oberg@norrvik.se") == ""
    assert _approver("19121212-1212 <x@y.se>") == ""
    assert _approver("") == ""


def test_a_routine_shows_folded_what_changed_in_its_latest_version(tmp_path: Path) -> None:
    src = copy_sample(tmp_path / "src")
    plain = src / "routines/ifo/rut-ifo-001.md"  # version 2, here without a change note
    plain.write_text(re.sub(r"(?m)^:ändringsnotering: .*\n", "", plain.read_text(encoding="utf-8")), encoding="utf-8")
    git(src, "init", "-q", "-b", "main")
    git(src, "add", "-A")
    git(src, "commit", "-q", "-m", "Version 3")
    routine = src / "routines/ht/rut-ht-002.md"
    text = routine.read_text(encoding="utf-8").replace(":version: 3", ":version: 4")
    text = text.replace("5. Skriv i nyckelkvittensen att nyckeln saknas, med datum och tid.\n",
                        "5. Skriv i nyckelkvittensen att nyckeln saknas, med datum, tid och dina initialer.\n")
    text = text.replace("7. Samordnaren berättar för brukaren samma dag att nyckeln saknas.\n", "")
    routine.write_text(text, encoding="utf-8")
    git(src, "commit", "-q", "-am", "Version 4", date="2026-11-02T09:00:00")
    other = src / "routines/ht/rut-ht-001.md"  # a change without a new version shows nothing
    other.write_text(other.read_text(encoding="utf-8").replace("passet", "arbetspasset", 1), encoding="utf-8")
    git(src, "commit", "-q", "-am", "Stavning", date="2026-11-03T09:00:00")
    result = sphinx_build(src, pdf=False)  # pages only, as above
    assert result.returncode == 0, result.stderr
    page = soup(src / "_build/html/routines/ht/rut-ht-002.html")
    details = page.select_one("details.lotsen-andrat")
    assert details is not None and details.get("open") is None  # folded
    assert details.select_one("summary").text == "Ändrat i version 4"
    assert [li.text for li in details.select("li")] == [
        "Skriv i nyckelkvittensen att nyckeln saknas, med datum, tid och dina initialer."]
    assert "1 steg från version 3 finns inte kvar." in details.text
    assert "Samordnaren berättar" not in details.text  # a removed step is counted, not quoted
    # the note of the version in force comes first (the oracle: the file's own line)
    assert details.select_one("p.andringsnotering").text == note_of(routine)
    # a change without a new version shows no steps: RUT-HT-001 shows its note alone
    unchanged = soup(src / "_build/html/routines/ht/rut-ht-001.html").select_one("details.lotsen-andrat")
    assert unchanged.select("li") == [] and "finns inte kvar" not in unchanged.text
    assert "Nya eller ändrade steg" not in unchanged.text
    assert unchanged.select_one("summary").text == "Ändrat i version 3"
    assert unchanged.select_one("p.andringsnotering").text == note_of(other)
    # nothing without a note and an earlier version in git, nor for a first version
    assert note_of(plain) == "" and ":version: 2" in plain.read_text(encoding="utf-8")
    assert soup(src / "_build/html/routines/ifo/rut-ifo-001.html").select_one("details.lotsen-andrat") is None
    assert note_of(src / "routines/ht/rut-ht-010.md") and ":version: 1" in (
        src / "routines/ht/rut-ht-010.md").read_text(encoding="utf-8")
    assert soup(src / "_build/html/routines/ht/rut-ht-010.html").select_one("details.lotsen-andrat") is None


def note_of(path: Path) -> str:
    """A routine's change note, read from its file without Lotsen."""
    found = re.search(r"^:ändringsnotering: (.*)$", path.read_text(encoding="utf-8"), re.M)
    return found[1].strip() if found else ""
