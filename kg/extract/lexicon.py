"""The words extraction rules react to, in one place: triggers, titles, role and body nouns, pronouns, cues, hedges.

Data only (sets, maps and the forms of a few verbs), no spaCy and no logic: rules in the other modules of
``kg.extract`` import these names instead of keeping lists of their own, so a new title, trigger verb or body
noun is added here once. Word sets are lower case, except those of words as written with their capitals (titles
before names, heading words, day and month names); a rule that needs a regular expression builds it from these
words.
"""

from __future__ import annotations


def _forms(*stems: str, prefixes: tuple[str, ...] = ("",)) -> frozenset[str]:
    """Every ``prefix + stem`` form: ``_forms("found", "founded", prefixes=("", "co-"))``."""
    return frozenset(prefix + stem for stem in stems for prefix in prefixes)


# --- people ----------------------------------------------------------------------------------------------------

TITLES = frozenset({
    "sen", "senator", "rep", "representative", "congressman", "congresswoman", "gov", "governor", "mr", "mrs",
    "ms", "miss", "dr", "prof", "professor", "president", "vice", "secretary", "judge", "justice", "gen",
    "general", "col", "lt", "capt", "sgt", "adm", "admiral", "chairman", "chairwoman", "chair", "ranking",
    "member", "attorney", "sheriff", "mayor", "commissioner", "director", "chief", "rev", "sir", "dame",
    "former", "then", "late", "acting", "honorable", "hon", "deputy", "assistant", "speaker", "leader", "majority",
    "minority", "u.s", "us", "state", "district", "agent", "officer", "detective", "ceo", "actor", "actress", "pope",
    "king", "queen", "prince", "princess", "lord", "lady", "host", "anchor", "reporter", "spokesman",
    "spokeswoman", "spokesperson", "administrator", "ambassador", "coach", "pastor", "father", "sister",
    "brother", "officials", "official", "del", "delegate", "supervisor", "inspector", "auditor",
    # parliaments, councils and courts of the UK, Canada and Australia; roles news puts before a name
    "mp", "mpp", "mla", "mha", "msp", "mlc", "td", "garda", "minister", "premier", "councillor", "councilor", "councilman", "councilwoman",
    "alderman", "alderwoman", "assemblymember", "assemblyman", "assemblywoman", "senators", "sens", "reps",
    "baroness", "baron", "viscount", "earl", "constable", "trooper", "commander", "homeowner",
    "resident", "nurse", "teacher", "farmer", "solicitor", "barrister", "counsel", "prosecutor", "defendant",
    "plaintiff", "juror", "witness", "survivor", "veteran", "economist", "engineer", "señora", "señor",
    "madam", "mx", "siblings", "brothers", "sisters", "spouses", "revd", "reverend", "rabbi", "imam",
    # occupations a sentence opens with before a name ("Instructor Bethany Roe, 26, told the inquest")
    "recorder", "instructor", "restaurateur", "cr", "chairs", "coroner", "magistrate", "convener", "convenor",
    "founder", "cofounder", "founders", "cofounders", "owner", "manager", "executive", "chef", "winemaker",
    "distiller",
    "lawyer", "doctor", "surgeon", "dentist", "pharmacist", "paramedic", "firefighter", "midwife", "carer",
    "campaigner", "activist", "advocate", "organiser", "organizer", "coordinator", "volunteer", "trustee",
    "treasurer", "landlord", "tenant", "investor", "developer", "entrepreneur", "businessman", "businesswoman",
    "journalist", "photographer", "historian", "researcher", "scientist", "student", "mechanic", "electrician",
    "plumber", "fisherman", "grandmother", "grandfather", "widow", "widower",
})
"""Words that may precede a person's name and are not part of it ("Sen.", "Dr.", "Homeowner", "Labor MP")."""

POST_NOMINALS = frozenset({"kc", "qc", "sc", "mp", "mpp", "mla", "mha", "msp", "mlc", "td", "obe", "cbe", "mbe", "dbe", "kbe", "phd",
                           "md", "esq", "rn", "cpa"})
"""Letters after a person's name that are not part of it ("Harriet Lomax KC", "Aisha Rahman SC")."""

INNER_TITLES = frozenset({"dean", "captain", "provost", "chancellor", "colonel", "major", "lieutenant", "sergeant",
                          "corporal", "rabbi", "bishop", "cardinal", "imam", "pastor", "principal",
                          "superintendent"})
"""Titles that are also first names ("Dean Baquet"): stripped only after other words ("Law Dean Risa X")."""

MALE_TITLES = ("Mr", "Sir", "Lord", "King", "Prince", "Father", "Brother")
FEMALE_TITLES = ("Mrs", "Ms", "Miss", "Madam", "Lady", "Dame", "Queen", "Princess", "Sister",
                             "Congresswoman", "Chairwoman", "Spokeswoman", "Actress")
"""Titles before a name that tell a person's gender ("Mrs. Nixon", "Congresswoman Jane Doe")."""

MALE_KIN = ("son", "husband", "brother", "father", "nephew", "uncle", "grandson", "grandfather", "stepson",
            "widower", "boyfriend")
FEMALE_KIN = ("daughter", "wife", "sister", "mother", "niece", "aunt", "granddaughter", "grandmother",
              "stepdaughter", "widow", "girlfriend")
"""Kinship nouns right before a name that tell the person's gender ("her son Daire", "his wife, Ana")."""

HONORIFICS = ("Dame", "Sir", "Dr", "Mr", "Mrs", "Ms", "Miss", "Professor", "Prof", "Lord", "Lady")
"""Titles of address that open a person's name after "and" ("the College and Dame Felicity Arkwright")."""

PERSON_TITLES = ("Honorable", "Hon.", "Rep.", "Sen.", "Dr.", "Mr.", "Mrs.", "Ms.", "Senator", "Representative",
                 "Assemblymember", "Assemblyman", "Assemblywoman", "Councillor", "Councilor", "Judge", "Justice",
                 "Mayor", "Governor", "Minister", "Premier", "Lord", "Lady", "Dame", "Sir", "Sgt.", "Det.", "Prof.",
                 "Rev", "Rev.", "Revd", "Reverend", "Rabbi", "Imam", "Pastor")
"""Titles that make a name the tagger called an organization a person's ("the Honorable Joyce Beatty")."""

PERSON_NOUNS = frozenset({
    "medic", "surgeon", "mechanic", "electrician", "plumber", "trucker", "welder", "fisherman", "crofter", "landlord",
    "tenant", "apprentice", "supervisor", "organizer", "organiser",
    "senator", "representative", "congressman", "congresswoman", "lawmaker", "actor", "actress", "president",
    "secretary", "governor", "mayor", "official", "spokesperson", "spokesman", "spokeswoman", "director",
    "chairman", "chairwoman", "chair", "ceo", "founder", "co-founder", "judge", "attorney", "prosecutor",
    "witness", "survivor", "victim", "commissioner", "administrator", "sheriff", "chief", "executive", "star",
    "author", "researcher", "professor", "doctor", "officer", "agent", "leader", "minister", "ambassador",
    "advocate", "activist", "investigator", "inspector", "entrepreneur", "man", "woman", "singer", "husband",
    "wife", "contractor", "manager", "owner", "bookkeeper", "nurse", "accountant", "employee", "worker",
    "resident", "homeowner", "mother", "father", "parent", "son", "daughter", "patient", "veteran", "farmer",
    "teacher", "student", "lawyer", "solicitor", "barrister", "economist", "engineer", "scientist", "physician",
    "pharmacist", "pilot", "driver", "trustee", "treasurer", "superintendent", "cofounder",
    "head", "boss", "chairperson", "principal", "grandmother", "grandfather", "widow", "widower",
    "chef", "headteacher", "headmaster", "headmistress", "midwife", "paramedic", "firefighter", "journalist",
    "banker", "analyst", "priest", "vicar", "pastor", "rabbi", "imam", "designer", "architect", "consultant",
    "captain", "sergeant", "detective", "surveyor", "lieutenant", "corporal", "constable", "hunter", "trapper",
    "rancher", "volunteer", "teenager", "carer",
})
"""Common nouns naming one person: "the senator said" points at the nearest person."""

BARE_ROLES = frozenset({
    "journalist", "publisher", "lawyer", "attorney", "doctor", "physician", "teacher", "editor", "writer",
    "blogger", "activist", "advocate", "professor", "nurse", "farmer", "artist", "novelist", "poet", "singer",
    "actor", "actress", "founder", "co-founder", "chairperson", "economist", "scientist", "engineer",
    "entrepreneur", "senator", "representative", "judge", "mayor", "governor",
})
"""Role nouns that follow a person's name without an article in lists: "Jane Doe, journalist and publisher"."""

NOT_NAME_WORDS = frozenset({"honoree", "recipient", "winner", "nominee", "laureate", "defendant", "plaintiff",
                            "witness", "representative", "senator", "member", "dear", "hello", "thanks", "welcome",
                            "today", "meanwhile"})
"""Capitalized words before a name that are not part of it ("Honoree Valdete Idrizi", "Dear Jane Doe")."""

NOT_PERSON_NAMES = frozenset({"laughter", "applause", "award", "law", "founder", "blogger", "jr", "sr", "cheers",
                              "inaudible",
                              # what a family calls its own ("Dad always said ...", "Mum and daughter's club")
                              "dad", "mum", "mom", "mam", "mummy", "mommy", "daddy", "grandma", "grandpa", "granny",
                              "nana", "nan", "gran",
                              # abbreviations of provinces and states after a dateline's city ("SUDBURY, Ont.")
                              "ont", "que", "alta", "sask", "nfld", "calif", "ariz", "colo", "conn", "fla", "mich",
                              "minn", "okla", "tenn", "wis", "wyo", "mass", "nev", "neb", "penn",
                              # a title-case headline's verb after a role ("Charity Treasurer Tells Jury")
                              "tells", "says", "urges", "warns", "testifies", "admits", "denies", "recalls"})
"""One-word "names" the tagger calls a person that are transcript notes or roles ("(Laughter.)", "Founder")."""

ROLE_WORDS = frozenset({"Special", "Agent", "Acting", "Astronaut", "Ambassador", "Magistrate", "Vice", "Spokesman",
                        "Spokeswoman", "Spokesperson", "Judge", "Prosecutor", "Chair", "Chairman", "Chairwoman",
                        "CEO", "Officer", "Inspector", "Comptroller", "MP", "MPP", "MLA", "Director", "President",
                        "Commissioner", "Founder", "Co-founder", "Co-Founder", "Deputy", "MLC", "MSP", "TD",
                        "Sgt", "Sergeant", "Col", "Colonel", "Lt", "Lieutenant", "Capt", "Captain", "Cpl", "Corporal",
                        "Detective", "Constable", "Councillor", "Councilor", "Alderman"})
"""A person's role the tagger ran into a body's name: "Federal Bureau of Investigation Special Agent", "House
Energy and Commerce Committee Chair", "Labour MP", "Fresno Police Department Sgt", "Army Col"."""

ROLE_BODIES = frozenset({"Office", "Corps", "Division", "Service", "Unit", "Bureau", "Section", "Branch",
                         "Center", "School", "Association", "Program", "Court", "Agency", "Committee",
                         "Subcommittee", "Commission", "Tribunal", "Inquiry", "Panel", "Board", "Council",
                         "Olympics"})
"""Words that make a role word part of a body's name: "NASA Astronaut Office", "Special Agent Section"."""

LEADING_ROLES_PATTERN = r"(?:Co-?)?[Ff]ounder|President|Director|Chair(?:man|woman)?|Member"
"""Roles a body's name may be written after in a list entry: "Founder of Voces Libres"."""

NAME_SUFFIXES = ("Jr", "Sr", "II", "III", "IV")
"""Generational suffixes, part of a person's name."""

NAME_PARTICLES = frozenset({"de", "van", "von", "da", "del", "la", "le", "bin", "al", "ap", "an"})
"""Lower-case words inside a person's name ("Ludwig van Beethoven", "Siân ap Rhys", "Deirdre Mac an tSaoir")."""

MIDDLE_NAMES = frozenset({"Singh", "Kaur"})
"""Words that stand between a given name and a surname in a person's name only ("Harjit Singh Dhaliwal", "Parminder
Kaur Sandhu"): a name holding one is a person's, whole with the given name before it."""

# --- pronouns ----------------------------------------------------------------------------------------------------

PRONOUNS = {
    "he": "person", "him": "person", "his": "person", "himself": "person",
    "she": "person", "her": "person", "hers": "person", "herself": "person",
    "it": "organization", "its": "organization", "itself": "organization",
    "they": "agent", "them": "agent", "their": "agent", "we": "agent", "our": "agent",
}
"""Pronouns and what kind of antecedent they take (a singular "they" may be a person or a body)."""

PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f",
                  "herself": "f"}
"""Personal pronouns and the gender of the person they stand for."""

PERSONAL_PRONOUNS = frozenset(PRONOUN_GENDER)

# --- organizations -----------------------------------------------------------------------------------------------

ORGANIZATION_NOUNS = frozenset({
    "organization", "organisation", "nonprofit", "non-profit", "company", "group", "charity", "foundation",
    "agency", "firm", "startup", "start-up", "department", "office", "committee", "subcommittee", "administration",
    "bureau", "commission", "institute", "association", "coalition", "campaign", "center", "centre",
    "council", "board", "corporation", "business", "ministry", "network", "alliance", "team", "panel",
    "service", "court", "university", "school", "hospital", "union", "party", "government", "fund",
    "program", "programme", "initiative", "project", "unit", "task force",
    "lender", "bank", "insurer", "carrier", "airline", "provider", "operator", "retailer", "chain", "supermarket",
    "manufacturer", "maker", "supplier", "cooperative", "co-operative", "co-op", "brewery", "developer",
    "trust", "society", "federation", "club", "league", "church", "utility", "consultancy",
    "publisher", "broadcaster", "newspaper", "regulator", "watchdog", "authority", "body",
})
"""Common nouns naming an organization: "the nonprofit", "the agency", "Caisse Laurentienne, a lender"."""

ROLE_OR_BODY_NOUNS = frozenset({"operator", "developer", "publisher", "broadcaster", "provider", "supplier", "maker"})
"""Organization nouns that are as often a person's trade: before a person's name ("former taxi operator Nick
Doe", "software developer Ana Ruiz") they describe the person."""

NON_STATE_NOUNS = frozenset({"group", "nonprofit", "non-profit", "charity", "foundation", "company", "firm", "startup",
                             "start-up",
                             "organization", "organisation", "alliance", "coalition", "association", "network",
                             "business", "corporation", "lender", "bank", "insurer", "carrier", "airline", "provider",
                             "operator", "retailer", "chain", "supermarket", "manufacturer", "maker", "supplier",
                             "cooperative", "co-operative", "co-op", "brewery", "developer", "trust", "society",
                             "club", "league", "church", "utility", "consultancy", "publisher", "broadcaster",
                             "newspaper", "union"})
"""Organization nouns that never mean a body of the state: "the group" is not the committee named in between."""

LEGISLATIVE_NAME_WORDS = ("Congress", "Senate", "House", "Parliament", "Assembly", "Legislature", "Committee",
                          "Subcommittee", "Caucus", "Commons", "Lords")
"""Words that make a name a legislative body's."""

GOVERNMENT_NAME_WORDS = ("Department", "Dept", "Agency", "Administration", "Bureau", "Commission", "Ministry",
                         "Court", "Police", "Authority", "Service", "Office", "Directorate", "Secretariat", "Patrol",
                         "Guard", "Army", "Navy", "Force", "FBI", "CIA", "DOJ", "DHS", "EPA", "FDA", "CDC", "NIH",
                         "IRS", "FTC", "FCC", "SEC", "NSA", "ICE", "DEA", "ATF", "HHS", "USDA", "Pentagon",
                         "White House", "Treasury", "Inquiry", "Tribunal", "Division")
"""Words that make a name a government body's."""

ORGANIZATION_NAME_WORDS = ("Inc", "Corp", "Corporation", "Company", "Co", "LLC", "Ltd", "Group", "Foundation",
                           "Fund", "Institute", "Association", "Society", "Coalition", "Alliance", "Council",
                           "Center", "Centre", "University", "College", "School", "Hospital", "Network", "Project",
                           "Initiative", "Union", "Party", "Trust", "Partners", "Bank", "Club", "League",
                           "Federation", "Organization", "Organisation", "International", "Labs?", "Technologies",
                           "Systems", "Media", "News", "Times", "Post", "Journal", "Automotive", "Air", "Airlines?",
                           "Airways", "Motors", "Energy", "Insurance", "Services", "Robotics", "Brewing", "Brewery",
                           "Foods", "Farms", "Logistics", "Capital", "Holdings", "Credit", "Lending", "Engineering",
                           "Construction", "Cooperative", "Co-operative", "Co-op", "Markets", "Supermarkets",
                           "Railways?", "Ventures", "Consulting", "Solutions", "Pharmaceuticals", "Caisse",
                           "Academy", "Institution", "Museum", "Library", "Church", "Cathedral", "Seminary",
                           "Sanctuary", "Rescue", "Pantry", "Collective")
"""Words that make a name an organization's (regular-expression pieces: "Labs?")."""

BODY_HEADS = frozenset({"Committee", "Subcommittee", "House", "Senate", "Department", "Office", "Agency",
                                    "Commission", "Council", "Bureau", "Administration", "Ministry", "United",
                                    "U.S."})
"""Words that start a new body's name after a comma or "and" ("..., Committee on Energy")."""

PIECE_HEADS = frozenset({"Committee", "Subcommittee", "University", "College", "Department", "Office",
                                     "Agency", "Council", "Commission", "Bureau", "House", "Senate"})
"""Words that make a piece of a comma list a body of its own ("Subcommittee on Health, Committee on ...")."""

PLURAL_BODY_WORDS = frozenset({"scouts", "products", "industries", "brothers", "associates", "partners", "services",
                               "systems", "holdings", "enterprises", "foods", "sons", "friends", "guides",
                               "democrats", "republicans", "studios", "records", "pictures", "technologies",
                               "laboratories", "labs", "communications", "networks", "pharmaceuticals", "airlines",
                               "motors", "solutions"})
"""Plural words that end a body's name, never a person's: "Girl Scouts", "Acme Products", "Delta Airlines"."""

LEGAL_FORMS_PATTERN = r"L\.L\.C\.|LLC|L\.P\.|LLP|Inc\.|Incorporated|Corp\.|Co\.|Ltd\.|P\.C\.|PLLC"
"""Legal forms that end a company's name ("United Environment & Energy, L.L.C.")."""

HEADING_WORDS = frozenset({"Testimony", "Statement", "Highlights", "Before"})
"""Words of a document heading the tagger runs into a body's name ("... Office Testimony before the ...")."""

NOT_A_BODY_HEADS = frozenset({"award", "awards", "medal", "prize", "day", "month", "week", "act", "amendment",
                              "program", "programme", "ceremony", "festival", "trophy", "cup", "fellowship",
                              "scholarship", "games", "olympics", "bill", "resolution", "treaty", "accord"})
"""Head words of names that are awards, days, laws, programmes or events, not organizations."""

PLACE_HEADS = frozenset({"building", "street", "road", "avenue", "lane", "drive", "boulevard", "square", "plaza",
                         "airport", "area", "park", "base"})
"""Head words of names that are places, not organizations: "Rayburn House Office Building", "Queen's Park",
"Greater Toronto Area" (not "Hall", "Bridge", "Tower": many bodies are named so)."""

GENERIC_NAME_WORDS = frozenset({"state", "national", "federal", "international", "black", "basic", "ranking",
                                "highlights", "u s", "us", "government", "nation", "general"})
"""One-word "names" too generic to be a body on their own ("State", "Federal")."""

STATE_CODES = frozenset({"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
                         "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ",
                         "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT",
                         "VA", "WA", "WV", "WI", "WY", "DC"})
"""US postal codes ("Tallahassee, FL"), which the tagger takes for organizations."""

MINOR_WORDS = frozenset({"a", "an", "the", "of", "in", "on", "for", "and", "or", "to", "at", "by", "with", "from",
                         "as"})
"""Words a title-case headline or an acronym leaves lower case."""

# --- dates -------------------------------------------------------------------------------------------------------

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                      "October", "November", "December", "Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")

NAME_BREAKS = frozenset({
    "For", "Statement", "Testimony", "Before", "Director", "Chairman", "Chairwoman", "Secretary", "Highlights",
    "Acting", "Special", "Inspector", "Attorney", "General", "Administrator", "Chief", "President", "Senator", "Sen.",
    "Rep.", "Representative", "Ranking", "Member", "Today", "Mr.", "Ms.", "Mrs.", "Dr.", "Judge", "Magistrate",
    *WEEKDAYS, *MONTHS,
})
"""Capitalized words that end a body's name rather than continue it: a title, a heading word, a day or month."""

NOT_A_REPORTING_YEAR_WORDS = ("since", "until", "from", "born", "founded", "established", "created")
"""Words a few words before a year that make it the date of another event, not the time of reporting."""

NOT_THE_FIGURES_YEAR_WORDS = ("since", "until", "before", "after", "from", "born", "founded", "established",
                              "created", "begun", "began", "started", "opened", "launched", "formed")
"""Words just before a year that make it date something other than a figure ("cases since 2007")."""

FISCAL_YEAR_WORDS = ("fiscal", "financial", "calendar", "school", "academic")
"""Words before "year" that name a reporting period ("fiscal year 2014")."""

NOW_WORDS = frozenset({"today", "currently", "now"})
"""A figure said to hold now is of the reporting year."""

TIME_UNIT_PATTERN = (r"years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries|century|"
                     r"a\.m\.|p\.m\.|am|pm|o'clock|year-old|years-old|-year-old")
"""Units after a number that make it a duration, a time or an age, not a count."""

# --- foundings ---------------------------------------------------------------------------------------------------

FOUNDING_VERBS = _forms("found", "founded", "founds", "founding", prefixes=("", "co-", "co")) | _forms(
    "establish", "established", "establishes", "establishing")
"""Verbs that found a body whatever their object is called."""

WEAK_FOUNDING_VERBS = _forms("launch", "launched", "launches", "launching", "start", "started", "starts",
                             "starting", "create", "created", "creates", "creating", "form", "formed", "forms",
                             "incorporate", "incorporated", "incorporates", "incorporating")
"""Verbs that found a body only when their object is a named organization: "launched a new product" is no founding,
and "incorporated" also means "included" ("the plan incorporated feedback")."""

NOT_FOUNDED_NOUNS = frozenset({"app", "application", "product", "fund", "campaign", "appeal", "program", "programme",
                               "scholarship", "course", "bill", "service", "website", "platform", "tool", "podcast",
                               "newsletter", "drive", "fundraiser", "challenge", "initiative", "plan", "scheme",
                               "brand", "line", "game", "event", "festival", "award", "prize", "petition", "lawsuit"})
"""What "launched", "started", "created" make that is no organization ("created WordBridge, a free app")."""

NOT_FOUNDED_NAME_WORDS = NOT_FOUNDED_NOUNS - {"line", "service", "product", "tool", "brand", "platform", "application"}
"""Of those, the words that still say what a name is when they end it ("the Neighbor Fund", "the Clean Rivers
Campaign"), unlike "the Second Opinion Line", a helpline, or "Harbor Tool Service"."""

BEGAN_FORMS = frozenset({"began", "begun", "begins"})
"""An organization's start told without a founder: "Larder Link, which began in 2013 as a shelf of tins"."""

SET_UP_FORMS = frozenset({"set", "sets", "setting"})
"""With the particle "up": "set up the trust"."""

FOUNDER_NOUNS = _forms("founder", "founders", prefixes=("", "co-", "co"))

GROUP_WORDS = {"couple": 2, "pair": 2, "duo": 2, "two": 2, "trio": 3, "three": 3, "four": 4}
"""Words for the people a text has just named together, and how many they are ("the couple founded", "the three had
set up")."""

LIST_WORDS = frozenset({"of", "and", "&", ",", "the"})
"""Words between the parts of a list entry ("Founder and Chief Executive Officer, Acme Association")."""

# --- marriages ---------------------------------------------------------------------------------------------------

SPOUSE_NOUNS = _forms("wife", "husband", "spouse", "widow", "widower", prefixes=("", "then-", "ex-", "former-"))
FORMER_SPOUSE_WORDS = frozenset({"former", "ex", "divorced", "estranged", "then", "first"})
"""Words before a spouse noun that make the marriage a past one ("his former wife")."""

MARRIAGE_VERBS = frozenset({"married", "divorced", "marrying", "marry", "marries", "wed", "wedded", "divorcing"})
DIVORCE_VERBS = frozenset({"divorced", "divorcing"})
ANNIVERSARY_NOUNS = frozenset({"anniversary", "anniversaries"})
COUPLE_NOUNS = frozenset({"couple", "couples"})
MARRIAGE_NOUNS = frozenset({"marriage"})
"""With "to": "his first marriage, to Jane Roe"."""
PAIR_WORDS = frozenset({"they", "couple", "two", "pair"})
"""Subjects of "married" that stand for the two people named together before ("They married in 2019")."""
"""With "married": "A and B, a married couple"."""
COUPLE_PATTERN = r"husband\s+and\s+wife|wife\s+and\s+husband|married\s+couple"

KINSHIP_NOUNS = frozenset({"wife", "husband", "spouse", "widow", "widower", "son", "daughter", "father", "mother",
                           "brother", "sister", "nephew", "niece", "uncle", "aunt", "cousin", "grandson",
                           "granddaughter", "grandfather", "grandmother", "stepson", "stepdaughter", "partner"})
"""Nouns that introduce a person as someone's relative ("his father, Malcolm Doe"): a surname two people share
then names the other one, the one the story is about."""

# --- testimonies -------------------------------------------------------------------------------------------------

TESTIFY_WORDS = frozenset({"testify", "testifies", "testified", "testifying", "testimony"})
TOLD_FORMS = frozenset({"told"})
APPEAR_VERBS = frozenset({"appeared", "appearing", "appears", "appear", "spoke"})
TAKE_FORMS = frozenset({"took", "take", "takes", "taking", "taken"})
HEAR_FORMS = frozenset({"heard", "hear", "hears", "hearing"})
EVIDENCE_NOUNS = frozenset({"evidence"})
"""Words that are testimony with a body or an audience: "told the committee", "appeared before the panel", "took
the stand", "the committee heard from X", "gave evidence to X"."""

BODY_NAME_WORDS = ("Congress", "Senate", "House", "Parliament", "Assembly", "Legislature", "[Cc]ommittee",
                   "[Ss]ubcommittee", "[Pp]anel", "[Cc]ommission", "[Cc]ourt", "[Ii]nquiry", "[Cc]aucus",
                   "[Tt]ribunal")
"""Words that make a phrase a body one testifies before (regular-expression pieces)."""

BODY_NOUNS = frozenset({"committee", "subcommittee", "panel", "commission", "caucus", "inquiry"})
"""Common nouns heading the name of a body one testifies before ("a Senate subcommittee")."""

NOT_DONE_AUXILIARIES = frozenset({"will", "would", "shall", "may", "might", "could", "should", "'ll", "must", "can"})
NOT_DONE_HEADS = frozenset({"refuse", "decline", "schedule", "expect", "plan", "agree", "ask", "invite", "want",
                            "hope", "intend", "set", "prepare", "subpoena", "urge", "call", "fail", "demand",
                            "compel", "need", "threaten", "offer", "seek", "due", "summon", "postpone", "cancel",
                            "delay", "adjourn", "request"})
NOT_DONE_WORDS = frozenset({"scheduled", "expected", "due", "set", "invitation", "request", "refusal", "plans",
                            "summons", "subpoena"})
"""A testimony that has not happened: "will testify next week", "refused to testify", "was scheduled to
testify" (only testimony given is a fact)."""

HEARING_AUDIENCE = frozenset({"mps", "msps", "tds", "mlas", "mpps", "mhas", "lawmakers", "legislators", "senators",
                              "peers", "members", "congressmen",
                              "representatives", "councillors", "councilors", "assemblymembers", "committee",
                              "subcommittee", "panel", "inquiry", "commission", "hearing", "hearings", "estimates",
                              "legislature", "parliament", "congress", "senate", "house", "tribunal"})
"""Whom a witness tells at a legislature or inquiry ("told MPs", "told a public inquiry"): the body the text names."""

LOCAL_BODY_AUDIENCE = {"supervisors": "supervisors", "commissioners": "commission", "board": "board",
                       "council": "council", "aldermen": "council", "alderpersons": "council",
                       "councilmembers": "council", "selectmen": "board"}
"""Whom a speaker at a local public hearing tells ("told supervisors", "told the board", "told commissioners"),
and the word of the name of the body the text names that they stand for ("Yolo County Board of Supervisors",
"Charleston Planning Commission"): a city council, county board or commission hears the public like a
committee."""

COURT_AUDIENCE = frozenset({"court", "jury", "jurors", "judge", "magistrate", "trial", "retrial", "stand", "inquest",
                            "prosecution", "defense", "defence", "crown"})
"""What a witness at a trial or inquest speaks to or for ("told jurors", "took the stand", "told the inquest"):
the court the text names."""

EVIDENCE_VERBS = frozenset({"give", "present", "open", "begin", "start", "continue", "resume", "finish", "conclude",
                            "submit", "provide", "deliver"})
"""Verbs whose object "evidence" is a witness's ("gave evidence to the committee", "opened her evidence")."""

ADVOCATE_NOUNS = frozenset({"barrister", "lawyer", "attorney", "counsel", "prosecutor", "prosecutors", "solicitor",
                            "advocate", "lawyers", "attorneys"})
"""Who speaks for a party in court: what they tell the court is no testimony."""

MEMBER_TITLES = ("Sen", "Sens", "Senator", "Rep", "Reps", "Representative", "Congressman", "Congresswoman", "MP",
                 "MPP", "MLA", "MLC", "MSP", "MNA", "MHA", "TD", "Delegate", "Chair", "Chairman", "Chairwoman",
                 "Councillor", "Assemblymember", "Assemblyman", "Assemblywoman", "Speaker", "Councilmember",
                 "Councilman", "Councilwoman", "Alderman", "Alderwoman", "Supervisor", "Selectman", "Selectwoman")
JUDGE_TITLES = ("Judge", "Justice", "Magistrate", "Sheriff")
"""Titles of the members of a legislature and of judges: what they say in their own chamber or court is no
testimony ("Judge Alastair Menzies told the jury"); a judge before a legislature is a witness like any other."""

HEARING_NOUNS = frozenset({"hearing", "hearings"})
HEARING_SPEECH_LEMMAS = frozenset({"say", "speak", "tell", "testify", "state", "argue", "warn", "explain",
                                   "acknowledge", "admit", "answer", "appear", "defend", "describe", "insist",
                                   "note", "add", "deny", "claim", "concede", "respond", "reply"})
"""Verbs of a witness at a hearing ("said at a hearing of ..."); "chaired" or "held" a hearing is no witness's."""

WITNESS_NOUNS = frozenset({"witnesses", "presenters"})
WITNESS_NOUN = frozenset({"witness"})
"""A person called a witness ("X was the Crown's first witness", "A second witness, X, said")."""

QUESTIONED_FORMS = frozenset({"grilled", "questioned", "quizzed", "pressed", "cross-examined", "faced", "facing",
                              "fronted", "fronting"})
QUESTION_NOUNS = frozenset({"questions", "questioning", "grilling", "scrutiny", "cross-examination"})
"""A witness questioned by a body: "was grilled by MPs", "faced questions before the committee", "Committee members
questioned X", "fronted the royal commission" (Australian news)."""

STATEMENT_NOUNS = frozenset({"statement", "submission", "submissions"})
"""Evidence in writing: "In a written statement to the inquiry, X said", "in a submission to the committee"."""

COUNSEL_SPEECH_WORDS = frozenset({"opening", "closing", "summing"})
"""What counsel tell jurors ("told jurors in her opening address"): no evidence."""
FLOOR_WORDS = frozenset({"chamber", "floor", "debate"})
FLOOR_PHRASES = ("question period", "question time", "questions to the", "prime minister's questions")
"""Where a member speaks in their own chamber ("told MPs in the Commons chamber", "during question period"); a
hearing or committee chamber is no floor."""
CHAMBER_AUDIENCE = frozenset({"house", "parliament", "commons", "senate", "dáil", "dail", "assembly", "legislature",
                              "chamber", "congress"})
MINISTER_TITLE_PATTERN = (r"(?:Minister|Secretary|Premier|Prime\s+Minister|Taoiseach|Tánaiste|Chancellor|Attorney"
                          r"\s+General|Speaker)")
"""A minister's title: what one tells the chamber ("Home Secretary X told the House") is a speech, no evidence."""

ADVOCATE_TITLE_PATTERN = (r"(?:[Pp]rosecutors?|[Ll]awyer|[Aa]ttorney|[Cc]ounsel|[Bb]arrister|[Ss]olicitor|"
                          r"[Pp]rocurator\s+[Ff]iscal(?:\s+[Dd]epute)?|[Aa]dvocate(?:\s+[Dd]epute)?)")
"""Titles before a name that make the person counsel in a trial ("Crown prosecutor X", "defence lawyer Y")."""

# --- interviews --------------------------------------------------------------------------------------------------

INTERVIEW_NOUNS = frozenset({"interview", "interviews"})

# --- quotes ------------------------------------------------------------------------------------------------------

CUE_LEMMAS = frozenset({
    "say", "tell", "add", "argue", "testify", "write", "explain", "note", "state", "declare", "insist", "warn",
    "claim", "recall", "continue", "ask", "answer", "reply", "respond", "announce", "acknowledge", "admit",
    "urge", "emphasize", "emphasise", "stress", "observe", "remark", "suggest", "conclude", "comment",
    "describe", "tweet", "post", "caution", "predict", "recount", "confirm", "deny", "promise", "vow",
    "boast", "joke", "quip", "concede", "assert", "maintain", "contend", "point", "put", "mention", "shout",
    "cry", "plead", "demand", "complain", "lament", "affirm", "counter", "retort", "reiterate", "agree", "allege",
    "assure", "pledge",
})
"""Verbs that introduce reported speech ("said", "told", "added", "argued", "testified", "wrote" ...)."""

EMBEDDING_CUE_LEMMAS = CUE_LEMMAS | {"call", "label", "dub", "brand", "accuse", "apologise", "apologize"}
"""Verbs whose clause may hold a partial quote: the cue verbs, naming verbs ('called it "the least we owe"'), and
verbs of blame and apology whose words the text quotes ('accused the firm of "skimming"', 'apologised "to every
member"')."""

UNNAMED_SPEAKER_NOUNS = frozenset({"spokesman", "spokeswoman", "spokesperson", "representative", "official",
                                   "aide", "source", "person"})
"""Role nouns that, with no name beside them, leave a quote without a speaker ("a spokeswoman said")."""

COMMON_CUE_FORMS = ("said", "says", "told", "added", "wrote")
"""The commonest cue verbs as written, read even where the tagger takes "said" for an adjective."""

INTRODUCTION_NOUNS = ("statement", "remarks", "comment", "comments", "testimony", "message")
"""Nouns of a line that introduces a quotation ("The following is a statement from X:")."""

# --- statistics --------------------------------------------------------------------------------------------------

HEDGES = {
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "just under": "nearly", "just shy of": "nearly",
    "about": "approximately", "around": "approximately", "roughly": "approximately",
    "approximately": "approximately", "some": "approximately", "an estimated": "approximately",
    "estimated": "approximately",
    "more than": "more_than", "over": "more_than", "above": "more_than", "upwards of": "more_than",
    "in excess of": "more_than", "exceeding": "more_than",
    "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least",
    "up to": "at_most", "as many as": "at_most", "as much as": "at_most", "at most": "at_most",
    "no more than": "at_most",
    "fewer than": "less_than", "less than": "less_than", "under": "less_than", "below": "less_than",
}
"""Hedge phrases before a figure and their codes ("more than 100" -> more_than)."""

HEDGE_PREPOSITIONS = frozenset({"over", "about", "around", "under", "above", "below", "nearly", "almost", "up", "to"})
"""Hedge words the parser takes for a preposition governing the counted noun ("identify over 6,600 ...")."""

DESIGNATORS = frozenset({
    "section", "no", "number", "title", "chapter", "article", "rule", "amendment", "district", "route", "flight",
    "room", "h.r.", "s.", "hr", "act", "resolution", "bill", "form", "page", "pages", "item", "exhibit", "docket",
    "case", "vol", "volume", "part", "step", "phase", "level", "grade", "tier", "category", "class", "type",
    "version", "model", "unit", "highway", "interstate", "channel", "episode", "season", "ward", "precinct",
    "division", "paragraph", "subsection", "executive", "order", "covid", "covid-19", "top", "res", "res.", "sec",
    "sec.", "pub", "l.",
})
"""Words before a number that make it a label, not a figure ("Section 230", "H.R. 5")."""

AGE_WORDS = frozenset({"aged", "age", "ages", "§", "§§"})
"""Words before a number that make it an age or a legal section."""

VOTE_WORDS = frozenset({"vote", "voted", "votes", "margin", "won", "lost", "defeated"})
"""Words in a sentence that make "52-48" a vote tally."""

RATE_WORDS = frozenset({"every", "per", "each"})
"""Words before a number that make it the unit of a rate ("$20 for every $1 spent"), not a figure."""

SET_DETERMINERS = frozenset({"the", "his", "her", "their", "its", "our", "my", "your", "these", "those", "both"})
"""Words before a small written number that make it a set the text already knows ("the two men")."""

SOURCE_NOUNS = frozenset({"report", "reports", "study", "studies", "survey", "surveys", "data", "figures",
                          "estimates", "estimate", "statistics", "analysis", "audit", "census", "poll", "review",
                          "research", "findings"})
"""Nouns naming where figures come from ("a 2021 report", "figures submitted to the committee")."""

SAYING_LEMMAS = frozenset({"say", "tell", "announce", "state", "note", "add", "write", "disclose", "reveal",
                           "confirm", "claim", "explain"})
"""Verbs by which a body says a figure about itself ("the group's chief executive said that ...")."""

SOURCE_LEMMAS = frozenset({"report", "estimate", "find", "show", "calculate", "count", "project", "indicate"})
"""Verbs by which a body or a study is the source of figures, not what they are about ("X estimated that")."""

RELATIVE_YEAR_PATTERN = (r"\b(?:last|next|previous|past|prior)\s+year\b|\byear\s+(?:earlier|before)\b"
                         r"|\bsince\s+(?:its|their|the)\s+(?:founding|inception|creation|launch|start|beginning)\b")
"""A year given relative to an unknown date: no other sentence's year dates the figure."""

IRREGULAR_PARTICIPLES = {
    "make": "made", "find": "found", "take": "taken", "give": "given", "lose": "lost", "hold": "held",
    "bring": "brought", "catch": "caught", "build": "built", "send": "sent", "spend": "spent", "keep": "kept",
    "see": "seen", "get": "got", "pay": "paid", "sell": "sold", "buy": "bought", "raise": "raised",
    "leave": "left", "win": "won", "write": "written", "seek": "sought", "fight": "fought", "teach": "taught",
    "hit": "hit", "cut": "cut", "put": "put", "set": "set", "shut": "shut", "feed": "fed", "lead": "led",
    "serve": "served", "kill": "killed", "steal": "stolen", "know": "known", "grow": "grown", "show": "shown",
    "run": "run", "have": "had", "go": "gone", "begin": "begun", "rise": "risen", "fall": "fallen",
    "drive": "driven", "eat": "eaten", "choose": "chosen", "draw": "drawn", "fly": "flown", "meet": "met",
    "read": "read", "tell": "told", "hear": "heard", "lend": "lent", "hide": "hidden", "ride": "ridden",
    "forgive": "forgiven", "strike": "struck", "sink": "sunk", "spin": "spun", "throw": "thrown", "wear": "worn",
    "withdraw": "withdrawn", "undertake": "undertaken", "bear": "borne", "sit": "sat", "stand": "stood",
}
"""Past participles a measure is written with ("people housed", "shelters run")."""

DEVERBAL_NOUNS = {"rescue": "rescued", "arrest": "arrested", "release": "released", "removal": "removed",
                  "identification": "identified", "seizure": "seized", "death": "died", "conviction": "convicted",
                  "recovery": "recovered"}
"""Nouns of an action and the participle a measure takes from them ("the rescue of 40 children")."""
