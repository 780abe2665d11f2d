"""Where the bundled sample ledningssystem is: inside the installed package (a wheel
carries it in ``lotsen/exempel``, see setup.py), or beside ``src/`` in a checkout of
Lotsen's own repository (an editable install)."""

from __future__ import annotations

from pathlib import Path

from lotsen.errors import UsageError

#: What the sample holds. setup.py bundles the same list (it reads it from this file).
SAMPLE = ("lotsen.yaml", "conf.py", "index.md", "sok.md", "requirements.txt", "docs", "processes", "routines",
          "risks", "controls", "requirements", "actions", "results", "reviews", "goals", "statistik",
          "indikatorer", "berattelse", "needs_templates", ".github/CODEOWNERS")
_PACKAGE = Path(__file__).resolve().parent.parent


def sample_root() -> Path:
    """The folder holding the sample, or UsageError when this installation has none."""
    for root in (_PACKAGE / "exempel", _PACKAGE.parent.parent):
        if (root / "lotsen.yaml").is_file() and (root / "needs_templates").is_dir():
            return root
    raise UsageError("Den här installationen av Lotsen saknar exempelsystemet. Installera Lotsen från ett "
                     "paket (wheel) eller från Lotsens arkiv och försök igen.")


def sample_files(root: Path) -> list[Path]:
    """Every file of the sample, relative to its root."""
    files: list[Path] = []
    for name in SAMPLE:
        path = root / name
        if path.is_file():
            files.append(Path(name))
        elif path.is_dir():
            files += sorted(p.relative_to(root) for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return files
