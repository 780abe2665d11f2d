"""Findings of validation and the catalogue of rule codes they carry."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "fel"
WARNING = "varning"
SEVERITIES = (ERROR, WARNING)

#: Every rule Lotsen checks: stable code -> what it means, in Swedish.
#: The code is printed with each finding as ``[lotsen.<code>]`` and can be given a
#: severity in the model's ``severity`` section.
RULES: dict[str, str] = {
    "id_missing": "Objektet saknar ID.",
    "id_unknown_prefix": "ID:t börjar inte med prefixet för objektets typ.",
    "id_malformed": "ID:t följer inte formatet för typen.",
    "id_duplicate": "Samma ID används av två objekt.",
    "link_target_missing": "En länk pekar på ett ID som inte finns.",
    "link_target_type": "En länk pekar på ett objekt av fel typ.",
    "mention_target_missing": "Texten nämner ett ID som inte finns.",
    "role_unknown": "En roll i texten ({namn}`...`) finns inte.",
    "file_missing": "En länk, en bild eller en fil som sidan tar in går till en fil i arkivet som inte finns.",
    "front_matter_invalid": "Uppgifterna överst i en sida, mellan raderna ---, går inte att läsa eller använda.",
    "heading_level": "En rubrik hoppar över en nivå (till exempel ### direkt under #), eller sidan börjar under nivå 1.",
    "reference_missing": "En länk eller hänvisning går till ett avsnitt, en etikett eller en sida som inte finns.",
    "label_duplicate": "Samma etikett står på två ställen.",
    "footnote_unused": "En fotnot står på sidan, men ingenting i texten hänvisar till den.",
    "block_invalid": "Ett block (till exempel {note}, {figure} eller {list-table}) har ett fält det inte har, ett värde det inte kan använda, saknar något det behöver eller är inte uppställt som det ska.",
    "code_language": "Ett kodblock anger ett språk som inte finns, eller koden passar inte språket.",
    "link_to_draft": "Ett publicerat dokument hänvisar till ett utkast, som inte visas på webbplatsen.",
    "field_required": "Ett obligatoriskt fält saknas.",
    "field_required_for_status": "Ett fält som krävs för objektets status saknas (till exempel fastställd utan beslutsfattare).",
    "field_value": "Värdet finns inte bland de tillåtna värdena.",
    "field_scale": "Värdet ligger utanför skalan.",
    "field_date": "Värdet är inte ett datum på formen ÅÅÅÅ-MM-DD.",
    "field_number": "Värdet är inte ett tal (heltal eller med decimaler, till exempel 91,5).",
    "field_period": "Värdet är ingen period (månad, kvartal, halvår eller år).",
    "result_control": "Ett resultat gäller en egenkontroll som inte finns, eller ingen egenkontroll alls.",
    "result_period": "Ett resultat gäller en period då egenkontrollen inte är planerad.",
    "result_future": "Ett resultat är daterat efter byggdatumet.",
    "result_duplicate": "Två resultat av samma egenkontroll gäller samma period, eller perioder som överlappar (en månad inom ett kvartal som redan har ett resultat).",
    "result_sample": "Ett resultat har ett antal granskade eller med brister som inte är ett heltal från 0 och uppåt, eller fler med brister än granskade.",
    "result_outcome": "Ett resultat har ett utfall under 0, eller över 100 när egenkontrollen mäter en andel i procent.",
    "result_done_early": "Ett resultat är genomfört mer än en period före perioden det gäller.",
    "result_id_period": "Perioden i slutet av ett resultats ID är en annan än perioden resultatet gäller.",
    "result_file_year": "Ett resultat står i filen för ett annat år än året det gäller.",
    "statistics_file": "En statistikfil går inte att läsa eller saknar en kolumn.",
    "statistics_value": "En rad i en statistikfil har en okänd enhet eller kategori, en felaktig period eller ett antal som inte är ett heltal.",
    "statistics_duplicate": "Två rader i statistiken, i samma fil eller i två filer, gäller samma period, enhet och kategori.",
    "statistics_overlap": "En rad i statistiken gäller en månad inom ett kvartal som redan har en rad för samma enhet och kategori (eller tvärtom), så ärendena räknas två gånger.",
    "statistics_future": "En rad i statistiken gäller en period som inte har börjat.",
    "statistics_personal_data": "En cell i en statistikfil kan innehålla personuppgifter (fritext, personnummer).",
    "goal_values_file": "En fil med utfall för indikatorer går inte att läsa eller saknar en kolumn.",
    "goal_value": "En rad med utfall har en okänd indikator, en period som inte passar indikatorn eller ett utfall som inte är ett tal.",
    "goal_value_duplicate": "Två rader med utfall, i samma fil eller i två filer, gäller samma indikator och period.",
    "goal_value_future": "En rad med utfall gäller en period som inte har börjat.",
    "goal_values_personal_data": "En cell i en fil med utfall kan innehålla personuppgifter (fritext, personnummer).",
    "indicator_without_goal": "En indikator bidrar inte till något mål.",
    "link_to_repealed": "Ett objekt som gäller länkar till ett krav som är upphävt eller inte gäller längre.",
    "action_due_missing": "En öppen åtgärd har varken ett datum för när den ska vara klar eller ett skäl till att det saknas.",
    "risk_not_reassessed": "En risk har inte bedömts igen inom den tid som modellen anger.",
    "review_overdue": "Datumet för senaste revision har passerat.",
    "review_period": "Datumet för senaste revision ligger före fastställandet eller längre fram än revisionsperioden i modellen.",
    "process_cycle": "Processhierarkin går i cirkel.",
    "routine_without_process": "Rutinen hör inte till någon process.",
    "risk_without_control": "En risk på eller över tröskeln har ingen egenkontroll.",
    "control_without_target": "Egenkontrollen kontrollerar ingenting.",
    "control_without_month": "Egenkontrollen har ingen månad i årshjulet.",
    "coverage_gate": "Täckningen ligger under kvalitetsgränsen i modellen.",
    "myst_list_syntax": "En lista i hakparenteser, som delas fel: skriv värdena med kommatecken utan hakparenteser.",
    "myst_yaml_list": "En lista med streck på egna rader bland fälten, som blir en enda text.",
    "myst_options_lost": "Fält hamnar i brödtexten och går förlorade.",
    "myst_option_syntax": "Fälten överst i objektet går inte att läsa.",
    "file_unreadable": "Filen går inte att läsa som UTF-8-text.",
    "file_empty": "Filen är tom.",
    "file_too_large": "Filen är större än gränsen i modellen.",
    "file_name": "Filnamnet kan inte bli en sida (tecken som inte är UTF-8, eller ett styrtecken).",
    "personal_number": "Texten innehåller ett personnummer eller samordningsnummer.",
    "email_address": "Texten innehåller en e-postadress som inte är en tillåten funktionsbrevlåda.",
    "lix_high": "Rutinen är svårläst (LIX över gränsen i modellen).",
    "directive_unknown": "Objektets typ på första raden är nästan stavad som en typ i modellen men inte riktigt.",
    "need_not_checked": "Ett objekt kommer med på webbplatsen men står där Lotsen inte kan läsa det.",
    "need_not_built": "Ett objekt står i texten men kommer inte med på webbplatsen.",
    "need_in_rst": "Ett objekt är skrivet i ett block med reStructuredText, där Lotsen inte kan läsa det.",
    "nesting_too_deep": "Listor eller citat är nästlade så djupt att resten av texten inte visas.",
    "fence_as_text": "Ett block visas som vanlig text, eftersom dess första rad har en bakåtfnutt efter blockets namn.",
    "colon_fence_as_text": "Ett block med ':::' visas som vanlig text, eftersom sådana block inte är påslagna.",
    "control_character": "Texten innehåller ett osynligt styrtecken.",
    "need_as_code": "Ett objekt är så indraget att det visas som kod i stället för som objekt.",
    "option_duplicate": "Samma fält står två gånger i ett objekt; bara det sista värdet kommer med.",
    "title_missing": "Objektet saknar rubrik.",
    "option_unknown": "Fältet finns inte i modellen för den här typen.",
    # found only by `lotsen check --base REV`, which compares with the revision before
    "change_without_version": "Innehållet i ett dokument som gäller ändras utan ny version.",
    "change_without_note": "Innehållet i ett dokument som gäller ändras utan ny ändringsnotering.",
    "change_without_approval": "Innehållet i ett dokument som gäller ändras utan nytt datum för fastställelse.",
    "removed_in_force": "Ett dokument som gäller tas bort i stället för att upphävas.",
    "outside_repository": "En länk eller en hänvisning till en fil leder ut ur arkivet.",
    "raw_html": "Texten innehåller HTML som modellen inte tillåter.",
    "file_not_markdown": "Filen är inte Markdown och blir ingen sida.",
    "unit_and_parent": "Objektet nämner både en enhet och en enhet ovanför den, som redan omfattar den.",
    "per_unit_role_without_unit": "En roll som finns en gång per enhet står på ett objekt utan enhet.",
    "story_control_without_result": "En egenkontroll var planerad under en månad som har passerat men har inget resultat för den (kvalitetsberättelsen).",
    "story_effect_not_evaluated": "En åtgärd blev klar under året men dess effekt är inte utvärderad (kvalitetsberättelsen).",
    "story_statistics_missing": "En enhet som lämnar ärendestatistik saknar statistik för ett kvartal som har passerat (kvalitetsberättelsen).",
    "story_chapter_empty": "Ett kapitel i årets kvalitetsberättelse har varken uppgifter eller text.",
    "story_prose_unused": "En textfil i mappen för kvalitetsberättelsen hör inte till något kapitel, år eller enhet.",
    "story_prose_format": "Texten till ett kapitel i kvalitetsberättelsen har något som berättelsen inte kan visa.",
}

#: Rules that are a 'varning' unless the model's ``severity`` says otherwise: the
#: completeness of the year, which a build must not stop for.
#: And a result's ID that names another period than its own: the model declares no
#: convention for the ID (`lotsen import resultat` names results after the control and
#: period), so it is said but does not stop the build.
DEFAULT_WARNINGS = frozenset({"story_control_without_result", "story_effect_not_evaluated",
                              "story_statistics_missing", "story_chapter_empty", "story_prose_unused",
                              "result_id_period"})


@dataclass(frozen=True, order=True)
class Finding:
    """One rule broken at one place: what, where, and how to put it right."""

    file: str
    line: int
    code: str
    message: str
    hint: str = ""
    severity: str = ERROR

    def text(self) -> str:
        """The Swedish message with its hint, on one line."""
        return f"{self.message} Åtgärd: {self.hint}" if self.hint else self.message

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
        }
