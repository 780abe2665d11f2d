"""Where a site may be published: checked before anything is built or moved.

DEST must be missing (in a folder that exists), an empty folder, or a site that Lotsen
published before: a symbolic link to one of its releases, or a folder with its marker
file. The checkout, a folder that holds it, a folder inside it (but ``_build``), a
file, the root and the system's own folders are refused.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Written into every release: the sign that a folder is a site Lotsen published.
MARKER = ".lotsen-webbplats"
#: Written into the folder of releases beside DEST.
RELEASES_MARKER = ".lotsen-utgavor"

#: Folders of the operating system: never a site, and nothing under them either.
_SYSTEM_TREES = ("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/proc",
                 "/run", "/sbin", "/sys", "/usr", "/var/lib", "/var/log", "/var/cache", "/var/spool")
#: Folders that may hold a site further down, but never are one themselves.
_SYSTEM_FOLDERS = ("/", "/home", "/root", "/tmp", "/var", "/srv", "/opt", "/mnt", "/media", "/var/www")


class Refused(Exception):
    """DEST is no place for a site; the message says why, in Swedish."""


def releases_of(dest: Path) -> Path:
    return dest.parent / f".{dest.name}.releases"


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _checkout(source: Path) -> Path:
    """The top of the repository that holds ``source`` (``source`` itself outside git)."""
    for folder in (source, *source.parents):
        if (folder / ".git").exists():
            return folder
    return source


def _is_lotsen_site(dest: Path) -> bool:
    if dest.is_symlink():
        target = Path(os.path.realpath(dest))
        releases = Path(os.path.realpath(releases_of(dest)))
        # Releases of earlier Lotsen versions carry no marker, but their names.
        return target.parent == releases and target.is_dir() and (
            (target / MARKER).is_file() or target.name.startswith("utgava-"))
    return (dest / MARKER).is_file()


def _is_releases_folder(releases: Path) -> bool:
    if (releases / RELEASES_MARKER).is_file():
        return True
    return all(p.name == ".lock" or p.name.startswith(("utgava-", "bygge-", "tidigare-mapp"))
               for p in releases.iterdir())


def check_dest(dest: Path, source: Path) -> tuple[Path, Path]:
    """DEST and the source as absolute paths, or Refused with the reason."""
    if "\x00" in str(dest) or not str(dest).strip():
        raise Refused("ange en mapp för webbplatsen, till exempel make publish DEST=/srv/lotsen/webb.")
    shown = str(dest)
    source = Path(os.path.realpath(source))
    if not (source / "conf.py").is_file():
        raise Refused(f"{source} är inget ledningssystem (conf.py saknas). Kör kommandot i arkivets mapp.")
    parent = Path(os.path.realpath(Path(os.path.abspath(dest)).parent))
    name = Path(os.path.abspath(dest)).name
    if not name or name in (".", ".."):
        raise Refused(f"'{shown}' är ingen mapp som en webbplats kan ligga i. Ange en egen mapp, "
                      "till exempel /srv/lotsen/webb.")
    dest = parent / name
    real = Path(os.path.realpath(dest))
    checkout = _checkout(source)
    for candidate in {dest, real}:
        if any(_inside(candidate, Path(tree)) for tree in _SYSTEM_TREES) or str(candidate) in _SYSTEM_FOLDERS:
            raise Refused(f"'{shown}' är en av systemets mappar. Publicera i en egen mapp, "
                          "till exempel /srv/lotsen/webb.")
        if _inside(checkout, candidate) or _inside(source, candidate):
            raise Refused(f"'{shown}' är arkivet eller en mapp som innehåller det. Då skulle källfilerna "
                          "flyttas bort. Publicera i en mapp utanför arkivet, till exempel /srv/lotsen/webb.")
        if _inside(candidate, checkout) and not _inside(candidate, source / "_build"):
            raise Refused(f"'{shown}' ligger i arkivet, och då läses webbplatsen som innehåll vid nästa bygge. "
                          "Publicera utanför arkivet, eller under _build.")
    if parent.exists() and not parent.is_dir():
        raise Refused(f"{parent} är en fil, inte en mapp. Den lämnas orörd. Ange en mapp för webbplatsen.")
    if not parent.is_dir():
        raise Refused(f"mappen {parent} finns inte. Skapa den först, eller ange en annan plats.")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise Refused(f"du får inte skriva i {parent}. Välj en annan plats, eller be den som "
                      "förvaltar servern om rättigheter.")
    if dest.is_symlink():
        if not _is_lotsen_site(dest):
            raise Refused(f"'{shown}' är en länk till något annat än en webbplats som Lotsen publicerat. "
                          "Den lämnas orörd. Ta bort länken själv, eller ange en annan plats.")
    elif dest.is_dir():
        if any(dest.iterdir()) and not _is_lotsen_site(dest):
            raise Refused(f"mappen '{shown}' innehåller annat än en webbplats som Lotsen publicerat. "
                          "Den lämnas orörd. Ange en tom mapp, en som inte finns, eller en tidigare publicering.")
    elif dest.exists():
        raise Refused(f"'{shown}' är en fil, inte en mapp. Den lämnas orörd. Ange en mapp för webbplatsen.")
    releases = releases_of(dest)
    if releases.is_symlink() or (releases.exists() and not releases.is_dir()):
        raise Refused(f"{releases} finns redan och är ingen mapp för Lotsens utgåvor. Den lämnas orörd.")
    if releases.is_dir() and not _is_releases_folder(releases):
        raise Refused(f"mappen {releases} finns redan och är inte Lotsens. Den lämnas orörd.")
    return dest, source
