"""The Swedish phrase bank the benchmark generator builds its ledningssystem from.

Everything here is plain data. Strings may hold slots that the generator fills per
object (``str.format_map``):

``{klient}``      the person the unit serves, definite form ("brukaren", "barnet")
``{klient_gen}``  genitive ("brukarens")
``{en_klient}``   indefinite ("en brukare")
``{klienter}``    plural definite ("brukarna")
``{ledare}``      the day-to-day lead, definite ("samordnaren")
``{chef}``        "enhetschefen"
``{journal}``     where things are written down ("den sociala journalen")
``{plan}``        the plan for the person ("genomförandeplanen")
``{system}``      the IT system ("planeringssystemet")
``{parm}``        where paper fallbacks live ("pärmen i bilen")
``{plats}``       where the work happens ("i brukarens hem")
``{enhet}``       the unit's name
``{omr}``         an area, indefinite ("läkemedel på delegation")
``{omr_def}``     the area, definite ("läkemedelshanteringen")
``{obj}``         the area's main document or thing, definite ("signeringslistan")
``{obj2}``        a second thing, definite ("dospåsen")
``{gn}``          a present-tense clause after "du" ("överlämnar läkemedel på delegation")

Kinds of unit: ``care`` (omsorg och boende), ``treat`` (behandling och stöd),
``office`` (myndighetsutövning och stab). Generic sentences list the kinds they fit.
"""

from __future__ import annotations

CARE, TREAT, OFFICE = "care", "treat", "office"
ALL = (CARE, TREAT, OFFICE)
PEOPLE = (CARE, TREAT)
DESK = (TREAT, OFFICE)


def area(key, omr, omr_def, gn, process, obj, obj2, routines, steps, fails, tips, risks, controls):
    """One subject area of a unit: what its routines, risks and controls are about."""
    return {
        "key": key, "omr": omr, "omr_def": omr_def, "gn": gn, "process": process,
        "obj": obj, "obj2": obj2, "routines": routines, "steps": steps, "fails": fails,
        "tips": tips, "risks": risks, "controls": controls,
    }


# --------------------------------------------------------------------------- generic sentences

STEPS_START = [
    ("Läs {plan} innan du börjar, så att du vet vad som gäller för {klient} just nu.", ALL),
    ("Kontrollera i {system} att du har den senaste informationen innan du går vidare.", ALL),
    ("Ta fram {obj} och kontrollera att uppgifterna är aktuella och fullständiga.", ALL),
    ("Fråga {klient} hur hen vill ha det och ta hänsyn till det så långt det går.", PEOPLE),
    ("Tvätta och sprita händerna innan du börjar, och använd förkläde och handskar när det behövs.", (CARE,)),
    ("Hälsa, säg vem du är och berätta kort vad du ska göra och varför.", PEOPLE),
    ("Har du varit ledig några dagar? Gå igenom med {ledare} vad som har hänt sedan sist.", ALL),
    ("Se efter i {system} om någon kollega redan har påbörjat uppgiften, så att ni inte gör samma sak två gånger.", DESK),
]

STEPS_MIDDLE = [
    ("Gör det som står i {plan}. Ändra inget utan att först prata med {ledare}.", ALL),
    ("Låt {klient} göra så mycket som möjligt själv och ge hen den tid som behövs.", (CARE,)),
    ("Är du osäker på hur du ska göra? Fråga {ledare} innan du fortsätter.", ALL),
    ("Berätta för {klient} vad som händer och varför, med enkla ord och i lugn takt.", PEOPLE),
    ("Ser du något som inte stämmer med {obj}? Säg till {ledare} samma dag.", ALL),
    ("Använd bara mallarna i {system}. Skriv aldrig uppgifter om {klient} på lösa lappar.", ALL),
    ("Stäm av med {ledare} om något har ändrats sedan förra gången.", ALL),
    ("Behövs det två personer? Be en kollega om hjälp och gör aldrig momentet ensam.", (CARE,)),
    ("Ta hjälp av tolk om {klient} inte förstår svenska väl. Använd aldrig anhöriga eller barn som tolk.", DESK),
    ("Kontrollera att {klient} har fått informationen både muntligt och skriftligt och att hen har förstått den.", DESK),
    ("Räkna med att det tar längre tid när {klient} är orolig. Stressa inte, och säg till {ledare} om du blir sen.", (CARE,)),
    ("Skriv in varje moment i {system} samma dag, med datum och vem som gjorde vad.", (OFFICE,)),
    ("Prata med {klient} i ett rum där ingen annan kan höra er.", DESK),
    ("Håll dig till det som står i beslutet. Vill {klient} ha mer eller annan hjälp? Hänvisa till handläggaren.", (CARE,)),
]

STEPS_END = [
    ("Skriv i {journal} vad du gjorde, när det hände och vem du pratade med.", ALL),
    ("Signera i {obj} direkt när du är klar.", (CARE,)),
    ("Lämna över det som inte är klart vid överrapporteringen till nästa pass.", (CARE,)),
    ("Berätta för {ledare} innan passet slutar om något avvek från planen.", (CARE,)),
    ("Lägg tillbaka {obj2} på sin plats och se till att skåp och dörrar är låsta.", (CARE,)),
    ("Följ upp med {klient} inom en vecka och skriv i {journal} hur det har gått.", PEOPLE),
    ("Markera i {system} att uppgiften är klar och lämna ärendet till {ledare} för kontroll.", (OFFICE,)),
    ("Ta upp det som fungerade sämre på nästa arbetsplatsträff, så att rutinen kan bli bättre.", ALL),
]

FAILS = [
    ("Är {klient} i fara eller akut sjuk? Ring 112. Ring sedan {ledare}.", PEOPLE, None),
    ("Kommer du inte in i {system}? Använd reservblanketten i {parm} och för in uppgifterna när systemet fungerar igen.", ALL, None),
    ("Har något blivit fel eller nästan blivit fel? Skriv en avvikelse enligt {{need}}`{avv}` samma dag.", ALL, "avv"),
    ("Kan det vara ett missförhållande eller en påtaglig risk för ett missförhållande? Rapportera enligt {{need}}`{sarah}`.", ALL, "sarah"),
    ("Får du inte tag på {ledare}? Ring {chef} eller den som har beredskap. Numret finns i {parm}.", ALL, None),
    ("Vill {klient} inte ta emot hjälpen? Tvinga aldrig. Ring {ledare} och skriv i {journal} vad som hände.", (CARE,), None),
    ("Har en tidsfrist passerat? Säg till {ledare} direkt och skriv i {journal} varför det blev så.", DESK, None),
    ("Är du osäker på om uppgifterna får lämnas ut? Lämna inget förrän {ledare} har prövat sekretessen.", DESK, None),
    ("Har du gjort fel? Rätta det du kan direkt, berätta för {ledare} och skriv en avvikelse. Det är så vi lär oss.", ALL, None),
]

TIPS = [
    ("Rutinen gås igenom på arbetsplatsträffen minst en gång om året. Säg till {chef} om något i den inte stämmer.", ALL),
    ("Nya medarbetare går igenom rutinen med sin handledare under introduktionen.", ALL),
    ("Att säga till tidigt är viktigare än att lösa allt själv. Ingen får skuld för att hen skriver en avvikelse.", ALL),
    ("Frågor om rutinen ställer du till {chef}, som äger den.", ALL),
    ("Det du skriver kan {klient} begära att få läsa. Skriv sakligt och med respekt.", ALL),
    ("Rutinen finns också utskriven i {parm} om mobilen eller nätet inte fungerar.", (CARE,)),
]

#: Titles for routines beyond the specific ones in an area: (title, "Gäller när" clause).
ROUTINE_PATTERNS = [
    # (title, "Gäller när" clause, kinds of unit, area keys it does not fit)
    ("{Omr} på kvällar och nätter", "du arbetar kväll eller natt och {gn}.", ALL, ("intro", "klagomal")),
    ("{Omr} för nya medarbetare och vikarier", "du är ny eller vikarie och {gn} för första gången.", ALL, ("intro",)),
    ("Ansvar och roller för {omr}", "du behöver veta vem som gör vad när det gäller {omr_def}.", ALL, ()),
    ("Dokumentation av {omr}", "du ska skriva ner vad som har hänt när du {gn}.", ALL, ("dokumentation",)),
    ("{Omr} när ordinarie personal är borta", "du ersätter ordinarie personal och {gn}.", ALL, ("intro",)),
    ("{Omr} under helger och storhelger", "du arbetar helg eller storhelg och {gn}.", ALL, ("intro",)),
    ("{Omr}: när {klient} säger nej", "{klient} inte vill ta emot det stöd som gäller {omr_def}.", PEOPLE, "generic"),
    ("Följa upp {omr_def}", "du ska följa upp hur det har gått med {omr_def} för {en_klient}.", ALL, "generic"),
    ("{Omr} vid sjukhusvistelse och hemkomst", "{klient} ska till sjukhus eller kommer hem igen och du {gn}.", (CARE,), "generic"),
    ("{Omr} när {klient} inte talar svenska", "du {gn} och {klient} behöver tolk eller annat stöd för att förstå.", ALL, "generic"),
    ("{Omr} vid sommarplanering", "semesterperioden planeras och du {gn}.", ALL, ("kontinuitet", "klagomal")),
    ("Information till {klienter} om {omr}", "{klient} eller närstående frågar hur vi arbetar med {omr_def}.", ALL, ("intro",)),
    ("{Omr} vid IT-avbrott", "{system} inte fungerar och du {gn}.", ALL, ("kontinuitet", "brand", "hot")),
    ("Checklista för {omr}", "du vill kontrollera att du har gjort allt som gäller {omr_def}.", ALL, ()),
    ("{Omr} vid arbete i par", "ni är två som arbetar tillsammans och {gn}.", (CARE,), "generic"),
]

#: Risks beyond an area's own: (title, description, consequence).
RISK_PATTERNS = [
    ("{Omr}: rutinen följs inte vid hög arbetsbelastning",
     "När många är sjuka eller när det är många nya medarbetare hinner personalen inte alltid följa rutinen för {omr}. Steg hoppas över och det som har gjorts dokumenteras inte.",
     "{klient} kan få ett sämre eller osäkert stöd. Brister upptäcks sent eftersom det saknas anteckningar om vad som har gjorts."),
    ("{Omr}: bristande kunskap hos ny personal",
     "Vikarier och nyanställda har inte alltid gått igenom rutinen för {omr} när de börjar arbeta. Introduktionen blir kortare under sommaren och vid stor personalomsättning.",
     "{klient} kan få fel hjälp eller hjälp som inte stämmer med {plan}. Det kan skada förtroendet för verksamheten."),
    ("{Omr}: information går förlorad vid överlämning",
     "Uppgifter om {omr_def} förs inte vidare när ansvaret går över från en medarbetare till en annan, till exempel vid passbyte, semester eller byte av handläggare.",
     "Viktiga uppgifter kan saknas när beslut fattas. {klient} kan behöva berätta samma sak flera gånger eller få vänta."),
]

#: Controls beyond an area's own: (title, what is checked, sample, method).
CONTROL_PATTERNS = [
    ("Följsamhet till rutinen för {omr}",
     "Att rutinen för {omr} följs i vardagen, att stegen görs i rätt ordning och att det som har gjorts är dokumenterat.",
     "Ett pass per arbetsgrupp under kontrollmånaden", "observation"),
    ("Dokumentation av {omr}",
     "Att det som har gjorts inom {omr_def} finns dokumenterat i {journal}, med datum och vem som gjorde det.",
     "10 slumpvis valda ärenden", "aktgranskning"),
    ("Medarbetarnas kunskap om {omr}",
     "Att medarbetarna känner till rutinen för {omr}, vet var den finns och vet vad de ska göra när något går fel.",
     "5 medarbetare per arbetsgrupp, varav minst en vikarie", "intervju"),
]

CONTROL_STEPS = {
    "stickprov": [
        "{ansvarig} lottar fram urvalet i början av kontrollmånaden.",
        "Ta fram {obj} för dem som ingår i urvalet.",
        "Kontrollera varje post mot det som rutinen kräver och skriv upp det som saknas.",
        "Kontrollera att brister från förra kontrollen är rättade.",
        "Jämför resultatet med förra kontrollen och notera förändringar.",
        "För in resultatet i mallen för egenkontroll och lämna den till {chef}.",
    ],
    "aktgranskning": [
        "Ta ut en lista över aktuella ärenden i {system} och lotta fram urvalet.",
        "Läs {plan} och {journal} för varje ärende i urvalet.",
        "Kontrollera att det som ska finnas finns, är daterat och är skrivet så att {klient} kan förstå det.",
        "Notera brister per ärende utan att skriva namn eller personnummer i mallen.",
        "Lämna ärenden med brister till ansvarig medarbetare för rättelse inom en månad.",
        "Sammanställ resultatet i mallen för egenkontroll och lämna det till {chef}.",
    ],
    "kollegial granskning": [
        "{ansvarig} bestämmer vilka som granskar varandra och fördelar ärendena.",
        "Varje granskare läser två ärenden från en kollega med hjälp av checklistan.",
        "Granskaren skriver sina iakttagelser i checklistan, utan namn på den enskilde.",
        "Granskare och kollega träffas och går igenom iakttagelserna tillsammans.",
        "Det som behöver rättas rättas inom två veckor.",
        "{ansvarig} sammanställer det som var vanligt i alla granskningar.",
    ],
    "enkät": [
        "{ansvarig} går igenom frågorna i enkäten och ser att de fortfarande är aktuella.",
        "Enkäten lämnas ut till {klienter}, med hjälp att svara för den som behöver det.",
        "Påminn den som inte har svarat efter två veckor.",
        "Sammanställ svaren per fråga och jämför med förra året.",
        "Läs alla fritextsvar och sortera dem efter tema.",
        "Redovisa resultatet för {klienter} och för medarbetarna.",
    ],
    "observation": [
        "{ansvarig} bestämmer vilka pass som observeras och berättar det för arbetsgruppen i förväg.",
        "Observatören följer arbetet under passet utan att ingripa, med checklistan som stöd.",
        "Notera om varje steg i rutinen görs och i vilken ordning.",
        "Ingripa direkt bara om {klient} riskerar att komma till skada.",
        "Återkoppla till medarbetarna samma dag, med det som fungerade bra först.",
        "För in resultatet i mallen för egenkontroll.",
    ],
    "registeruppföljning": [
        "Ta ut statistiken ur {system} första vardagen i kontrollmånaden.",
        "Räkna andelen som uppfyller målet, uppdelat per arbetsgrupp.",
        "Lista alla fall som inte uppfyller målet.",
        "Ta reda på orsaken för varje fall på listan.",
        "Kontrollera att fall som borde ha blivit avvikelser också har rapporterats.",
        "Skicka en kort sammanfattning till {chef}.",
    ],
    "intervju": [
        "{ansvarig} väljer ut vilka som intervjuas och bokar en tid med var och en.",
        "Ställ frågorna i intervjumallen. Låt den du intervjuar svara med egna ord.",
        "Fråga var rutinen finns och vad man gör när något går fel.",
        "Skriv ner svaren utan namn.",
        "Sammanställ vad som var känt och vad som var okänt.",
        "Lämna resultatet till {chef} med förslag på vad som behöver tas upp i arbetsgruppen.",
    ],
}

CONTROL_RESULTS = [
    "Målet är att allt som rutinen kräver ska finnas och vara rätt.",
    "{ansvarig} går igenom resultatet på nästa arbetsplatsträff och visar vad som saknades.",
    "Brister rättas inom en månad och följs upp vid nästa kontroll.",
    "{chef} sammanställer årets kontroller i kvalitetsberättelsen.",
    "Är resultatet sämre än förra gången tas det upp i ledningsgruppen, som beslutar om en åtgärd med ansvarig och datum.",
    "Resultatet visas per arbetsgrupp, så att varje grupp kan se sin egen utveckling.",
    "Åtgärder förs in i Lotsen som åtgärd med ansvarig och datum.",
]

RISK_EXTRA = [
    "Risken är större under semesterperioden, vid storhelger och när många nya medarbetare arbetar samtidigt.",
    "Risken har tagits upp i flera avvikelser det senaste året.",
    "Riskanalysen gjordes tillsammans med medarbetarna på en arbetsplatsträff.",
    "Samma risk finns i andra enheter i förvaltningen, men arbetssättet skiljer sig åt.",
    "Risken bedöms på nytt vid varje större förändring i verksamheten och minst en gång om året.",
    "I {enhet} arbetar många timanställda, vilket gör att kunskapen om rutinerna varierar mellan passen.",
    "Medarbetarna har själva lyft risken på arbetsplatsträffen som ett område där det är lätt att göra fel.",
    "Risken märks sällan i vardagen, men när den inträffar kan följderna bli allvarliga.",
    "Vid förra årets egenkontroll fanns det brister som pekar på samma risk.",
]

RISK_CONSEQUENCE_EXTRA = [
    "Det kan också skada förtroendet för verksamheten, hos {klient} och hos närstående.",
    "Om det händer flera gånger kan det vara ett missförhållande som ska rapporteras enligt lex Sarah.",
    "Följderna blir störst för den som inte själv kan säga till när något är fel.",
    "Medarbetarna kan också påverkas, till exempel genom oro och skuldkänslor efter en händelse.",
]

RISK_HANDLED = (
    "Risken bedömdes tidigare som högre. Sedan rutinerna har förtydligats och följs upp bedömer vi den som hanterad. Den följs fortsatt upp."
)

RISK_PREVENT = [
    "Nya medarbetare går igenom det som gäller {omr_def} under introduktionen.",
    "{ledare} tar upp risken på arbetsplatsträffen varje kvartal.",
    "Avvikelser som rör {omr_def} gås igenom varje månad.",
    "{chef} följer upp risken i den årliga riskanalysen.",
]

# --------------------------------------------------------------------------- processes

#: Delprocesser every unit may have: code, title, purpose, activities.
GENERIC_SUBS = [
    ("DOK", "Dokumentation och informationssäkerhet",
     "Se till att det som är viktigt för {klient} blir dokumenterat i rätt tid och att uppgifterna skyddas.",
     ["Medarbetarna dokumenterar i {journal} under samma dag som något har hänt.",
      "{ledare} kontrollerar att nya medarbetare har behörighet till {system} före första passet.",
      "Behörigheterna gås igenom två gånger om året och tas bort när någon slutar.",
      "Uppgifter lämnas bara ut efter sekretessprövning eller med samtycke.",
      "{chef} följer upp dokumentationen i en egenkontroll."]),
    ("SAK", "Säkerhet och arbetsmiljö",
     "Förebygga brand, hot och våld och se till att alla vet vad de ska göra när något händer.",
     ["{chef} gör en riskbedömning av arbetsmiljön varje år tillsammans med skyddsombudet.",
      "Alla medarbetare går igenom brandskydd och utrymning när de börjar.",
      "Brandlarm och utrymningsvägar kontrolleras enligt checklistan.",
      "Hot och våld rapporteras som tillbud eller arbetsskada, och händelsen gås igenom efteråt.",
      "Den som har varit med om en svår händelse erbjuds samtal."]),
    ("INTRO", "Introduktion och kompetens",
     "Ge nya medarbetare och vikarier den kunskap de behöver för att arbeta säkert från första dagen.",
     ["{chef} utser en handledare för varje ny medarbetare.",
      "Den nya medarbetaren går igenom de viktigaste rutinerna enligt introduktionslistan.",
      "Den nya medarbetaren går bredvid en erfaren kollega de första passen.",
      "{ledare} följer upp introduktionen efter en månad.",
      "Kompetensbehov tas upp i det årliga medarbetarsamtalet."]),
    ("KLAG", "Synpunkter, klagomål och avvikelser i enheten",
     "Ta vara på synpunkter, klagomål och avvikelser så att samma fel inte händer igen.",
     ["Medarbetarna tar emot synpunkter och klagomål och hjälper {klient} att framföra dem.",
      "Avvikelser rapporteras i avvikelsesystemet samma dag.",
      "{chef} utreder avvikelsen och återkopplar till den som rapporterade.",
      "Avvikelserna gås igenom på arbetsplatsträffen varje månad.",
      "Mönster och trender lyfts till förvaltningens kvalitetsarbete."]),
    ("KRIS", "Kris och kontinuitet",
     "Se till att de viktigaste insatserna kan ges även när IT, el eller personal inte räcker till.",
     ["{chef} pekar ut vilka insatser som inte får utebli.",
      "Reservrutiner och blanketter för IT-avbrott finns i {parm}.",
      "{ledare} prioriterar om arbetet när många är sjuka.",
      "Enheten övar på ett avbrott minst en gång om året.",
      "Erfarenheterna från övningen förs in i rutinerna."]),
    ("SAMV", "Samverkan med närstående och andra aktörer",
     "Samverka med närstående, regionen och andra aktörer så att {klient} får ett sammanhållet stöd.",
     ["{ledare} ser till att det framgår av {plan} vilka andra aktörer som är involverade.",
      "Medarbetarna har kontakt med närstående när {klient} vill det.",
      "Samordnad individuell plan tas fram när {klient} har insatser från både kommunen och regionen.",
      "{chef} följer upp samverkan med andra aktörer en gång om året."]),
    ("EGK", "Egenkontroll och uppföljning i enheten",
     "Följa upp att enheten arbetar enligt sina rutiner och rätta det som inte fungerar.",
     ["{chef} planerar årets egenkontroller i årshjulet.",
      "Den som är ansvarig genomför kontrollen och fyller i mallen.",
      "Resultatet gås igenom med medarbetarna på arbetsplatsträffen.",
      "Brister leder till åtgärder med ansvarig och datum.",
      "Resultaten sammanställs i kvalitetsberättelsen."]),
    ("HYG", "Hygien och smittskydd",
     "Förhindra att smitta sprids mellan {klienter} och medarbetare.",
     ["Alla medarbetare följer de basala hygienrutinerna.",
      "Hygienombudet går igenom hygienrutinerna på arbetsplatsträffen två gånger om året.",
      "Vid misstänkt smitta kontaktar personalen sjuksköterskan samma dag.",
      "Skyddsutrustning finns alltid i lager och beställs av {ledare}."]),
]

PROCESS_INTRO = [
    "Delprocessen beskriver vem som gör vad, i vilken ordning, och hur vi vet att det har blivit gjort.",
    "Alla medarbetare i {enhet} berörs av delprocessen, och rutinerna som hör till den gås igenom under introduktionen.",
    "Delprocessen ändras när lagar, riktlinjer eller arbetssätt ändras, och annars minst en gång om året.",
    "Målet är att {klient} ska få samma stöd oavsett vem som arbetar.",
]

PROCESS_SAMVERKAN = [
    "Delprocessen samverkar med förvaltningens process för avvikelser när något går fel.",
    "Där vi samverkar med regionen, till exempel om hälso- och sjukvård, finns en lokal överenskommelse om vem som gör vad.",
    "Närstående involveras när {klient} vill det.",
    "Brister som rör flera enheter lyfts till avdelningens ledningsgrupp.",
    "Samverkan med andra enheter i avdelningen sker på de gemensamma samverkansmötena varje månad.",
]

# --------------------------------------------------------------------------- actions

ACTION_BACKGROUND = {
    "egenkontroll": "Egenkontrollen {ktrl} visade brister i {omr_def}. Flera poster saknades eller var inte ifyllda som rutinen kräver.",
    "avvikelse": "Flera avvikelser under det senaste halvåret handlade om {omr_def}. Genomgången på arbetsplatsträffen visade att orsaken ofta var densamma.",
    "klagomål": "Ett klagomål från en närstående handlade om {omr_def}. Utredningen visade att informationen till {klient} hade varit otydlig.",
    "lex sarah": "En lex Sarah-utredning om {omr_def} visade att rutinen inte hade följts vid ett tillfälle. Händelsen bedömdes inte som ett allvarligt missförhållande.",
    "lex maria": "En händelse som rörde {omr_def} anmäldes enligt lex Maria. Utredningen visade brister i hur information fördes vidare mellan personal och sjuksköterska.",
    "extern granskning": "IVO:s tillsyn av {enhet} pekade på brister i {omr_def}. Förvaltningen har lämnat en redovisning av vilka åtgärder som vidtas.",
    "riskanalys": "Enhetens riskanalys pekade ut {omr_def} som ett av de områden där risken för brister är störst.",
}

ACTION_MEASURE = [
    "Rutinen för {omr} har förtydligats och gåtts igenom med alla i personalgruppen på arbetsplatsträffen.",
    "{ledare} kontrollerar varje vecka att rutinen följs, tills nästa egenkontroll visar att det fungerar.",
    "En checklista har tagits fram och finns i {parm} och i {system}.",
    "Nya medarbetare går igenom {omr_def} med sin handledare under första veckan.",
    "Ansvaret har förtydligats så att det alltid finns en utsedd person per pass.",
    "Mallen i {system} har ändrats så att det inte går att spara utan de uppgifter som saknades.",
]

ACTION_FOLLOWUP = {
    "planerad": "Åtgärden startar under nästa kvartal. {chef} följer upp den i nästa egenkontroll och redovisar resultatet i kvalitetsberättelsen.",
    "pågående": "Arbetet pågår. {ledare} rapporterar läget till {chef} varje månad, och åtgärden följs upp i nästa egenkontroll.",
    "klar": "Uppföljningen visade att rutinen nu följs och att bristerna inte har kommit tillbaka. Åtgärden är klar.",
    "avbruten": "Åtgärden avbröts eftersom arbetssättet ändrades i samband med en större omorganisation. Risken hanteras nu i en annan åtgärd.",
}

ACTION_TITLES = [
    "Förtydligad rutin för {omr}",
    "Brister i {omr_def}",
    "Checklista för {omr}",
    "Utbildning i {omr}",
    "Uppföljning av {omr_def}",
]

# --------------------------------------------------------------------------- local requirements

LOCAL_KRAV = [
    # (title, källa, body); {ort} is the unit's place
    ("Lokal tillämpning: {omr} i {ort}", "Nämndens riktlinje för {omr}, beslutad {date}, med enhetens lokala tillämpning",
     "Riktlinjen anger hur {omr_def} ska gå till i förvaltningens verksamheter och vem som ansvarar för vad. Den lokala tillämpningen beskriver hur {enhet} gör. Avsteg ska dokumenteras och meddelas {chef}."),
    ("Uppdrag: {omr} i {ort}", "Uppdragsbeskrivning för {enhet}, fastställd {date}",
     "Uppdragsbeskrivningen anger vad {enhet} ska erbjuda när det gäller {omr_def} och hur resultatet ska följas upp. Uppdraget följs upp i verksamhetsplanen varje år."),
    ("Överenskommelse om {omr} i {ort}", "Lokal överenskommelse med regionen om {omr}, undertecknad {date}",
     "Överenskommelsen anger hur kommunen och regionen delar ansvaret för {omr_def} och hur information lämnas mellan verksamheterna. Den följs upp på samverkansmötet två gånger om året."),
    ("Servicegaranti: {omr} i {ort}", "Nämndens servicegarantier, beslutade {date}",
     "Servicegarantin lovar {klienter} vad de kan förvänta sig när det gäller {omr_def}. Om garantin inte hålls ska {klient} få en förklaring och veta vad som görs."),
]

#: Subject areas whose routines depend on the place: their titles name it.
PLACE_BOUND_AREAS = ("brand", "hot", "kontinuitet", "intro", "hygien")

# --------------------------------------------------------------------------- names

PLACE_HEADS = [
    "Ek", "Björk", "Tall", "Lind", "Gran", "Al", "Asp", "Sjö", "Berg", "Äng", "Hag", "Ros",
    "Sol", "Lunn", "Fur", "Ask", "Lönn", "Rönn", "Hassel", "Mos", "Strand", "Kvarn", "Kyrk",
    "Skog", "Dal", "Bäck", "Ljung", "Vass", "Hjort", "Örn", "Svan", "Ulv", "Råg", "Havre",
    "Klöver", "Sten", "Mal", "Näck", "Tran", "Vide",
]
PLACE_TAILS = [
    "backen", "hagen", "viken", "dalen", "berga", "lund", "gården", "ängen", "torp", "sta",
    "åsen", "udden", "holmen", "bo", "by", "näset", "vreten", "slätten", "kullen", "höjden",
]

#: Avdelningar (called förvaltningar in the brief): name and the domains its units have.
AVDELNINGAR = [
    ("ALDRE", "Äldreomsorg", ["hemtjanst", "boende", "hemtjanst", "boende"]),
    ("FUNK", "Funktionsstöd", ["gruppbostad", "daglig", "korttid", "gruppbostad"]),
    ("IFO", "Individ och familj", ["bou", "ekb", "missbruk", "familjebeh"]),
    ("PSYK", "Socialpsykiatri", ["boendestod", "daglig", "boendestod"]),
    ("ALDRS", "Äldreomsorg söder", ["hemtjanst", "boende", "boende"]),
    ("FUNKS", "Funktionsstöd söder", ["gruppbostad", "korttid", "daglig"]),
    ("BOU", "Barn och unga", ["bou", "familjebeh", "bou"]),
    ("ARB", "Arbete och försörjning", ["ekb", "missbruk", "ekb"]),
    ("ALDRV", "Äldreomsorg väster", ["hemtjanst", "boende"]),
    ("FUNKV", "Funktionsstöd väster", ["gruppbostad", "daglig"]),
]

AVD_PROCESS = {
    "Äldreomsorg": "Ge äldre personer ett tryggt och värdigt liv med stöd i hemmet eller i ett särskilt boende, utifrån deras egna önskemål.",
    "Funktionsstöd": "Ge personer med funktionsnedsättning stöd och service så att de kan leva som andra, med inflytande över sina insatser.",
    "Individ och familj": "Ge barn, unga, vuxna och familjer rätt stöd och skydd i rätt tid, med rättssäker handläggning och insatser som följs upp.",
    "Socialpsykiatri": "Ge personer med psykisk funktionsnedsättning stöd i boende och sysselsättning så att de kan leva ett självständigt liv.",
    "Barn och unga": "Skydda barn och unga som far illa och ge familjer stöd tidigt, med barnets bästa i centrum.",
    "Arbete och försörjning": "Ge den som inte kan försörja sig ett skäligt bistånd och stöd att komma till egen försörjning.",
}

AVD_ACTIVITIES = [
    "Avdelningschefen fördelar uppdrag och budget till enheterna utifrån nämndens verksamhetsplan.",
    "Enheterna beskriver sina processer och rutiner i ledningssystemet.",
    "Enheterna gör riskanalys och egenkontroller enligt årshjulet.",
    "Avdelningens ledningsgrupp följer upp resultat, avvikelser och klagomål varje månad.",
    "Brister som rör flera enheter hanteras i avdelningens ledningsgrupp.",
    "Avdelningen redovisar sitt kvalitetsarbete i förvaltningens kvalitetsberättelse.",
]

#: Roles every generated model adds beside the sample's: key -> label.
EXTRA_ROLES = {
    "boendestödjare": "Boendestödjare",
    "handledare": "Handledare i daglig verksamhet",
    "familjebehandlare": "Familjebehandlare",
    "behandlare": "Behandlare inom beroendevården",
    "biståndshandläggare": "Biståndshandläggare",
    "arbetsterapeut": "Arbetsterapeut",
    "fysioterapeut": "Fysioterapeut",
    "sas": "Socialt ansvarig samordnare (SAS)",
    "administratör": "Administratör",
    "hygienombud": "Hygienombud",
    "nattpersonal": "Nattpersonal",
    "systemförvaltare": "Systemförvaltare",
}
