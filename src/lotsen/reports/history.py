"""History from git: when each page last changed, and the versions of documents in
force with their change notes. A build outside git still works and says so."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lotsen.cache import remember
from lotsen.checks.personal_data import has_personal_number, mask_personal_numbers
from lotsen.git import git_output, read_blobs, repository_root
from lotsen.model import Model
from lotsen.model.workflow import ACCOUNT
from lotsen.source.scanner import scan_text

#: The trailer on a merge commit naming who approved the pull request (written by the
#: GitHub workflow, or by GitLab's merge commit template). Only an account (@name) or a
#: name is shown: never an e-mail address or anything else.
APPROVED_TRAILER = "Approved-by"


@dataclass(frozen=True)
class Change:
    """One version of a document in force, as its change note describes it."""

    #: The approval date the document gives (its approved field), or the commit's date.
    date: str
    id: str
    title: str
    version: str
    note: str
    #: Who approved: the approver field's role, and the reviewer the host recorded.
    approver: str
    file: str


def last_changed(root: Path) -> dict[str, str] | None:
    """Source path (relative to root) -> the date its last change was written.

    The author date, not the committer date: a rebase or a cherry-pick rewrites the
    committer date of every commit it moves, which would give every page the day of the
    rebase. One pass over the history, newest first, so its cost grows with the history,
    not with the number of files times the history. None outside git.

    The pass is kept (``lotsen.cache``) under the commit checked out, whose name stands
    for the whole history before it: a build after an edit reads no history. Not in a
    shallow clone, whose history grows without a new commit when it is deepened.
    """
    facts = git_output(root, "rev-parse", "--show-toplevel", "--is-shallow-repository", "HEAD")
    lines = (facts or "").split("\n")
    if len(lines) < 3 or lines[1] != "false":  # outside git, no commit yet, or shallow
        return _last_changed(root)
    prefix = root.resolve().relative_to(Path(lines[0]).resolve()).as_posix()
    return remember(("last-changed", lines[2], prefix), lambda: _last_changed(root))


def _last_changed(root: Path) -> dict[str, str] | None:
    top = repository_root(root)
    if top is None:
        return None
    log = git_output(root, "log", "--format=%x00%as", "--name-only", "--no-renames", "--", ".")
    if log is None:
        return None
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    dates: dict[str, str] = {}
    current = ""
    for line in log.splitlines():
        if line.startswith("\x00"):
            current = line[1:]
        elif line.strip():
            path = line.strip()
            if prefix not in ("", "."):
                if not path.startswith(prefix + "/"):
                    continue
                path = path[len(prefix) + 1:]
            dates.setdefault(path, current)
    return dates


def _log(root: Path, folders: list[str]) -> list[tuple[str, str, str, list[str]]]:
    """(commit, date, approved-by trailer, paths) of the commits touching the folders,
    oldest first. The trailer is looked for on the commit and on the merge that brought
    it into the branch (CI writes it there)."""
    fmt = f"--format=%x00%H%x09%cs%x09%(trailers:key={APPROVED_TRAILER},valueonly,separator=%x2C )"
    log = git_output(root, "log", "--first-parent", "-m", fmt, "--name-only", "--no-renames", "--", *folders)
    if not log:
        return []
    commits = []
    for block in log.split("\x00")[1:]:
        head, _, paths = block.partition("\n")
        commit, date, trailer = (head.split("\t", 2) + ["", ""])[:3]
        approvers = [a for a in (_approver(value) for value in trailer.split(",")) if a]
        commits.append((commit, date, ", ".join(approvers), [p.strip() for p in paths.splitlines() if p.strip()]))
    return commits[::-1]


#: GitLab's merge commit template writes 'Approved-by: Name <address>'.
_NAME_AND_ADDRESS = re.compile(r"(?P<name>[^\W\d_][^<>@\d]*?)\s*<[^<>]*>")


def _approver(value: str) -> str:
    """An approver as shown: an account on the host (@name), or the name from 'Name
    <address>' without the address. Anything else (an address, a number) is left out."""
    value = value.strip()
    if ACCOUNT.fullmatch(value):
        return value
    match = _NAME_AND_ADDRESS.fullmatch(value)
    return match["name"].strip() if match else ""


def _read_texts(top: Path, specs: list[str]) -> dict[str, str | None]:
    """``commit:path`` -> the file's text in that commit (None when it is not there)."""
    return {spec: blob.decode("utf-8", errors="replace") if blob is not None else None
            for spec, blob in zip(specs, read_blobs(top, specs) or [])}


def withheld_summary(commit: str) -> str:
    return f"Ändring {commit[:10]}. Noteringen visas inte, eftersom den innehåller personuppgifter."


def change_log(root: Path, model: Model, limit: int = 500,
               on_withheld: Callable[[str], None] | None = None) -> list[Change] | None:
    """Every version of a document in force, newest first, as its change note tells it.

    Read from each document's own history: a commit that gives a document in force a
    version it did not have makes an entry, with the version's note, approval date and
    approver as the newest commit with that version gives them. Commits that change no
    version (layout, other files, a typo fixed without a new version) make none. None
    outside git.

    Nothing from an old version shows a personal number: a change note that holds one
    is replaced by the commit's name, and ``on_withheld`` is told the commit (never the
    number); titles, versions, approvers and paths are masked."""
    top = repository_root(root)
    if top is None:
        return None
    dc, statuses, state = model.document_control, set(model.review.statuses), model.field_for("state")
    controlled = {name for name, t in model.types.items()
                  if name in model.review.types and dc.enabled and dc.version_field in t.fields}
    folders = sorted({model.types[name].folder for name in controlled})
    if not folders:
        return []
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix in ("", ".") else prefix + "/"
    commits = _log(root, folders)
    specs = [f"{commit}:{path}" for commit, _, _, paths in commits for path in paths if path.endswith(".md")]
    texts = _read_texts(top, specs)
    versions: dict[tuple[str, str], Change] = {}  # (id, version) -> the newest state of that version
    approved_by: dict[tuple[str, str], str] = {}  # (id, version) -> the reviewer of the first commit with it
    told: set[str] = set()
    for commit, date, trailer, paths in commits:
        for path in paths:
            text = texts.get(f"{commit}:{path}")
            if text is None or not path.startswith(prefix):
                continue
            relative = path[len(prefix):]
            for need in scan_text(text, relative, set(model.types)).needs:
                if need.type not in controlled or need.value(state) not in statuses:
                    continue
                key = (need.id, need.value(dc.version_field))
                approved_by.setdefault(key, trailer)
                role = need.value(dc.approver_field) if dc.approver_field else ""
                reviewer = f"godkänd av {approved_by[key]}" if approved_by[key] else ""
                approver = ", ".join(x for x in (model.roles.get(role, role), reviewer) if x)
                note = need.value(dc.change_note_field)
                if has_personal_number(note):
                    if on_withheld is not None and commit not in told:
                        told.add(commit)
                        on_withheld(commit[:10])
                    note = withheld_summary(commit)
                versions[key] = Change(mask_personal_numbers(need.value(dc.approved_field) or date), need.id,
                                       mask_personal_numbers(need.title), mask_personal_numbers(key[1]), note,
                                       mask_personal_numbers(approver), mask_personal_numbers(relative))
    changes = sorted(versions.values(), key=lambda c: (c.date, c.id, _number(c.version)), reverse=True)
    return changes[:limit]


def _number(version: str) -> int:
    return int(version) if version.isdigit() else 0
