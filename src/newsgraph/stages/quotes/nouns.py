"""Noun cues: 'his claim that …', 'a warning from the agency that …', 'X made the promise to …'.

A noun of saying or thinking (cues.json's content_nouns) with a content clause reports
what someone said or thinks. The clause must be a real content clause (a 'that' clause
with a subject, or the infinitive of a promise or threat), not a relative clause ('the
claim that he made'). The speaker is the possessor, a 'by' / 'from' phrase, or the
subject of a verb that carries the noun ('issued a statement that …'); with none of
these the speaker is null, not a guess.
"""
from __future__ import annotations

from functools import lru_cache

from newsgraph.lexicon import table, words
from newsgraph.stages.quotes.page import Page

_SOURCE_PREPS = ("by", "from")


@lru_cache(maxsize=1)
def _lists() -> dict[str, set[str]]:
    data = table("cues.json")
    return {key: set(data[key]) for key in ("content_nouns", "content_noun_carriers", "content_noun_infinitive",
                                            "content_noun_gap_verbs")}


class NounCues:
    def __init__(self, page: Page, speaker_of):
        self.page = page
        self.sp = page.sp
        self._speaker_of_verb = speaker_of  # Cues.speaker_of: the subject of the carrying verb
        self.lists = _lists()

    def is_cue(self, tok) -> bool:
        return tok.pos_ == "NOUN" and tok.lemma_.lower() in self.lists["content_nouns"]

    def content(self, noun, speaker):
        """The clause the noun reports: its 'that' clause, or, when someone holds it, a promise's
        infinitive ('his pledge to cut taxes'; 'confirmed plans to cut jobs' names no one who planned)."""
        that = self._that_clause(noun)
        if that is not None or speaker is None:
            return that
        for child in noun.children:
            if child.i > noun.i and child.dep_ in ("acl", "ccomp", "appos") and self._wants_infinitive(noun) \
                    and child.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
                return self._span(child)
        return self._stray_infinitive(noun) or self._call_for(noun)

    def _that_clause(self, noun):
        for child in noun.children:
            if child.i < noun.i or child.dep_ not in ("acl", "ccomp", "appos"):
                continue
            kids = list(child.children)
            marked = any(c.dep_ in ("mark", "dobj") and c.lower_ == "that" for c in kids)
            if marked and any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.lower_ != "that" for c in kids) \
                    and not self._relative(child, kids):
                return self._span(child)
        return None

    def _wants_infinitive(self, noun) -> bool:
        return noun.lemma_.lower() in self.lists["content_noun_infinitive"]

    def _stray_infinitive(self, noun):
        """'renewed his call to ban it': the parser hangs the infinitive on the verb, not the noun."""
        after = noun.i + 1
        if not self._wants_infinitive(noun) or after + 1 >= len(self.sp) or self.sp[after].lower_ != "to":
            return None
        verb = self.sp[after].head
        if verb.i == after + 1 and verb.tag_ == "VB" and verb.dep_ in ("advcl", "xcomp") and verb.head.i == noun.head.i:
            return self._span(verb)
        return None

    def _call_for(self, noun):
        """'his call for a ban on the pesticide': what is called for was said."""
        if noun.lemma_.lower() != "call":  # 'demand for chips' is a market's
            return None
        prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "for" and c.i == noun.i + 1), None)
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        return self._span(pobj) if pobj is not None else None

    def _relative(self, verb, kids) -> bool:
        """'the claim that he made', 'the claim that she used to justify it': 'that' is the verb's
        missing object (the tagger often reads it as a complementiser), so the clause says nothing."""
        gap_verb = verb.lemma_.lower() in self.lists["content_noun_gap_verbs"]
        complements = ("dobj", "ccomp", "attr", "oprd", "acomp") + (() if gap_verb else ("xcomp",))
        if any(c.dep_ in complements and c.lower_ != "that" for c in kids):
            return False
        return gap_verb or verb.lemma_.lower() in self.lists["content_noun_carriers"] | words("speech_verbs")

    def _span(self, head):
        tokens = [t for t in head.subtree]
        while len(tokens) > 1 and tokens[0].lower_ in ("that", "to"):
            tokens = tokens[1:]
        start, last = tokens[0].idx, tokens[-1]
        end = min(last.idx + len(last.text), head.sent.end_char)
        return start, self.page.trim_end(start, end)

    def speaker(self, noun):
        """'his claim', 'claims by the agency', 'the senator made the claim': who holds it."""
        for child in noun.children:
            if child.dep_ == "poss":
                return self.page.speaker_phrase(child)
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in _SOURCE_PREPS:
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return self.page.speaker_phrase(pobj)
        head = noun.head
        if noun.dep_ == "dobj" and head.lemma_.lower() in self.lists["content_noun_carriers"]:
            return self._speaker_of_verb(head)
        return None
