"""Speakers: who said it, from the phrase a quote's cue points at.

A speaker phrase is read head first: a person named at its head or in apposition
("A spokesman for the agency, Martin Kiprono"), an actor the actors stage put
there, a spokesperson standing for the organisation, a description ("the
pundit", "the 24-year-old") or a pronoun tied to the nearest fitting person
before it. When nothing fits, the phrase itself is the speaker_text and no actor
is claimed, with a lower certainty.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from newsgraph.document import Document
from newsgraph.lexicon import words
from newsgraph.nlp.gazetteer import outlet_like
from newsgraph.stages.quotes.mentions import MentionIndex

SPEAKERS = "quotes_speakers.json"
SPOKES_NOUNS = {"spokesperson", "spokesman", "spokeswoman"}
ANTECEDENT_WINDOW = 2  # paragraphs (this one included) where a pronoun looks for a name
SPEAKER_REACH = 1500  # characters back where it may fall back on the last speaker


@dataclass
class Person:
    start: int
    end: int
    name: str
    actor: object | None
    gender: str | None = None  # "m" | "f" when the text shows it


class Speakers:
    """Resolve a speaker noun phrase to (actor or None, name as written, certainty).

    The actors stage links names, descriptions and pronouns; here the speaker's own
    phrase is read head-first (the head noun, then an apposition), and a pronoun
    or a bare description goes to the nearest compatible person before it. When
    nothing fits, the phrase itself is the speaker_text and no actor is claimed.
    """

    def __init__(self, doc: Document, inside_quote, mentions: MentionIndex | None = None):
        self.doc = doc
        self.sp = doc.nlp
        self.inside_quote = inside_quote
        self.mentions = mentions or MentionIndex(doc.actors)
        self._titled: dict[str, list[Person]] = {}
        self._by_actor: dict[int, list[Person]] | None = None
        self._words_near: dict[str, list[int]] | None = None
        self.people = self._people()
        self.starts = [p.start for p in self.people]
        self.widest = max((p.end - p.start for p in self.people), default=0)
        self.trail: list[tuple[int, Person]] = []  # (offset, person) of each speech verb's subject
        self._trail_keys: list[tuple[int, int]] = []  # (offset, place in the trail), sorted

    # -- candidates ---------------------------------------------------------
    def _people(self) -> list[Person]:
        """Person names outside quotes: spaCy PERSON entities and PERSON actors' names."""
        spans: dict[tuple[int, int], str] = {}
        # A name the actors stage found to be a news outlet is nobody, whatever the NER said ("Der Spiegel").
        not_people = [(m.start, m.end) for actor in self.doc.actors
                      if actor.type == "ORG" and (actor.sector == "MED" or outlet_like(actor.name))
                      for m in actor.mentions if m.via in ("name", "alias")]
        outlets = _Containment(not_people)
        for ent in self.sp.ents:
            if self.inside_quote(ent.start_char) or ent.text.isupper():
                continue  # a dateline ("DARMSTADT —") is not a person
            if outlets.contains(ent.start_char, ent.end_char):
                continue
            if ent.label_ == "PERSON" or ent.label_ == "ORG" and _looks_like_person(ent.text):
                spans[(ent.start_char, ent.end_char)] = _strip_possessive(ent.text)
        taken = _Disjoint(spans)
        for actor in self.doc.actors:
            if actor.type != "PERSON":
                continue
            for m in actor.mentions:
                if m.via in ("name", "alias", "title") and not self.inside_quote(m.start) and not m.text.isupper() \
                        and not taken.overlaps(m.start, m.end):
                    spans[(m.start, m.end)] = _strip_possessive(re.split(r" of |, ", m.text)[0])
                    taken.add(m.start, m.end)
        self._add_surnames(spans, taken)
        people = [Person(a, b, name, self._actor_over(a, b)) for (a, b), name in sorted(spans.items())]
        longest: dict[str, str] = {}  # surname -> the longest name with it, the first of equals
        for person in people:
            parts = person.name.split()
            if parts and len(person.name) > len(longest.get(parts[-1], "")):
                longest[parts[-1]] = person.name
        for person in people:
            parts = person.name.split()
            person.name = longest[parts[-1]] if parts else person.name
        self._genders(people)
        return people

    def _genders(self, people: list[Person]) -> None:
        """'Mr'/'Ms' before a name, or the pronouns the actors stage tied to the person, all agreeing."""
        titled: dict[str, set[str]] = {}
        linked: dict[str, set[str]] = {}
        male, female = words("pronouns", "male"), words("pronouns", "female")
        for person in people:
            lead = self.doc.text[max(0, person.start - 6):person.start + 6]
            title = gendered_title().search(lead)
            if title:
                titled.setdefault(person.name, set()).add("m" if title.group(1).lower() in words("honorifics", "male") else "f")
            if person.actor is not None and getattr(person.actor, "type", None) == "PERSON":
                for m in person.actor.mentions:
                    if m.via == "pronoun" and m.text.lower() in male | female:
                        linked.setdefault(person.name, set()).add("m" if m.text.lower() in male else "f")
        for person in people:
            found = titled.get(person.name) or linked.get(person.name, set())
            person.gender = next(iter(found)) if len(found) == 1 else None

    def _add_surnames(self, spans: dict[tuple[int, int], str], taken: _Disjoint) -> None:
        """'Brandt' alone (which the tagger may call an organisation) is the Lena Brandt named before."""
        surnames = {name.split()[-1] for name in spans.values() if len(name.split()) > 1}
        for tok in self.sp:
            if tok.text in surnames and tok.pos_ == "PROPN" and not self.inside_quote(tok.idx) \
                    and not taken.covers(tok.idx):
                spans[(tok.idx, tok.idx + len(tok.text))] = tok.text
                taken.add(tok.idx, tok.idx + len(tok.text))

    def _actor_over(self, start: int, end: int):
        """The actor with a mention overlapping [start, end), longest mention first."""
        return self.mentions.longest_over(start, end)

    def _near(self, start: int, end: int) -> list[Person]:
        """People whose name may overlap [start, end), in text order."""
        lo = bisect.bisect_left(self.starts, start - self.widest)
        return self.people[lo:bisect.bisect_left(self.starts, end)]

    def people_between(self, start: int, end: int) -> list[Person]:
        """People whose name begins in [start, end), in text order."""
        return self.people[bisect.bisect_left(self.starts, start):bisect.bisect_left(self.starts, end)]

    def person_starting(self, start: int, end: int) -> Person | None:
        """The first person whose name begins in [start, end)."""
        return next(iter(self.people_between(start, end)), None)

    def _person_at(self, tok) -> Person | None:
        return next((p for p in self._near(tok.idx, tok.idx + 1) if p.start <= tok.idx < p.end), None)

    # -- resolution ---------------------------------------------------------
    def resolve(self, span):
        """(actor or None, speaker_text, certainty in [0, 1]) for a speaker phrase."""
        head = span.root
        low = head.lower_
        if low in words("relative_words", file=SPEAKERS) or head.pos_ in ("DET", "NUM", "ADP"):
            return None, None, 0.5  # "which", "that": the parser found no speaker here
        if head.pos_ == "PRON" or low in words("pronouns", "speaker_person") | words("pronouns", "speaker_group"):
            return self._pronoun(head)
        if head.pos_ == "NOUN" and head.lemma_.lower() in words("non_agent_nouns", file=SPEAKERS):
            return None, None, 0.5  # "psychiatric assessments", "the report's findings": no one speaks
        person = self._person_at(head) or self._appositive_person(head) or self._person_in_phrase(span) \
            or self._apposed_after(span)
        if person is not None:
            return person.actor, person.name, 1.0
        if low in SPOKES_NOUNS:
            return self._organisation_of(head, span)
        if head.pos_ == "NOUN" and head.lemma_.lower() in words("document_nouns", file=SPEAKERS):
            actor, text, sure = self._organisation_of(head, span)
            if actor is not None:
                return actor, text, sure  # "a UN report concluded": the body that issued it
        if self._is_description(span):
            return self._description(span)
        actor = self._actor_over(head.idx, head.idx + len(head.text))
        # "Egypt's irrigation ministry": the country is the possessor, not the speaker.
        if actor is not None and not (actor.type == "GPE" and head.ent_type_ != "GPE") and _fits(actor, head):
            return actor, self._surface(actor, head), 1.0
        return None, span.text, 0.8

    def _appositive_person(self, head) -> Person | None:
        """'A spokesman for the agency, Martin Kiprono, said', 'The commander, whose real name
        is Luis Ospina, said': the one person named in apposition or in a relative clause."""
        found = []
        for tok in head.subtree:
            if tok.dep_ in ("appos", "attr") and tok.i != head.i:
                person = self._person_at(tok)
                if person is not None and person not in found:
                    found.append(person)
        return found[0] if len(found) == 1 else None

    def _apposed_after(self, span) -> Person | None:
        """'her pacemaker, Dawit Bekele of Ethiopia': the name right after the description."""
        if span.root.pos_ != "NOUN":
            return None
        return next((p for p in self.people_between(span.end_char + 1, span.end_char + 3) if 0 < p.start - span.end_char <= 2
                     and self.doc.text[span.end_char:p.start].strip() == ","), None)

    def _organisation_of(self, head, span):
        """'A GFA spokesperson', 'a spokesman for the ministry': the organisation speaks."""
        for tok in head.subtree:
            if tok.i == head.i or self.inside_quote(tok.idx):
                continue
            actor = self._actor_over(tok.idx, tok.idx + len(tok.text))
            if actor is not None and actor.type in ("ORG", "GROUP", "GPE"):
                return actor, actor.name, 0.8
        return None, span.text, 0.6

    def _person_in_phrase(self, span) -> Person | None:
        """'Detective Inspector Lorna Baird of …': a name in the phrase itself, not its possessor
        ("Aiden's family") and not inside a prepositional phrase ("the lawyer for Smith")."""
        for tok in span:
            person = self._person_at(tok)
            if person is None:
                continue
            path, node = [], tok
            while node.i != span.root.i and node.head.i != node.i and len(path) < 8:
                path.append(node)
                node = node.head
            possessor = re.match(r"[’']s?\b", self.doc.text[person.end:person.end + 3]) is not None
            # 'President of Chile Ana Ruiz': the name ends the "of" phrase of a capitalised title
            titled = span.root.is_title and all(t.lower_ == "of" for t in path if t.dep_ == "prep")
            if not possessor and not any(t.dep_ in ("relcl", "acl") or t.dep_ in ("pobj", "prep") and not titled
                                         for t in path):
                return person
        return None

    def _surface(self, actor, head) -> str:
        for m in actor.mentions:
            if m.start <= head.idx < m.end:
                return _strip_possessive(m.text)
        return actor.name

    def _pronoun(self, head):
        """A pronoun speaker is the person the actors stage tied it to (its coreference, one
        resolver for the whole record), checked against the trail of speakers: when the actors
        stage tied it to the nearest person but the speech verbs before it name another
        fitting speaker, the trail chooses between the two. When the actors stage tied the
        pronoun to no one, the trail's last speaker stands in with less certainty, and with
        no trail either no speaker is claimed (the pronoun stays the speaker_text)."""
        low = head.lower_
        if low in ("he", "she", "him", "her"):
            linked = self._linked_person(head)
            trail = self.antecedent(head.idx, "m" if low in words("pronouns", "male") else "f")
            if linked is not None and (trail is None or trail.actor is linked):
                return linked, self._name_of(linked, head.idx), 0.85
            if linked is not None and trail.actor is not None:
                # The actors stage took the nearest person; the speech verbs before name another
                # speaker who fits: of the two candidates, the one who was speaking.
                return trail.actor, trail.name, 0.8
            if linked is not None:
                return linked, self._name_of(linked, head.idx), 0.7
            if trail is not None:
                # The actors stage tied the pronoun to no one (or made it an actor of its own):
                # the last speaker of the trail stands in, less surely.
                return trail.actor, trail.name, 0.6
            return None, head.text, 0.5
        actor = self.mentions.longest_inside(head.idx, head.idx + len(head.text))
        if actor is not None and actor.type != "PERSON":
            return actor, actor.name, 0.8
        return None, head.text, 0.5

    def _linked_person(self, head):
        """The PERSON actor whose pronoun mention the actors stage put at this token."""
        for actor, m in self.mentions.overlapping(head.idx, head.idx + 1):
            if actor.type == "PERSON" and m.via == "pronoun" and actor.name.lower() not in words("pronouns"):
                return actor
        return None

    def _name_of(self, actor, before: int) -> str:
        """The person's name as the candidates list spells it (the longest one before `before`)."""
        if self._by_actor is None:
            self._by_actor = {}
            for p in self.people:
                self._by_actor.setdefault(id(p.actor), []).append(p)
        names = [p.name for p in self._by_actor.get(id(actor), []) if p.actor is actor and p.start < before]
        return max(names, key=len, default=actor.name)

    def follow(self, is_cue) -> None:
        """The trail of speakers in text order: who is the subject of each speech verb."""
        self.trail, self._trail_keys = [], []
        for tok in self.sp:
            if not is_cue(tok) or tok.lower_ == "according" or self.inside_quote(tok.idx):
                continue
            subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None or self.inside_quote(subject.idx):
                continue
            person = self._person_at(subject) or self._appositive_person(subject)
            if person is None and subject.lower_ in ("he", "she"):
                person = self.antecedent(subject.idx, "m" if subject.lower_ == "he" else "f")
            elif person is None and self._is_description(self.sp[subject.left_edge.i:subject.i + 1]):
                person = self._described_person(self.sp[subject.left_edge.i:subject.i + 1])
            if person is not None:
                bisect.insort(self._trail_keys, (subject.idx, len(self.trail)))
                self.trail.append((subject.idx, person))

    def antecedent(self, pos: int, gender: str | None = None) -> Person | None:
        """Who a pronoun or a bare description at `pos` most likely means.

        First a person who is a subject earlier in the same paragraph, then the last
        speaker within the window of paragraphs, then the last person named there.
        """
        para_start = self.doc.text.rfind("\n", 0, pos) + 1
        floor = para_start
        for _ in range(ANTECEDENT_WINDOW - 1):
            floor = self.doc.text.rfind("\n", 0, max(floor - 1, 0)) + 1
        lo = min(floor, pos - SPEAKER_REACH)  # nothing before this can be chosen below
        fits = [p for p in self.people_between(lo, pos + 1) if gender is None or p.gender in (None, gender)]
        keys = self._trail_keys[bisect.bisect_left(self._trail_keys, (lo, -1)):bisect.bisect_left(self._trail_keys, (pos, -1))]
        trail = [self.trail[n] for n in sorted(n for _, n in keys)]
        trail = [(at, p) for at, p in trail if gender is None or p.gender in (None, gender)]
        here = [(p.start, p) for p in fits if para_start <= p.start and p.end <= pos and self._is_subject(p)]
        here += [(at, p) for at, p in trail if para_start <= at < pos]
        if here:
            return max(here, key=lambda x: x[0])[1]
        spoke = [(at, p) for at, p in trail if floor <= at < pos]
        if spoke:
            return max(spoke, key=lambda x: x[0])[1]
        named = [p for p in fits if floor <= p.start and p.end <= pos]
        if named:
            return named[-1]
        spoke = [(at, p) for at, p in trail if pos - SPEAKER_REACH <= at < pos]
        if spoke:
            return max(spoke, key=lambda x: x[0])[1]
        named = [p for p in fits if pos - SPEAKER_REACH <= p.start and p.end <= pos]
        return named[-1] if named else None

    def _is_subject(self, person: Person) -> bool:
        span = self.sp.char_span(person.start, person.end, alignment_mode="expand")
        for tok in span or []:
            head = tok.head if tok.dep_ in ("appos", "compound", "flat") else tok
            if tok.dep_ in ("nsubj", "nsubjpass") or head.dep_ in ("nsubj", "nsubjpass"):
                return True
        return False

    def _is_description(self, span) -> bool:
        """'the pundit', 'the governor's chief aide', 'his lawyer': a common-noun head."""
        first = span[0].lower_
        return len(span) > 1 and span.root.pos_ not in ("PROPN", "PRON") \
            and first in words("description_openers", file=SPEAKERS)

    def _description(self, span):
        """'the pundit' -> the person introduced as 'pundit Dean Pollard'; 'the company' -> an ORG."""
        noun = span.root.lemma_.lower()
        if span.root.tag_ == "NNS" or noun in words("group_nouns", file=SPEAKERS):
            linked = self.mentions.longest_inside(span.start_char, span.end_char)
            if linked is not None and linked.type in ("GROUP", "ORG"):
                return linked, linked.name, 0.7
            return None, span.text, 0.6
        if noun in words("org_nouns", file=SPEAKERS):
            linked = self._actor_over(span.root.idx, span.root.idx + len(span.root.text))
            if linked is not None and linked.type in ("ORG", "GROUP") and _fits(linked, span.root):
                return linked, linked.name, 0.8
            named = self._org_named(noun, span.start_char)
            if named is not None:
                return named, named.name, 0.7
            return None, span.text, 0.6
        linked = self._actor_over(span.root.idx, span.root.idx + len(span.root.text))
        if linked is not None and linked.type == "ORG" and _fits(linked, span.root) \
                and span.root.lemma_.lower() in linked.name.lower():
            return linked, linked.name, 0.8  # 'the academy', tied by the actors stage to the academy it named
        person = self._described_person(span)
        if person is not None:
            return person.actor, person.name, 0.7
        linked = self.mentions.longest_inside(span.start_char, span.end_char)
        if linked is not None and linked.type == "PERSON":
            return linked, linked.name, 0.6
        return None, span.text, 0.5

    def _org_named(self, noun: str, before: int):
        """'the district' -> the last organisation before it with 'District' in its name."""
        best, best_at = None, -1
        for actor in self.doc.actors:
            if actor.type not in ("ORG", "GROUP") or noun not in actor.name.lower().split():
                continue
            for m in actor.mentions:
                if best_at < m.start < before:
                    best, best_at = actor, m.start
        return best

    def _described_person(self, span) -> Person | None:
        return self._titled_person(span.root.lemma_.lower(), span.start_char) or self.antecedent(span.start_char)

    def _titled_person(self, noun: str, before: int) -> Person | None:
        """The latest person whose name follows the noun closely ('Dutch economist Lucas Verhoeven')."""
        if noun not in self._titled:  # whether a name follows the noun does not depend on `before`
            self._titled[noun] = [p for p in self._maybe_titled(noun) if self._titled_by(noun, p)]
        titled = self._titled[noun]
        found = [p for p in titled[:bisect.bisect_left([p.start for p in titled], before)]]
        return found[-1] if found else None

    def _maybe_titled(self, noun: str) -> list[Person]:
        """The people with the noun as a word near their name, in text order (the regexes of
        _titled_by only match there); every person when the noun is not one plain word."""
        if not re.fullmatch(r"\w+", noun):
            return self.people
        if self._words_near is None:
            self._words_near = {}
            for n, p in enumerate(self.people):
                near = self.doc.text[max(0, p.start - 40):p.start] + " " + self.doc.text[p.end:p.end + 50]
                for word in set(re.findall(r"\w+", near.lower())):
                    self._words_near.setdefault(word, []).append(n)
        found = set(self._words_near.get(noun, [])) | set(self._words_near.get(noun + "s", []))
        return [self.people[n] for n in sorted(found)]

    def _titled_by(self, noun: str, person: Person) -> bool:
        lead = self.doc.text[max(0, person.start - 40):person.start].lower()
        return bool(re.search(rf"\b{re.escape(noun)}s?\b[^.\n]{{0,12}}$", lead) or
                    re.match(rf",?\s+(?:an?|the)\s+(?:\w+\s+){{0,3}}{re.escape(noun)}\b", self.doc.text[person.end:person.end + 50].lower()))


@lru_cache(maxsize=1)
def gendered_title() -> re.Pattern:
    """'Mr', 'Ms', 'Lord' … before a name: the honorifics that tell a gender, as written."""
    titles = (words("honorifics", "male") | words("honorifics", "female"))
    names = sorted(t.capitalize() for t in titles if not t.endswith("."))  # the dot is optional below
    return re.compile(r"\b(" + "|".join(names) + r")\b\.?\s+")


def _looks_like_person(text: str) -> bool:
    """spaCy sometimes labels 'Kenya's Naomi Chelagat' ORG: two or three capitalised words, no org word."""
    parts = _strip_possessive(text).split()
    return 2 <= len(parts) <= 3 and all(w[:1].isupper() and w.replace("-", "").isalpha() for w in parts) \
        and not any(w.lower() in words("org_name_words", file=SPEAKERS) for w in parts)


def _fits(actor, head) -> bool:
    """A common noun ('the ministry', 'the watchdog') can stand for a news outlet only when it
    names one ('the broadcaster'): the actors stage sometimes links it to the outlet in a dateline."""
    if head.pos_ != "NOUN" or actor.sector != "MED":
        return True
    return head.lemma_.lower() in words("media_nouns", file=SPEAKERS) or head.lemma_.lower() in actor.name.lower()


# "Mr", "Dr." ...: the honorifics tagged strip_title, capitalised, each with an optional dot.
STRIP_TITLE = re.compile(r"^(?:" + "|".join(sorted((w.capitalize() for w in words("honorifics", "strip_title")),
                                                    key=len, reverse=True)) + r")\.?\s+(?=[A-Z])")


def _strip_possessive(text: str) -> str:
    """'Kenya’s Naomi Chelagat' -> 'Naomi Chelagat'; 'Park’s' -> 'Park'; 'Ms Amara Green' -> 'Amara Green'."""
    text = text.strip(" \n\t“”\"‘«»,;:–—-")
    text = STRIP_TITLE.sub("", text)
    text = re.sub(r"^[A-Z][\w.-]*(?: [A-Z][\w.-]*)?[’']s\s+(?=[A-Z])", "", text.strip())
    return re.sub(r"[’']s?$", "", text)


class _Disjoint:
    """Spans that do not overlap one another, kept sorted: does a new one overlap any?"""

    def __init__(self, spans):
        self.spans = sorted(spans)

    def covers(self, pos: int) -> bool:
        i = bisect.bisect_right(self.spans, (pos, float("inf"))) - 1
        return i >= 0 and self.spans[i][0] <= pos < self.spans[i][1]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.spans, (start, -1))
        return self.covers(start) or i < len(self.spans) and self.spans[i][0] < end

    def add(self, start: int, end: int) -> None:
        bisect.insort(self.spans, (start, end))


class _Containment:
    """Spans (overlapping or not): does one of them contain [start, end)?"""

    def __init__(self, spans):
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]
        self.reach, far = [], -1
        for _, b in self.spans:
            far = max(far, b)
            self.reach.append(far)

    def contains(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start) - 1
        return i >= 0 and self.reach[i] >= end
