"""Build speed, memory, output size and page weight of a generated ledningssystem,
against the same content built with plain sphinx-needs.

    .venv/bin/python bench/run.py --size S|M|L|XL [--runs 3] [--seed 1]
        [--skip-baseline | --with-baseline] [--skip-page-weight] [--work /tmp/lotsen-bench] [--out _build/bench]

Prints the figures and writes them to ``_build/bench/<SIZE>.json``. It passes or fails
nothing (exit status 0 unless a build itself fails); the targets from the "Scale and
speed" issue are printed beside the figures.

What is measured, each ``--runs`` times, the median reported (every run is kept under
``runs`` in the JSON):

* ``full_build_s``: ``sphinx-build -b html -E -a -q -d <doctrees> src out`` from an
  empty output and doctree folder, with ``LOTSEN_TODAY=2030-12-31``.
* ``noop_rebuild_s``: the same without ``-E -a``, nothing changed.
* ``edit_rebuild_s``: the same after one routine's title was changed (a new title per
  run). ``edit_rebuild_correct`` is true if, after every edit, each page (and
  ``needs.json``) shows the new title exactly where the clean build showed the old one,
  and no page still shows the old title. The routine is chosen so that its title
  occurs once in all sources, so every occurrence in the output comes from it.
* ``risk_score_edit_s``, ``moved_routine_edit_s``, ``deleted_control_edit_s`` (Lotsen
  only, once each, one after the other): a rebuild after a risk's likelihood changed
  its score and level, after a routine moved to another unit and process, after a
  control was deleted with everything naming it. ``risk_score_correct``,
  ``moved_routine_correct`` and ``deleted_control_correct`` judge each against the
  edited sources (bench/edits.py says what must show where).
* ``check_s``: ``lotsen check --root <project>``, until the command ends. The command
  ends once its findings are said, and a process of its own then writes the results
  it keeps (lotsen/cache.py); the next check waits for them, in its own time.
* ``peak_rss_mb``: the peak resident memory of the full build's process tree (Sphinx
  and the Pagefind process it starts). It is the larger of the sum over the tree,
  sampled from /proc every 50 ms, and the largest single process's own peak
  (``ru_maxrss`` from ``wait4``, exact but per process).
* ``output_mb``: the size of the output folder after a full build.
* ``routine_page_kb_gz``: what a first visit to a routine page transfers, gzip, in
  chromium (bench/page_weight.py). Measured once: it is bytes, not time.

The baseline is the same generated content (the same pages, drafts left out as
Lotsen leaves them out) built with sphinx-needs and myst-parser only, Sphinx's default
theme (alabaster), and the sphinx-needs configuration Lotsen derives from the same
``lotsen.yaml`` (``lotsen.needs_config.sphinx_needs_config``). Lotsen's own directives
are registered as no-op directives in the baseline's conf.py, so the frame pages stay
(empty where Lotsen puts a report). ``lotsen check`` has no equivalent: ``check_s`` is
null there.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import edits as E  # noqa: E402
from bench.generate import SIZES, generate  # noqa: E402

TODAY = "2030-12-31"
BIN = Path(sys.executable).parent
#: Lotsen's directives, which plain sphinx-needs does not know.
LOTSEN_DIRECTIVES = ("lotsen-rapport", "lotsen-start", "lotsen-sok", "lotsen-modell", "lotsen-regler")
#: Settings of the project's conf.py that are not Lotsen's and the baseline keeps.
SHARED_CONF = ("language", "html_use_index", "html_domain_indices", "html_copy_source", "html_show_sourcelink",
               "html_permalinks", "exclude_patterns")
FIGURES = ("full_build_s", "noop_rebuild_s", "edit_rebuild_s", "check_s", "peak_rss_mb", "output_mb",
           "routine_page_kb_gz")
#: The correctness checks after edits: each must be true at every size.
CORRECT = ("edit_rebuild_correct", "risk_score_correct", "moved_routine_correct", "deleted_control_correct")
#: The edits beside the routine's title, each timed as its own rebuild (bench/edits.py).
MORE_EDITS = ("risk_score_edit_s", "moved_routine_edit_s", "deleted_control_edit_s")
#: Issue #20's targets: (figure, limit, what the limit is compared with).
TARGETS = {
    "M": [("edit_rebuild_s", 2.0, "s"), ("noop_rebuild_s", 1.0, "s"), ("full_build_s", 0.4, "ratio"),
          ("check_s", 1.0, "s"), ("peak_rss_mb", 1.2, "ratio")] + [(name, True, "bool") for name in CORRECT],
    "L": [("edit_rebuild_s", 3.0, "s"), ("noop_rebuild_s", 2.0, "s"), ("full_build_s", 40.0, "s"),
          ("peak_rss_mb", 1.2, "ratio")] + [(name, True, "bool") for name in CORRECT],
    "XL": [("edit_rebuild_s", 6.0, "s"), ("full_build_s", 150.0, "s"), ("peak_rss_mb", 4096.0, "mb"),
           ("check_s", 10.0, "s")] + [(name, True, "bool") for name in CORRECT],
}


# --------------------------------------------------------------------------- running


@dataclass
class Run:
    seconds: float
    returncode: int
    stderr: str
    tree_rss_mb: float
    largest_rss_mb: float
    #: user + system CPU seconds of the process and its waited-for children
    cpu_s: float = 0.0
    #: the 1-minute load average when the run started (other work on the machine)
    load: float = 0.0

    @property
    def peak_rss_mb(self) -> float:
        return max(self.tree_rss_mb, self.largest_rss_mb)


def _rss_of_tree(root_pid: int) -> int:
    """Resident bytes of a process and all its descendants, from /proc."""
    parent: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read().decode("ascii", "replace")
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        parent[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21]) * page
    total, stack, seen = 0, [root_pid], set()
    children: dict[int, list[int]] = {}
    for pid, ppid in parent.items():
        children.setdefault(ppid, []).append(pid)
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def run(args: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run a command, timing it and following its memory; stdout is thrown away."""
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"lotsen-bench-{os.getpid()}.err"
    load = os.getloadavg()[0]
    with open(log, "w+b") as err, open(os.devnull, "wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=out, stderr=err)
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.05):
                try:
                    peak[0] = max(peak[0], _rss_of_tree(proc.pid))
                except (OSError, ValueError):
                    pass

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    log.unlink(missing_ok=True)
    # ru_maxrss (KiB on Linux) of wait4: the largest of the child and its waited-for descendants
    return Run(round(seconds, 3), proc.returncode, stderr, round(peak[0] / 2**20, 1), round(usage.ru_maxrss / 1024, 1),
               round(usage.ru_utime + usage.ru_stime, 3), round(load, 2))


def build_env() -> dict[str, str]:
    env = dict(os.environ)
    env["LOTSEN_TODAY"] = TODAY
    env.pop("LOTSEN_PREVIEW", None)
    return env


def sphinx(src: Path, out: Path, doctrees: Path, clean: bool) -> Run:
    """One build. A full build that fails stops the benchmark; a failed rebuild is
    recorded (the figure leaves that run out) and the benchmark goes on."""
    args = [str(BIN / "sphinx-build"), "-b", "html"] + (["-E", "-a"] if clean else []) + [
        "-q", "-d", str(doctrees), str(src), str(out)]
    result = run(args, env=build_env())
    if result.returncode != 0 and clean:
        raise SystemExit(f"Bygget misslyckades ({' '.join(args)}):\n{result.stderr[-4000:]}")
    return result


def written_since(out: Path, since_ns: int) -> int:
    """HTML pages (re)written since a moment: what a rebuild actually wrote."""
    return sum(1 for p in out.rglob("*.html") if "pagefind" not in p.parts and p.stat().st_mtime_ns >= since_ns)


def failure(result: Run) -> str:
    """The last lines of a failed build's output, for the JSON."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    crash = [line.strip() for line in lines if "Error" in line or "Exception" in line]
    return (crash[-1] if crash else " | ".join(lines[-3:]))[:500]


def source_fingerprint() -> dict[str, Any]:
    """What Lotsen's code was when measured (no git here): a hash of src/ and the
    newest file in it, so figures can be tied to a state of the code."""
    import hashlib

    digest = hashlib.sha256()
    newest = (0.0, "")
    for path in sorted((REPO / "src" / "lotsen").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(REPO).as_posix().encode())
            digest.update(path.read_bytes())
            newest = max(newest, (path.stat().st_mtime, path.relative_to(REPO).as_posix()))
    return {"src_sha256": digest.hexdigest()[:16], "newest_file": newest[1],
            "newest_mtime": dt.datetime.fromtimestamp(newest[0], dt.timezone.utc).isoformat(timespec="seconds")}


def warnings(stderr: str) -> int:
    return sum(1 for line in stderr.splitlines() if "WARNING" in line or ": varning:" in line)


def folder_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20, 2)


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


# --------------------------------------------------------------------------- the routine that is edited


@dataclass
class Target:
    """The routine whose title the edit rebuild changes."""

    id: str
    title: str
    file: str  # relative to the project root
    line: int  # 1-based line of the directive's opening fence
    html: str  # its page in the output, relative to the output root
    second: str  # another routine page, for the page weight's second visit


def choose_routine(root: Path) -> Target:
    """A published routine linked to a process and a requirement, whose title occurs
    exactly once in all sources (so every occurrence in the output is its title)."""
    from lotsen.checks.pipeline import scan_files
    from lotsen.model import load_model
    from lotsen.source.files import content_files

    model = load_model(root / "lotsen.yaml")
    files = content_files(root)
    needs, _ = scan_files(model, root, files)
    texts = [p.read_text(encoding="utf-8") for p in files]
    routine_type = model.structure.routine_type
    draft = set(model.publishing.draft_statuses)
    routines = [n for n in needs if n.type == routine_type]
    for need in routines:
        if need.value("status") in draft or not need.values(model.structure.routine_process_link):
            continue
        if not need.values(model.reports.fulfils_link) or len(need.title) < 12:
            continue
        if html.escape(need.title) != need.title or not need.title[-2:].isalpha():
            continue
        if sum(text.count(need.title) for text in texts) != 1:
            continue
        page = str(Path(need.file).with_suffix(".html"))
        others = sorted({str(Path(n.file).with_suffix(".html")) for n in routines
                         if n.file != need.file and n.value("status") not in draft})
        return Target(need.id, need.title, need.file, need.line, page, others[0])
    raise SystemExit("Hittade ingen rutin att ändra i det genererade innehållet.")


def retitle(root: Path, target: Target, title: str) -> None:
    path = root / target.file
    lines = path.read_text(encoding="utf-8").split("\n")
    opening = lines[target.line - 1]
    head = opening[: opening.index("}") + 1]
    lines[target.line - 1] = f"{head} {title}"
    path.write_text("\n".join(lines), encoding="utf-8")


def shown_files(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if "pagefind" not in p.parts)


def needs_json_title(out: Path, need_id: str) -> str | None:
    """The title needs.json gives the object (its current version), if there is one."""
    path = out / "needs.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    version = data.get("current_version", "")
    needs = data.get("versions", {}).get(version, {}).get("needs", {})
    need = needs.get(need_id)
    return need.get("title") if need else None


def title_counts(out: Path, text: str) -> dict[str, int]:
    counts = {}
    for path in shown_files(out):
        found = path.read_text(encoding="utf-8", errors="replace").count(text)
        if found:
            counts[path.relative_to(out).as_posix()] = found
    return counts


def edited_title(title: str, number: int) -> str:
    """The title for edit ``number``: as long as the old one, its last two letters
    replaced by the number. sphinx-needs cuts titles shown by the ``{need}`` role at
    30 characters, so a longer title would not show in full where the old one did."""
    return f"{title[:-2]}{number:02d}"


def check_edit(out: Path, before: dict[str, int], target: Target, new: str, old: list[str]) -> list[str]:
    """Problems after an edit: pages where the new title is not shown wherever the
    clean build showed the original one, or where an older title is still shown."""
    problems = []
    in_json = needs_json_title(out, target.id)
    if in_json is not None and in_json != new:
        problems.append(f"needs.json: rubriken är '{in_json}', väntat '{new}'")
    fresh = title_counts(out, new)
    for page in sorted(set(before) | set(fresh)):
        want = before.get(page, 0)
        if fresh.get(page, 0) != want:
            problems.append(f"{page}: nya rubriken {fresh.get(page, 0)} gånger, väntat {want}")
    for title in old:
        for page, count in sorted(title_counts(out, title).items()):
            problems.append(f"{page}: gamla rubriken '{title}' står kvar {count} gånger")
    return problems


def page_kinds(pages: list[str], target: Target) -> dict[str, list[str]]:
    kinds: dict[str, list[str]] = {"egen": [], "rapporter": [], "processer": [], "andra": []}
    for page in pages:
        if page == target.html:
            kinds["egen"].append(page)
        elif page.startswith("docs/kvalitet/"):
            kinds["rapporter"].append(page)
        elif page.startswith("processes/"):
            kinds["processer"].append(page)
        else:
            kinds["andra"].append(page)
    return kinds


# --------------------------------------------------------------------------- the baseline


def baseline_conf(root: Path) -> str:
    """conf.py for plain sphinx-needs with the same types, fields and links."""
    from lotsen.model import load_model
    from lotsen.source.files import content_files
    from lotsen.source.scanner import scan_file
    from lotsen.sphinx.needs_config import sphinx_needs_config

    model = load_model(root / "lotsen.yaml")
    config = sphinx_needs_config(model)
    namespace: dict[str, Any] = {}
    exec(compile((root / "conf.py").read_text(encoding="utf-8"), "conf.py", "exec"), namespace)
    shared = {name: namespace[name] for name in SHARED_CONF if name in namespace}
    # Lotsen leaves pages whose every object is a draft off the site: so does the baseline.
    drafts = set(model.publishing.draft_statuses)
    left_out = []
    for path in content_files(root):
        scan = scan_file(path, path.relative_to(root).as_posix(), set(model.types))
        if scan.needs and all(n.value("status") in drafts for n in scan.needs):
            left_out.append(path.relative_to(root).as_posix())
    shared["exclude_patterns"] = [*shared.get("exclude_patterns", []), *left_out]
    lines = [
        '"""Baseline for bench/run.py: the same content with plain sphinx-needs, no Lotsen."""',
        "",
        "from docutils.parsers.rst import Directive",
        "",
        'extensions = ["myst_parser", "sphinx_needs"]',
        'html_theme = "alabaster"',
        f"project = {model.organisation!r}",
    ]
    lines += [f"{name} = {value!r}" for name, value in shared.items()]
    lines += [f"{name} = {value!r}" for name, value in config.items()]
    lines += [
        "",
        "",
        "class _NoLotsen(Directive):",
        '    """A Lotsen directive: nothing in the baseline."""',
        "",
        "    optional_arguments = 1",
        "    final_argument_whitespace = True",
        "    has_content = True",
        "",
        "    def run(self):",
        "        return []",
        "",
        "",
        "def setup(app):",
        f"    for name in {LOTSEN_DIRECTIVES!r}:",
        "        app.add_directive(name, _NoLotsen)",
        '    return {"parallel_read_safe": True, "parallel_write_safe": True}',
        "",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- page weight


def lotsen_page_weight(out: Path, target: Target) -> dict[str, float]:
    from bench.page_weight import measure

    figures = measure(out, target.html, target.second, "nyckel")
    return figures


def plain_page_weight(out: Path, target: Target) -> dict[str, float]:
    """First and second visit only: the baseline has no Lotsen search page."""
    from bench.page_weight import measure

    return measure(out, target.html, target.second, None)


# --------------------------------------------------------------------------- one variant


@dataclass
class Variant:
    name: str
    src: Path
    work: Path
    lotsen: bool
    runs: dict[str, list[Any]] = field(default_factory=dict)
    result: dict[str, Any] = field(default_factory=dict)

    @property
    def out(self) -> Path:
        return self.work / "html"

    @property
    def doctrees(self) -> Path:
        return self.work / "doctrees"


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def bench(variants: list[Variant], target: Target, runs: int, page_weight: bool) -> dict[str, dict[str, Any]]:
    """Every measurement for every variant. The variants take turns within each phase,
    so that other work on the machine weighs on both alike."""
    full: dict[str, list[Run]] = {v.name: [] for v in variants}
    noop: dict[str, list[Run]] = {v.name: [] for v in variants}
    edits: dict[str, list[Run]] = {v.name: [] for v in variants}
    checks: dict[str, list[Run]] = {v.name: [] for v in variants}
    problems: dict[str, list[str]] = {v.name: [] for v in variants}
    failures: dict[str, list[str]] = {v.name: [] for v in variants}
    written: dict[str, dict[str, list[int]]] = {v.name: {"noop": [], "edit": []} for v in variants}
    before: dict[str, dict[str, int]] = {}
    output_mb: dict[str, float] = {}

    for number in range(runs):
        for v in variants:
            shutil.rmtree(v.out, ignore_errors=True)
            shutil.rmtree(v.doctrees, ignore_errors=True)
            result = sphinx(v.src, v.out, v.doctrees, clean=True)
            full[v.name].append(result)
            say(f"  [{v.name}] fullt bygge {number + 1}/{runs}: {result.seconds:.1f} s "
                f"(cpu {result.cpu_s:.1f} s, last {result.load:.1f}), {result.peak_rss_mb:.0f} MB")
    for v in variants:
        output_mb[v.name] = folder_mb(v.out)

    for number in range(runs):
        for v in variants:
            since = time.time_ns()
            result = sphinx(v.src, v.out, v.doctrees, clean=False)
            written[v.name]["noop"].append(written_since(v.out, since))
            if result.returncode != 0:
                failures[v.name].append(f"omkörning utan ändring {number + 1}: {failure(result)}")
                say(f"  [{v.name}] omkörning utan ändring {number + 1}/{runs}: MISSLYCKADES: {failure(result)}")
                continue
            noop[v.name].append(result)
            say(f"  [{v.name}] omkörning utan ändring {number + 1}/{runs}: {result.seconds:.1f} s "
                f"(cpu {result.cpu_s:.1f} s, {written[v.name]['noop'][-1]} sidor skrivna)")

    for v in variants:
        before[v.name] = title_counts(v.out, target.title)
    for number in range(runs):
        new = edited_title(target.title, number + 1)
        old = [target.title] + [edited_title(target.title, n + 1) for n in range(number)]
        for v in variants:
            retitle(v.src, target, new)
            since = time.time_ns()
            result = sphinx(v.src, v.out, v.doctrees, clean=False)
            written[v.name]["edit"].append(written_since(v.out, since))
            if result.returncode != 0:
                failures[v.name].append(f"omkörning efter ändring {number + 1}: {failure(result)}")
                problems[v.name].append(f"ändring {number + 1}: bygget misslyckades")
                say(f"  [{v.name}] omkörning efter ändrad rubrik {number + 1}/{runs}: "
                    f"MISSLYCKADES: {failure(result)}")
                continue
            edits[v.name].append(result)
            found = check_edit(v.out, before[v.name], target, new, old)
            problems[v.name] += [f"ändring {number + 1}: {p}" for p in found]
            say(f"  [{v.name}] omkörning efter ändrad rubrik {number + 1}/{runs}: {result.seconds:.1f} s "
                f"(cpu {result.cpu_s:.1f} s, {written[v.name]['edit'][-1]} sidor skrivna), "
                + ("rätt" if not found else f"FEL: {len(found)} fynd"))
    for v in variants:
        retitle(v.src, target, target.title)
    more = {v.name: more_edits(v) for v in variants if v.lotsen}

    for number in range(runs):
        for v in variants:
            if not v.lotsen:
                continue
            result = run([str(BIN / "lotsen"), "check", "--root", str(v.src)], env=build_env())
            if result.returncode not in (0, 1):
                raise SystemExit(f"lotsen check kunde inte köras:\n{result.stderr[-2000:]}")
            checks[v.name].append(result)
            say(f"  [{v.name}] lotsen check {number + 1}/{runs}: {result.seconds:.2f} s")

    results = {}
    for v in variants:
        weight: dict[str, float] | None = None
        if page_weight:
            weight = (lotsen_page_weight if v.lotsen else plain_page_weight)(v.out, target)
            say(f"  [{v.name}] sidvikt {target.html}: {weight['routine_first_visit_kb_gz']} KB gzip")
        per_run = {
            "full_build_s": [r.seconds for r in full[v.name]],
            "noop_rebuild_s": [r.seconds for r in noop[v.name]],
            "edit_rebuild_s": [r.seconds for r in edits[v.name]],
            "check_s": [r.seconds for r in checks[v.name]],
            "full_build_cpu_s": [r.cpu_s for r in full[v.name]],
            "noop_rebuild_cpu_s": [r.cpu_s for r in noop[v.name]],
            "edit_rebuild_cpu_s": [r.cpu_s for r in edits[v.name]],
            "check_cpu_s": [r.cpu_s for r in checks[v.name]],
            "peak_rss_mb": [r.peak_rss_mb for r in full[v.name]],
            "peak_rss_tree_sampled_mb": [r.tree_rss_mb for r in full[v.name]],
            "peak_rss_largest_process_mb": [r.largest_rss_mb for r in full[v.name]],
            "check_peak_rss_mb": [r.peak_rss_mb for r in checks[v.name]],
            "noop_pages_written": written[v.name]["noop"],
            "edit_pages_written": written[v.name]["edit"],
            "load_average_at_start": [r.load for kind in (full, noop, edits, checks) for r in kind[v.name]],
        }
        med = {name: (median(values) if values else None) for name, values in per_run.items()}
        results[v.name] = {
            "full_build_s": med["full_build_s"],
            "noop_rebuild_s": med["noop_rebuild_s"],
            "edit_rebuild_s": med["edit_rebuild_s"],
            "edit_rebuild_correct": not problems[v.name],
            "check_s": med["check_s"],
            "peak_rss_mb": med["peak_rss_mb"],
            "output_mb": output_mb[v.name],
            "routine_page_kb_gz": weight["routine_first_visit_kb_gz"] if weight else None,
            "cpu": {"full_build_s": med["full_build_cpu_s"], "noop_rebuild_s": med["noop_rebuild_cpu_s"],
                    "edit_rebuild_s": med["edit_rebuild_cpu_s"], "check_s": med["check_cpu_s"]},
            "page_weight": weight,
            "warnings": warnings(full[v.name][-1].stderr),
            "edit_pages": page_kinds(sorted(before[v.name]), target),
            "edit_problems": problems[v.name][:50],
            **more.get(v.name, {}),
            "failed_builds": failures[v.name],
            "per_run": per_run,
        }
    return results


def more_edits(v: Variant) -> dict[str, Any]:
    """A changed risk score, a moved routine and a deleted control (bench/edits.py), one
    after the other, each rebuilt on its own and judged against the edited sources; the
    sources are put back afterwards (the output is then that of the edited sources)."""
    from lotsen.checks.pipeline import scan_files
    from lotsen.model import load_model
    from lotsen.source.files import content_files

    model = load_model(v.src / "lotsen.yaml")
    steps = (("risk_score", E.rescore_risk, E.check_risk), ("moved_routine", E.move_routine, E.check_move),
             ("deleted_control", E.delete_control, E.check_deleted))
    figures: dict[str, Any] = {}
    done: list[E.Edit] = []
    try:
        for name, make, judge_edit in steps:
            needs, _ = scan_files(model, v.src, content_files(v.src))
            edit = make(v.src, model, needs)
            done.append(edit)
            since = time.time_ns()
            result = sphinx(v.src, v.out, v.doctrees, clean=False)
            pages = written_since(v.out, since)
            found = [f"bygget misslyckades: {failure(result)}"] if result.returncode else judge_edit(v.out, edit, model)
            figures[f"{name}_edit_s"] = result.seconds
            figures[f"{name}_correct"] = not found
            figures[f"{name}_edit"] = {"what": edit.what, "seconds": result.seconds, "cpu_s": result.cpu_s,
                                       "load": result.load, "pages_written": pages, "files": sorted(edit.files),
                                       "problems": found[:50]}
            say(f"  [{v.name}] {edit.what}: {result.seconds:.1f} s (cpu {result.cpu_s:.1f} s, last {result.load:.1f}, "
                f"{pages} sidor skrivna), " + ("rätt" if not found else f"FEL: {len(found)} fynd: {found[:3]}"))
    finally:
        E.restore(v.src, done)
    return figures


# --------------------------------------------------------------------------- the machine


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_mb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_mb = round(int(line.split()[1]) / 1024)
    except OSError:
        pass
    packages = {}
    for name in ("lotsen", "Sphinx", "sphinx-needs", "myst-parser", "docutils", "sphinxcontrib-mermaid",
                 "alabaster", "pagefind", "playwright", "openpyxl"):
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = None
    chromium = shutil.which("chromium")
    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory_mb": memory_mb,
        "cpu": cpu,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "packages": packages,
        "chromium": chromium,
    }


# --------------------------------------------------------------------------- the report


def ratios(lotsen: dict[str, Any], base: dict[str, Any] | None) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for name in FIGURES:
        a, b = lotsen.get(name), (base or {}).get(name)
        out[name] = round(a / b, 2) if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b else None
    for name, a in lotsen.get("cpu", {}).items():
        b = ((base or {}).get("cpu") or {}).get(name)
        out[f"cpu_{name}"] = round(a / b, 2) if a is not None and b else None
    return out


def judge(size: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    verdicts = []
    for name, limit, kind in TARGETS.get(size, []):
        value = data["ratios"].get(name) if kind == "ratio" else data.get(name)
        if value is None:
            ok = None
        elif kind == "bool":
            ok = value is limit
        else:
            ok = value <= limit
        unit = {"ratio": "× baslinjen", "s": "s", "mb": "MB", "bool": ""}[kind]
        shown = f"≤ {limit} {unit}".strip() if kind != "bool" else "true"
        verdicts.append({"figure": name, "value": value, "target": shown, "met": ok})
    return verdicts


def print_report(data: dict[str, Any]) -> None:
    base = data.get("baseline") or {}
    units = {"full_build_s": "s", "noop_rebuild_s": "s", "edit_rebuild_s": "s", "check_s": "s",
             "peak_rss_mb": "MB", "output_mb": "MB", "routine_page_kb_gz": "KB"}
    g = data["generated"]
    print(f"\nLotsen bench, storlek {data['size']} (frö {data['seed']}, {data['runs']} körningar, median): "
          f"{g['objects']} objekt, {g['pages']} sidor")
    def shown(value: Any, unit: str) -> str:
        return "–" if value is None else f"{value:g} {unit}"

    print(f"{'mått':24} {'Lotsen':>10} {'cpu':>9} {'baslinje':>10} {'cpu':>9} {'kvot':>7} {'cpu-kvot':>8}")
    for name in FIGURES:
        a, b, r = data.get(name), base.get(name), data["ratios"].get(name)
        ca, cb = data["cpu"].get(name), (base.get("cpu") or {}).get(name)
        rc = data["ratios"].get(f"cpu_{name}")
        print(f"{name:24} {shown(a, units[name]):>10} {shown(ca, 's') if name in data['cpu'] else '':>9} "
              f"{shown(b, units[name]):>10} {shown(cb, 's') if name in data['cpu'] else '':>9} "
              f"{('–' if r is None else f'{r:g}×'):>7} {('' if rc is None else f'{rc:g}×'):>8}")
    for name in MORE_EDITS:
        detail = data.get(name[:-2], {}) or {}
        if detail:
            print(f"{name:24} {shown(detail['seconds'], 's'):>10} {shown(detail['cpu_s'], 's'):>9}   "
                  f"(last {detail['load']:g}, {detail['pages_written']} sidor skrivna) {detail['what']}")
    for name in CORRECT:
        print(f"{name:24} {str(data.get(name, '–')).lower():>10} "
              + (f"{'':>9} {str(base.get(name, '–')).lower():>10}" if name == "edit_rebuild_correct" else ""))
    for verdict in data["targets"]:
        mark = {True: "inom", False: "ÖVER", None: "ej mätt"}[verdict["met"]]
        print(f"mål {verdict['figure']}: {verdict['value']} (mål {verdict['target']}): {mark}")
    loads = data["per_run"]["load_average_at_start"]
    print(f"belastning (1 min) vid start: {min(loads):g}–{max(loads):g} på {data['machine']['nproc']} kärnor")
    if data["lotsen_source"]["changed_during_run"]:
        print("OBS: Lotsens kod ändrades medan mätningen pågick; siffrorna blandar två versioner.")
    for name, result in (("Lotsen", data), ("baslinje", base)):
        for text in result.get("failed_builds") or []:
            print(f"misslyckat bygge ({name}): {text}")
    if data["edit_problems"]:
        print("Fel efter ändrad rubrik:\n  " + "\n  ".join(data["edit_problems"][:10]))
    for name in MORE_EDITS:
        detail = data.get(name[:-2]) or {}
        if detail.get("problems"):
            print(f"Fel efter {detail['what']}:\n  " + "\n  ".join(detail["problems"][:10]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mät bygget av ett genererat ledningssystem mot ren sphinx-needs.")
    parser.add_argument("--size", choices=sorted(SIZES), default="S")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-baseline", action="store_true", help="mät inte bygget utan Lotsen")
    parser.add_argument("--with-baseline", action="store_true",
                        help="mät bygget utan Lotsen även vid XL (inget mål där jämför med det)")
    parser.add_argument("--skip-page-weight", action="store_true", help="mät inte sidvikten (kräver chromium)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/lotsen-bench"),
                        help="där projekten genereras och byggs (standard /tmp/lotsen-bench)")
    parser.add_argument("--out", type=Path, default=REPO / "_build" / "bench", help="där SIZE.json skrivs")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs måste vara minst 1")
    if args.size == "XL" and not args.with_baseline:
        args.skip_baseline = True  # XL's targets are absolute: the baseline would add an hour

    work = args.work.resolve() / f"{args.size}-{args.seed}"
    shutil.rmtree(work, ignore_errors=True)
    src = work / "lotsen" / "src"
    say(f"Genererar storlek {args.size} i {src}")
    stats = generate(src, args.size, args.seed)
    target = choose_routine(src)
    say(f"Rutinen som ändras: {target.id} '{target.title}' ({target.file})")

    variants = [Variant("lotsen", src, work / "lotsen", lotsen=True)]
    if not args.skip_baseline:
        plain = work / "baseline" / "src"
        shutil.copytree(src, plain)
        (plain / "conf.py").write_text(baseline_conf(src), encoding="utf-8")
        variants.append(Variant("baslinje", plain, work / "baseline", lotsen=False))

    code_before = source_fingerprint()
    results = bench(variants, target, args.runs, not args.skip_page_weight)
    code_after = source_fingerprint()

    data: dict[str, Any] = {"size": args.size, "seed": args.seed, "runs": args.runs,
                            "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                            "today": TODAY,
                            "generated": {"objects": stats.objects, "counts": stats.counts, "pages": stats.pages,
                                          "files": stats.files, "bytes": stats.bytes, "units": stats.units,
                                          "roles": stats.roles},
                            "edited_routine": {"id": target.id, "title": target.title, "file": target.file,
                                               "page": target.html},
                            "baseline_directives": "no-op directives registered in the baseline conf.py",
                            }
    data.update(results["lotsen"])
    data["baseline"] = results.get("baslinje")
    data["ratios"] = ratios(results["lotsen"], results.get("baslinje"))
    data["targets"] = judge(args.size, data)
    data["machine"] = machine()
    data["lotsen_source"] = {**code_after, "changed_during_run": code_before != code_after}
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"{args.size}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print_report(data)
    print(f"\nSkrev {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
