"""The shared draft set: the mentions (Ref) and actors (Draft) the parts of the stage
build, and the workspace that holds them while one document is read.

Every part of the stage is a set of functions over one Workspace: they add drafts and
mentions, mark tokens as taken, and ask how salient an actor is at a point in the text.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from newsgraph.document import Document
from newsgraph.nlp.gazetteer import gazetteer, nominals
from newsgraph.nlp.intervals import Stabbing
from newsgraph.nlp.quote_marks import find_quote_spans
from newsgraph.nlp.syntax import CLAUSE_HEADS, subject_of
from newsgraph.stages.actors.refindex import Intervals, RefIndex

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
    place_in_name: str | None = None  # a town an ORG's name holds that gave it no country ("University of Kingston")
    governs: bool = False  # a place spoken of as a government ("the Punjab government")
    why: dict = field(default_factory=dict)  # "country"/"sector" -> the evidence that set it


def initials(name: str) -> str:
    """"Financial Conduct Authority" -> "FCA": the first letters of the capitalised words."""
    words = [w for w in name.split() if w[:1].isupper() and w.lower() not in ("of", "for", "the", "and")]
    return "".join(w[0] for w in words)


class Workspace:
    """One document's drafts, keyed by actor key, and what the parts share about the text."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.sp = doc.nlp
        self.gaz = gazetteer()
        self.nom = nominals()
        self.drafts: dict[str, Draft] = {}
        self.sent_of = {}
        self.sent_chars: list[int] = []  # where each sentence starts, in characters
        for i, sent in enumerate(self.sp.sents):
            self.sent_chars.append(sent.start_char)
            for tok in sent:
                self.sent_of[tok.i] = i
        self._seq: dict[str, int] = {}  # draft key -> its place in `drafts`
        self._created = 0
        self.org_words: dict[tuple, Draft] = {}  # the first ORG whose longer name starts (or ends) so
        self.org_initials: dict[str, list[Draft]] = {}  # "FCA" -> ORGs named "Financial Conduct Authority"
        self.short_forms: dict[str, Draft] = {}  # "Imarst" -> the ORG it followed in brackets
        self._person_words: dict[str, list[Draft]] = {}  # a word of a person's name -> the persons
        self._index: RefIndex | None = None
        self.taken: set[int] = set()  # token indices already inside a mention
        self.age_cues: list[tuple[Ref, str]] = []
        self._quote_spans: list[tuple[int, int]] | None = None
        self._quoted: Intervals | None = None
        self._first_quote: Stabbing | None = None
        self.home: tuple[str | None, str | None] = (None, None)  # the article's home country, and why

    def draft(self, dkey: str, name: str, type_: str, pos: int, **codes) -> Draft:
        draft = self.drafts.get(dkey)
        if draft is None:
            draft = self.drafts[dkey] = Draft(key=dkey, name=name, type=type_, first=pos, **codes)
            self._seq[dkey] = self._created = self._created + 1  # a key made again goes last, as in the dict
            if type_ == "ORG":  # names and types of organisations never change
                words = name.lower().split()
                for n in range(1, len(words)):
                    self.org_words.setdefault(("starts", *words[:n]), draft)
                if len(words) > 1:
                    self.org_words.setdefault(("ends", words[-1]), draft)
                self.org_initials.setdefault(initials(name), []).append(draft)
        draft.first = min(draft.first, pos)
        return draft

    def index_person(self, draft: Draft) -> None:
        """Record the words of a person's name (again after it grows), for `persons_named`."""
        for word in {*draft.name.lower().split(), draft.given, draft.family} - {None}:
            found = self._person_words.setdefault(word, [])
            if not found or found[-1] is not draft:
                found.append(draft)

    def persons_named(self, words: list[str]) -> list[Draft]:
        """The persons, in the order of `persons()`, with any of these words in their name
        (as indexed by `index_person`): the only ones a name of these words can match."""
        found = {d.key: d for w in words for d in self._person_words.get(w, ()) if self.drafts.get(d.key) is d}
        return sorted(found.values(), key=lambda d: self._seq[d.key])

    def ref(self, span, via: str, draft: Draft, head_only: bool = False) -> Ref:
        """Record a mention; a nominal marks only its head as taken, so that a
        possessor inside it ("the club's chairman") can still be resolved."""
        start, end = span.start_char, span.end_char
        text = self.doc.text[start:end]
        ref = Ref(start=start, end=end, text=text, via=via, sent=self.sent_of.get(span.start, 0),
                  subject=span.root.dep_ in ("nsubj", "nsubjpass"), head=span.root.i)
        ref.key = draft.key
        draft.refs.append(ref)
        if self._index is not None:
            self._index.add(draft.key, ref, len(draft.refs) - 1)
        if head_only:
            self.taken.add(span.root.i)
        else:
            self.taken.update(range(span.start, span.end))
        return ref

    @property
    def index(self) -> RefIndex:
        """The refs by position (refindex.py), built again after `changed()`."""
        if self._index is None:
            self._index = RefIndex(self.drafts, self._seq)
        return self._index

    def absorb(self, keep: Draft, gone: Draft) -> None:
        """`gone` names the same actor as `keep`: its mentions become keep's, and it goes."""
        for ref in gone.refs:
            ref.key = keep.key
        keep.refs.extend(gone.refs)
        del self.drafts[gone.key]
        self.changed()

    def changed(self) -> None:
        """Say so after changing a draft's refs other than by `ref`, or removing a draft."""
        self._index = None

    def _reach(self, sent: int) -> float:
        """No ref ending before this character is within WINDOW sentences of `sent`: it
        starts in an earlier sentence than `sent - WINDOW`."""
        back = sent - WINDOW
        if back <= 0:
            return float("-inf")
        return self.sent_chars[back] if back < len(self.sent_chars) else float("inf")

    def last_ref(self, draft: Draft, pos: int, sent: int) -> Ref | None:
        """The draft's latest ref ending by `pos`, within WINDOW sentences, outside quotes."""
        return self.index.last_before(draft.key, pos, self._reach(sent),
                                      lambda r: sent - r.sent <= WINDOW and not self.in_quote(r.start))

    def nearby(self, pos: int, sent: int, also=(), ahead: bool = False) -> list[Draft]:
        """In dict order, every draft that may be salient at `pos` (a ref ending by `pos`
        within reach of `sent`), those keyed in `also`, and with `ahead` those with a ref
        starting after `pos` up to the end of the next sentence."""
        index = self.index
        keys = {k for _, k in index.ending_in(self._reach(sent), pos)} if self._reach(sent) <= pos else set()
        keys.update(k for k in also if k in self.drafts)
        if ahead:
            limit = self.sent_chars[sent + 2] if 0 <= sent + 2 < len(self.sent_chars) else len(self.doc.text) + 1
            keys.update(k for r, k in index.starting_in(pos + 1, limit) if r.start > pos)
        return [self.drafts[k] for k in index.in_order(keys)]

    def salience(self, draft: Draft, pos: int, sent: int) -> float:
        last = self.last_ref(draft, pos, sent)
        if last is None:
            return 0.0
        closeness = 1.0 / (1 + sent - last.sent)
        return closeness + 0.3 * last.subject + 0.05 * min(len(draft.refs), 6) + 0.1 * (last.via == "name")

    def first_quote_at(self, pos: int) -> tuple[int, int] | None:
        """The first quote span (in `quote_spans` order) holding `pos`."""
        if self._first_quote is None:
            self._first_quote = Stabbing((a, b, n) for n, (a, b) in enumerate(self.quote_spans))
        n = self._first_quote(pos)
        return self.quote_spans[n] if n is not None else None

    def sent_at(self, pos: int) -> int:
        span = self.sp.char_span(pos, pos + 1, alignment_mode="expand")
        return self.sent_of.get(span.start, 0) if span is not None else 0

    @property
    def quote_spans(self) -> list[tuple[int, int]]:
        if self._quote_spans is None:
            self._quote_spans = [(s.start, s.end) for s in find_quote_spans(self.doc.text)]
        return self._quote_spans

    def in_quote(self, pos: int) -> bool:
        """Names inside someone's quoted words are poor antecedents for the narrator's pronouns."""
        if self._quoted is None:
            self._quoted = Intervals(self.quote_spans)
        return pos in self._quoted

    def ref_key_at(self, tok) -> str | None:
        """The first draft (in dict order) with a ref holding the word's first character."""
        keys = self.index.holding(tok.idx)
        return self.index.in_order(keys)[0] if keys else None

    def clause_subjects(self, tok) -> set[str]:
        """The actors that are subjects of the clause whose object `tok` is: "the governor" in
        "Smith criticised the governor", or in "was praised by the governor", is not Smith."""
        if tok.dep_ not in ("dobj", "pobj", "dative"):
            return set()
        verb = tok.head if tok.dep_ != "pobj" else tok.head.head
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        shared = subject_of(verb) if not subjects and verb.pos_ in CLAUSE_HEADS else None  # "met X and criticised Y"
        found = (self.ref_key_at(t) for t in [*subjects, *([shared.root] if shared is not None else [])])
        return {k for k in found if k}

    def possessor(self, tok) -> str | None:
        """The actor that owns a noun phrase: "his" in "his wife", "Doucette" in "Doucette's sister"."""
        for child in tok.children:
            if child.dep_ == "poss":
                return self.ref_key_at(child) or "?"
        return None

    def persons(self) -> list[Draft]:
        return [d for d in self.drafts.values() if d.type == "PERSON"]
