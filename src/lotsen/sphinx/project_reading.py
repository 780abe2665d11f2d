"""How the build reads the project's Markdown — MyST's settings and every directive
name its extensions provide — computed the same way for `lotsen check`.

The build knows both from its own registries. `lotsen check` runs no build, so it
starts Sphinx once with the project's conf.py and no content, asks the same
questions, and keeps the answer beside the build output until conf.py, the model,
Lotsen or an installed package changes (starting Sphinx costs about half a second).
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from myst_parser.config.main import MdParserConfig

from lotsen.source.blocks import Reading
from lotsen.source.scanner import ROLE_MARK

#: Beside the build output; a damaged or stale file is computed again.
CACHE_FILE = Path("_build") / "lotsen-reading.pickle"


@dataclass(frozen=True)
class ProjectReading:
    reading: Reading
    #: Every directive name the build understands; None when Sphinx could not start
    #: (the build then stops on the same problem).
    known: frozenset[str] | None


def markdown_config(config: Any) -> MdParserConfig:
    """MyST's settings from Sphinx's configuration, exactly as myst-parser reads them."""
    values = {
        name: config[f"myst_{name}"]
        for name, _, spec in MdParserConfig().as_triple()
        if "sphinx" not in spec.metadata.get("omit", [])
    }
    try:
        return MdParserConfig(**values)
    except (TypeError, ValueError):
        return MdParserConfig()  # as myst-parser does, after its own error


def reading_of(config: Any) -> Reading:
    """How a build with this configuration reads Markdown."""
    return Reading(markdown_config(config), language_aliases(config.language or "en"))


def language_aliases(language: str) -> dict[str, str]:
    """Directive names in a language, as docutils knows them ('notera' -> 'note')."""
    from docutils.parsers.rst.languages import get_language

    module = get_language(language)
    return dict(getattr(module, "directives", {})) if module is not None else {}


def known_directives(app: Any) -> frozenset[str]:
    """Every directive name this build understands: docutils', Sphinx's and every
    extension's, with and without their domain; and every role, after
    ``scanner.ROLE_MARK``, found the same way."""
    from docutils.parsers.rst import directives as rst
    from docutils.parsers.rst import roles
    from docutils.parsers.rst.languages import get_language

    known = set(rst._directives) | set(rst._directive_registry) | {"eval-rst"}
    role_names = set(roles._roles) | set(roles._role_registry)
    # docutils also knows each directive by its name in the site's language ('notera')
    for language in {app.config.language or "en", "en"}:
        module = get_language(language)
        if module is not None:
            known.update(getattr(module, "directives", {}))
            role_names.update(getattr(module, "roles", {}))
    for domain in app.env.domains.sorted():
        for name in domain.directives:
            known.add(f"{domain.name}:{name}")
            known.add(name)
        for name in domain.roles:
            role_names.update((f"{domain.name}:{name}", name))
    return frozenset(known | {ROLE_MARK + name for name in role_names})


def project_reading(root: Path, model_path: Path) -> ProjectReading:
    """The build's reading of the project at ``root``, from the cache when still valid."""
    key = _key(root, model_path)
    cache = root / CACHE_FILE
    try:
        with cache.open("rb") as file:
            stored = pickle.load(file)
        if stored["key"] == key:
            return ProjectReading(stored["reading"], stored["known"])
    except Exception:  # noqa: BLE001, S110 - an unreadable cache is as good as none
        pass
    result = _from_sphinx(root, model_path)
    if result.known is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            partial = cache.with_suffix(".tmp")
            partial.write_bytes(pickle.dumps({"key": key, "reading": result.reading, "known": result.known}))
            os.replace(partial, cache)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            pass  # a read-only checkout is checked all the same, only slower
    return result


def _key(root: Path, model_path: Path) -> str:
    from lotsen.cache import code_version

    digest = hashlib.sha256(code_version().encode())
    digest.update(sys.version.encode())
    for path in (root / "conf.py", model_path):
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"-")
    for entry in sys.path:  # installing or removing a package changes its folder
        if not entry.endswith(("site-packages", "dist-packages")):
            continue
        try:
            digest.update(f"{entry}:{os.stat(entry).st_mtime_ns}".encode())
        except OSError:
            continue
    return digest.hexdigest()


def _from_sphinx(root: Path, model_path: Path) -> ProjectReading:
    """Start Sphinx on the project's conf.py with no content and ask it. Docutils'
    registries are restored afterwards, as sphinx-build does, so that a build in the
    same process starts clean."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    with tempfile.TemporaryDirectory(prefix="lotsen-reading-") as temp:
        src = Path(temp) / "src"
        src.mkdir()
        with patch_docutils(root), docutils_namespace():
            try:
                app = Sphinx(str(src), str(root), str(Path(temp) / "out"), str(Path(temp) / "doctrees"), "html",
                             confoverrides={"lotsen_model": str(model_path)},
                             status=None, warning=io.StringIO(), freshenv=True)
            except (Exception, SystemExit):  # noqa: BLE001 - the build names the problem
                return ProjectReading(Reading(), None)
            return ProjectReading(reading_of(app.config), known_directives(app))
