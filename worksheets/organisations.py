"""Organisations in running text: article, case and preposition, in German and English.

A message names an organisation in a few grammatical slots:

- ``at``: where someone works or studies — „bei der Siemens AG“, „an der
  Technischen Universität München“, „am Max-Planck-Institut für
  Informatik“, „bei Google“; "at the University of Edinburgh", "at Google";
- ``from``: „Dr. Kim Weber von der Universität Mannheim“, „eine Zusage vom
  Deutschen Museum“ (German only; English uses ``at``);
- ``with``: "it didn't work out with the University of Edinburgh" (English);
- ``subject``: „Die Universität Mannheim hat zugesagt“, "Imperial College
  London has said yes".

What decides the article is data, below: legal forms (AG, GmbH, Ltd …), head
nouns (Universität, Institut, Bank …, also inside compounds such as
„Max-Planck-Institut“), known abbreviations (ETH, KIT …), brands, and the
ending of a leading German adjective („Deutsches Museum“). Where none of them
decides, :meth:`Organisation.phrase` returns ``None`` and the message uses
wording that needs no article, never a guess. The reader can always choose
the article with one form control (:data:`ARTICLE_CHOICES`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Gender = Literal["f", "m", "n"]
Preposition = Literal["an", "in", "bei"]  # the German preposition for the "at" slot
Slot = Literal["at", "from", "with", "subject"]
# English article: "the", "" (none), or None (no rule is certain).
EnglishArticle = Literal["the", ""] | None


@dataclass(frozen=True)
class Head:
    """What a head noun (or abbreviation) says about the whole name."""

    gender: Gender
    preposition: Preposition
    english: EnglishArticle


def _heads(preposition: Preposition, english: EnglishArticle, gender: Gender, *words: str) -> dict[str, Head]:
    return dict.fromkeys(words, Head(gender, preposition, english))


# Head nouns, matched as a whole word or as the end of a compound with at
# least three letters before it („Bundesamt“, not „Samt“). The English column
# is the article an English sentence gives the name when this word is its
# head and no "of" follows ("Harvard University", but "the Max Planck
# Institute"); before "of" it is always "the" ("the University of Edinburgh").
HEADS: dict[str, Head] = {
    # Places of study and research: „an der …“ / „am …“.
    **_heads("an", "the", "f", "universität", "hochschule", "akademie", "uni", "kunstakademie"),
    **_heads("an", "the", "f", "schule", "berufsschule"),
    **_heads("an", "the", "f", "klinik", "universitätsklinik"),
    **_heads("an", "the", "n", "institut", "klinikum", "zentrum", "forschungszentrum", "kolleg", "gymnasium"),
    **_heads("an", "the", "n", "theater", "konservatorium", "observatorium", "labor", "laboratorium"),
    **_heads("an", "the", "n", "institute", "centre", "center"),
    **_heads("an", "", "f", "university", "school"),
    **_heads("an", "", "n", "college"),
    **_heads("an", "the", "f", "academy", "oper"),
    # Public bodies: „im …“.
    **_heads("in", "the", "n", "ministerium", "amt", "museum", "krankenhaus", "rathaus", "archiv"),
    **_heads("in", "the", "f", "bibliothek"),
    **_heads("in", "the", "n", "ministry", "office", "department"),
    # Organisations and companies: „bei der …“ / „beim …“.
    **_heads("bei", "the", "f", "stiftung", "gesellschaft", "behörde", "anstalt", "kammer", "kommission"),
    **_heads("bei", "the", "f", "bundesagentur", "landesagentur"),
    **_heads("bei", "the", "f", "vereinigung", "genossenschaft", "versicherung", "vertretung", "verwaltung"),
    **_heads("bei", "the", "m", "verband", "verein", "bund", "dienst", "rundfunk", "club", "klub"),
    **_heads("bei", "the", "f", "foundation", "trust", "council", "agency", "commission", "society"),
    **_heads("bei", "the", "f", "association", "organisation", "organization", "federation", "union"),
    **_heads("bei", None, "f", "bank", "sparkasse", "kasse", "group"),
    **_heads("bei", "", "f", "gruppe", "agentur", "kanzlei", "redaktion", "holding"),
    **_heads("bei", "", "m", "verlag", "konzern"),
    **_heads("bei", "", "f", "firm", "partnerschaft"),
}

# Abbreviations, matched as a whole word, with what they stand for.
ABBREVIATIONS: dict[str, Head] = {
    **_heads("an", "", "f", "TU", "TUM", "LMU", "RWTH", "ETH", "EPFL", "FU", "HU", "TH", "FH", "HTW", "HAW", "PH"),
    **_heads("an", "the", "f", "LSE"),
    **_heads("an", "", "n", "KIT", "MIT", "CERN", "EMBL", "DKFZ", "MPI", "HZB"),
    **_heads("bei", "", "n", "DLR", "ZDF"),
    **_heads("bei", "the", "f", "DFG", "OECD", "EZB"),
    **_heads("bei", "", "f", "GIZ", "ARD", "KfW"),
    **_heads("bei", "the", "m", "DAAD", "BND"),
    **_heads("bei", "", "m", "WDR", "NDR"),
    **_heads("bei", None, "m", "ADAC"),
}

# Legal forms at the end of a name; in German every one of them is feminine
# („die Siemens AG“, „die Apple Inc.“), in English they take no article.
# "e. V." is left out on purpose: the association's own noun decides
# („der Chaos Computer Club e. V.“, „das Deutsche Rote Kreuz e. V.“).
LEGAL_FORMS: tuple[str, ...] = (
    "AG",
    "GmbH",
    "gGmbH",
    "mbH",
    "SE",
    "KG",
    "KGaA",
    "OHG",
    "oHG",
    "GbR",
    "UG",
    "UG (haftungsbeschränkt)",
    "eG",
    "PartG",
    "PartG mbB",
    "PartGmbB",
    "Ltd",
    "Ltd.",
    "Limited",
    "Inc",
    "Inc.",
    "Corp.",
    "Corporation",
    "plc",
    "PLC",
    "LLC",
    "LLP",
    "S.A.",
    "SA",
    "N.V.",
    "NV",
    "B.V.",
    "BV",
    "SAS",
    "S.p.A.",
    "SpA",
    "S.r.l.",
    "AB",
    "ASA",
    "A/S",
    "Oy",
    "Oyj",
    "Pty Ltd",
)
_ASSOCIATION = re.compile(r"\s+e\.\s?V\.?$")

# Brands that take no article in either language, matched on the first word
# (or the whole name): „bei Google“, "at Google".
BRANDS: frozenset[str] = frozenset(
    {
        "Google",
        "Alphabet",
        "Apple",
        "Microsoft",
        "Amazon",
        "Meta",
        "Facebook",
        "Netflix",
        "Spotify",
        "Zalando",
        "Siemens",
        "Bosch",
        "SAP",
        "IBM",
        "BMW",
        "Audi",
        "Porsche",
        "Volkswagen",
        "Mercedes-Benz",
        "Daimler",
        "BASF",
        "Bayer",
        "Henkel",
        "Adidas",
        "adidas",
        "Puma",
        "Infineon",
        "Airbus",
        "Lidl",
        "Aldi",
        "Rewe",
        "Otto",
        "Personio",
        "Celonis",
        "N26",
        "Trivago",
        "DHL",
        "KPMG",
        "PwC",
        "EY",
        "Deloitte",
        "Accenture",
        "McKinsey",
        "Roland",
        "Capgemini",
        "Nvidia",
        "NVIDIA",
        "Intel",
        "Tesla",
        "OpenAI",
        "Anthropic",
        "DeepMind",
        "Novartis",
        "Roche",
        "Nestlé",
        "Unilever",
        "Shell",
        "Ikea",
        "IKEA",
        "Bank of America",
        "Goldman",
        "Morgan",
        "Barclays",
        "HSBC",
        "Uber",
        "Airbnb",
        "Stripe",
        "Salesforce",
        "Oracle",
        "Cisco",
        "Springer",
    }
)
# Names English uses without an article although their head noun would leave it open.
ENGLISH_WITHOUT_ARTICLE: frozenset[str] = frozenset(
    {"Bank of America", "Deutsche Bank", "Commerzbank", "Deutsche Börse", "Barclays Bank"}
)
# English words that, as the last word before the end, show a company name
# used without an article: „bei Grünwerk Consulting“, "at Greenworks Consulting".
BRAND_WORDS: frozenset[str] = frozenset(
    {
        "consulting",
        "consultants",
        "solutions",
        "technologies",
        "technology",
        "tech",
        "systems",
        "software",
        "labs",
        "lab",
        "partners",
        "capital",
        "ventures",
        "digital",
        "media",
        "studios",
        "studio",
        "analytics",
        "energy",
        "pharma",
        "therapeutics",
        "robotics",
        "services",
        "logistics",
        "networks",
        "research",
        "nature",
        "healthineers",
        "company",
        "deutschland",
    }
)

# Words that end the part of a name that can hold its head noun.
_STOPS = frozenset(
    {
        "für",
        "zu",
        "zur",
        "zum",
        "der",
        "des",
        "den",
        "am",
        "an",
        "in",
        "im",
        "von",
        "vom",
        "und",
        "&",
        "–",
        "—",
        "-",
        "of",
        "for",
        "and",
        "at",
        "on",
        "rechts",
        "links",
    }
)
_LEADING_ARTICLES_DE: dict[str, Gender] = {"die": "f", "der": "m", "das": "n"}
# Leading German adjectives: these stems, or any stem ending like an adjective.
_ADJECTIVE_STEMS = frozenset(
    {
        "deutsch",
        "frei",
        "neu",
        "hoh",
        "alt",
        "auswärtig",
        "vereinigt",
        "allgemein",
        "privat",
        "rot",
        "evangelisch",
        "katholisch",
        "ober",
        "nieder",
    }
)
_NOT_ADJECTIVES = frozenset({"fischer", "tischer", "tischler"})  # surnames that end like adjectives
_ADJECTIVE_SUFFIXES = ("isch", "lich", "ig", "al", "ell")
_ADJECTIVE_ENDINGS: dict[str, Gender | None] = {"es": "n", "er": "m", "e": None}  # "-e": feminine or plural
_FEMININE_SUFFIXES = ("ung", "heit", "keit", "schaft", "ion", "tät", "ei")
_DATIVE_ARTICLE = {"f": "der", "m": "dem", "n": "dem"}
_NOMINATIVE_ARTICLE = {"f": "die", "m": "der", "n": "das"}
_CONTRACTIONS = {("an", "dem"): "am", ("in", "dem"): "im", ("bei", "dem"): "beim", ("von", "dem"): "vom"}

Article = Literal["auto", "f", "m", "n", "none", "avoid"]
# The form control's choices (value, msgid); the labels are marked in sheets/common.py.
ARTICLE_VALUES: tuple[Article, ...] = ("auto", "f", "m", "n", "none", "avoid")


@dataclass(frozen=True)
class Analysis:
    """What the name itself tells about its article, per language."""

    name: str  # as typed, without a leading German article
    gender: Gender | None  # None: no article (brand) — only meaningful when certain_de
    preposition: Preposition
    certain_de: bool
    english: EnglishArticle
    english_name: str  # as typed
    adjectives: int = 0  # how many leading words are adjectives to inflect
    reason: str = ""  # which rule decided (for tests and debugging)


def _core(words: list[str]) -> tuple[list[str], str]:
    """The words before the first stop word, and the stop word ("" at the end)."""
    for index, word in enumerate(words):
        if word.casefold() in _STOPS or word.startswith("("):
            return words[:index], word.casefold()
        if word.endswith(","):
            return words[: index + 1], ","
    return words, ""


def _head_of(word: str) -> Head | None:
    """The head noun entry of one word, also as the last part of a compound."""
    if word in ABBREVIATIONS:
        return ABBREVIATIONS[word]
    last = word.rsplit("-", 1)[-1].strip(",.").casefold()
    if not last:
        return None
    if last in HEADS:
        return HEADS[last]
    for start in range(3, len(last)):  # the longest head that leaves three letters before it
        if last[start:] in HEADS:
            return HEADS[last[start:]]
    return None


def _adjective(word: str) -> tuple[str, Gender | None] | None:
    """(stem, gender shown by the ending) when ``word`` is a capitalised German adjective."""
    if not word[:1].isupper() or word.casefold() in _NOT_ADJECTIVES:
        return None
    prefix, _sep, last = word.rpartition("-")
    lower = last.casefold()
    for ending, gender in _ADJECTIVE_ENDINGS.items():
        if lower.endswith(ending):
            stem = lower[: -len(ending)]
            if stem in _ADJECTIVE_STEMS or (len(stem) > 3 and stem.endswith(_ADJECTIVE_SUFFIXES)):
                return (f"{prefix}-" if prefix else "") + last[: len(last) - len(ending)], gender
    return None


def _leading_adjectives(core: list[str]) -> tuple[int, list[Gender | None]]:
    count, genders = 0, []
    for word in core[:-1]:  # an adjective needs a noun after it
        found = _adjective(word)
        if found is None:
            break
        count += 1
        genders.append(found[1])
    return count, genders


def _agrees(adjective: Gender | None, noun: Gender) -> bool:
    """A nominative adjective ending agrees with the noun's gender ("-e" goes with feminine nouns)."""
    return adjective == noun or (adjective is None and noun == "f")


_LEGAL_FORM_ENDINGS = tuple(" " + form for form in LEGAL_FORMS)


def _legal_form(name: str) -> bool:
    return name in LEGAL_FORMS or name.endswith(_LEGAL_FORM_ENDINGS)


def analyse(name: str) -> Analysis:
    """What ``name`` itself says about its article and preposition, in German and English."""
    typed = " ".join(name.split())
    words = typed.split()
    if not words:
        return Analysis("", None, "bei", False, None, "", reason="empty")
    english_name = typed
    if words[0].casefold() == "the" and len(words) > 1:
        # "The Open University": English keeps it as part of the name (lower case mid-sentence).
        rest = " ".join(words[1:])
        inner = analyse(rest)
        return Analysis(
            inner.name if inner.certain_de else typed,
            inner.gender,
            inner.preposition,
            inner.certain_de,
            "the",
            rest,
            inner.adjectives,
            "leading the",
        )
    if words[0].casefold() in _LEADING_ARTICLES_DE and len(words) > 1 and words[0][0].isupper():
        # „Die Zeit“, „Der Spiegel“: the article belongs to the name.
        rest = " ".join(words[1:])
        gender = _LEADING_ARTICLES_DE[words[0].casefold()]
        count, _genders = _leading_adjectives(words[1:])
        return Analysis(rest, gender, "bei", True, "", typed, count, "leading article")
    association = bool(_ASSOCIATION.search(typed))
    core_text = _ASSOCIATION.sub("", typed) if association else typed
    core, stop = _core(core_text.split())
    count, adjective_genders = _leading_adjectives(core)
    if not association and _legal_form(typed):
        # Only a "-e" adjective agrees with the feminine legal form („der Deutschen Bank AG“);
        # a word ending in "-er"/"-es" before it is part of a name („der Fischer GmbH“).
        inflect = count if all(g is None for g in adjective_genders) else 0
        return Analysis(typed, "f", "bei", True, "", english_name, inflect, "legal form")
    heads = [(word, _head_of(word)) for word in core]
    found = [(word, head) for word, head in heads if head is not None]
    if found:
        # The last head noun decides ("University College London"); with leading adjectives,
        # the last one they agree with („Deutsche Rentenversicherung Bund“).
        agreeing = [(w, h) for w, h in found if all(_agrees(g, h.gender) for g in adjective_genders)]
        word, head = (agreeing or found)[-1]
        agree = bool(agreeing)
        english = "the" if stop == "of" and word == core[-1] else head.english
        if typed in BRANDS or typed in ENGLISH_WITHOUT_ARTICLE:
            english = ""
        return Analysis(typed, head.gender, head.preposition, agree, english, english_name, count, f"head {word}")
    if core and core[-1].casefold() in BRAND_WORDS and len(core) > 1:
        return Analysis(typed, None, "bei", True, "", english_name, 0, "brand word")
    if count and core:
        genders = set(adjective_genders)
        noun = core[count].casefold() if count < len(core) else ""
        if genders == {None}:
            plural_looking = noun.endswith(("e", "en", "er", "s"))
            feminine = noun.endswith(_FEMININE_SUFFIXES)
            if feminine or not plural_looking:
                return Analysis(typed, "f", "bei", True, "", english_name, count, "adjective -e")
            return Analysis(typed, "f", "bei", False, None, english_name, count, "adjective -e, plural?")
        if len(genders) == 1 and None not in genders:
            gender = next(iter(genders))
            return Analysis(typed, gender, "bei", True, None, english_name, count, "adjective ending")
    if words[0] in BRANDS or typed in BRANDS:
        return Analysis(typed, None, "bei", True, "", english_name, 0, "brand")
    if core and core[-1].casefold().endswith(_FEMININE_SUFFIXES) and len(core[-1]) > 5:
        return Analysis(typed, "f", "bei", True, None, english_name, count, "feminine suffix")
    return Analysis(typed, None, "bei", False, None, english_name, 0, "no rule")


def _inflect(name: str, adjectives: int, case: Literal["nom", "dat"]) -> str:
    """``name`` with its first ``adjectives`` words in the weak ending after a definite article."""
    words = name.split(" ")
    ending = "e" if case == "nom" else "en"
    for index in range(adjectives):
        found = _adjective(words[index])
        if found is not None:
            words[index] = found[0] + ending
    return " ".join(words)


@dataclass
class Organisation:
    """An organisation as a message names it, with the reader's choice of article.

    ``article`` is the form control's value: ``auto`` (from the name), ``f``,
    ``m``, ``n`` (German die/der/das; English "the"), ``none`` (a brand:
    „bei Google“) or ``avoid`` (word every sentence without an article).
    :meth:`phrase` records which slots a message used, for the hint.
    """

    name: str
    article: Article = "auto"
    used: dict[str, list[Slot]] = field(default_factory=dict)

    @property
    def analysis(self) -> Analysis:
        """What the name itself says (before the reader's choice)."""
        return analyse(self.name)

    def _german(self) -> tuple[str, Gender | None, Preposition, int] | None:
        found = self.analysis
        if self.article == "avoid":
            return None
        if self.article == "none":
            return " ".join(self.name.split()), None, "bei", 0
        if self.article in ("f", "m", "n"):
            # The reader's article replaces a typed one: „Der Spiegel“, "The Boston Consulting Group".
            typed_article = {"leading article": found.name, "leading the": found.english_name}
            name = typed_article.get(found.reason, " ".join(self.name.split()))
            return name, self.article, found.preposition, found.adjectives  # type: ignore[return-value]
        if not found.certain_de:
            return None
        return found.name, found.gender, found.preposition, found.adjectives

    def _english(self) -> tuple[str, bool] | None:
        found = self.analysis
        if self.article == "avoid":
            return None
        if self.article == "none":
            return " ".join(self.name.split()), False
        if self.article in ("f", "m", "n"):
            # A German article the name starts with stays its own: "at Der Spiegel", not "at the Der Spiegel".
            return found.english_name, found.reason != "leading article"
        if found.english is None:
            return None
        return found.english_name, found.english == "the"

    def certain(self, language: str) -> bool:
        """True when every slot has a phrase in ``language``."""
        return (self._german() if language == "de" else self._english()) is not None

    def phrase(self, slot: Slot, language: str, capital: bool = False) -> str | None:
        """The organisation in ``slot`` (``at``, ``from``, ``with``, ``subject``), or None when no rule is certain.

        German ``at``: „bei der Siemens AG“, „an der Technischen Universität
        München“, „am Max-Planck-Institut …“, „bei Google“; ``from``: „von der
        …“, „vom …“; ``subject``: „die Universität Mannheim“. English: "at the
        University of Edinburgh", "with Google", "the University of Edinburgh".
        ``capital`` starts the phrase with a capital letter (a sentence's start).
        """
        self.used.setdefault(language, [])
        if slot not in self.used[language]:
            self.used[language].append(slot)
        text = self._phrase_de(slot) if language == "de" else self._phrase_en(slot)
        if text is None:
            return None
        return text[0].upper() + text[1:] if capital else text

    def _phrase_de(self, slot: Slot) -> str | None:
        german = self._german()
        if german is None:
            return None
        name, gender, preposition, adjectives = german
        if slot == "subject":
            if gender is None:
                return name
            return f"{_NOMINATIVE_ARTICLE[gender]} {_inflect(name, adjectives, 'nom')}"
        word = "von" if slot == "from" else preposition if slot == "at" else "mit"
        if gender is None:
            return f"{'bei' if slot == 'at' else word} {name}"
        article = _DATIVE_ARTICLE[gender]
        lead = _CONTRACTIONS.get((word, article), f"{word} {article}")
        return f"{lead} {_inflect(name, adjectives, 'dat')}"

    def _phrase_en(self, slot: Slot) -> str | None:
        english = self._english()
        if english is None:
            return None
        name, the = english
        named = f"the {name}" if the else name
        if slot == "subject":
            return named
        return f"{'with' if slot == 'with' else 'from' if slot == 'from' else 'at'} {named}"
