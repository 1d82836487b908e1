"""Actors: find who is mentioned, tie mentions together, and code each actor.

Mentions come from spaCy's entities (corrected with the gazetteer and local
context), role and description noun phrases, demonym groups ("Russian
officials") and pronouns. Coreference is rule-based: name chains, then
descriptions and pronouns tied to the most salient compatible actor. Every
mention keeps its `via`, so a user can see why it was linked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .document import Actor, Document, Mention
from .gazetteer import Known, gazetteer, key

HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "sir", "dame", "lord", "lady", "prof", "prof."}
MALE_CUES = {"mr", "mr.", "sir", "lord", "he", "him", "his", "himself", "king", "spokesman", "chairman", "businessman", "congressman", "father", "son", "brother", "husband", "prince"}
FEMALE_CUES = {"mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "she", "her", "hers", "herself", "queen", "spokeswoman", "chairwoman", "businesswoman", "congresswoman", "mother", "daughter", "sister", "wife", "princess"}
PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
GROUP_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
ORG_PRONOUNS = {"it", "its", "itself"}
RELATIONAL_NOUNS = {"ally", "aide", "adviser", "advisor", "friend", "rival", "critic", "successor", "predecessor", "deputy", "wife", "husband", "son", "daughter", "brother", "sister", "spokesman", "spokeswoman", "spokesperson", "lawyer"}
PERSON_NOUNS = {"member", "man", "woman", "leader", "chief", "head", "veteran", "politician", "diplomat", "official", "envoy", "minister", "president", "premier", "chancellor", "secretary", "governor", "mayor", "general", "commander", "senator", "judge", "prosecutor", "executive", "boss", "coach", "manager", "striker", "player", "star", "captain", "founder", "chairman", "chairwoman", "ceo", "king", "queen", "monarch", "ruler", "strongman", "lawmaker", "mp", "activist", "campaigner", "businessman", "businesswoman", "billionaire", "tycoon", "singer", "actor", "actress", "author", "suspect", "defendant", "victim", "scientist", "researcher", "professor", "doctor", "officer", "negotiator", "candidate", "incumbent", "challenger", "pontiff", "cleric", "ambassador", "spokesperson", "year-old"} | RELATIONAL_NOUNS
GROUP_NOUNS = {"officials", "forces", "troops", "soldiers", "delegates", "delegation", "authorities", "diplomats", "leaders", "lawmakers", "ministers", "negotiators", "police", "militants", "rebels", "protesters", "demonstrators", "army", "military", "government", "navy", "students", "workers", "activists", "residents", "prosecutors", "investigators", "judges", "media", "warplanes", "jets", "drones", "fighters", "politicians", "opposition", "separatists", "peacekeepers", "citizens", "people", "farmers", "voters", "ministry", "embassy", "regime", "administration", "parliament", "negotiating team", "team", "state media", "border guards", "security forces"}
ORG_TYPES_FOR_IT = {"ORG"}


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
        self.drafts: dict[str, Draft] = {}
        self.sent_of = {}
        for i, sent in enumerate(self.sp.sents):
            for tok in sent:
                self.sent_of[tok.i] = i
        self.taken: set[int] = set()  # token indices already inside a mention

    # ---- pipeline -------------------------------------------------------
    def run(self) -> None:
        self._named_mentions()
        self._seat_and_org_mentions()
        self._group_mentions()
        self._ordered_resolution()
        self._code_from_context()

    def actors(self) -> list[Actor]:
        drafts = sorted((d for d in self.drafts.values() if d.refs), key=lambda d: d.first)
        out = []
        for n, d in enumerate(drafts, 1):
            mentions = sorted({(r.start, r.end): r for r in d.refs}.values(), key=lambda r: r.start)
            aliases = sorted({r.text for r in mentions if r.text != d.name}, key=lambda t: t.lower())
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

    def _ref(self, span, via: str, draft: Draft) -> Ref:
        start, end = span.start_char, span.end_char
        text = self.doc.text[start:end]
        ref = Ref(start=start, end=end, text=text, via=via, sent=self.sent_of.get(span.start, 0),
                  subject=span.root.dep_ in ("nsubj", "nsubjpass"))
        ref.key = draft.key
        draft.refs.append(ref)
        for i in range(span.start, span.end):
            self.taken.add(i)
        return ref

    # ---- names ---------------------------------------------------------
    def _named_mentions(self) -> None:
        for ent in self.sp.ents:
            span = _trim_possessive(ent)
            if span is None or not span.text.strip():
                continue
            label = self._corrected_label(span, ent.label_)
            if not self._plausible(span, label):
                continue
            if label == "PERSON":
                self._person(span)
            elif label in ("GPE", "LOC"):
                self._place_or_country(span)
            elif label == "ORG":
                self._org(span)

    def _plausible(self, span, label: str) -> bool:
        """Drop entities the small model invents: lower-case 'organisations', places
        that no gazetteer knows."""
        text = span.text
        if not text[:1].isupper() and not text[:1].isdigit():
            return False
        if label in ("GPE", "LOC"):
            from .places import resolve_place

            return bool(self.gaz.country_of(text) or self.gaz.capital_of(text) or self.gaz.demonym_of(text)
                        or resolve_place(text))
        return True

    def _corrected_label(self, span, label: str) -> str:
        text = span.text
        if self.gaz.country_of(text) or self.gaz.capital_of(text):
            return "GPE"
        known = self.gaz.org(text)
        if known:
            return "ORG"
        if label == "PERSON" and self._media_context(span):
            return "ORG"
        if label in ("PERSON", "ORG", "GPE") and self._role_head(span):
            return label
        return label

    def _media_context(self, span) -> bool:
        before = self.sp[max(0, span.start - 3):span.start].text.lower()
        after = self.sp[span.end:span.end + 2].text.lower()
        return bool(re.search(r"\b(newspaper|daily|broadcaster|magazine|agency|outlet|tabloid|channel|website)\s*$", before)
                    or re.match(r"^(reported|reports|newspaper)\b", after))

    def _role_head(self, span) -> bool:
        return span.root.lemma_.lower() in PERSON_NOUNS

    def _person(self, span) -> None:
        tokens = [t for t in span if t.text.lower() not in HONORIFICS]
        if not tokens:
            return
        name = " ".join(t.text for t in tokens)
        surname = tokens[-1].text.lower()
        dkey = self._match_person(name, surname)
        draft = self._draft(dkey, name, "PERSON", span.start_char)
        if len(name.split()) > len(draft.name.split()):
            draft.name = name
        via = "name" if name == draft.name and len(tokens) == len(span) else "alias"
        full = self._title_extend(span)
        ref = self._ref(full, via if full is span else "title", draft)
        for tok in full[: span.start - full.start]:
            if tok.lemma_.lower() in PERSON_NOUNS:
                draft.titles.add(tok.lemma_.lower())  # known at once, so descriptions can rule it out
        ref.gender = _gender_cue(self.sp[max(0, span.start - 1)].text.lower())
        if ref.gender:
            draft.gender = draft.gender or ref.gender

    def _match_person(self, name: str, surname: str) -> str:
        lowered = name.lower()
        for dkey, draft in self.drafts.items():
            if draft.type != "PERSON":
                continue
            dname = draft.name.lower()
            if dname == lowered or dname.split()[-1] == surname and (" " not in lowered or " " not in dname):
                return dkey
        return f"person:{lowered}"

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
        if not any(t.lemma_.lower() in PERSON_NOUNS or self.gaz.sector_of_role(t.lemma_.lower()) for t in titled[: span.start - start]):
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
        if capital and self._metonymy(span):
            draft = self._draft(f"country:{capital}", self._country_name(capital, None), "GPE", span.start_char, country=capital)
            self._ref(self._regime_extend(span), "alias", draft)
            return
        code = capital or self._city_country(text)
        draft = self._draft(f"place:{key(text)}", text, "GPE", span.start_char, country=code)
        self._ref(span, "name", draft)

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
        if root.dep_ in ("compound", "amod", "nmod") and head.lemma_.lower() in {"regime", "government", "authorities", "administration", "officials", "leadership"}:
            return True
        return False

    def _regime_extend(self, span):
        head = span.root.head
        if span.root.dep_ in ("compound", "amod") and head.lemma_.lower() in {"regime", "government", "authorities", "administration", "leadership"}:
            left = head.left_edge.i
            return self.sp[min(left, span.start):head.i + 1]
        return span

    def _city_country(self, text: str) -> str | None:
        from .places import resolve_place

        place = resolve_place(text)
        return place.country if place else None

    def _org(self, span) -> None:
        text = span.text
        known = self.gaz.org(text)
        if known and known.kind == "seat":
            draft = self._draft(f"country:{known.code}", self.gaz.country_names.get(known.code, text), "GPE", span.start_char, country=known.code)
            full = self._with_article(span)
            self._ref(full, "alias", draft)
            return
        if known:
            name = self._canonical_org(known, text)
            draft = self._draft(f"org:{known.code}:{key(name)}" if known.kind == "media" else f"org:{known.code}", name, "ORG",
                                span.start_char, country=known.code, sector=known.sector)
        else:
            draft = self._draft(f"org:{key(text)}", text, "ORG", span.start_char)
        self._ref(span, "name" if text == draft.name else "alias", draft)

    def _canonical_org(self, known: Known, text: str) -> str:
        if known.kind == "igo":
            for name, other in self.gaz.orgs.items():
                if other is known:
                    return text if len(text) <= 6 and text.isupper() else text
        return text

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

    # ---- groups: "Russian officials", "Ukrainian delegates" ------------
    def _group_mentions(self) -> None:
        for chunk in self.sp.noun_chunks:
            head = chunk.root
            if head.i in self.taken or head.lemma_.lower() not in GROUP_NOUNS and head.text.lower() not in GROUP_NOUNS:
                continue
            code = None
            for tok in chunk:
                if tok.i == head.i:
                    continue
                code = self.gaz.demonym_of(tok.text) or self.gaz.country_of(tok.text) or code
            if not code:
                continue
            sector = self.gaz.sector_of_role(head.text.lower()) or self.gaz.sector_of_role(head.lemma_.lower())
            draft = self._draft(f"country:{code}", self.gaz.country_names.get(code, code), "GPE", chunk.start_char, country=code)
            span = self.sp[_skip_det(chunk):chunk.end]
            ref = self._ref(span, "description", draft)
            ref.number, ref.hint_country, ref.hint_sector = "pl", code, sector

    # ---- descriptions and pronouns, in text order ----------------------
    def _ordered_resolution(self) -> None:
        for tok in self.sp:
            if tok.i in self.taken:
                continue
            low = tok.text.lower()
            if tok.pos_ == "PRON" and low in PERSON_PRONOUNS:
                self._link_pronoun(tok, "PERSON", _gender_cue(low))
            elif tok.pos_ == "PRON" and low in ORG_PRONOUNS and tok.dep_ in ("nsubj", "poss", "nsubjpass"):
                self._link_pronoun(tok, "ORG", None)
            elif tok.pos_ == "PRON" and low in GROUP_PRONOUNS:
                self._link_pronoun(tok, "GROUP", None)
            elif tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in PERSON_NOUNS and tok.tag_ in ("NN", "NNP"):
                self._link_description(tok)

    def _link_pronoun(self, tok, kind: str, gender: str | None) -> None:
        if tok.text.lower() in ("it", "its") and self._pleonastic(tok):
            return
        sent = self.sent_of[tok.i]
        best = self._antecedent(tok.idx, sent, kind, gender)
        if best is None:
            return
        ref = self._ref(self.sp[tok.i:tok.i + 1], "pronoun", best)
        if gender and not best.gender:
            best.gender = gender

    def _in_quote(self, pos: int) -> bool:
        """Names inside someone's quoted words are poor antecedents for the narrator's pronouns."""
        if "quote_spans" not in self.__dict__:
            from .quotes import find_quote_spans

            self.quote_spans = [(s.start, s.end) for s in find_quote_spans(self.doc.text)]
        return any(a <= pos < b for a, b in self.quote_spans)

    def _pleonastic(self, tok) -> bool:
        nxt = self.sp[tok.i + 1:tok.i + 4].text.lower()
        return bool(re.match(r"^(is|was|'s|would be|will be|has been|seems|came|comes)\b", nxt))

    def _antecedent(self, pos: int, sent: int, kind: str, gender: str | None) -> Draft | None:
        best, best_score = None, 0.0
        for draft in self.drafts.values():
            if not self._compatible(draft, kind, gender):
                continue
            earlier = [r for r in draft.refs if r.end <= pos and sent - r.sent <= 10 and not self._in_quote(r.start)]
            if not earlier:
                continue
            last = max(earlier, key=lambda r: r.end)
            score = 1.0 / (1 + sent - last.sent) + 0.3 * last.subject + 0.05 * len(draft.refs)
            score += 0.2 * (last.via == "name")
            if score > best_score:
                best, best_score = draft, score
        return best

    def _compatible(self, draft: Draft, kind: str, gender: str | None) -> bool:
        if kind == "PERSON":
            return draft.type == "PERSON" and (gender is None or draft.gender in (None, gender))
        if kind == "ORG":
            # "it"/"its" stand for organisations and for countries ("Russia ... its invasion").
            return draft.type in ORG_TYPES_FOR_IT or draft.type == "GPE" and draft.key.startswith("country:")
        return draft.type in ("ORG", "GPE") and any(r.number == "pl" for r in draft.refs[-3:]) or draft.type == "ORG"

    def _link_description(self, tok) -> None:
        # The whole noun phrase up to its head, possessor included ("the X's close ally").
        chunk = self.sp[tok.left_edge.i:tok.i + 1]
        if chunk is None or chunk[0].lower_ not in ("the", "this", "that") or any(t.ent_type_ == "PERSON" for t in chunk):
            return
        if tok.i != chunk.root.i:
            return
        sent = self.sent_of[tok.i]
        exclude = self._possessor_key(chunk) if tok.lemma_.lower() in RELATIONAL_NOUNS else None
        best = self._description_target(chunk, sent, exclude)
        if best is None:
            return
        self._ref(chunk, "description", best)
        for t in chunk:
            code = self.gaz.demonym_of(t.text) or self.gaz.country_of(t.text)
            if code and not best.country and t.i != chunk.root.i and t.head.i == chunk.root.i:
                best.country = code
        sector = self.gaz.sector_of_role(chunk.root.lemma_.lower())
        if sector in ("GOV", "MIL", "LEG", "JUD") and not best.sector and tok.lemma_.lower() not in RELATIONAL_NOUNS:
            best.sector = sector

    def _chunk_of(self, tok):
        for chunk in self.sp.noun_chunks:
            if chunk.start <= tok.i < chunk.end:
                return chunk
        return None

    def _possessor_key(self, chunk) -> str | None:
        for r in (r for d in self.drafts.values() for r in d.refs):
            if chunk.start_char <= r.start and r.end <= chunk.end_char:
                return r.key
        return None

    def _description_target(self, chunk, sent: int, exclude: str | None) -> Draft | None:
        country = None
        for t in chunk:
            country = country or self.gaz.demonym_of(t.text) or self.gaz.capital_of(t.text) or (
                self.gaz.org(t.text).code if self.gaz.org(t.text) else None)
        role = chunk.root.lemma_.lower()
        best, best_score = None, 0.0
        for draft in self.drafts.values():
            if draft.type != "PERSON" or draft.key == exclude:
                continue
            earlier = [r for r in draft.refs if r.end <= chunk.start_char]
            if not earlier:
                continue
            if country and draft.country and draft.country != country:
                continue
            if role in draft.titles:
                return draft
            if draft.titles and role in {"president", "minister", "premier", "chancellor", "king", "queen"} and role not in draft.titles:
                continue
            last = max(earlier, key=lambda r: r.end)
            score = 0.1 * len(draft.refs) + 1.0 / (1 + sent - last.sent) + 0.3 * (exclude is None and last.subject)
            if score > best_score:
                best, best_score = draft, score
        return best

    # ---- coding -----------------------------------------------------------
    def _code_from_context(self) -> None:
        for draft in self.drafts.values():
            for ref in draft.refs:
                self._code_ref(draft, ref)
            if draft.type == "PERSON" and draft.country and not draft.sector:
                draft.sector = None

    def _code_ref(self, draft: Draft, ref: Ref) -> None:
        span = self.doc.text[ref.start:ref.end]
        tokens = self.sp.char_span(ref.start, ref.end, alignment_mode="expand")
        if tokens is None:
            return
        words = [t for t in tokens] + self._neighbour_words(tokens)
        for tok in words:
            low, lemma = tok.text.lower(), tok.lemma_.lower()
            code = self.gaz.demonym_of(tok.text) or self.gaz.capital_of(tok.text) or self.gaz.country_of(tok.text)
            known = self.gaz.org(tok.text)
            if known and known.kind == "seat":
                code = code or known.code
                if draft.type == "PERSON":
                    draft.sector = draft.sector or known.sector
            if code and draft.type in ("PERSON", "ORG") and not draft.country:
                draft.country = code
            sector = self.gaz.sector_of_role(low) or self.gaz.sector_of_role(lemma)
            if sector and draft.type in ("PERSON", "ORG") and not draft.sector:
                if draft.type == "ORG" or lemma in PERSON_NOUNS or sector in ("GOV", "MIL", "LEG", "JUD"):
                    draft.sector = sector
            if draft.type == "PERSON" and lemma in PERSON_NOUNS:
                draft.titles.add(lemma)
        compound_titles = re.findall(r"(foreign|defence|defense|prime|finance|interior) minister", span.lower())
        if compound_titles and draft.type == "PERSON":
            draft.titles.add("minister")

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


def _skip_det(chunk) -> int:
    start = chunk.start
    while start < chunk.end - 1 and chunk.doc[start].pos_ == "DET":
        start += 1
    return start


def _gender_cue(word: str) -> str | None:
    if word in MALE_CUES:
        return "m"
    if word in FEMALE_CUES:
        return "f"
    return None
