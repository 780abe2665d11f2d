"""The part of lotsen.yaml about the kvalitetsberättelse: its chapters in order, each
with the data Lotsen fills it with, and the folder where authors write their prose."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lotsen.model.reader import Reader
from lotsen.model.yaml_lines import LineDict

STORY_KEYS = {"story": "kvalitetsberättelsen: kapitel, mapp för texterna och kontrollen av året"}

#: What Lotsen can fill a chapter with: data kind -> what it is, in Swedish (for messages).
DATA_KINDS = {
    "organisation": "enheterna och ansvaret för processerna",
    "cooperation": "samverkan mellan processerna",
    "processes": "processer och rutiner: nya, reviderade och upphävda under året, och revisionsläget",
    "risks": "riskanalysen: registret och förändringarna under året",
    "controls": "egenkontrollerna: planerade och genomförda per enhet, och resultaten",
    "statistics": "ärendestatistiken per enhet och kategori, med året före",
    "reviews": "externa granskningar och vad de ledde till",
    "actions": "åtgärderna: genomförda, stängda med effekt och öppna",
    "goals": "mål och indikatorer",
    "improvements": "förbättringsområden för nästa år",
}
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class ChapterDef:
    key: str
    title: str
    #: One of DATA_KINDS, or "" for a chapter of prose only.
    data: str
    line: int = 0


@dataclass(frozen=True)
class StoryConfig:
    """``folder``: where the prose pages lie, ``<folder>/<year>/<chapter key>.md``.
    ``check_completeness``: `lotsen check` and the build warn of the year's gaps.
    ``unevaluated_effects``: values of the effect field that mean "not evaluated"."""

    folder: str = ""
    chapters: tuple[ChapterDef, ...] = ()
    check_completeness: bool = False
    unevaluated_effects: tuple[str, ...] = ()
    cooperation_link: str = ""
    review_type: str = ""
    line: int = 0
    lines: dict[str, int] = field(default_factory=dict)


def read_story(r: Reader, top: LineDict, types: dict, links: dict) -> StoryConfig:
    if "story" not in top:
        return StoryConfig()
    where = "story"
    spec = r.mapping(top.get(where, LineDict()), top.line_of(where), where)
    r.known_keys(spec, {"folder", "chapters", "check_completeness", "unevaluated_effects", "cooperation_link",
                        "review_type"}, where)
    cooperation = r.text(spec, "cooperation_link", where, default="")
    if cooperation and cooperation not in links:
        r.error(spec.line_of("cooperation_link"), f"'{where}.cooperation_link' nämner länktypen '{cooperation}', "
                                                  "som inte finns.")
    review_type = r.text(spec, "review_type", where, default="")
    if review_type and review_type not in types:
        r.error(spec.line_of("review_type"), f"'{where}.review_type' nämner typen '{review_type}', som inte finns.")
    folder = r.text(spec, "folder", where)
    if folder and (folder.startswith(("/", ".")) or ".." in folder.split("/") or not re.fullmatch(r"[\w/-]+", folder)):
        r.error(spec.line_of("folder"), f"'{where}.folder' ska vara en mapp i arkivet, till exempel 'berattelse'.")
    check = spec.get("check_completeness", False)
    if not isinstance(check, bool):
        r.error(spec.line_of("check_completeness"), f"'{where}.check_completeness' ska vara true eller false.")
        check = False
    unevaluated = r.names(spec, "unevaluated_effects", where) if "unevaluated_effects" in spec else ()
    table = r.mapping(spec.get("chapters", LineDict()), spec.line_of("chapters") or top.line_of(where),
                      f"{where}.chapters")
    chapters, used = [], set()
    for key, value in table.items():
        line = table.line_of(key)
        if not isinstance(key, str) or not _KEY.match(key):
            r.error(line, f"Kapitlet '{key}' i '{where}.chapters' ska ha ett namn av bokstäverna a–z (utan å, "
                          "ä, ö), siffror och bindestreck, till exempel 'risker'. Namnet blir filnamnet för kapitlets text.")
            continue
        spec_ch = r.mapping(value, line, f"{where}.chapters.{key}")
        r.known_keys(spec_ch, {"title", "data"}, f"{where}.chapters.{key}")
        title = r.text(spec_ch, "title", f"{where}.chapters.{key}")
        data = r.text(spec_ch, "data", f"{where}.chapters.{key}", default="")
        if data and data not in DATA_KINDS:
            r.error(spec_ch.line_of("data"), f"'{where}.chapters.{key}.data' är '{data}', som Lotsen inte kan fylla "
                                             f"ett kapitel med. Välj en av: {', '.join(DATA_KINDS)}, eller ta bort "
                                             "raden för ett kapitel med bara text.")
            data = ""
        elif data and data in used:
            r.error(spec_ch.line_of("data"), f"Två kapitel fylls med '{data}'. Varje slags data hör till ett kapitel.")
        used.add(data)
        chapters.append(ChapterDef(key, title, data, line))
    if "chapters" in spec and not chapters and not r.problems:
        r.error(spec.line_of("chapters"), f"'{where}.chapters' får inte vara tom.")
    return StoryConfig(folder, tuple(chapters), check, unevaluated, cooperation, review_type, top.line_of(where),
                       {key: spec.line_of(key) for key in spec})
