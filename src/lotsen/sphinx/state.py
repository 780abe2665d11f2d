"""One place for what a build knows: the build's own state, and what it keeps in the
environment from one incremental build to the next.

Two objects, each typed:

- :class:`BuildState` lives on the application for one build: the model, the index of
  objects, which files were left out, which pages this build read or wrote. It is made
  anew by every build and never pickled.
- :class:`EnvData` lives in the environment, so it is pickled with it and survives to
  the next incremental build. What reading a document records (which reports and start
  lists a page holds) is purged when the document is read again and merged back from
  parallel readers (``sphinx-build -j N``); what the whole build computes after reading
  (the object pages, the object graph) is set by the main process alone.
"""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

if TYPE_CHECKING:
    from lotsen.model import Model
    from lotsen.processes import Forked
    from lotsen.site.search_parts import Plan
    from lotsen.source.blocks import Reading
    from lotsen.source.index import ObjectIndex

_APP_ATTRIBUTE = "_lotsen_state"
_ENV_ATTRIBUTE = "lotsen_data"


@dataclass
class BuildState:
    """What one build computes, in the process that runs it."""

    model: Model | None = None
    #: How this build reads Markdown (MyST's settings from conf.py).
    reading: Reading | None = None
    #: Source path -> date of its last commit; None outside git.
    changed: dict[str, str] | None = None
    #: Files kept off the site but still checked.
    unreadable: list[Path] = field(default_factory=list)
    drafts: list[Path] = field(default_factory=list)
    #: The objects of the published files, with their links both ways.
    index: ObjectIndex | None = None
    #: Documents this build reads again or removes (Sphinx's own outdated set).
    touched: set[str] = field(default_factory=set)
    #: Docname -> fingerprint of what Lotsen fills into the page; saved after the build.
    prints: dict[str, str] | None = None
    pages_written: int = 0
    #: Documents whose pages are written before the others (sphinx/write_order.py):
    #: those the search index reads.
    write_first: set[str] = field(default_factory=set)
    #: Documents whose pages are written after those, found once those are written
    #: (sphinx/incremental.py): pages of no object whose content changed; None until then.
    write_later: set[str] | None = None
    #: The search indexer, running beside the last steps of the build.
    pagefind: subprocess.Popen[str] | None = None
    #: The marked pages it was started from, with their times and sizes, and what it
    #: makes of them (site/search_parts.py).
    pagefind_marks: dict[str, tuple[int, int]] | None = None
    search_plan: Plan | None = None
    #: PDF files cannot be written (pango is missing): said once per build.
    pdf_unavailable: bool = False
    #: The forked processes of an edit's build (sphinx/second_core.py): one writing the
    #: environment's file, one making needs.json and the exports; whether those were made.
    saving_env: Forked | None = None
    making_outputs: Forked | None = None
    outputs_made: bool = False
    #: Source path -> its findings, shown at the top of its page in a preview.
    page_findings: dict[str, list] = field(default_factory=dict)
    #: Pages written without a document behind them (per unit, per role), and when the
    #: build started: what the stale-page cleanup keeps (sphinx/stale_output.py).
    generated_pages: set[str] = field(default_factory=set)
    #: What the generated pages are made from, and the last build's generated pages
    #: when they still hold (sphinx/unchanged.py).
    signature: str | None = None
    #: IDs whose entry in needs.json may differ from the last build's (an object that
    #: changed and those it links to, before and after; None: all of them), those whose
    #: computed values changed, and the environment's token before this build.
    changed_objects: set[str] | None = None
    computed_changed: set[str] = field(default_factory=set)
    previous_token: str = ""
    kept_pages: set[str] | None = None
    #: Generated page -> digest of what this build made it from (sphinx/unchanged.py).
    page_digests: dict[str, str] | None = None
    #: Generated page -> digest of what this build made its content from (site/page_inputs.py).
    page_inputs: dict[str, str] | None = None
    started: float = float("inf")
    #: What a build from the command line depends on, and what it told its author:
    #: kept when it finishes cleanly (sphinx/nothing_changed.py).
    inputs: str | None = None
    told: list[str] = field(default_factory=list)


@dataclass
class EnvData:
    """What the environment keeps between builds."""

    #: Docname -> the reports on that page (recorded while reading).
    report_docs: dict[str, list[str]] = field(default_factory=dict)
    #: Pages that hold the start lists (recorded while reading).
    start_docs: set[str] = field(default_factory=set)
    #: Docname -> the IDs its source names anywhere (recorded while reading): a page
    #: that names an object in its text links to it, and a {need} reference shows its
    #: title, so it is written again when that object moves or changes.
    named_ids: dict[str, frozenset[str]] = field(default_factory=dict)
    #: Pages that hold objects, and those that hold routines (set after reading).
    object_docs: set[str] = field(default_factory=set)
    routine_docs: set[str] = field(default_factory=set)
    #: The object graph of the last build, to find the neighbours of a change.
    graph: object | None = None
    #: Source path -> the findings a preview showed on its page (set after reading).
    shown_findings: dict[str, tuple] = field(default_factory=dict)
    #: Made anew whenever a build changes the environment: needs.json is updated from
    #: what changed only when it was written from this very environment.
    token: str = ""
    #: The year's data files as the pages with reports last read them (sphinx/data_files.py).
    data_fingerprint: str = ""

    def __setstate__(self, state: dict) -> None:
        # an environment a Lotsen without some field pickled: those fields start empty
        # (Sphinx reads every page again anyway, env_version below)
        self.__dict__.update({f.name: f.default_factory() if f.default_factory is not MISSING else f.default
                              for f in fields(self)})
        self.__dict__.update(state)

    def purge(self, docname: str) -> None:
        self.report_docs.pop(docname, None)
        self.start_docs.discard(docname)
        self.named_ids.pop(docname, None)

    def merge(self, docnames: set[str], other: EnvData) -> None:
        for docname in docnames:
            if docname in other.report_docs:
                self.report_docs[docname] = other.report_docs[docname]
            if docname in other.start_docs:
                self.start_docs.add(docname)
            if docname in other.named_ids:
                self.named_ids[docname] = other.named_ids[docname]


def env_version() -> int:
    """The shape of what the environment keeps (``EnvData``'s fields): Sphinx reads every
    page again, into a new environment, when it differs from the one the environment was
    pickled with (``env_version`` of the extension), so no field is missing after an
    upgrade of Lotsen."""
    shape = " ".join(f"{f.name}:{f.type}" for f in fields(EnvData))
    return int(hashlib.sha256(shape.encode("utf-8")).hexdigest()[:8], 16)


def build_state(app: Sphinx) -> BuildState:
    state = getattr(app, _APP_ATTRIBUTE, None)
    if state is None:
        state = BuildState()
        setattr(app, _APP_ATTRIBUTE, state)
    return state


def env_data(env: BuildEnvironment) -> EnvData:
    data = getattr(env, _ENV_ATTRIBUTE, None)
    if not isinstance(data, EnvData):
        data = EnvData()
        setattr(env, _ENV_ATTRIBUTE, data)
    return data


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    env_data(env).purge(docname)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    env_data(env).merge(docnames, env_data(other))


def setup_state(app: Sphinx) -> None:
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
