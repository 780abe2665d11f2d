"""The model's objects as lotsen.yaml declares them: fields, link types and object types,
each checked with its line."""

from __future__ import annotations

import re

from lotsen.model.reader import Reader
from lotsen.model.schema import BUILTIN_OPTIONS, FIELD_KINDS, FieldDef, LinkDef, TypeDef, TypeField
from lotsen.model.yaml_lines import LineDict


def read_fields(r: Reader, top: LineDict, scales: dict[str, dict[int, str]]) -> dict[str, FieldDef]:
    fields: dict[str, FieldDef] = {}
    table = r.mapping(top.get("fields", LineDict()), top.line_of("fields"), "fields")
    for name, spec in table.items():
        where = f"fields.{name}"
        spec = r.mapping(spec, table.line_of(name), where)
        r.known_keys(spec, {"kind", "label", "help", "multiple", "values", "scale", "role"}, where)
        if not isinstance(name, str) or not re.fullmatch(r"[^\W\d]\w*", name):
            r.error(table.line_of(name), f"Fältnamnet '{name}' får bara innehålla bokstäver, siffror och _ och ska börja med en bokstav.")
            continue
        if name in BUILTIN_OPTIONS:
            r.error(table.line_of(name), f"'{name}' är inbyggt och kan inte deklareras som fält.")
            continue
        kind = spec.get("kind")
        if kind not in FIELD_KINDS:
            r.error(spec.line_of("kind"), f"'{where}.kind' ska vara en av: {', '.join(FIELD_KINDS)}.")
            kind = "text"  # keep the field, so that its uses are not reported as well
        values: tuple[str, ...] = ()
        if kind == "choice":
            values = tuple(str(v) for v in r.names(spec, "values", where))
        elif "values" in spec:
            r.error(spec.line_of("values"), f"'{where}.values' gäller bara fält av typen choice.")
        scale = ""
        if kind == "scale":
            scale = r.text(spec, "scale", where)
            if scale and scale not in scales:
                r.error(spec.line_of("scale"), f"'{where}.scale' nämner skalan '{scale}', som inte finns under 'scales'.")
        multiple = spec.get("multiple", False)
        if not isinstance(multiple, bool):
            r.error(spec.line_of("multiple"), f"'{where}.multiple' ska vara true eller false.")
            multiple = False
        if multiple is True and kind == "number":
            r.error(spec.line_of("multiple"), f"'{where}': ett fält av typen number kan inte ha flera värden, "
                                              "eftersom ett decimaltal skrivs med komma (91,5).")
            multiple = False
        fields[name] = FieldDef(
            name=name, kind=kind, label=r.text(spec, "label", where, default=name),
            help=r.text(spec, "help", where, default=""), multiple=multiple,
            values=values, scale=scale,
        )
    return fields


def read_links(r: Reader, top: LineDict) -> dict[str, LinkDef]:
    links: dict[str, LinkDef] = {}
    table = r.mapping(top.get("links", LineDict()), top.line_of("links"), "links")
    for name, spec in table.items():
        where = f"links.{name}"
        spec = r.mapping(spec, table.line_of(name), where)
        r.known_keys(spec, {"targets", "outgoing", "incoming"}, where)
        links[name] = LinkDef(
            name=name, targets=r.names(spec, "targets", where),
            outgoing=r.text(spec, "outgoing", where, default=name),
            incoming=r.text(spec, "incoming", where, default=f"{name} (inkommande)"),
        )
    return links


_TYPE_KEYS = {"title", "plural", "prefix", "id_pattern", "id_example", "folder", "fields", "links",
              "id_template", "file_template", "definite", "pronoun"}
_TYPE_FIELD_KEYS = {"required", "required_for_status", "values"}


def read_types(r: Reader, top: LineDict, fields: dict[str, FieldDef], links: dict[str, LinkDef]) -> dict[str, TypeDef]:
    types: dict[str, TypeDef] = {}
    table = r.mapping(top.get("types", LineDict()), top.line_of("types"), "types")
    for name, spec in table.items():
        where = f"types.{name}"
        if not isinstance(name, str):
            r.error(table.line_of(name), f"Typnamnet '{name}' ska vara ett ord, till exempel 'rutin'.")
            continue
        spec = r.mapping(spec, table.line_of(name), where)
        r.known_keys(spec, _TYPE_KEYS, where)
        prefix = r.text(spec, "prefix", where)
        pattern_text = r.text(spec, "id_pattern", where)
        example = r.text(spec, "id_example", where)
        try:
            pattern = re.compile(pattern_text)
        except (re.error, OverflowError, RecursionError) as exc:
            at = f" (vid tecken {exc.pos + 1})" if isinstance(exc, re.error) and exc.pos is not None else ""
            r.error(spec.line_of("id_pattern"), f"'{where}.id_pattern' är inget giltigt reguljärt uttryck{at}: "
                    "kontrollera parenteser, hakparenteser och klamrar, till exempel 'RUT-[A-Z]+-[0-9]{3}'.")
            pattern = re.compile(re.escape(prefix) + ".+")
        if example and not pattern.fullmatch(example):
            r.error(spec.line_of("id_example"), f"Exemplet '{example}' följer inte '{where}.id_pattern'.")
        if example and prefix and not example.startswith(prefix):
            r.error(spec.line_of("id_example"), f"Exemplet '{example}' börjar inte med prefixet '{prefix}'.")

        type_fields: dict[str, TypeField] = {}
        field_table = r.mapping(spec.get("fields", LineDict()), spec.line_of("fields"), f"{where}.fields")
        for fname, usage in field_table.items():
            fwhere = f"{where}.fields.{fname}"
            if fname not in fields:
                r.error(field_table.line_of(fname), f"'{fwhere}': fältet '{fname}' är inte deklarerat under 'fields'.")
                continue
            if usage in ("required", "optional"):
                type_fields[fname] = TypeField(fields[fname], required=usage == "required")
                continue
            usage = r.mapping(usage, field_table.line_of(fname), fwhere)
            r.known_keys(usage, _TYPE_FIELD_KEYS, fwhere)
            values = tuple(str(v) for v in r.names(usage, "values", fwhere)) if "values" in usage else ()
            if values and fields[fname].kind != "choice":
                r.error(usage.line_of("values"), f"'{fwhere}.values' gäller bara fält av typen choice.")
            type_fields[fname] = TypeField(
                fields[fname], required=usage.get("required", False) is True,
                required_for_status=r.names(usage, "required_for_status", fwhere) if "required_for_status" in usage else (),
                values=values,
            )
        type_links = r.names(spec, "links", where, default=[])
        for link in type_links:
            if link not in links:
                r.error(spec.line_of("links"), f"'{where}.links' nämner länktypen '{link}', som inte finns under 'links'.")
        types[name] = TypeDef(
            name=name, title=r.text(spec, "title", where, default=name),
            plural=r.text(spec, "plural", where, default=name), prefix=prefix,
            id_pattern=pattern, id_example=example,
            folder=r.text(spec, "folder", where, default=name), fields=type_fields,
            links=type_links, id_template=r.text(spec, "id_template", where, default=""),
            file_template=r.text(spec, "file_template", where, default="{id}.md"),
            definite=r.text(spec, "definite", where, default="") or r.text(spec, "title", where, default=name),
            pronoun=r.text(spec, "pronoun", where, default="den"),
        )
    prefixes = sorted((t.prefix, t.name) for t in types.values())
    for (p1, n1), (p2, n2) in zip(prefixes, prefixes[1:]):
        if p1 and p2.startswith(p1):
            r.error(table.line_of(n2), f"Prefixen för '{n1}' ({p1}) och '{n2}' ({p2}) går inte att skilja åt.")
    return types
