"""Three more edits for bench/run.py, each rebuilt on its own and judged against the
sources themselves (what the edited sources say must show, and nothing else):

* a changed risk score: a risk's likelihood is changed so that its score and level
  change; its page, the risk register (page and CSV) and needs.json must show the new
  score and level, and no other level for it;
* a moved routine: a routine is moved to another unit and that unit's main process;
  the old unit's page, binder and process page must no longer name it, the new
  unit's must, and needs.json must give the new unit (the routine moves to a page of
  its own in the new unit's folder: a binder holds whole pages);
* a deleted control: a control is deleted with everything that names it (its results
  are deleted, mentions in lists and text removed) so that no source names it; then no
  file of the output (pages, reports, CSV, the exports' XLSX, DOCX and PDF, needs.json,
  the search index) may name it.

The objects are chosen so that the oracle is exact: the routine is named in no other
source, has no risk link and fulfils no local requirement of its old unit (each of
those would rightly keep it on the old unit's binder).
"""

from __future__ import annotations

import gzip
import html
import json
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FENCE = "```"


@dataclass
class Edit:
    """One edit: what was done, and what the output must then show."""

    kind: str
    what: str
    files: dict[str, str | None] = field(default_factory=dict)  # relative path -> text before (None: created)
    expect: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- sources


def _block(lines: list[str], start: int) -> tuple[int, int]:
    """(first, last) 0-based line of the directive opening at ``start`` (its fence)."""
    end = start + 1
    while end < len(lines) and lines[end].strip() != FENCE:
        end += 1
    return start, end


def _option(lines: list[str], start: int, name: str) -> int | None:
    first, last = _block(lines, start)
    for i in range(first + 1, last):
        if not lines[i].startswith(":"):
            break
        if lines[i].startswith(f":{name}:"):
            return i
    return None


def _set_option(lines: list[str], start: int, name: str, value: str) -> None:
    at = _option(lines, start, name)
    if at is None:
        raise ValueError(f"no option {name} at line {start + 1}")
    lines[at] = f":{name}: {value}"


def _remember(root: Path, edit: Edit, rel: str) -> list[str]:
    text = (root / rel).read_text(encoding="utf-8")
    edit.files.setdefault(rel, text)
    return text.split("\n")


def restore(root: Path, edits: list[Edit]) -> None:
    """Put every edited file back as it was (the first edit's copy last wins), and remove
    the files an edit created."""
    for edit in reversed(edits):
        for rel, text in edit.files.items():
            if text is None:
                (root / rel).unlink(missing_ok=True)
            else:
                (root / rel).write_text(text, encoding="utf-8")


def _source_texts(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*")) if p.suffix in (".md", ".csv") and "_build" not in p.parts}


# --------------------------------------------------------------------------- a changed risk score


def rescore_risk(root: Path, model: Any, needs: list[Any]) -> Edit:
    """An active risk whose likelihood changes so that its level changes; its score is at
    or above where a control is required before and after, so no finding comes or goes."""
    risk = model.risk
    active = set(risk.active_statuses)
    likelihoods = sorted(model.scales[risk.likelihood])
    for need in needs:
        if need.type != risk.type or need.value("status") not in active:
            continue
        old_l, cons = int(need.value(risk.likelihood)), int(need.value(risk.consequence))
        old_level = risk.level(old_l * cons)
        if old_l * cons < risk.control_required_from:
            continue
        for new_l in reversed(likelihoods):
            level = risk.level(new_l * cons)
            if new_l != old_l and level is not None and level != old_level:
                edit = Edit("risk", f"{need.id}: sannolikhet {old_l} → {new_l}, riskvärde {old_l * cons} → "
                                    f"{new_l * cons} ({level.label})")
                lines = _remember(root, edit, need.file)
                _set_option(lines, need.line - 1, risk.likelihood, str(new_l))
                (root / need.file).write_text("\n".join(lines), encoding="utf-8")
                edit.expect = {"id": need.id, "page": str(Path(need.file).with_suffix(".html")),
                               "likelihood": new_l, "score": new_l * cons, "level": level.label,
                               "levels": [lv.label for lv in risk.levels]}
                return edit
    raise SystemExit("Hittade ingen risk vars nivå kan ändras.")


def check_risk(out: Path, edit: Edit, model: Any) -> list[str]:
    e = edit.expect
    rid, score, level = e["id"], e["score"], e["level"]
    problems = []
    page = (out / e["page"]).read_text(encoding="utf-8")
    start = page.find(f'id="{rid}"')
    section = page[start: page.find('class="lotsen-objekt', start + 10)] if start >= 0 else ""
    if f"riskvärde <strong>{score}</strong>" not in section or f">{html.escape(level)}</span>" not in section:
        problems.append(f"{e['page']}: {rid} visar inte riskvärde {score} ({level})")
    register = out / "docs" / "kvalitet" / "riskregister.html"
    if register.is_file():
        text = register.read_text(encoding="utf-8")
        cells = [c for c in re.findall(r"<td[^>]*>.*?</td>", text, re.S) if f"#{rid}\"" in c]
        if not cells:
            problems.append(f"riskregister.html: {rid} saknas")
        for cell in cells:
            shown = re.search(r"riskvärde (\d+) · ([^<]+)<", cell)
            if shown and (int(shown.group(1)), html.unescape(shown.group(2)).strip()) != (score, level):
                problems.append(f"riskregister.html: {rid} i rutan riskvärde {shown.group(1)} · {shown.group(2)}, "
                                f"väntat {score} · {level}")
    csv = out / "docs" / "kvalitet" / "riskregister-register.csv"
    if csv.is_file():
        rows = [r.split(";") for r in csv.read_text(encoding="utf-8-sig").splitlines()]
        head = rows[0]
        mine = [dict(zip(head, r)) for r in rows[1:] if r and r[0] == rid]
        want = {"Riskvärde": str(score), "Nivå": level}
        if not mine or any(row.get(k) != v for row in mine for k, v in want.items() if k in head):
            problems.append(f"riskregister-register.csv: {rid} har inte riskvärde {score} och nivå {level}: {mine[:1]}")
    shown = _needs_json(out).get(rid, {})
    if str(shown.get(model.risk.likelihood)) != str(e["likelihood"]):
        problems.append(f"needs.json: {rid} har sannolikhet {shown.get(model.risk.likelihood)}, väntat {e['likelihood']}")
    return problems


# --------------------------------------------------------------------------- a moved routine


def move_routine(root: Path, model: Any, needs: list[Any], avoid: str = "") -> Edit:
    """A published routine named in no other source, with no risk link and no local
    requirement, moved to the next unit (in the model's order) and its main process, and
    to a page of its own in that unit's folder, as an author moves it (a binder holds
    whole pages: on its old page it would rightly stay in the old unit's binder)."""
    units_field = model.field_for("units")
    routine_type, process_link = model.structure.routine_type, model.structure.routine_process_link
    risk_link = model.reports.routine_risk_link
    drafts = set(model.publishing.draft_statuses)
    texts = _source_texts(root)
    leaves = [c for c in model.units if model.unit_tree.is_leaf(c)]
    main_process = {n.values(units_field)[0]: n.id for n in needs if n.type == model.reports.process_type
                    and n.values(units_field) and n.id == f"PROC-{n.values(units_field)[0]}"}
    for need in needs:
        units = need.values(units_field)
        if (need.type != routine_type or need.id == avoid or need.value("status") in drafts or len(units) != 1
                or units[0] not in leaves or units[0] not in main_process or need.values(risk_link)):
            continue
        fulfils = need.values(model.reports.fulfils_link)
        # its old unit's local requirements (the generator's KRAV-LOK-UNIT-nn) no longer
        # apply: the link goes, if something else fulfils each of them
        local = [k for k in fulfils if f"-{units[0]}-" in k]
        if any(sum(len(re.findall(rf"\b{re.escape(k)}\b", t)) for t in texts.values()) < 3 for k in local):
            continue
        if sum(text.count(need.id) for text in texts.values()) != 1:
            continue
        old = units[0]
        new = next((c for c in leaves[leaves.index(old) + 1:] + leaves if c != old and c in main_process), None)
        if new is None:
            continue
        edit = Edit("move", f"{need.id}: från {old} ({main_process[old]}) till {new} ({main_process[new]})")
        lines = _remember(root, edit, need.file)
        _set_option(lines, need.line - 1, units_field, new)
        _set_option(lines, need.line - 1, process_link, main_process[new])
        owner = model.field_for("owner")
        new_owner = next((n.value(owner) for n in needs if n.id == main_process[new]), "")
        if new_owner and _option(lines, need.line - 1, owner) is not None:
            _set_option(lines, need.line - 1, owner, new_owner)
        if local:
            kept = [k for k in fulfils if k not in local]
            at = _option(lines, need.line - 1, model.reports.fulfils_link)
            if kept:
                lines[at] = f":{model.reports.fulfils_link}: {', '.join(kept)}"
            else:
                del lines[at]
        first, last = _block(lines, need.line - 1)
        block = lines[first:last + 1]
        del lines[first:last + 2 if last + 1 < len(lines) and not lines[last + 1].strip() else last + 1]
        (root / need.file).write_text("\n".join(lines), encoding="utf-8")
        moved = Path(need.file).parent.parent / new.lower() / f"{need.id.lower()}.md"
        if (root / moved).exists():
            raise SystemExit(f"{moved} finns redan")
        edit.files[moved.as_posix()] = None
        (root / moved).parent.mkdir(parents=True, exist_ok=True)
        (root / moved).write_text(f"# {need.title}\n\n" + "\n".join(block) + "\n", encoding="utf-8")
        edit.what += f", till en egen sida {moved.as_posix()}"
        edit.expect = {"id": need.id, "old": old, "new": new}
        return edit
    raise SystemExit("Hittade ingen rutin att flytta.")


def check_move(out: Path, edit: Edit, model: Any) -> list[str]:
    e = edit.expect
    rid, problems = e["id"], []
    for folder in ("enhet", "parm", "processes"):
        for code, want in ((e["old"], False), (e["new"], True)):
            path = out / folder / f"{code.lower()}.html"
            if not path.is_file():
                if want:
                    problems.append(f"{folder}/{path.name} saknas")
                continue
            named = re.search(rf"\b{re.escape(rid)}\b", path.read_text(encoding="utf-8")) is not None
            if named != want:
                problems.append(f"{folder}/{path.name}: {rid} " + ("saknas" if want else "står kvar"))
    shown = _needs_json(out).get(rid, {}).get(model.field_for("units"))
    if shown not in ([e["new"]], e["new"]):
        problems.append(f"needs.json: {rid} har enheter {shown}, väntat {e['new']}")
    return problems


# --------------------------------------------------------------------------- a deleted control


def _mentions(root: Path, cid: str) -> int:
    return sum(len(re.findall(rf"\b{re.escape(cid)}\b", t)) for t in _source_texts(root).values())


def delete_control(root: Path, model: Any, needs: list[Any]) -> Edit:
    """The control named in the fewest places that can all be removed cleanly: its own
    directive, its results (whose IDs carry its ID), list items and option values that
    name it (never the last value of an option, and never an indicator measured by it)."""
    control_type, risk = model.structure.control_type, model.risk
    by_id = {n.id: n for n in needs}
    controls = {n.id: n for n in needs if n.type == control_type}
    controls_of: dict[str, set[str]] = {}
    for control in controls.values():
        for target in control.values(risk.control_link):
            controls_of.setdefault(target, set()).add(control.id)

    def leaves_a_risk_uncontrolled(control: Any) -> bool:
        for target in control.values(risk.control_link):
            need = by_id.get(target)
            if need is None or need.type != risk.type or controls_of[target] != {control.id}:
                continue
            if int(need.value(risk.likelihood)) * int(need.value(risk.consequence)) >= risk.control_required_from:
                return True
        return False

    texts = _source_texts(root)
    mentions: dict[str, int] = {}
    for text in texts.values():
        for found in re.findall(r"\b[\w-]+\b", text):
            if found in controls:
                mentions[found] = mentions.get(found, 0) + 1
    counted = sorted((mentions.get(cid, 0), cid) for cid, c in controls.items() if not leaves_a_risk_uncontrolled(c))
    for _count, cid in counted:
        edit = Edit("delete", "")
        if _remove_control(root, cid, by_id, edit, texts):
            edit.what = f"{cid}: borttagen med {len(edit.files)} ändrade filer"
            edit.expect = {"id": cid}
            return edit
        restore(root, [edit])
    raise SystemExit("Hittade ingen egenkontroll att ta bort.")


def _remove_control(root: Path, cid: str, by_id: dict[str, Any], edit: Edit, texts: dict[str, str]) -> bool:
    word = re.compile(rf"\b{re.escape(cid)}\b")
    for rel, text in texts.items():
        if not word.search(text):
            continue
        if rel.endswith(".csv"):
            return False
        lines = _remember(root, edit, rel)
        kept: list[str] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            if line.startswith(FENCE + "{"):
                first, last = _block(lines, i)
                block = lines[first:last + 1]
                own = next((b for b in block if b.startswith(":id:")), "")
                if own.split(":id:")[1].strip() == cid or (word.search(own) and own.startswith(":id: RES-")):
                    i = last + 1
                    while kept and kept[-1] == "" and i < len(lines) and lines[i] == "":
                        kept.pop()
                    continue
            if word.search(line):
                if line.startswith(":") and not line.startswith(":id:"):
                    name, _, value = line[1:].partition(":")
                    values = [v.strip() for v in value.split(",") if v.strip() and v.strip() != cid]
                    if not values:
                        return False  # the option would be left empty (an indicator's control, say)
                    line = f":{name}: {', '.join(values)}"
                elif line.lstrip().startswith(("- ", "* ")):
                    i += 1
                    continue
                else:
                    sentences = re.split(r"(?<=[.!?]) ", line)
                    line = " ".join(s for s in sentences if not word.search(s))
                    if not line.strip():
                        return False
            kept.append(line)
            i += 1
        (root / rel).write_text("\n".join(kept), encoding="utf-8")
    return _mentions(root, cid) == 0


def _output_texts(out: Path) -> dict[str, str]:
    """Every file of the output as text: pages, CSV and JSON as they are, the exports'
    XLSX and DOCX from their XML, PDF through pypdf, and of the search index the pages
    a search can show, ungzipped. After an edit the index is a base and a part of the
    changes; the search leaves out the hits that pagefind/lotsen-delar.json names as
    replaced (site/search_parts.py), so those pages are not counted, and neither are
    the index's word lists, which only point to pages."""
    found: dict[str, str] = {}
    try:
        replaced = set(json.loads((out / "pagefind" / "lotsen-delar.json").read_text(encoding="utf-8"))["replaced"])
    except (OSError, ValueError, KeyError, TypeError):
        replaced = set()
    for path in sorted(out.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix in (".pf_index", ".pf_meta", ".pf_filter") or (
                path.suffix == ".pf_fragment" and path.stem in replaced):
            continue
        rel = path.relative_to(out).as_posix()
        try:
            if path.suffix in (".xlsx", ".docx"):
                with zipfile.ZipFile(path) as z:
                    found[rel] = " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()
                                          if n.endswith(".xml"))
            elif path.suffix == ".pdf":
                from pypdf import PdfReader

                found[rel] = " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
            elif path.suffix == ".pf_fragment":
                found[rel] = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
            elif path.suffix == ".inv":  # four lines of header, then zlib
                data = path.read_bytes()
                head = data.split(b"\n", 4)
                found[rel] = zlib.decompress(head[4]).decode("utf-8", "replace") if len(head) == 5 else ""
            elif path.suffix in (".html", ".json", ".csv", ".js", ".txt", ".xml", ".webmanifest"):
                found[rel] = path.read_text(encoding="utf-8", errors="replace")
        except (OSError, ValueError, zipfile.BadZipFile, zlib.error, ImportError) as error:
            found[rel] = f"(kunde inte läsas: {error})"
    return found


def check_deleted(out: Path, edit: Edit, model: Any) -> list[str]:
    cid = edit.expect["id"]
    word = re.compile(rf"\b{re.escape(cid)}\b")
    return [f"{rel}: nämner {cid}" for rel, text in _output_texts(out).items() if word.search(text)]


def _needs_json(out: Path) -> dict[str, dict]:
    path = out / "needs.json"
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data.get("versions", {}).get(data.get("current_version", ""), {}).get("needs", {})
