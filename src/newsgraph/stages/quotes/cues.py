"""Cues: the speech verbs that attribute a quote, the speaker phrase each points at, and
the attribution written onto a quote (speaker, cue text, confidence, medium).

A cue is a reporting verb (lexicon.json's speech verbs tagged quote_cue) outside any quote, or "according to".
Its speaker is its subject, a name just after it ('…," sighed coach Glenn Hartley'),
the object of an inverted cue, or the subject of the verb it hangs on ("…, adding
that …"). Who that phrase means is speakers.py's job.
"""
from __future__ import annotations

import re
from functools import lru_cache

from newsgraph.document import Quote
from newsgraph.lexicon import table, words
from newsgraph.stages.quotes.media import Media
from newsgraph.stages.quotes.page import SYNTAX, Page
from newsgraph.stages.quotes.speakers import SPEAKERS, Speakers

DOCUMENT_NOUNS = words("document_nouns", file=SPEAKERS)
TITLE_REACH = 80  # characters after a cue that a speaker's titles may take ("said study co-author and fellow X")
OWNER_PREPOSITIONS = re.compile(r"\b(" + "|".join(sorted(words("title_owner_prepositions", file=SYNTAX))) + r")\b")


@lru_cache(maxsize=1)
def cue_lexicon() -> dict:
    data = table("cues.json")
    return {"verbs": set(words("speech_verbs", "quote_cue")), "not_indirect": set(data["indirect_only_exclude"]),
            "nouns": set(data["speech_nouns"]), "commissive": set(data["commissive"]),
            "object_content": set(words("speech_verbs", "quote_object")), "thinking": set(data["thinking"]),
            "question": set(data["question_verbs"]), "stance": set(data["stance_adjectives"]),
            "addressee": set(data["addressee_verbs"]), "citing": set(data["citing_verbs"])}


@lru_cache(maxsize=1)
def _lemma_fixes() -> dict[str, str]:
    return table(SYNTAX)["lemma_fixes"]


def lemma(tok) -> str:
    """The token's lemma, where the tagger's is wrong for a cue verb corrected ('hoping' is no 'hop')."""
    return _lemma_fixes().get(tok.lower_, tok.lemma_.lower())


class Cues:
    def __init__(self, page: Page, speakers: Speakers, media: Media):
        self.page = page
        self.sp = page.sp
        self.speakers = speakers
        self.media = media
        self.lexicon = cue_lexicon()
        self._cue_at: dict[int, bool] = {}

    def is_cue(self, tok) -> bool:
        """Asked of every token by several readers: answered once per token."""
        if tok.i not in self._cue_at:
            self._cue_at[tok.i] = self._is_cue(tok)
        return self._cue_at[tok.i]

    def _is_cue(self, tok) -> bool:
        verb = lemma(tok)
        if tok.lower_ == "according" and tok.i + 1 < len(self.sp) and self.sp[tok.i + 1].lower_ == "to":
            return True
        if verb == "ask" and any(c.dep_ == "xcomp" for c in tok.children) \
                and not any(c.dep_ in ("dobj", "dative") for c in tok.children):
            return False  # 'asked to stay anonymous'; 'asked the court to intervene' is a request put to someone
        if verb == "ask" and tok.tag_ == "VBN" and not self._inverted(tok) \
                and not any(c.dep_ in ("aux", "auxpass") for c in tok.children):  # 'has asked …', 'was asked if …'
            return False  # "Asked whether …, she said": the reporter's question, not the cue
        if verb in words("clause_only_cues", file=SYNTAX) and self._plain_object(tok):
            return False  # "declare a national emergency": an act, not speech
        return tok.pos_ in ("VERB", "AUX") and verb in self.lexicon["verbs"] and tok.dep_ != "amod"

    def _plain_object(self, tok) -> bool:
        """The verb has a noun object outside any quote and no reported clause."""
        kids = list(tok.children)
        return any(c.dep_ == "dobj" and not self.page.inside_any_quote(c.idx) for c in kids) \
            and not any(c.dep_ in ("ccomp", "parataxis") for c in kids)

    def indirect_cue(self, tok) -> bool:
        """A cue that may introduce reported speech (not one of cues.json's direct-only verbs)."""
        return self.is_cue(tok) and lemma(tok) not in self.lexicon["not_indirect"]

    def object_cue(self, tok) -> bool:
        """A verb of saying whose object is what was said ('accused the mayor of lying')."""
        return tok.pos_ == "VERB" and lemma(tok) in self.lexicon["object_content"] and tok.dep_ != "amod"

    def passive_speaker(self, cue):
        """'was accused by the union of …': the agent speaks; the passive subject is spoken of."""
        if not any(c.dep_ in ("nsubjpass", "auxpass") for c in cue.children):
            return False, None
        agent = next((c for c in cue.children if c.dep_ == "agent"), None)
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        return True, (self.page.speaker_phrase(pobj) if pobj is not None else None)

    def speaker_of(self, cue):
        if cue.lower_ == "according":
            for child in self.sp[cue.i + 1].children:
                if child.dep_ == "pobj":
                    return self._behind_document(child)
            return None
        for child in cue.children:
            if child.dep_ in ("nsubj", "nsubjpass") and not self.page.inside_any_quote(child.idx):
                if child.idx < self.page.dateline_end:
                    return self._after_dateline(cue)
                if child.tag_ == "WP" and cue.dep_ == "relcl" and cue.head.i < cue.i:
                    return self.page.speaker_phrase(cue.head)  # 'Olsen, who wants …': the one the relative means
                if child.dep_ == "nsubjpass" and lemma(cue) in self.lexicon["addressee"]:
                    return self.passive_speaker(cue)[1]  # 'was told by the mayor that …'; 'was asked if …': none
                if child.i > cue.i and not any(t.ent_type_ == "PERSON" for t in child.subtree):
                    # '…," said study co-author and fellow Ana Ruiz': the parser's subject is a title
                    return self.person_after(cue) or self.page.speaker_phrase(child)
                return self.page.speaker_phrase(child)
        follower = self.person_after(cue) or self._person_between(cue)
        if follower is not None:
            return follower
        if self._inverted(cue):
            # '"…," laughed her pacemaker, Dawit Bekele': the parser may make the speaker an object.
            for child in cue.children:
                if child.dep_ in ("dobj", "npadvmod", "attr", "oprd") and child.i > cue.i:
                    return self.page.speaker_phrase(child)
        if cue.dep_ == "acl" and cue.head.pos_ == "PROPN" and cue.head.i < cue.i and self.sp[cue.i - 1].text == "," \
                and not self.page.inside_any_quote(cue.head.idx):
            return self.page.speaker_phrase(cue.head)  # 'Frank Olsen, the nominee, tweeted:' read as a reduced relative
        cited = self._cited(cue)
        if cited is not None:
            return cited
        # "…, adding that …", "and warned that …": the subject of the verb it hangs on.
        if cue.dep_ in ("conj", "advcl", "xcomp", "dep") and cue.head.pos_ in ("VERB", "AUX") and cue.head.i != cue.i:
            governing = self._governing_cue(cue)
            return self.speaker_of(governing) if governing is not None else None
        return None

    def _governing_cue(self, cue):
        """The verb a participle cue hangs on, outside any quotation: 'X said the rules "cost
        billions", further saying ...' hangs on "cost" inside the quote, and so on "said"."""
        head = cue.head
        if not self.page.inside_any_quote(head.idx):
            return head
        if cue.tag_ != "VBG":
            return None  # a finite verb hung inside a quotation: the parse ran astray
        return next((v for v in head.ancestors if not self.page.inside_any_quote(v.idx) and self.is_cue(v)), None)

    def _cited(self, cue):
        """'cited the minister as saying ...', 'was quoted as saying ...': the one cited speaks."""
        if cue.dep_ != "pcomp" or cue.head.lower_ != "as" or lemma(cue.head.head) not in self.lexicon["citing"]:
            return None
        verb = cue.head.head
        held = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
        return self.page.speaker_phrase(held) if held is not None else None

    def _after_dateline(self, cue):
        """'NAIROBI (Reuters) - Kenya's health ministry said': the parser takes the dateline
        for the subject; the speaker is the noun phrase that follows it."""
        for chunk in self.sp.noun_chunks:
            if self.page.dateline_end <= chunk.start_char < cue.idx:
                return self.page.speaker_phrase(chunk.root)
        return None

    def _inverted(self, cue) -> bool:
        """The cue comes straight after a quote ('…," said X')."""
        if cue.i == 0:
            return False
        before = self.sp[cue.i - 1]
        if before.text == "," and cue.i > 1:  # '…," said X' — but not '…, telling reporters'
            before = self.sp[cue.i - 2]
            if before.text not in words("after_quote_marks", file=SYNTAX) and not self.page.inside_any_quote(before.idx):
                return False
        return before.text in words("after_quote_marks", file=SYNTAX) or self.page.inside_any_quote(before.idx)

    def person_after(self, cue):
        """'…," sighed Kauri coach Glenn Hartley when asked', '…," said study co-author and
        research fellow Ana Ruiz': a name after the cue and the titles before it; not the
        one a title belongs to ('said an aide to Ana Ruiz')."""
        if not self._inverted(cue):
            return None
        text, reach = self.page.text, cue.idx + len(cue.text) + TITLE_REACH
        named = [p for p in self.speakers.people_between(cue.idx + 1, reach + 1)
                 if cue.idx < p.start <= reach and not re.search(r"[,.;:]", text[cue.idx:p.start])
                 and not OWNER_PREPOSITIONS.search(text[cue.idx:p.start])]
        # "Royal Society research fellow Ana Ruiz": the body in the title is not who speaks
        person = next((p for p in named if getattr(p.actor, "type", None) == "PERSON"), named[0] if named else None)
        return self.page.char_span(person.start, person.end) if person is not None else None

    def _person_between(self, cue):
        """'"…," Ramos, 58, told AFP': the parser hung the name on the quote; a person named
        right after the closing mark, before the cue, is who spoke."""
        closed = self.page.span_before(cue.idx)
        if closed is None or cue.idx - closed.end > 60:
            return None
        person = self.speakers.person_starting(closed.end, cue.idx)
        if person is None or self.page.text[closed.end:person.start].strip(" ,") or \
                self.page.text[person.end:cue.idx].strip(" ,").count(" ") > 3:
            return None
        return self.page.char_span(person.start, person.end)

    def _behind_document(self, noun):
        """'a statement from the office', 'figures published by X': the one behind it."""
        if noun.lemma_.lower() in self.lexicon["nouns"] | {"figure", "data", "document"} | DOCUMENT_NOUNS:
            for acl in (c for c in noun.children if c.dep_ == "acl" and c.lemma_.lower() in ("cite", "quote")):
                cited = next((c for c in acl.children if c.dep_ == "dobj"), None)
                if cited is not None:
                    return self.page.speaker_phrase(cited)  # 'figures citing the harbour police'
            for tok in noun.subtree:
                if tok.lower_ in ("from", "by", "of") and tok.head.i in (noun.i, *[c.i for c in noun.children]):
                    pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
                    if pobj is not None:
                        return self.page.speaker_phrase(pobj)
        return self.sp[noun.left_edge.i:noun.i + 1]

    def cue_text(self, cue) -> str:
        if cue.lower_ == "according":
            return "according to"
        parts = [t for t in cue.children if t.dep_ in ("aux", "neg", "prt") and t.i < cue.i + 3]
        if cue.lemma_.lower() in ("make",):
            return cue.text
        particles = [p for p in parts if p.dep_ == "prt"]
        return cue.text if not parts else " ".join(t.text for t in sorted([cue, *particles], key=lambda t: t.i))

    def fill(self, quote: Quote, speaker, cue: str | None, sentence, confidence: float = 0.85) -> None:
        """Write the attribution onto `quote`: who (resolved), the cue, how sure, and the medium."""
        quote.cue = cue
        if speaker is not None:
            actor, text, sure = self.speakers.resolve(speaker)
            quote.speaker = actor.id if actor else None
            quote.speaker_text = text
            confidence *= sure
        quote.confidence = round(confidence if quote.speaker or quote.speaker_text else min(confidence, 0.5), 3)
        if sentence is not None:
            quote.medium = self.media.of_sentence(sentence, _lemma_of(sentence, cue))


def _lemma_of(sentence, cue: str | None) -> str | None:
    """The lemma of the cue's first word as the sentence has it ("tweeted" -> "tweet")."""
    first = cue.split()[0].lower() if cue else None
    return next((t.lemma_.lower() for t in sentence if t.lower_ == first), first)
