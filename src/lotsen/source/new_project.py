"""`lotsen init`: a new, clean ledningssystem repository for an organisation.

The model is the sample's model with the organisation's own name, units, roles and
review accounts in place of the sample's; the generic parts (the report pages, the
skeletons, the guides) come from the sample and from ``lotsen/scaffold``; none of the
sample's content, names or history. The repository depends on a pinned Lotsen package
(requirements.txt), never on a copy of Lotsen's source.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from lotsen.errors import ModelError, UsageError
from lotsen.model import Model, load_model
from lotsen.model.ids import render_id
from lotsen.source.new_units import (
    SUBUNIT_EXAMPLE,
    UNIT_EXAMPLE,
    NewUnit,
    code_problems,
    split_unit,
    tree_problems,
    units_block,
)
from lotsen.source.sample import sample_files, sample_root
from lotsen.version import __version__

SCAFFOLD = Path(__file__).resolve().parent.parent / "scaffold"
#: Sample files a new organisation starts from as they are: nothing in them names the sample.
FROM_SAMPLE = ("conf.py", "index.md", "needs_templates", "docs/kvalitet", "docs/andringslogg.md", "docs/regler.md",
               "docs/drift.md", "docs/tillganglighet.md", "docs/kom-igang.md")
#: Scaffold file -> where it goes in the new repository.
FROM_SCAFFOLD = {"Makefile": "Makefile", "README.md.in": "README.md", "gitignore": ".gitignore",
                 "sok.md.in": "sok.md", "github-workflow.yml": ".github/workflows/lotsen.yml",
                 "gitlab-ci.yml": ".gitlab-ci.yml", "docs/index.md.in": "docs/index.md",
                 "docs/lasa.md.in": "docs/lasa.md", "docs/skriva.md.in": "docs/skriva.md",
                 "docs/granska.md.in": "docs/granska.md", "docs/lotsen-version.md.in": "docs/lotsen-version.md"}
#: Roles a new organisation gets when none are given: generic, to be edited in lotsen.yaml.
DEFAULT_ROLES = {"medarbetare": "Medarbetare", "enhetschef": "Enhetschef", "förvaltningschef": "Förvaltningschef",
                 "kvalitetsutvecklare": "Kvalitetsutvecklare"}
DEFAULT_UNIT = ("GEM", "Gemensamt för hela organisationen")
_SECTION = re.compile(r"(?m)^(?P<key>[A-Za-z_]+):")
_CODE = re.compile(r"^[^\s:#'\"@=,]+$")


@dataclass
class Organisation:
    name: str
    short_name: str
    units: dict[str, str]
    roles: dict[str, str]
    host: str = ""
    notes: list[str] = field(default_factory=list)
    #: Unit code -> the code of the unit it belongs to (none for a unit at the top).
    parents: dict[str, str] = field(default_factory=dict)


def parse_pairs(values: list[str], flag: str) -> tuple[dict[str, str], list[str]]:
    """``KOD=Namn`` -> {code: name}; problems in Swedish."""
    pairs: dict[str, str] = {}
    problems = []
    for value in values:
        code, sep, name = (part.strip() for part in value.partition("="))
        problem = _pair_problem(flag, value, code, name, bool(sep), pairs, "enhetschef=Enhetschef")
        if problem:
            problems.append(problem)
        else:
            pairs[code] = name
    return pairs, problems


def parse_units(values: list[str]) -> tuple[list[NewUnit], list[str]]:
    """``KOD=Namn`` or ``KOD=Namn@FÖRÄLDER`` for each ``--enhet``; problems in Swedish,
    the tree's own (a parent not given, a cycle) among them."""
    units: dict[str, NewUnit] = {}
    problems = []
    for value in values:
        code, name, parent, at = split_unit(value)
        problem = _pair_problem("--enhet", value, code, name, "=" in value, units, UNIT_EXAMPLE)
        if not problem and at and not parent:
            problem = (f"--enhet '{value}': skriv koden för enheten den hör till efter @, till exempel "
                       f"--enhet {SUBUNIT_EXAMPLE}.")
        if problem:
            problems.append(problem)
        else:
            units[code] = NewUnit(code, name, parent, value)
    return list(units.values()), problems + tree_problems(list(units.values()))


def _pair_problem(flag: str, value: str, code: str, name: str, sep: bool, seen: dict, example: str) -> str:
    if not sep or not code or not name:
        return f"{flag} '{value}': skriv kod=namn, till exempel {flag} {example}."
    if not _CODE.fullmatch(code):
        return f"{flag} '{value}': koden '{code}' får inte innehålla mellanslag eller tecknen : # ' \" @ = ,"
    if code in seen:
        return f"{flag} '{value}': koden '{code}' står två gånger."
    return ""


def unit_problems(units: list[NewUnit]) -> list[str]:
    """The units' codes that cannot stand in the IDs of the new model's types (the
    sample's), one message per unit."""
    return code_problems(units, load_model(sample_root() / "lotsen.yaml").types)


def account_group(org: Organisation) -> str:
    """The group on the git host whose teams review: the host address's first path
    part (https://git.example.se/socialtjansten/ledningssystem -> socialtjansten), or
    the short name in plain letters."""
    path = re.sub(r"^[a-z+]+://[^/]+/|^[^@]+@[^:]+:", "", org.host.strip()).strip("/")
    first = path.split("/")[0] if path and path != org.host.strip() else ""
    base = first or org.short_name
    plain = base.casefold().translate(str.maketrans("åäöé", "aaoe"))
    return re.sub(r"[^a-z0-9_.-]+", "-", plain).strip("-") or "organisationen"


#: Web addresses whose host Lotsen can tell: the host name's part -> the model's host.
_KNOWN_HOSTS = (("github.com", "github"), ("gitlab", "gitlab"), ("codeberg.org", "forgejo"),
                ("forgejo", "forgejo"), ("gitea", "gitea"), ("dev.azure.com", "azure"))


def repository_block(address: str) -> str:
    """The model's ``repository`` section for the organisation's own repository: set
    when its web address names a host Lotsen knows, else a commented example to fill
    in (never the sample's repository)."""
    url = address.strip().rstrip("/").removesuffix(".git")
    match = re.fullmatch(r"https://([^\s/]+)(/[^\s]+)+", url)
    host = next((kind for part, kind in _KNOWN_HOSTS if match and part in match[1].casefold()), "")
    if host:
        return f"repository:\n  host: {host}\n  url: {_quoted(url)}\n  branch: main\n"
    example = url if match else "https://github.com/organisation/ledningssystem"
    return (f"# repository:\n#   host: github  # or gitlab, gitea, forgejo, azure\n#   url: {example}\n"
            "#   branch: main\n")


def _quoted(text: str) -> str:
    """A YAML scalar that stays text: quoted, so that a code such as NO is no boolean."""
    return json.dumps(text, ensure_ascii=False)


def _sections(text: str) -> dict[str, tuple[int, int]]:
    """Top-level key -> (start, end) of its block; the blank and comment lines before
    the next key are left to that key."""
    starts = [(m["key"], m.start()) for m in _SECTION.finditer(text)]
    result = {}
    for i, (key, start) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else len(text)
        lines = text[start:end].splitlines(keepends=True)
        while len(lines) > 1 and (not lines[-1].strip() or lines[-1].startswith("#")):
            lines.pop()
        result[key] = (start, start + sum(len(line) for line in lines))
    return result


def model_text(sample: str, org: Organisation) -> str:
    """The sample's model with the organisation's name, units, roles and accounts."""
    group = account_group(org)
    replaced = {
        "organisation": f"organisation:\n  name: {_quoted(org.name)}\n  short_name: {_quoted(org.short_name)}\n",
        "units": units_block(org.units, org.parents),
        "roles": "roles:\n" + "".join(f"  {_quoted(c)}: {_quoted(n)}\n" for c, n in org.roles.items()),
        "accounts": f"accounts:\n  '*': '@{group}/kvalitetsledning'\n",
    }
    if "repository" in _sections(sample):
        replaced["repository"] = repository_block(org.host)
    out = sample
    for key, block in replaced.items():
        start, end = _sections(out)[key]
        out = out[:start] + block + out[end:]
    # addresses allowed in content: the organisation's own, which the sample cannot know
    out = re.sub(r"(?m)^(  allowed_emails:).*$", r"\1 []", out)
    # each type's example ID (shown in messages) in the organisation's own units
    return _examples(out, next(iter(org.units)), dt.date.today().year)


def _examples(text: str, unit: str, year: int) -> str:
    """Each type's ``id_example`` rendered from its ``id_template`` for ``unit``."""
    lines = text.splitlines(keepends=True)
    block: list[int] = []  # the lines of one type, directly under 'types'

    def fix(block: list[int]) -> None:
        found = {m["key"]: (i, m["value"]) for i in block
                 if (m := re.match(r'^    (?P<key>id_example|id_template): "?(?P<value>[^"\n]*)"?\s*$', lines[i]))}
        if "id_example" in found and "id_template" in found:
            i, _ = found["id_example"]
            lines[i] = f"    id_example: {_quoted(render_id(found['id_template'][1], unit, year, 1))}\n"

    for i, line in enumerate(lines):
        if re.match(r"^  \S", line) or re.match(r"^\S", line):
            fix(block)
            block = []
        block.append(i)
    fix(block)
    return "".join(lines)


def lotsen_requirement(given: str | None) -> str:
    """The line that pins Lotsen in the new repository's requirements.txt.

    Given: a wheel or folder path, a git reference or a version. Otherwise where the
    running Lotsen was installed from: its wheel, its folder, or its git commit.
    """
    if given:
        text = given.strip()
        if text.startswith(("git+", "http://", "https://", "file://")):
            return f"lotsen @ {text}"
        path = Path(text).expanduser()
        if path.exists():
            return f"lotsen @ {path.resolve().as_uri()}"
        if re.fullmatch(r"[0-9]+(\.[0-9]+)*", text):
            return f"lotsen=={text}"
        raise UsageError(f"--lotsen '{given}': ange en sökväg till ett paket (.whl) eller en mapp, en "
                         f"git-referens som git+https://…/lotsen.git@v1.0, eller ett versionsnummer.")
    try:
        direct = metadata.distribution("lotsen").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        direct = None
    if direct:
        info = json.loads(direct)
        url = info.get("url", "")
        vcs = info.get("vcs_info")
        if vcs:
            return f"lotsen @ {vcs.get('vcs', 'git')}+{url}@{vcs.get('commit_id', '')}"
        return f"lotsen @ {url}"
    return f"lotsen=={__version__}"


def _pins(sample: Path, requirement: str) -> str:
    lines = [line for line in (sample / "requirements.txt").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    return ("# Lotsen och allt den behöver, i låsta versioner. Byt version: se docs/lotsen-version.md.\n"
            + requirement + "\n" + "\n".join(lines) + "\n")


def _copy(source: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, dest)


def _check_model(text: str) -> Model:
    """The new model, loaded; its problems said as problems with the answers given."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lotsen.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            return load_model(path)
        except ModelError as exc:
            lines = [f"- {p.message}" for p in exc.problems]
            raise UsageError("Enheterna eller rollerna går inte att använda:\n" + "\n".join(lines)) from None


def _empty_target(dest: Path) -> None:
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise UsageError(f"Mappen {dest} finns redan och är inte tom. Lotsen skriver aldrig över något: "
                         f"välj en ny mapp.")


def _markers(org: Organisation, model: Model, requirement: str, today: dt.date) -> dict[str, str]:
    routine = model.types.get(model.structure.routine_type)
    unit = next(iter(model.units))
    example = render_id(routine.id_template, unit, today.year, 1) if routine and routine.id_template else ""
    example_file = (Path(routine.folder) / routine.file_template.format(id=example, unit=unit).lower()).as_posix() \
        if example else ""
    roles = list(model.roles)
    folders = sorted({t.folder for t in model.types.values()})
    return {"@NAMN@": org.name, "@KORTNAMN@": org.short_name, "@ENHET@": unit, "@RUTIN_ID@": example,
            "@RUTIN_FIL@": example_file, "@ROLL@": roles[0], "@ROLL2@": roles[1 % len(roles)],
            "@LOTSEN@": requirement, "@MAPPAR@": "/`, `".join(folders) + "/"}


def _fill(text: str, markers: dict[str, str]) -> str:
    for marker, value in markers.items():
        text = text.replace(marker, value)
    return text


def create_project(dest: Path, org: Organisation, requirement: str, today: dt.date) -> list[Path]:
    """Write the new organisation's repository; the files written, relative to ``dest``."""
    _empty_target(dest)
    sample = sample_root()
    text = model_text((sample / "lotsen.yaml").read_text(encoding="utf-8"), org)
    model = _check_model(text)
    markers = _markers(org, model, requirement, today)
    dest.mkdir(parents=True, exist_ok=True)
    written = [Path("lotsen.yaml")]
    (dest / "lotsen.yaml").write_text(text, encoding="utf-8")
    for name in sample_files(sample):
        if any(name.as_posix() == f or name.as_posix().startswith(f + "/") for f in FROM_SAMPLE):
            _copy(sample / name, dest / name)
            written.append(name)
    for source, target in FROM_SCAFFOLD.items():
        out = dest / target
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(_fill((SCAFFOLD / source).read_text(encoding="utf-8"), markers), encoding="utf-8")
        written.append(Path(target))
    (dest / "requirements.txt").write_text(_pins(sample, requirement), encoding="utf-8")
    written.append(Path("requirements.txt"))
    for type_def in model.types.values():
        index = Path(type_def.folder) / "index.md"
        if (sample / index).is_file():
            _copy(sample / index, dest / index)
        else:
            depth = type_def.file_template.count("/")
            (dest / index).parent.mkdir(parents=True, exist_ok=True)
            (dest / index).write_text(f"# {type_def.plural}\n\n```{{toctree}}\n:glob:\n:maxdepth: 1\n\n"
                                      f"{'*/' * depth}*\n```\n", encoding="utf-8")
        written.append(index)
    return sorted(set(written))


def create_sample_project(dest: Path, requirement: str) -> list[Path]:
    """Today's sample, as an organisation would have it (pinned Lotsen, its own CI)."""
    _empty_target(dest)
    sample = sample_root()
    model = load_model(sample / "lotsen.yaml")
    org = Organisation(model.organisation, model.short_name, model.units, model.roles)
    markers = _markers(org, model, requirement, dt.date.today())
    written = []
    for name in sample_files(sample):
        if name.as_posix() != "requirements.txt":
            _copy(sample / name, dest / name)
            written.append(name)
    for source, target in FROM_SCAFFOLD.items():
        # the sample has its own pages; only the repository's own files are added
        if not target.endswith(".md") or target == "README.md":
            (dest / target).parent.mkdir(parents=True, exist_ok=True)
            (dest / target).write_text(_fill((SCAFFOLD / source).read_text(encoding="utf-8"), markers),
                                       encoding="utf-8")
            written.append(Path(target))
    (dest / "requirements.txt").write_text(_pins(sample, requirement), encoding="utf-8")
    return sorted(set(written + [Path("requirements.txt")]))


def first_commit(dest: Path, message: str) -> str:
    """A fresh git history with one commit; '' when done, else why not (in Swedish)."""
    if shutil.which("git") is None:
        return "git finns inte på den här datorn, så arkivet har ingen historik än. Kör 'git init' när git finns."
    identity = []
    for key, fallback in (("user.name", "Lotsen"), ("user.email", "lotsen@localhost")):
        found = subprocess.run(["git", "config", key], cwd=dest, capture_output=True, text=True, check=False)
        if not found.stdout.strip():
            identity += ["-c", f"{key}={fallback}"]
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], [*identity, "commit", "-q", "-m", message]):
        done = subprocess.run(["git", *command], cwd=dest, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            return f"git kunde inte skapa den första versionen: {done.stderr.strip()[:300]}"
    return ""
