"""Actors: find who is mentioned, tie mentions together, and code each actor.

Mentions come from spaCy's entities (corrected with the gazetteer and local
context), appositions ("Peter Olsen, the club's chairman"), role and
description noun phrases, demonym groups ("Russian officials"), other groups
("Residents", "the unions") and pronouns. Coreference is rule-based: name
chains first (full name, surname, first name, "Mr/Ms X", title + surname),
then appositions, then descriptions, nominals ("the company", "the
government", "the village") and pronouns, in text order, each tied to the
most salient compatible actor (recency, grammatical subject, gender, number,
kind of organisation). Every mention keeps its `via`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsgraph.document import Actor, Document, Mention
from newsgraph.nlp.gazetteer import Known, first_name_gender, gazetteer, is_first_name, key, nominals, outlet_like

HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "sir", "dame", "lord", "lady", "prof", "prof."}
MALE_CUES = {"mr", "mr.", "sir", "lord", "he", "him", "his", "himself", "king", "prince"}
FEMALE_CUES = {"mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "she", "her", "hers", "herself", "queen", "princess"}
PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
GROUP_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
ORG_PRONOUNS = {"it", "its", "itself"}
DEFINITE = {"the", "this", "that", "these", "those"}
GOVERNING = {"regime", "government", "authorities", "administration", "officials", "leadership"}
QUANTIFIERS = {"two", "three", "four", "five", "six", "several", "some", "many", "more", "dozens", "hundreds", "thousands", "other", "both"}
METONYMIC_HEADS = {"with", "between", "urge", "accuse", "warn", "tell", "help", "blame", "pressure", "persuade",
                   "criticise", "criticize", "condemn", "support", "back", "sanction", "invite", "ask", "lobby", "than",
                   "against", "by"}
SPEECH_VERBS = {"say", "tell", "add", "write", "explain", "insist", "warn", "recall", "admit", "claim", "argue", "note", "ask", "reply"}
YOUNGER = {"son", "daughter", "grandson", "granddaughter", "nephew", "niece", "youngster", "child"}
OLDER = {"father", "mother", "grandfather", "grandmother", "uncle", "aunt", "parent"}
WINDOW = 10  # sentences a pronoun or nominal may reach back


@dataclass
class Ref:
    """A mention while coreference is being worked out."""

    start: int
    end: int
    text: str
    via: str
    sent: int
    key: str | None = None  # actor key once linked
    subject: bool = False
    gender: str | None = None
    number: str = "sg"
    hint_country: str | None = None
    hint_sector: str | None = None
    head: int = -1  # token index of the mention's head


@dataclass
class Draft:
    key: str
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    refs: list[Ref] = field(default_factory=list)
    gender: str | None = None
    titles: set[str] = field(default_factory=set)
    first: int = 0
    evidence: float = 0.6
    given: str | None = None  # lower-cased first name, for PERSON
    family: str | None = None  # lower-cased surname, for PERSON
    classes: set[str] = field(default_factory=set)  # nouns that describe an ORG ("airline", "club")
    governs: bool = False  # a place spoken of as a government ("the Punjab government")


def extract_actors(doc: Document) -> Document:
    if doc.nlp is None or not doc.text:
        return doc
    builder = ActorBuilder(doc)
    builder.run()
    doc.actors = builder.actors()
    doc.work["actor_by_key"] = {a.id: a for a in doc.actors}
    return doc


class ActorBuilder:
    def __init__(self, doc: Document):
        self.doc = doc
        self.sp = doc.nlp
        self.gaz = gazetteer()
        self.nom = nominals()
        self.drafts: dict[str, Draft] = {}
        self.sent_of = {}
        for i, sent in enumerate(self.sp.sents):
            for tok in sent:
                self.sent_of[tok.i] = i
        self.taken: set[int] = set()  # token indices already inside a mention
        self.age_cues: list[tuple[Ref, str]] = []

    # ---- pipeline -------------------------------------------------------
    def run(self) -> None:
        self._named_mentions()
        self._seat_and_org_mentions()
        self._group_mentions()
        self._appositions()
        self._code_from_context()
        self._ordered_resolution()
        self._inherit_family_names()
        self._settle_age_cues()
        self._code_from_context()
        self._dominant_country()
        self._fold_demonym_groups()
        self._drop_passing_groups()

    def actors(self) -> list[Actor]:
        drafts = sorted((d for d in self.drafts.values() if d.refs), key=lambda d: d.first)
        out = []
        for n, d in enumerate(drafts, 1):
            mentions = sorted({(r.start, r.end): r for r in d.refs}.values(), key=lambda r: r.start)
            # Sorted on (folded, exact) text so that the order never depends on the hash seed.
            aliases = sorted({r.text for r in mentions if r.text != d.name}, key=lambda t: (t.lower(), t))
            out.append(Actor(id=f"a{n}", name=d.name, type=d.type, country=d.country, sector=d.sector,
                             aliases=aliases,
                             mentions=[Mention(r.start, r.end, r.text, r.via) for r in mentions],
                             confidence=round(min(0.95, d.evidence + 0.05 * len(mentions)), 3)))
            for r in d.refs:
                r.key = out[-1].id
        return out

    # ---- helpers -------------------------------------------------------
    def _draft(self, dkey: str, name: str, type_: str, pos: int, **codes) -> Draft:
        draft = self.drafts.get(dkey)
        if draft is None:
            draft = self.drafts[dkey] = Draft(key=dkey, name=name, type=type_, first=pos, **codes)
        draft.first = min(draft.first, pos)
        return draft

    def _ref(self, span, via: str, draft: Draft, head_only: bool = False) -> Ref:
        """Record a mention; a nominal marks only its head as taken, so that a
        possessor inside it ("the club's chairman") can still be resolved."""
        start, end = span.start_char, span.end_char
        text = self.doc.text[start:end]
        ref = Ref(start=start, end=end, text=text, via=via, sent=self.sent_of.get(span.start, 0),
                  subject=span.root.dep_ in ("nsubj", "nsubjpass"), head=span.root.i)
        ref.key = draft.key
        draft.refs.append(ref)
        if head_only:
            self.taken.add(span.root.i)
        else:
            self.taken.update(range(span.start, span.end))
        return ref

    def _last_ref(self, draft: Draft, pos: int, sent: int) -> Ref | None:
        earlier = [r for r in draft.refs if r.end <= pos and sent - r.sent <= WINDOW and not self._in_quote(r.start)]
        return max(earlier, key=lambda r: r.end) if earlier else None

    def _salience(self, draft: Draft, pos: int, sent: int) -> float:
        last = self._last_ref(draft, pos, sent)
        if last is None:
            return 0.0
        closeness = 1.0 / (1 + sent - last.sent)
        return closeness + 0.3 * last.subject + 0.05 * min(len(draft.refs), 6) + 0.1 * (last.via == "name")

    def _sent_at(self, pos: int) -> int:
        span = self.sp.char_span(pos, pos + 1, alignment_mode="expand")
        return self.sent_of.get(span.start, 0) if span is not None else 0

    def _in_quote(self, pos: int) -> bool:
        """Names inside someone's quoted words are poor antecedents for the narrator's pronouns."""
        if "quote_spans" not in self.__dict__:
            from newsgraph.nlp.quote_marks import find_quote_spans

            self.quote_spans = [(s.start, s.end) for s in find_quote_spans(self.doc.text)]
        return any(a <= pos < b for a, b in self.quote_spans)

    def _ref_key_at(self, tok) -> str | None:
        for draft in self.drafts.values():
            for r in draft.refs:
                if r.start <= tok.idx < r.end:
                    return draft.key
        return None

    # ---- names ---------------------------------------------------------
    def _named_mentions(self) -> None:
        entities = self._corrected_entities()
        for span, label in entities:
            if not self._plausible(span, label):
                continue
            if label in ("PERSON", "GPE", "LOC", "ORG", "NORP", "FAC") and self._part_of_org(span):
                continue
            if label == "PERSON" and self._described_as_org(span):
                label = "ORG"  # "St Anne's, a hospital in Leeds"
            if label == "PERSON" and self._family_plural(span):
                continue
            if label == "PERSON":
                self._person(span)
            elif label in ("GPE", "LOC"):
                self._place_or_country(span)
            elif label == "ORG":
                self._org(span)
        self._bare_person_names()

    def _corrected_entities(self) -> list[tuple]:
        """spaCy's entities with the small model's errors mended: a first name split
        from its surname, people tagged ORG or NORP, a newspaper tagged PERSON."""
        raw = []
        for ent in self.sp.ents:
            span = _trim_possessive(ent)
            while span is not None and len(span) > 1 and any(c.isdigit() for c in span[-1].text):
                span = span[:-1]  # "Northfield 3-0": the score is no part of the name
            if span is not None and span.text.strip():
                raw.append([span, ent.label_])
        merged = []
        for span, label in raw:
            before = self.sp[span.start - 1] if span.start > 0 else None
            if before is not None and before.pos_ == "PROPN" and before.is_title and not before.ent_type_ \
                    and is_first_name(before.text) and span[0].is_title:
                span, label = self.sp[before.i:span.end], "PERSON"  # "Anna" left out of "Anna Baker"
            prev = merged[-1] if merged else None
            if prev and prev[0].end == span.start and len(prev[0]) == 1 and is_first_name(prev[0].text) \
                    and span[0].is_title and not self._known_name(prev[0].text):
                prev[0], prev[1] = self.sp[prev[0].start:span.end], "PERSON"
                continue
            merged.append([span, label])
        out = [(span, self._corrected_label(span, label)) for span, label in merged]
        person_words = {w.lower() for span, label in out if label == "PERSON" for w in span.text.split()}
        person_words -= HONORIFICS
        return [(span, "PERSON" if label in ("ORG", "NORP", "PRODUCT", "LAW", "WORK_OF_ART", "GPE", "LOC")
                 and span.text[:1].isupper() and not self._known_name(span.text) and not self._known_place(span.text)
                 and all(w.lower() in person_words for w in span.text.split())
                 else label) for span, label in out]

    def _family_plural(self, span) -> bool:
        """"The Bakers": a family, a group of people."""
        if len(span) != 1 or not span.text.endswith("s") or span.start == 0 or self.sp[span.start - 1].lower_ != "the":
            return False
        stem = span.text[:-1].lower()
        if not any(d.family == stem for d in self.drafts.values() if d.type == "PERSON"):
            return False
        full = self.sp[span.start - 1:span.end]
        draft = self._draft(f"group:family:{stem}", full.text, "GROUP", full.start_char)
        self._ref(full, "name" if not draft.refs else "alias", draft).number = "pl"
        return True

    def _described_as_org(self, span) -> bool:
        root = span.root
        heads = [c for c in root.children if c.dep_ == "appos"] + ([root.head] if root.dep_ == "appos" else [])
        return any(h.lemma_.lower() in self.nom.org_class and h.lemma_.lower() not in self.nom.person for h in heads)

    def _known_name(self, text: str) -> bool:
        return bool(self.gaz.country_of(text) or self.gaz.capital_of(text) or self.gaz.demonym_of(text) or self.gaz.org(text))

    def _looks_like_person(self, span) -> bool:
        words = [t for t in span if not t.is_punct]
        if not words or self._known_name(span.text) or any(t.lower_ in self.nom.org_class for t in words) \
                or outlet_like(span.text):
            return False  # "Sky Sports" starts with a first name, and is no person
        if any(t.lower_ in ("&", "and", "of", "for") for t in span):
            return False
        if words[0].lower_ in HONORIFICS or span.start > 0 and self.sp[span.start - 1].lower_ in HONORIFICS:
            return True
        return len(words) <= 3 and all(t.is_title for t in words) and is_first_name(words[0].text) \
            and not self.gaz.demonym_of(words[0].text)

    def _bare_person_names(self) -> None:
        """A surname or first name spaCy left untagged ("Olsen, 47, was ...")."""
        words = {}
        for draft in self.drafts.values():
            if draft.type == "PERSON":
                for w in (draft.given, draft.family):
                    if w:
                        words[w] = draft
        for tok in self.sp:
            if tok.i in self.taken or tok.pos_ != "PROPN" or not tok.is_title or tok.lower_ not in words:
                continue
            if tok.ent_type_ in ("GPE", "LOC", "ORG") and self._known_name(tok.text):
                continue
            self._person(self.sp[tok.i:tok.i + 1])

    def _plausible(self, span, label: str) -> bool:
        """Drop entities the small model invents: lower-case 'organisations', numbers."""
        text = span.text
        if not text[:1].isupper() and not text[:1].isdigit():
            return False
        root = span.root
        if label == "ORG" and len(span) == 1 and (span[0].lower_ in self.nom.group or span[0].lemma_.lower() in self.nom.group):
            return False  # "Detectives said ...": a group, not an organisation
        if label == "ORG" and root.dep_ == "compound" and root.head.lemma_.lower() in self.nom.person:
            return False  # "Transport" in "Transport Minister Ana Lopes" is part of a title
        if label in ("GPE", "LOC") and not self._known_place(text):
            # An unknown place must look like one: outside quoted speech, no digits.
            return not self._in_quote(span.start_char) and not any(t.like_num for t in span)
        return True

    def _known_place(self, text: str) -> bool:
        from newsgraph.nlp.places import resolve_place

        return bool(self.gaz.is_place(text) or self.gaz.demonym_of(text) or resolve_place(text))

    def _corrected_label(self, span, label: str) -> str:
        text = span.text
        if self.gaz.country_of(text) or self.gaz.capital_of(text):
            return "GPE"
        if self.gaz.demonym_of(text):
            return "NORP"  # "the Welshman", "the Spaniard": a description, not a name
        if self.gaz.org(text):
            return "ORG"
        if label == "PERSON" and (self._media_context(span) or self._member_of(span)):
            return "ORG"
        if label == "PERSON" and outlet_like(text) and not is_first_name(span[0].text):
            return "ORG"  # "Handelsblatt", "Kyiv Independent": an outlet's name, with no given name in it
        if label in ("ORG", "PERSON", "FAC") and span.start > 0 and self.sp[span.start - 1].lower_ in ("in", "at", "near") \
                and (self._known_place(text) or label == "FAC"):
            return "GPE"  # "In Marseille, police ..."
        if label in ("ORG", "NORP", "PRODUCT", "LAW", "WORK_OF_ART", "GPE", "LOC") and self._looks_like_person(span):
            if label not in ("GPE", "LOC") or not self._known_place(text):
                return "PERSON"
        if label == "PERSON" and span[-1].lemma_.lower() in self.nom.org_class and len(span) > 1:
            return "ORG"  # "Northgate Bank", "Lakeside Riders"
        if label in ("GPE", "LOC") and len(span) > 1 and span[-1].lower_ in self.nom.org_class and span[-1].lower_ not in self.nom.place:
            return "ORG"  # "Eastvale Council": a body, not a place
        return label

    def _media_context(self, span) -> bool:
        before = self.sp[max(0, span.start - 3):span.start].text.lower()
        after = self.sp[span.end:span.end + 2].text.lower()
        return bool(re.search(r"\b(newspaper|daily|broadcaster|magazine|agency|outlet|tabloid|channel|website)\s*$", before)
                    or re.match(r"^(reported|reports|newspaper)\b", after))

    def _honorific_before(self, span) -> bool:
        return span[0].lower_ in HONORIFICS or span.start > 0 and self.sp[span.start - 1].lower_ in HONORIFICS

    def _member_of(self, span) -> bool:
        """"the leader of X", "a member of X": X is a body, not a person."""
        root = span.root
        prep = root.head
        return root.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lemma_.lower() in (
            "leader", "member", "head", "chairman", "chairwoman", "founder", "spokesman", "spokeswoman",
            "spokesperson", "secretary", "president", "director", "chief", "boss", "owner")

    def _part_of_org(self, span) -> bool:
        """A short form of an organisation already named ("Brightline" after "Brightline
        Software", "Northfield" after "Northfield Rovers") is that organisation."""
        words = span.text.lower().split()
        if self.gaz.country_of(span.text) or self.gaz.capital_of(span.text) or self._honorific_before(span):
            return False
        for draft in self.drafts.values():
            if draft.type != "ORG" or len(draft.name.split()) <= len(words):
                continue
            name = draft.name.lower().split()
            if name[:len(words)] == words or name[-len(words):] == words and len(words) == 1:
                self._ref(span, "alias", draft)
                return True
        return False

    def _person(self, span) -> None:
        tokens = [t for t in span if t.lower_ not in HONORIFICS]
        if not tokens:
            return
        honorific = next((t.lower_ for t in span if t.lower_ in HONORIFICS), None)
        if honorific is None and span.start > 0 and self.sp[span.start - 1].lower_ in HONORIFICS:
            honorific = self.sp[span.start - 1].lower_
        gender = _gender_cue(honorific) if honorific else None
        name = self.doc.text[tokens[0].idx:tokens[-1].idx + len(tokens[-1].text)]
        draft = self._match_person(name.split(), gender, bool(honorific), span.start_char)
        full = self._title_extend(span)
        ref = self._ref(full, "title" if full is not span else ("name" if name == draft.name else "alias"), draft)
        ref.gender = gender
        cue = self.sp[span.start - 1].lower_ if span.start > 1 and self.sp[span.start - 2].lower_ == "the" else None
        if cue in ("younger", "elder", "older") and len(tokens) == 1:
            self.age_cues.append((ref, cue))  # "The younger Baker": settled once relations are known
        for tok in full[: span.start - full.start]:
            if tok.lemma_.lower() in self.nom.person:
                draft.titles.add(tok.lemma_.lower())  # known at once, so descriptions can rule it out
        if gender and not draft.gender:
            draft.gender = gender

    def _match_person(self, words: list[str], gender: str | None, honorific: bool, pos: int) -> Draft:
        low = [w.lower() for w in words]
        persons = [d for d in self.drafts.values() if d.type == "PERSON"]
        found = self._same_person(low, gender, honorific, persons, pos)
        if found is None:
            given = low[0] if len(low) > 1 or (not honorific and is_first_name(words[0])) else None
            family = low[-1] if len(low) > 1 or given is None else None
            found = self._draft(f"person:{' '.join(low)}", " ".join(words), "PERSON", pos, given=given, family=family)
            found.gender = gender or (first_name_gender(words[0]) if given else None)
            return found
        if len(low) > len(found.name.split()):  # "Anna" then "Anna Baker": the fuller name wins
            found.name = " ".join(words)
            found.given, found.family = low[0], low[-1]
            found.gender = found.gender or first_name_gender(words[0])
        return found

    def _same_person(self, low: list[str], gender, honorific: bool, persons: list[Draft], pos: int) -> Draft | None:
        def fits(d: Draft) -> bool:
            return gender is None or d.gender in (None, gender)

        if len(low) > 1:
            for d in persons:
                if d.name.lower().split() == low or d.given == low[0] and d.family == low[-1]:
                    return d
            for d in sorted(persons, key=lambda d: -max(r.end for r in d.refs)):
                one_word = len(d.name.split()) == 1
                if one_word and fits(d) and (d.given == low[0] and d.family is None or d.family == low[-1] and d.given is None):
                    return d
            return None
        word = low[0]
        matches = [d for d in persons if fits(d) and (word == d.family or word in d.name.lower().split()[1:])]
        if not matches:  # a first name alone, or a family name written first ("Mr Kim" for Kim Min-jun)
            matches = [d for d in persons if fits(d) and word == d.given]
        if not matches:
            return None
        sent = self._sent_at(pos)
        return max(matches, key=lambda d: (self._salience(d, pos, sent), max(r.end for r in d.refs)))

    def _title_extend(self, span):
        """Grow "Ana Silva" to "Brasilia's Foreign Minister Ana Silva" when titled."""
        start = span.start
        inside = set(range(span.start, span.end))
        while start > 0:
            prev = self.sp[start - 1]
            attached = prev.head.i in inside or any(c.i in inside for c in prev.children if c.dep_ == "case")
            if prev.pos_ == "DET" or prev.ent_type_ == "PERSON" or not attached:
                break
            if prev.dep_ not in ("compound", "amod", "poss", "case", "nmod", "punct"):
                break
            start -= 1
            inside.add(prev.i)
        if start == span.start:
            return span
        titled = self.sp[start:span.end]
        if not any(t.lemma_.lower() in self.nom.person or self.gaz.sector_of_role(t.lemma_.lower()) for t in titled[: span.start - start]):
            return span
        return titled

    def _place_or_country(self, span) -> None:
        text = span.text
        code = self.gaz.country_of(text) or self.gaz.demonym_of(text)
        if code:
            draft = self._draft(f"country:{code}", self._country_name(code, text), "GPE", span.start_char, country=code)
            self._ref(span, "name", draft)
            return
        capital = self.gaz.capital_of(text)
        seat = self.gaz.org(text)
        if seat and seat.kind in ("igo", "seat") and self._metonymy(span):
            self._org(span)  # "Brussels" acting is the EU, "The Hague" the Dutch government
            return
        if capital and self._metonymy(span):
            draft = self._draft(f"country:{capital}", self._country_name(capital, None), "GPE", span.start_char, country=capital)
            self._ref(self._regime_extend(span), "alias", draft)
            return
        code = capital or self._city_country(text)
        draft = self._draft(f"place:{key(text)}", text, "GPE", span.start_char, country=code)
        full = self._regime_extend(span)
        if full is not span:
            draft.governs = True
        self._ref(full, "name" if full is span else "alias", draft)

    def _country_name(self, code: str, seen: str | None) -> str:
        if seen and self.gaz.country_of(seen) == code and not seen.lower().startswith("the "):
            return seen
        return self.gaz.country_names.get(code, seen or code)

    def _metonymy(self, span) -> bool:
        """A capital names its government when it acts, owns, or heads a regime."""
        root = span.root
        if root.dep_ in ("nsubj", "nsubjpass", "poss") or any(c.dep_ == "case" for c in root.children):
            return True
        if self.sp[span.end:span.end + 1].text in ("'s", "’s"):
            return True
        head = root.head
        if root.dep_ in ("compound", "amod", "nmod") and head.lemma_.lower() in GOVERNING:
            return True
        if root.dep_ in ("pobj", "dobj") and head.lemma_.lower() in METONYMIC_HEADS:
            return True  # "talks with Tehran", "accused Cairo of", "helped Tehran buy"
        return False

    def _regime_extend(self, span):
        head = span.root.head
        if span.root.dep_ in ("compound", "amod") and head.lemma_.lower() in GOVERNING - {"officials"}:
            left = head.left_edge.i
            return self.sp[min(left, span.start):head.i + 1]
        return span

    def _city_country(self, text: str) -> str | None:
        from newsgraph.nlp.places import resolve_place

        place = resolve_place(text)
        return place.country if place else self.gaz.subdivision_of(text)

    def _org(self, span) -> None:
        text = span.text
        known = self.gaz.org(text)
        if known and known.kind == "seat":
            draft = self._draft(f"country:{known.code}", self.gaz.country_names.get(known.code, text), "GPE", span.start_char, country=known.code)
            full = self._with_article(span)
            self._ref(full, "alias", draft)
            return
        known = known or self._igo_prefix(span)
        acronym_of = None if known else self._acronym_of(text)
        if acronym_of is not None:
            self._ref(span, "alias", acronym_of)  # "FCA" after "Financial Conduct Authority"
            return
        if known:
            draft = self._draft(f"org:{known.code}:{key(text)}" if known.kind in ("media", "group") else f"org:{known.code}", text, "ORG",
                                span.start_char, country=known.code, sector=known.sector)
        else:
            draft = self._draft(f"org:{key(text)}", text, "ORG", span.start_char)
        draft.classes.update(w.lower() for w in text.split())
        self._ref(span, "name" if text == draft.name else "alias", draft)

    def _acronym_of(self, text: str) -> Draft | None:
        if not (2 <= len(text) <= 6 and text.isalpha() and text.isupper()):
            return None
        for draft in self.drafts.values():
            words = [w for w in draft.name.split() if w[:1].isupper() and w.lower() not in ("of", "for", "the", "and")]
            if draft.type == "ORG" and len(words) == len(text) and "".join(w[0] for w in words) == text:
                return draft
        return None

    def _igo_prefix(self, span) -> Known | None:
        """"United Nations Emergency Relief Coordinator", "U.N. refugee agency": a body of a known IGO."""
        for width in range(len(span) - 1, 0, -1):
            known = self.gaz.org(span[:width].text)
            if known and known.kind == "igo":
                return known
        return None

    def _with_article(self, span):
        if span.start > 0 and self.sp[span.start - 1].lower_ == "the":
            return self.sp[span.start - 1:span.end]
        return span

    # ---- gazetteer hits spaCy missed -------------------------------------
    def _seat_and_org_mentions(self) -> None:
        for tok in self.sp:
            if tok.i in self.taken or not tok.is_title and not tok.is_upper:
                continue
            if tok.pos_ == "PROPN" and (self.gaz.capital_of(tok.text) or self.gaz.country_of(tok.text)):
                self._place_or_country(self.sp[tok.i:tok.i + 1])
                continue
            for width in (3, 2, 1):
                span = self.sp[tok.i:tok.i + width]
                if any(i in self.taken for i in range(span.start, span.end)):
                    continue
                known = self.gaz.org(span.text)
                if known and (known.kind != "igo" or span.text[0].isupper()) and len(span.text) > 2:
                    self._org(span)
                    break

    # ---- groups: "Russian officials" (a country), "Residents" (a group) ----
    def _group_mentions(self) -> None:
        self._demonym_groups()
        for chunk in self.sp.noun_chunks:
            head = chunk.root
            if head.i in self.taken:
                continue
            groupish = head.lemma_.lower() in self.nom.group or head.lower_ in self.nom.group
            if groupish and self._new_group(chunk):
                self._group(chunk)
        self._bare_demonyms()

    def _demonym_groups(self) -> None:
        """"Russian officials", "the Israeli army", "the Russian government's refusal"."""
        for head in self.sp:
            if head.pos_ not in ("NOUN", "PROPN") or head.i in self.taken or head.dep_ == "compound":
                continue
            code = self._demonym_modifier(head)
            if not code:
                continue
            span = self.sp[head.left_edge.i:head.i + 1]
            if not self._people_or_body(head, span):
                continue
            span = self.sp[_skip_det(span):span.end]
            # Its own group for now; folded into the country unless a pronoun comes back to it.
            lemma = head.lemma_.lower()
            sector = self.gaz.sector_of_role(head.lower_) or self.gaz.sector_of_role(lemma)
            draft = self._draft(f"demonym:{code}:{lemma}:{head.i}", span.text, "GROUP", span.start_char,
                                country=code, sector=sector)
            ref = self._ref(span, "name", draft)
            ref.number, ref.hint_country, ref.hint_sector = "pl", code, sector
            self._conjoined_demonyms(span)

    def _conjoined_demonyms(self, span) -> None:
        """"Hungarian and Romanian officials": each demonym also names its own country."""
        found = [t for t in span if self.gaz.demonym_of(t.text) and t.pos_ in ("ADJ", "PROPN")]
        if len(found) < 2:
            return
        for tok in found:
            code = self.gaz.demonym_of(tok.text)
            draft = self._draft(f"country:{code}", self.gaz.country_names.get(code, code), "GPE", tok.idx, country=code)
            self._ref(self.sp[tok.i:tok.i + 1], "description", draft)

    def _demonym_modifier(self, head) -> str | None:
        for tok in head.lefts:
            if tok.dep_ in ("amod", "compound", "nmod", "npadvmod") and (tok.i not in self.taken or tok.ent_type_ in ("GPE", "NORP")):
                code = self.gaz.demonym_of(tok.text) or self.gaz.country_of(tok.text)
                if code:
                    return code
        return None

    def _people_or_body(self, head, chunk) -> bool:
        """"Russian officials", "the Israeli army", "a French minister", "Palestinian
        prisoners"; not "the Russian President" (a person, resolved later) nor "Russian assets"."""
        lemma = head.lemma_.lower()
        if lemma in self.nom.person and head.tag_ in ("NN", "NNP"):
            return chunk[0].lower_ not in DEFINITE and not any(c.dep_ == "poss" for c in head.children)
        if lemma in self.nom.group or head.lower_ in self.nom.group or self.gaz.sector_of_role(lemma) \
                or self.gaz.sector_of_role(head.lower_):
            return True
        return head.tag_ == "NNS" and bool(re.search(r"(er|or|ist|ian|ant|ent)s$", head.lower_))

    def _bare_demonyms(self) -> None:
        """"Palestinians" on their own: the people of a country; "Israeli" before a
        noun that is neither a person nor a group ("Israeli elections"): the country."""
        for tok in self.sp:
            if tok.i in self.taken or not tok.is_title:
                continue
            plural_people = tok.dep_ not in ("amod", "compound") and tok.text.endswith("s")
            modifier = tok.dep_ in ("amod", "compound", "nmod") and tok.ent_type_ == "NORP"
            if not plural_people and (not modifier or self._owned_by_organisation(_phrase_head(tok))):
                continue
            code = self.gaz.demonym_of(tok.text)
            if code:
                draft = self._draft(f"country:{code}", self.gaz.country_names.get(code, code), "GPE", tok.idx, country=code)
                self._ref(self.sp[tok.i:tok.i + 1], "description", draft).number = "pl" if plural_people else "sg"

    def _owned_by_organisation(self, head) -> bool:
        """"the Russian President", "Hungarian newspaper X": the nationality belongs to the
        person or body named, not to a separate actor."""
        lemma = head.lemma_.lower()
        return lemma in self.nom.person or self.gaz.sector_of_role(lemma) in ("MED", "BUS", "EDU") \
            or head.i in self.taken

    def _new_group(self, chunk) -> bool:
        head = chunk.root
        if head.tag_ not in ("NNS", "NNPS") and head.lower_ not in ("couple", "team", "police", "staff"):
            return False
        if any(t.ent_type_ in ("PERSON", "ORG", "GPE") for t in chunk) or self._in_quote(chunk.start_char):
            return False
        first = chunk[0].lower_
        return first not in DEFINITE or not self._group_named(head.lemma_.lower())

    def _group_named(self, lemma: str) -> Draft | None:
        return self.drafts.get(f"group:{lemma}")

    def _group(self, chunk) -> None:
        head = chunk.root
        lemma = head.lemma_.lower()
        dkey = f"group:{lemma}"
        if dkey in self.drafts:  # "the unions" after "Trade unions" is the same group
            dkey = f"group:{lemma}:{chunk.start}" if chunk[0].lower_ not in DEFINITE else dkey
        start = chunk.start + (1 if chunk[0].lower_ in ("a", "an") else 0)
        span = self.sp[start:max(self._named_place_after(head), chunk.end)]
        draft = self._draft(dkey, span.text, "GROUP", span.start_char)
        sector = self.gaz.sector_of_role(head.lower_) or self.gaz.sector_of_role(lemma)
        draft.sector = draft.sector or sector
        ref = self._ref(span, "description" if draft.refs else "name", draft, head_only=True)
        ref.number = "pl"

    def _named_place_after(self, head) -> int:
        """"Fishing crews on Jeju island", "Prosecutors in Bremen": a named place after a
        group is part of its name (but not "officials in the provincial capital")."""
        for prep in head.rights:
            if prep.dep_ != "prep":
                break
            objects = [c for c in prep.children if c.dep_ == "pobj"]
            if objects and (objects[0].pos_ == "PROPN" or any(c.dep_ == "compound" and c.pos_ == "PROPN"
                                                               for c in objects[0].children)):
                return objects[0].i + 1
            break
        return head.i + 1

    # ---- appositions: "Peter Olsen, the club's chairman" ---------------
    def _appositions(self) -> None:
        for draft in list(self.drafts.values()):
            if draft.type not in ("PERSON", "ORG", "GPE"):
                continue
            for ref in list(draft.refs):
                if ref.via not in ("name", "alias", "title"):
                    continue
                span = self.sp.char_span(ref.start, ref.end, alignment_mode="expand")
                if span is None:
                    continue
                for nominal in self._appositives(span):
                    self._describe(draft, nominal).subject = ref.subject

    def _appositives(self, span) -> list:
        root = span.root
        found = [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos":
            found.append(root.head)
        subject = root.head if root.dep_ == "appos" else root
        if subject.dep_ == "nsubj" and subject.head.lemma_ == "be":  # "X is the club's head coach"
            found.extend(c for c in subject.head.children if c.dep_ == "attr" and c.pos_ == "NOUN" and c.tag_ == "NN")
        out = []
        for head in found:
            if head.pos_ not in ("NOUN", "PROPN") or head.i in self.taken or head.ent_type_ in ("PERSON", "ORG", "GPE", "FAC", "LOC"):
                continue
            nominal = self._noun_phrase(head, exclude=set(range(span.start, span.end)))
            if nominal is not None:
                out.append(nominal)
        return out

    def _noun_phrase(self, head, exclude: set[int] = frozenset()):
        """The noun phrase of a head noun: its left modifiers and its prepositional
        phrases, but no relative clause, apposition or anything after a comma."""
        left = head.i
        for tok in head.lefts:
            if tok.dep_ not in ("punct", "cc") and tok.i not in exclude:
                left = min(left, tok.left_edge.i)
        right = head.i
        for tok in head.rights:
            if tok.dep_ in ("prep", "nummod", "compound", "amod") and tok.i not in exclude:
                right = max(right, tok.right_edge.i)
            else:
                break
        while left < head.i and (self.sp[left].is_punct or self.sp[left].i in exclude):
            left += 1
        if any(i in exclude for i in range(left, right + 1)):
            return None
        return self.sp[left:right + 1]

    def _describe(self, draft: Draft, nominal) -> Ref:
        head = nominal.root
        lemma = head.lemma_.lower()
        ref = self._ref(nominal, "description", draft, head_only=True)
        if draft.type == "PERSON":
            draft.titles.add(lemma)
            gender = self.nom.gendered.get(lemma) or self.nom.relational.get(lemma)
            draft.gender = draft.gender or gender
            ref.gender = gender
        elif draft.type == "ORG":
            draft.classes.add(lemma)
        return ref

    # ---- descriptions, nominals and pronouns, in text order ---------------
    def _ordered_resolution(self) -> None:
        for tok in self.sp:
            if tok.i in self.taken:
                continue
            low = tok.lower_
            if tok.pos_ == "PRON":
                self._pronoun(tok, low)
            elif tok.pos_ in ("NOUN", "PROPN") and tok.dep_ not in ("compound",):
                self._nominal(tok)
            elif tok.lower_ == "old" and tok.i > 1 and self.sp[tok.i - 2].lower_ == "year":
                phrase = self._noun_phrase(tok)  # "The 20-year-old, playing only his fourth match"
                if phrase is not None and phrase[0].lower_ == "the":
                    self._link_description(phrase, tok, "year-old")

    def _pronoun(self, tok, low: str) -> None:
        if low in PERSON_PRONOUNS:
            self._link_pronoun(tok, "PERSON", _gender_cue(low))
        elif low in ORG_PRONOUNS and (tok.dep_ in ("nsubj", "poss", "nsubjpass") or low == "itself"):
            self._link_pronoun(tok, "ORG", None)
        elif low in GROUP_PRONOUNS:
            self._link_pronoun(tok, "GROUP", None)

    def _nominal(self, tok) -> None:
        lemma = tok.lemma_.lower()
        phrase = self._noun_phrase(tok)
        if phrase is None:
            return
        first = phrase[0].lower_
        possessor = self._possessor(tok)
        definite = first in DEFINITE or possessor is not None or any(c.dep_ == "poss" for c in tok.children)
        plural = tok.tag_ in ("NNS", "NNPS")
        if re.search(r"\d+-year-old$", phrase.text.lower()) and first == "the":
            self._link_description(phrase, tok, "year-old")
        elif lemma in self.nom.relational and possessor is not None and not plural:
            self._link_relational(phrase, tok, possessor)
        elif not definite:
            return
        elif (lemma in self.nom.group or tok.lower_ in self.nom.group) and (plural or lemma in ("couple", "team")) \
                and self._link_group_nominal(phrase, tok):
            return
        elif lemma in self.nom.state and not plural and self._link_state_nominal(phrase, tok, possessor):
            return
        elif lemma in self.nom.place and not plural and self._link_place_nominal(phrase, tok):
            return
        elif lemma in self.nom.org_class and not plural and self._link_org_nominal(phrase, tok, possessor):
            return
        elif (lemma in self.nom.person or self.gaz.demonym_of(tok.text)) and tok.tag_ in ("NN", "NNP"):
            if first in DEFINITE:
                self._link_description(phrase, tok, lemma)

    def _possessor(self, tok) -> str | None:
        """The actor that owns a noun phrase: "his" in "his wife", "Doucette" in "Doucette's sister"."""
        for child in tok.children:
            if child.dep_ == "poss":
                return self._ref_key_at(child) or "?"
        return None

    def _link_pronoun(self, tok, kind: str, gender: str | None) -> None:
        if tok.lower_ in ("it", "its") and self._pleonastic(tok):
            return
        sent = self.sent_of[tok.i]
        excluded = self._clause_subjects(tok) | (self._quote_speakers(tok.idx) if kind == "PERSON" else set())
        speaker = self._reporting_subject(tok)
        best, best_score = None, 0.0
        for draft in self.drafts.values():
            if draft.key in excluded:
                continue
            fit = self._pronoun_fit(draft, kind, gender)
            if fit is None:
                continue
            score = self._salience(draft, tok.idx, sent) + (1.0 if draft.key == speaker else 0.0)
            if score > 0 and score + fit > best_score:
                best, best_score = draft, score + fit
        if best is None:
            return
        self._ref(self.sp[tok.i:tok.i + 1], "pronoun", best).number = "pl" if kind == "GROUP" else "sg"
        if gender and not best.gender:
            best.gender = gender

    def _reporting_subject(self, tok) -> str | None:
        """"The FCA said it was ...": the pronoun in a reported clause is most often its reporter."""
        clause = tok.head
        if tok.dep_ not in ("nsubj", "nsubjpass") or clause.dep_ not in ("ccomp", "xcomp") \
                or clause.head.lemma_.lower() not in SPEECH_VERBS:
            return None
        subject = next((c for c in clause.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return self._ref_key_at(subject) if subject is not None and subject.i < tok.i else None

    def _quote_speakers(self, pos: int) -> set[str]:
        """In "'She taught me,' Ilona said", she is not Ilona: a speaker is "I" in their own quote."""
        self._in_quote(pos)
        around = next(((a, b) for a, b in self.quote_spans if a <= pos < b), None)
        if around is None:
            return set()
        a, b = around
        keys = set()
        for draft in self.drafts.values():
            for r in draft.refs:
                near = b <= r.start <= b + 40 or a - 80 <= r.start < a
                if draft.type == "PERSON" and near and r.via != "pronoun" and self._speech_subject(r):
                    keys.add(draft.key)
        return keys

    def _speech_subject(self, ref: Ref) -> bool:
        if ref.head < 0:
            return False
        tok = self.sp[ref.head]
        return tok.dep_ == "nsubj" and tok.head.lemma_.lower() in SPEECH_VERBS

    def _clause_subjects(self, tok) -> set[str]:
        """'him'/'her' as an object cannot be the subject of its own clause."""
        if tok.dep_ not in ("dobj", "pobj", "dative") or tok.tag_ == "PRP$" or tok.lower_ not in ("him", "her", "them", "it"):
            return set()
        verb = tok.head if tok.dep_ != "pobj" else tok.head.head
        keys = set()
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                found = self._ref_key_at(child)
                if found:
                    keys.add(found)
        return keys

    def _pronoun_fit(self, draft: Draft, kind: str, gender: str | None) -> float | None:
        if kind == "PERSON":
            if draft.type != "PERSON" or gender and draft.gender not in (None, gender):
                return None
            return 0.2 if gender and draft.gender == gender else 0.0
        if kind == "ORG":
            # "it"/"its" stand for organisations and countries ("Russia ... its invasion"), less often places.
            if draft.type == "ORG":
                return 0.0
            if draft.type == "GPE":
                return 0.0 if draft.key.startswith("country:") else -0.3
            return None
        if draft.type == "GROUP":
            return 0.5
        if draft.type == "GPE" and draft.key.startswith("country:") and any(r.number == "pl" for r in draft.refs[-3:]):
            return 0.2
        if draft.type == "ORG":
            return 0.0
        return None

    def _pleonastic(self, tok) -> bool:
        """"It is necessary to ...", "it was clear that ...", "It came days after ...": no referent."""
        nxt = self.sp[tok.i + 1:tok.i + 4].text.lower()
        if re.match(r"^(came|comes|seems|seemed|appears|appeared|emerged|remains unclear)\b", nxt):
            return True
        if not re.match(r"^(is|was|'s|would be|will be|has been|had been|may be|could be)\b", nxt):
            return False
        rest = [t.lower_ for t in self.sp[tok.i + 2:tok.i + 10] if self.sent_of.get(t.i) == self.sent_of[tok.i]]
        return "to" in rest or "that" in rest or "time" in rest

    # ---- person descriptions: "the senior Kremlin member", "his wife" -----
    def _link_description(self, chunk, tok, role: str) -> None:
        if any(t.ent_type_ == "PERSON" for t in chunk):
            return
        sent = self.sent_of[tok.i]
        exclude = self._possessor(tok) if role in self.nom.relational else None
        best = self._description_target(chunk, sent, exclude, role)
        if best is None:
            return
        self._ref(chunk, "description", best, head_only=True)
        for t in chunk:
            code = self.gaz.demonym_of(t.text) or self.gaz.country_of(t.text)
            if code and not best.country and (t.i == chunk.root.i or t.head.i == chunk.root.i):
                best.country = code
        sector = self.gaz.sector_of_role(chunk.root.lemma_.lower())
        if sector in ("GOV", "MIL", "LEG", "JUD") and not best.sector and role not in self.nom.relational:
            best.sector = sector

    def _description_target(self, chunk, sent: int, exclude: str | None, role: str) -> Draft | None:
        country = None
        for t in chunk:
            known = self.gaz.org(t.text)
            country = country or self.gaz.demonym_of(t.text) or self.gaz.capital_of(t.text) or (known.code if known else None)
        gender = self.nom.gendered.get(role)
        best, best_score = None, 0.0
        for draft in self.drafts.values():
            if draft.type != "PERSON" or draft.key == exclude:
                continue
            if country and draft.country and draft.country != country:
                continue
            if gender and draft.gender not in (None, gender):
                continue
            salience = self._salience(draft, chunk.start_char, sent)
            if salience <= 0:
                continue
            if role in draft.titles:
                salience += 1.0
            elif draft.titles and role in {"president", "minister", "premier", "chancellor", "king", "queen"}:
                continue
            elif salience < 0.25:
                continue  # a role noun with no title to match reaches back three sentences at most
            if country and draft.country == country:
                salience += 0.8
            if salience > best_score:
                best, best_score = draft, salience
        return best

    def _link_relational(self, chunk, tok, possessor: str) -> None:
        """"his wife", "her lawyer": another person, of the noun's gender, often named
        nearby (before or just after); family nouns favour the possessor's surname."""
        lemma = tok.lemma_.lower()
        gender = self.nom.relational.get(lemma)
        owner = self.drafts.get(possessor)
        sent = self.sent_of[tok.i]
        best, best_score = None, 0.0
        for draft in self.drafts.values():
            if draft.type != "PERSON" or draft.key == possessor or gender and draft.gender not in (None, gender):
                continue
            score = self._nearby(draft, chunk.start_char, sent)
            if score <= 0:
                continue
            if lemma in self.nom.family and owner is not None and owner.family and draft.family == owner.family:
                score += 1.0
            if score > best_score:
                best, best_score = draft, score
        if best is None:
            return
        self._ref(chunk, "description", best, head_only=True)
        best.gender = best.gender or gender

    def _nearby(self, draft: Draft, pos: int, sent: int) -> float:
        """Salience that also looks a little ahead: relational nouns often come before the name."""
        score = self._salience(draft, pos, sent)
        ahead = [r for r in draft.refs if r.start > pos and 0 <= r.sent - sent <= 1 and r.via in ("name", "alias", "title")]
        if ahead:
            score = max(score, 0.8 / (1 + min(r.sent for r in ahead) - sent))
        return score

    # ---- organisations, states, places and groups as nominals -------------
    def _link_org_nominal(self, chunk, tok, possessor: str | None) -> bool:
        lemma = tok.lemma_.lower()
        classes = self.nom.org_class.get(lemma, set())
        sent = self.sent_of[tok.i]
        owner = self.drafts.get(possessor) if possessor else None
        best, best_score = None, 0.0
        for draft in self.drafts.values():
            if draft.type != "ORG" or draft.key == possessor:
                continue
            fit = self._org_fit(draft, lemma, classes)
            if fit is None:
                continue
            salience = self._salience(draft, chunk.start_char, sent)
            if salience <= 0:
                continue
            if owner is not None and self._affiliated(owner, draft):
                fit += 1.0
            elif owner is not None and owner.type == "PERSON" and lemma not in draft.classes:
                continue  # "his office" is his own unless he is tied to that body
            if salience + fit > best_score:
                best, best_score = draft, salience + fit
        if best is None:
            return self._new_org_from_nominal(chunk, tok)
        self._ref(chunk, "description", best, head_only=True)
        best.classes.add(lemma)
        return True

    def _new_org_from_nominal(self, chunk, tok) -> bool:
        """"the county council" with nothing before it to refer to: a body of its own."""
        modifiers = [t for t in chunk if t.head.i == tok.i and t.dep_ in ("compound", "amod") and t.i < tok.i]
        if chunk[0].lower_ != "the" or not modifiers or self._in_quote(chunk.start_char) \
                or any(t.ent_type_ for t in chunk) or not self.gaz.sector_of_role(tok.lemma_.lower()):
            return False
        span = chunk[1:]
        draft = self._draft(f"org:{key(span.text)}", span.text, "ORG", span.start_char)
        draft.classes.update(t.lemma_.lower() for t in span)
        self._ref(chunk, "description", draft, head_only=True)
        return True

    def _org_fit(self, draft: Draft, lemma: str, classes: set[str]) -> float | None:
        if lemma in draft.classes:
            return 1.0
        known = set().union(*(self.nom.org_class.get(w, set()) for w in draft.classes)) if draft.classes else set()
        if classes & known:
            return 0.6
        if not known:
            return 0.0  # an organisation of unknown kind may be called anything
        return None

    def _affiliated(self, person: Draft, org: Draft) -> bool:
        """The organisation is named inside one of the person's descriptions or titles."""
        spans = [(r.start, r.end) for r in person.refs if r.via in ("title", "description")]
        return any(a <= r.start and r.end <= b for r in org.refs for a, b in spans)

    def _link_state_nominal(self, chunk, tok, possessor: str | None) -> bool:
        """"the government", "his country", "the Punjab government"."""
        lemma = tok.lemma_.lower()
        for t in chunk:  # a place named inside the phrase is the one meant
            if t.i != tok.i and (t.dep_ in ("compound", "amod", "poss")):
                inner = self._ref_key_at(t)
                if inner and self.drafts[inner].type == "GPE":
                    self.drafts[inner].governs = True
                    self._ref(chunk, "description", self.drafts[inner], head_only=True)
                    return True
        owner = self.drafts.get(possessor) if possessor else None
        if owner is not None and owner.type == "PERSON":
            if not owner.country:
                return False
            draft = self._draft(f"country:{owner.country}", self.gaz.country_names.get(owner.country, owner.country), "GPE",
                                chunk.start_char, country=owner.country)
            self._ref(chunk, "description", draft, head_only=True)
            return True
        sent = self.sent_of[tok.i]
        best, best_score = None, 0.0
        for draft in self.drafts.values():
            if draft.type != "GPE" or draft.key == possessor:
                continue
            is_country = draft.key.startswith("country:")
            if not is_country and (lemma in ("country", "nation", "kingdom", "republic") or not draft.governs and lemma != "state"):
                continue
            score = self._salience(draft, chunk.start_char, sent) + 0.3 * draft.governs
            if score > best_score and score > 0.05:
                best, best_score = draft, score
        if best is None:
            return False
        self._ref(chunk, "description", best, head_only=True)
        return True

    def _link_place_nominal(self, chunk, tok) -> bool:
        sent = self.sent_of[tok.i]
        best, best_score = None, 0.0
        for draft in self.drafts.values():
            if draft.type != "GPE" or draft.key.startswith("country:"):
                continue
            score = self._salience(draft, chunk.start_char, sent)
            if score > best_score:
                best, best_score = draft, score
        if best is None:
            return False
        self._ref(chunk, "description", best, head_only=True)
        return True

    def _link_group_nominal(self, chunk, tok) -> bool:
        lemma = tok.lemma_.lower()
        sent = self.sent_of[tok.i]
        best, best_score = None, 0.0
        for draft in self.drafts.values():
            if draft.type != "GROUP":
                continue
            score = self._salience(draft, chunk.start_char, sent)
            if score <= 0:
                continue
            if draft.key.split(":")[1] == lemma:
                score += 1.0
            elif sent - max(r.sent for r in draft.refs if r.end <= chunk.start_char) > 2:
                continue
            if score > best_score:
                best, best_score = draft, score
        if best is None:
            if tok.tag_ in ("NNS", "NNPS") and not self._in_quote(chunk.start_char):
                self._group(chunk)
                return True
            return False
        self._ref(chunk, "description", best, head_only=True).number = "pl"
        return True

    def _inherit_family_names(self) -> None:
        """"Tom Baker and his wife, Susan": Susan is a Baker, so "Mrs Baker" is her."""
        persons = [d for d in self.drafts.values() if d.type == "PERSON"]
        for draft in persons:
            if draft.family or not draft.given:
                continue
            for ref in draft.refs:
                head = self.sp[ref.head] if ref.via == "description" and ref.head >= 0 else None
                if head is None or head.lemma_.lower() not in self.nom.family:
                    continue
                owner = self.drafts.get(self._possessor(head) or "")
                if owner is not None and owner.type == "PERSON" and owner.family and owner is not draft:
                    draft.family = owner.family
                    draft.name = f"{draft.name} {owner.name.split()[-1]}"
                    break
        for surname_only in [d for d in persons if d.family and not d.given]:
            kin = [d for d in persons if d is not surname_only and d.given and d.family == surname_only.family
                   and surname_only.gender and d.gender == surname_only.gender]
            if len(kin) == 1:
                kin[0].refs.extend(surname_only.refs)
                del self.drafts[surname_only.key]

    def _settle_age_cues(self) -> None:
        """"The younger Baker" is the one described as a son or a younger sibling, "the
        elder Baker" the one described as a father or an older sibling."""
        for ref, cue in self.age_cues:
            current = next((d for d in self.drafts.values() if ref in d.refs), None)
            if current is None or not current.family:
                continue
            kin = [d for d in self.drafts.values() if d.type == "PERSON" and d.family == current.family]
            best = max(kin, key=lambda d: (self._age_score(d, cue), d is current))
            if best is not current and self._age_score(best, cue) > self._age_score(current, cue):
                current.refs.remove(ref)
                best.refs.append(ref)

    def _age_score(self, draft: Draft, cue: str) -> int:
        young = old = 0
        for r in draft.refs:
            if r.via != "description" or r.head < 0:
                continue
            lemma, text = self.sp[r.head].lemma_.lower(), r.text.lower()
            young += lemma in YOUNGER or "younger" in text or "youngster" in text
            old += lemma in OLDER or "older" in text or "elder" in text
        return young - old if cue == "younger" else old - young

    def _fold_demonym_groups(self) -> None:
        """"Russian officials" stand for Russia when Russia is named, unless the text refers
        back to them as a group."""
        for dkey in [k for k in self.drafts if k.startswith("demonym:")]:
            group = self.drafts[dkey]
            code = group.country
            named = self.drafts.get(f"country:{code}")
            if any(r.via == "pronoun" for r in group.refs) or named is None or not any(r.via in ("name", "alias") for r in named.refs):
                continue  # referred back to, or the country itself is never named: the group is the actor
            country = self._draft(f"country:{code}", self.gaz.country_names.get(code, code), "GPE", group.first, country=code)
            for ref in group.refs:
                ref.via = "description" if ref.via == "name" else ref.via
                country.refs.append(ref)
            del self.drafts[dkey]

    def _drop_passing_groups(self) -> None:
        """A group named once, not as a subject, is scenery rather than an actor."""
        for dkey in [k for k, d in self.drafts.items() if d.type == "GROUP" and not k.startswith("demonym:")]:
            refs = self.drafts[dkey].refs
            if len(refs) == 1 and not refs[0].subject:
                del self.drafts[dkey]

    # ---- coding -----------------------------------------------------------
    def _code_from_context(self) -> None:
        for draft in self.drafts.values():
            for ref in draft.refs:
                if ref.via != "pronoun":
                    self._code_ref(draft, ref)

    def _code_ref(self, draft: Draft, ref: Ref) -> None:
        span = self.doc.text[ref.start:ref.end]
        tokens = self.sp.char_span(ref.start, ref.end, alignment_mode="expand")
        if tokens is None:
            return
        words = [t for t in tokens] + self._neighbour_words(tokens)
        for tok in words:
            low, lemma = tok.lower_, tok.lemma_.lower()
            code = self.gaz.demonym_of(tok.text) or self.gaz.capital_of(tok.text) or self.gaz.country_of(tok.text)
            known = self.gaz.org(tok.text)
            if known and known.kind == "seat":
                code = code or known.code
                if draft.type == "PERSON":
                    draft.sector = draft.sector or known.sector
            if code and draft.type in ("PERSON", "ORG", "GROUP") and not draft.country:
                draft.country = code
            sector = self.gaz.sector_of_role(low) or self.gaz.sector_of_role(lemma)
            if tok.dep_ == "amod" and tok.pos_ == "ADJ" or lemma == "general" and tok.ent_type_ != "PERSON" \
                    and not (tok.i + 1 < len(self.sp) and self.sp[tok.i + 1].ent_type_ == "PERSON"):
                sector = None  # "general secretary", "General Elections Commission": no army general
            if sector and draft.type in ("PERSON", "ORG") and not draft.sector:
                if draft.type == "ORG" or lemma in self.nom.person or sector in ("GOV", "MIL", "LEG", "JUD"):
                    draft.sector = sector
            if draft.type == "PERSON" and lemma in self.nom.person and ref.via != "description":
                draft.titles.add(lemma)
        if draft.type in ("PERSON", "ORG") and ref.via in ("name", "alias", "title") and not draft.country:
            draft.country = self._country_in_front(tokens)
        compound_titles = re.findall(r"(foreign|defence|defense|prime|finance|interior) minister", span.lower())
        if compound_titles and draft.type == "PERSON":
            draft.titles.add("minister")

    def _country_in_front(self, span) -> str | None:
        """"Kyrgyz Prime Minister X", "Arab League Secretary General X": the
        country or organisation in the words that lead up to the name."""
        front = [t for t in span.root.subtree if t.i < span.start]
        if not front:
            return None
        for tok in front:
            code = self.gaz.demonym_of(tok.text) or self.gaz.country_of(tok.text)
            if code:
                return code
        start, end = front[0].idx, span.start_char
        for draft in self.drafts.values():
            if draft.country and draft.type in ("ORG", "GPE") and any(start <= r.start and r.end <= end for r in draft.refs):
                return draft.country
        return None

    def _dominant_country(self) -> None:
        """Document context for people and bodies with no code of their own: the nearest
        country or place named before them in the paragraph (or after them in the same
        sentence), else the country the whole text is clearly about."""
        evidence = sorted((r.start, r.sent, d.country) for d in self.drafts.values()
                          if d.country and (d.type == "GPE" or d.key.startswith("demonym:")) and not self.gaz.is_region(d.name)
                          for r in d.refs if r.via != "pronoun")
        if not evidence:
            return
        counts: dict[str, int] = {}
        for _, _, code in evidence:
            counts[code] = counts.get(code, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        leader = ranked[0][0] if ranked[0][1] >= 0.6 * len(evidence) and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None
        for draft in self.drafts.values():
            if draft.country or draft.type not in ("PERSON", "ORG", "GROUP", "GPE") or self.gaz.is_region(draft.name) or not draft.refs:
                continue
            first = min(draft.refs, key=lambda r: r.start)
            draft.country = self._nearest_country(first, evidence) or leader

    def _nearest_country(self, ref: Ref, evidence: list[tuple[int, int, str]]) -> str | None:
        same = [(abs(pos - ref.start), code) for pos, sent, code in evidence if sent == ref.sent]
        if same:
            return min(same)[1]
        para = self.doc.text.count("\n", 0, ref.start)
        before = [(pos, code) for pos, sent, code in evidence if pos < ref.start and ref.sent - sent <= 2
                  and self.doc.text.count("\n", 0, pos) == para]
        return max(before)[1] if before else None

    def _neighbour_words(self, span) -> list:
        """Appositions and modifiers next to a name: "newspaper X", "X, the minister"."""
        out = []
        root = span.root
        head = root.head
        if root.dep_ == "appos" or (head.dep_ == "appos" and head.head.i in range(span.start, span.end)):
            out.extend(t for t in head.subtree if t.i not in range(span.start, span.end))
        for child in root.children:
            if child.dep_ == "appos":
                out.extend(child.subtree)
            if child.dep_ == "prep" and child.lower_ in ("of", "from"):
                out.extend(c for c in child.children if c.dep_ == "pobj")  # "Ana Ruiz of Spain"
        prev = self.sp[max(0, span.start - 3):span.start]
        out.extend(t for t in prev if t.head.i in range(span.start, span.end) or t.head.i == span.start)
        if span.start > 0 and self.sp[span.start - 1].lemma_.lower() in ("newspaper", "daily", "broadcaster", "agency", "magazine", "tabloid", "channel"):
            out.extend(self.sp[max(0, span.start - 3):span.start])
        return out


def _trim_possessive(ent):
    end = ent.end
    while end > ent.start and ent.doc[end - 1].text in ("'s", "’s", "'", "’"):
        end -= 1
    start = ent.start
    while start < end and ent.doc[start].lower_ in ("the",):
        start += 1
    return ent.doc[start:end] if end > start else None


def _phrase_head(tok):
    """The noun a modifier finally belongs to: "Swiss" -> "company" in "a Swiss biotech company"."""
    while tok.dep_ in ("amod", "compound", "nmod") and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _skip_det(chunk) -> int:
    start = chunk.start
    while start < chunk.end - 1 and chunk.doc[start].pos_ == "DET":
        start += 1
    return start


def _gender_cue(word: str | None) -> str | None:
    if word in MALE_CUES:
        return "m"
    if word in FEMALE_CUES:
        return "f"
    return None
