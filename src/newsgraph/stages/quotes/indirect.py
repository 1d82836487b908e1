"""Indirect and mixed quotes: what a reporting verb's clause says someone said.

The clause may follow the cue ("X said that …", "rejects the suggestion that …",
"promised to build …") or come first ("Talks ended without agreement, the Union
said"); "according to X" reports the rest of its sentence. A quoted fragment inside
such a clause makes the quote "mixed"; a clause that is itself a direct quote is left
to direct.py.
"""
from __future__ import annotations

import bisect
import re

from newsgraph.document import Quote
from newsgraph.lexicon import table, words
from newsgraph.nlp.quote_marks import QuoteSpan
from newsgraph.nlp.syntax import FINITE_TAGS
from newsgraph.stages.quotes.cues import Cues, lemma
from newsgraph.stages.quotes.nouns import NounCues
from newsgraph.stages.quotes.page import SYNTAX, Page

# 'Clinton: …', 'Sen. Ted Cruz: …': one to four capitalised words, then a colon, at a line's start.
COLON_LEAD = re.compile(r"([A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}):\s+(?=\S)")
Found = list[tuple[Quote, list[QuoteSpan]]]  # each quote with the quotation marks inside it


class IndirectQuotes:
    def __init__(self, page: Page, cues: Cues):
        self.page = page
        self.sp = page.sp
        self.text = page.text
        self.cues = cues
        self.lexicon = cues.lexicon
        self._objects: set[int] = set()  # quotes whose content is a verb's object, not a clause
        self.nouns = NounCues(page, cues.speaker_of)
        self._folded = self.lexicon["thinking"] | self.lexicon["question"]  # see quotes(): part of a covering quote

    def quotes(self) -> Found:
        """Every reported clause of the document, then every 'according to' sentence."""
        found = []
        for tok in self.sp:
            if self.page.inside_any_quote(tok.idx):
                continue
            stance = False
            if self.cues.indirect_cue(tok):
                clause, speaker = self._reported_clause(tok), self.cues.speaker_of(tok)
            elif self.cues.object_cue(tok):
                clause, speaker = self._object_content(tok), self._object_speaker(tok)
                if speaker is None:
                    continue  # 'blaming Iran for the attack' with no one named: too weak to report
            elif self._stance_adjective(tok):
                clause, speaker, stance = self._stance_clause(tok), self.cues.speaker_of(tok.head), True
            elif self.nouns.is_cue(tok):
                speaker = self.nouns.speaker(tok)
                clause = self.nouns.content(tok, speaker)  # 'his claim that …'
            else:
                continue
            if clause is None or clause[1] <= clause[0]:
                continue  # no clause, or a parse whose clause ends before it starts (garbled text)
            start, end = clause
            inside = self.page.spans_within(start - 1, end + 1)
            if any(s.start <= start + 1 and (s.end - s.start) > 0.6 * (end - start) and not self.page.fragment(s)
                   for s in inside):
                continue  # the clause is a direct quote: handled there (a short one is a mixed quote here)
            opening = next((s for s in self.page.spans if s.start <= start + 1 < s.end), None)
            if opening is not None and self.page.fragment(opening):
                # 'told the farmers that "we will wait."': too short a quotation to stand as a direct quote
                start, end = min(start, opening.start), max(end, opening.end)
                inside = [opening]
            elif self.page.inside_any_quote(start):
                continue  # it begins inside a quotation: the direct quote covers it
            if tok.pos_ == "NOUN" and any(q.start <= start and end <= q.end for q, _, _ in found[-3:]):
                continue  # 'rejects the suggestion that …', 'repeated her claim that …': the verb's quote has it
            quote = Quote(id="", kind="mixed" if inside else "indirect", start=start, end=end,
                          text=self.text[start:end])
            self.cues.fill(quote, speaker, self.cues.cue_text(tok), tok.sent, confidence=0.75 if tok.pos_ != "NOUN" else 0.6)
            found.append((quote, inside, tok.idx if stance or lemma(tok) in self._folded else -1))
            if self._object_content(tok) == clause:
                self._objects.add(id(quote))
        # 'X said the Pacific wanted …', '… said she was confident …', '… said the ministry would ask …':
        # a verb of thinking or asking (or a stance adjective) inside another reported clause, or in
        # an 'according to' sentence, is part of what X said.
        according = self._according_to()
        covers = Covering([q for q, _, _ in found if id(q) not in self._objects] + [q for q, _ in according])
        found = [(q, inside) for q, inside, at in found if at < 0 or not covers.other_than(q, at)]
        return found + according + self._colon_leads()

    def _colon_leads(self) -> Found:
        """'Clinton: Trump's plan would hurt workers' as a headline or a paragraph: the name
        before the colon said what follows. A photo caption ('… Photograph: …') is no lead."""
        found, offset = [], 0
        for line in self.text.split("\n"):
            lead = COLON_LEAD.match(line)
            start = offset + (lead.end() if lead else 0)
            end = self.page.trim_end(start, offset + len(line)) if lead else start
            offset += len(line) + 1
            if lead is None or self.page.is_caption(line) or len(self.text[start:end].split()) < 4:
                continue
            name = self.page.char_span(start - len(lead.group(0)), start - len(lead.group(0)) + len(lead.group(1)))
            if name is None or not self.page.mentions.overlapping(name.start_char, name.end_char):
                continue  # "Editor's Note:", "Transcript:": a label, not someone
            spans = self.page.spans_within(start - 1, end + 1)
            if any(s.end - s.start > 0.6 * (end - start) for s in spans):
                continue  # 'Clinton: "…"': a direct quote, read there
            quote = Quote(id="", kind="mixed" if spans else "indirect", start=start, end=end, text=self.text[start:end])
            self.cues.fill(quote, name, ":", None, confidence=0.6)
            if quote.speaker_text and quote.speaker_text.startswith(lead.group(1) + ":"):
                quote.speaker_text = lead.group(1)  # the tagger ran the name on past the colon
            found.append((quote, spans))
        return found

    def _reported_clause(self, verb) -> tuple[int, int] | None:
        for child in verb.children:
            if child.dep_ == "ccomp" and child.i > verb.i and (self._finite(child) or self._subject_taken(verb, child)) \
                    or self._garden_path_clause(verb, child):
                return self._clause_span(verb, child)
            if child.dep_ == "xcomp" and child.i > verb.i and lemma(verb) in self.lexicon["commissive"] \
                    and (verb.dep_ not in ("relcl", "acl") or self._subject_relative(verb)):
                return self._clause_span(verb, child)  # "promised to build …"
            if child.dep_ == "xcomp" and child.i == verb.i + 1 and child.tag_ == "VBG" \
                    and any(t.dep_ == "ccomp" and self._finite(t) for t in child.subtree):
                return self._clause_span(verb, child)  # 'said widening the road would cost …': a gerund as subject
            if child.dep_ == "advcl" and child.i > verb.i and lemma(verb) in self.lexicon["question"] \
                    and any(c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in child.children):
                return self._clause_span(verb, child)  # 'asked the workers if they would vote'
            if child.dep_ == "dobj" and child.i > verb.i:
                content = self._content_clause(child)  # "rejects the suggestion that …"
                if content is not None:
                    return self._clause_span(verb, content)
        return self._as_clause(verb) or self._inverted_clause(verb) or self._leading_cue_clause(verb) \
            or self._object_content(verb)

    def _leading_cue_clause(self, verb) -> tuple[int, int] | None:
        """'Two councillors say the new levy, has never been explained …': the parser makes the
        reported clause the sentence's root and the cue a parataxis before it; the clause is the
        rest of the sentence after the cue."""
        head, sent = verb.head, verb.sent
        if verb.dep_ != "parataxis" or head.i <= verb.i or head.pos_ not in ("VERB", "AUX") \
                or not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in head.children):
            return None
        subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
        if subject is None or subject.left_edge.i > sent.start + 1 or verb.i + 1 >= sent.end:
            return None
        start = self.sp[verb.i + 1].idx
        if self.sp[verb.i + 1].lower_ == "that" and verb.i + 2 < sent.end:
            start = self.sp[verb.i + 2].idx
        end = self.page.trim_end(start, sent.end_char)
        return (start, end) if len(self.text[start:end].split()) >= 4 else None

    def _as_clause(self, verb) -> tuple[int, int] | None:
        """'As the Herald first reported, the mayor voted …': the clause the 'as' phrase hangs
        on is what was reported; the rest of the sentence before or after the phrase, or the
        whole sentence when the phrase sits inside it."""
        if verb.dep_ != "advcl" or verb.head.i == verb.i or verb.head.pos_ not in ("VERB", "AUX"):
            return None
        kids = list(verb.children)
        if not any(c.dep_ == "mark" and c.lower_ == "as" and c.i < verb.i for c in kids) \
                or not any(c.dep_ in ("nsubj", "nsubjpass") for c in kids) \
                or any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in kids):
            return None  # 'as expected', 'as he said he would': no report of the main clause
        return self._around(verb.sent, list(verb.subtree), self._sentence_start(verb.sent), inside_too=True)

    def _around(self, sent, phrase, sent_start: int, inside_too: bool) -> tuple[int, int] | None:
        """The rest of the sentence when `phrase` sits at its start or end; the whole sentence
        when it sits inside (`inside_too`), else None; None too for fewer than four words."""
        p_start, p_end = phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)
        if p_start - sent_start <= 2:
            start, end = p_end, sent.end_char
        elif sent.end_char - p_end <= 2:
            start, end = sent_start, p_start
        elif inside_too:
            start, end = sent_start, sent.end_char
        else:
            return None
        while start < end and self.text[start] in " ,—–-":
            start += 1
        end = self.page.trim_end(start, end)
        if len(self.text[start:end].split()) < 4 or self.page.inside_any_quote(start):
            return None
        return start, end

    def _stance_adjective(self, tok) -> bool:
        """'are concerned that …', 'made clear that …': an adjective of cues.json's stance list
        after 'be' or 'make' (never one inside a noun phrase: 'a clear sign'). 'It is clear that …'
        is the writer's own voice: no one holds the view."""
        return tok.pos_ == "ADJ" and tok.lower_ in self.lexicon["stance"] and tok.dep_ in ("acomp", "ccomp", "oprd") \
            and tok.head.pos_ in ("AUX", "VERB") and tok.head.i < tok.i \
            and not any(c.dep_ in ("nsubj", "expl") and c.lower_ in ("it", "this", "what") for c in tok.head.children)

    def _stance_clause(self, adjective) -> tuple[int, int] | None:
        """The finite clause after the adjective: the parser hangs it on the adjective or on its verb."""
        for clause in [*adjective.children, *adjective.head.children]:
            if clause.dep_ in ("ccomp", "advcl") and clause.i > adjective.i and self._finite(clause) \
                    and not any(c.dep_ == "mark" and c.lower_ != "that" for c in clause.children):
                return self._clause_span(adjective, clause)
        return None

    @staticmethod
    def _subject_relative(verb) -> bool:
        """'a novice who wants to unseat her': the relative pronoun is the subject, so the head
        noun wants; in 'the demands Russia wants to end the war' it is the object."""
        return verb.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.tag_ in ("WP", "WDT") for c in verb.children)

    def _object_speaker(self, verb):
        passive, agent = self.cues.passive_speaker(verb)
        return agent if passive else self.cues.speaker_of(verb)

    def _object_content(self, verb) -> tuple[int, int] | None:
        """'denied the charges', 'accused the mayor of lying', 'called for an inquiry', 'called him
        a pragmatic strategist', 'pointed to the deficit': for lexicon.json's quote_object verbs,
        the object and its complement are what was said."""
        if lemma(verb) not in self.lexicon["object_content"]:
            return None
        needs = table(SYNTAX)["object_cue_needs"].get(lemma(verb))
        parts = []
        for child in verb.children:
            if child.i < verb.i:
                if child.dep_ == "dobj":
                    return None  # 'which they blame for …', 'what he called …': the object stands before, outside
                continue
            if child.dep_ not in words("object_content_deps", file=SYNTAX):
                if parts:
                    break  # '…, and', a comma: what was said has ended
                continue
            parts.append(child)
        verb_lemma = lemma(verb)
        preps = table(SYNTAX)["object_cue_preps"].get(verb_lemma, [])
        # 'called for the bill to be dropped': the parser reads "for" as the mark of an infinitive clause
        lead = {c.i: next((m for m in c.children if m.dep_ == "mark" and m.lower_ in preps), None)
                for c in parts if c.dep_ == "advcl"}
        word = lambda c: lead.get(c.i) or c  # noqa: E731 - the clause's "for", else the part itself
        core = any(c.dep_ in words("object_core_deps", file=SYNTAX) or word(c).lower_ in preps for c in parts)
        if needs is not None:  # 'called for …' straight after the verb (or its adverb), not 'called a strike for Monday'
            core = core and any(c.dep_ in needs or word(c).lower_ in needs and self._next_to(verb, word(c)) for c in parts)
        if not core or any(c.tag_ in ("WDT", "WP") for c in parts):
            return None  # 'announced on Tuesday', 'called the meeting', 'which they blame for': no object of speech here
        tokens = sorted((t for c in parts if c.dep_ != "prt" for t in c.subtree), key=lambda t: t.i)
        if tokens and (tokens[0].dep_ == "prep" and tokens[0].head.i == verb.i or tokens[0].i in
                       {m.i for m in lead.values() if m is not None}):
            tokens = tokens[1:]  # 'called for [an inquiry]', 'pointed to [the deficit]'
        complement = any(c.dep_ in ("oprd", "xcomp") for c in parts)  # 'called them liars'
        if len([t for t in tokens if not t.is_punct]) < 2 or tokens[0].pos_ == "PRON" and len(tokens) < 3 and not complement:
            return None  # 'denied it', 'criticized him': no content to report
        start, last = tokens[0].idx, tokens[-1]
        end = min(last.idx + len(last.text), verb.sent.end_char)
        return start, self.page.trim_end(start, end)

    @staticmethod
    def _next_to(verb, word) -> bool:
        """'spoke of', 'spoke warmly of': nothing but adverbs between the verb and the word."""
        return word.i > verb.i and all(t.pos_ == "ADV" for t in verb.doc[verb.i + 1:word.i])

    def _finite(self, head) -> bool:
        """A reported clause has a subject: '…, his voice breaking' (an absolute phrase) and
        'a statement read to the court' (a participle) are not something said."""
        if head.tag_ == "VBG" and not any(c.dep_ in ("aux", "auxpass") for c in head.children):
            return False
        if any(c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE_TAGS | {"MD"} for c in head.children):
            return True  # a tense of its own ('the ballots were not counted', where the parser hung the subject on 'were')
        if head.tag_ in FINITE_TAGS and any(c.dep_ in ("dobj", "attr", "ccomp") for c in head.children):
            return True  # 'said about a third of it went to wages'; not 'a statement read to the court'
        return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in head.children) or head.pos_ != "VERB"

    def _clause_span(self, verb, child) -> tuple[int, int]:
        tokens = list(child.subtree)
        if lemma(verb) not in words("speech_verbs", "addressee_object"):
            # "said enrollment at Jefferson had fallen": the parser may hang the clause's
            # subject on the cue as its object; the clause still begins there. (After
            # "told reporters that …" the object is the person spoken to.)
            subjectless = not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in child.children)
            stray = [c for c in verb.children if verb.i < c.i < tokens[0].i
                     and (c.dep_ == "dobj" or c.dep_ == "prep" and subjectless)]  # 'said about half of it went …'
            if stray:
                tokens = list(stray[0].subtree) + [t for t in tokens if t.i > stray[0].right_edge.i]
        while len(tokens) > 1 and tokens[0].lower_ in ("that", "to"):
            tokens = tokens[1:]
        tokens = self._before_next_cue(child, tokens)
        start = tokens[0].idx
        last = tokens[-1]
        end = last.idx + len(last.text)
        if not self._subject_relative(verb):  # 'Olsen, who wants to run, spent …': the relative clause ends it
            end = max(end, self._extend_to_sentence(verb, end))
        end = min(end, verb.sent.end_char)
        return start, self.page.trim_end(start, end)

    def _before_next_cue(self, child, tokens: list) -> list:
        """'said the rules "cost billions," further saying, "..."': a speaking participle the
        parser hangs inside the clause starts a quote of its own; the clause ends before it."""
        for tok in tokens:
            if tok.i > child.i and self._speaking_participle(tok):
                cut = [t for t in tokens if t.i < tok.left_edge.i]
                return cut or tokens
        return tokens

    def _speaking_participle(self, tok) -> bool:
        return tok.tag_ == "VBG" and tok.dep_ in ("advcl", "conj") and self.cues.is_cue(tok)

    def _content_clause(self, noun):
        for child in noun.children:
            if child.dep_ in ("acl", "ccomp") and any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children) \
                    and any(c.lower_ == "that" for c in child.children):
                return child
        return None

    def _inverted_clause(self, verb) -> tuple[int, int] | None:
        """'Talks ended without agreement, the African Union said': the clause comes first;
        'The budget, aides said, is out of reach': the cue sits inside it, set off by commas."""
        sent = verb.sent
        before_clause = any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.children)
        parataxis = verb.dep_ in ("parataxis", "conj", "advcl", "ccomp") and verb.head.i < verb.i \
            and lemma(verb) not in self.lexicon["not_indirect"]
        if not (before_clause or parataxis):
            return self._medial_clause(verb)
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.i < sent.start + 3:
            return None
        edge = subject.left_edge if subject.i < verb.i else verb  # '…, said the senator'
        if edge.i == 0 or self.sp[edge.i - 1].text not in (",", "—", "–", "-"):
            return None
        start = self._sentence_start(sent)
        return start, self.page.trim_end(start, self.sp[edge.i - 1].idx)

    def _medial_clause(self, verb) -> tuple[int, int] | None:
        """', aides said,' inside the clause it reports: the whole sentence was said."""
        sent = verb.sent
        if verb.dep_ != "parataxis" or verb.head.i < verb.i or lemma(verb) in self.lexicon["not_indirect"]:
            return None
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.i <= sent.start + 1 or subject.i > verb.i:
            return None
        edge = subject.left_edge
        right = max((t for t in verb.subtree if not t.is_punct), key=lambda t: t.i)
        dashes = (",", "—", "–", "-")
        if self.sp[edge.i - 1].text not in dashes or right.i + 2 >= sent.end or self.sp[right.i + 1].text not in dashes:
            return None
        if self.page.inside_any_quote(self.sp[right.i + 2].idx):
            return None  # 'Speaking to reporters, she said, "…"': the quotation is the quote
        start, end = self._sentence_start(sent), sent.end_char
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, self.page.trim_end(start, end)

    def _sentence_start(self, sent) -> int:
        start = sent.start_char
        while start < sent.end_char and self.text[start] in " \"“”'‘’«»":
            start += 1
        return start

    def _according_to(self) -> Found:
        """'According to X, …' and '…, according to X': the rest of the sentence is reported."""
        found = []
        for tok in self.sp:
            if tok.lower_ != "according" or not self.cues.is_cue(tok) or self.page.inside_any_quote(tok.idx):
                continue
            span = self._according_span(tok)
            if span is None:
                continue
            start, end = span
            inside = self.page.spans_within(start, end)
            quote = Quote(id="", kind="mixed" if inside else "indirect", start=start, end=end,
                          text=self.text[start:end])
            self.cues.fill(quote, self.cues.speaker_of(tok), "according to", tok.sent, confidence=0.7)
            if quote.medium is None and quote.speaker is not None:
                quote.medium = self.cues.media.outlet_id(quote.speaker)  # 'according to the Herald
            found.append((quote, inside))
        return found

    def _according_span(self, tok) -> tuple[int, int] | None:
        """The part of the sentence before or after the 'according to X' phrase at its edge;
        the whole sentence when the phrase sits inside it."""
        return self._around(tok.sent, list(tok.subtree), tok.sent.start_char, inside_too=True)

    @staticmethod
    def _subject_taken(verb, clause) -> bool:
        """'say the new levy, has never been explained': the parser took the clause's subject for
        the cue's object; the clause still has its own auxiliary. (After 'told' the object is
        the one spoken to.)"""
        return lemma(verb) not in words("speech_verbs", "addressee_object") \
            and any(c.dep_ == "dobj" and verb.i < c.i < clause.i for c in verb.children) \
            and any(c.dep_ in ("aux", "auxpass") for c in clause.children)

    def _garden_path_clause(self, verb, child) -> bool:
        """'claimed a deal cannot be agreed': the parser makes 'a deal' the object, but
        a finite verb further on shows the object begins a reported clause."""
        if child.dep_ != "dobj" or child.i < verb.i:
            return False
        following = [t for t in verb.subtree if t.i > child.i]
        return any(t.dep_ in ("ccomp", "advcl") and any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in t.children)
                   for t in following if t.head.i != verb.i)

    def _extend_to_sentence(self, verb, end: int) -> int:
        """Let the clause run to the sentence end, past trailing modifiers of the cue,
        but not into a second speech verb of the same speaker ("said … but conceded that …")."""
        limit = verb.sent.end_char
        for conj in verb.children:
            if conj.dep_ == "conj" and conj.idx >= end and self.cues.is_cue(conj):
                cc = [c for c in verb.children if c.dep_ in ("cc", "punct") and end <= c.idx < conj.idx]
                limit = min(limit, cc[0].idx if cc else conj.idx)
        for tok in verb.sent:
            if tok.idx >= end and self._speaking_participle(tok):
                limit = min(limit, tok.left_edge.idx)  # "..., adding that ...": a quote of its own
                break
        tail = self.text[end:limit]
        stop = re.search(r"[,;]\s+(?:he|she|they|it|officials?)\s+(?:said|added)|[.!?]", tail)
        return end + (stop.start() if stop else len(tail))


class Covering:
    """Which quotes cover an offset, answered by bisection: a scan of every quote for each
    verb of thinking made the stage quadratic on long texts (issue 20)."""

    def __init__(self, quotes: list[Quote]):
        quotes = sorted(quotes, key=lambda q: q.start)
        self.starts = [q.start for q in quotes]
        # For each prefix of the quotes by start: the two farthest ends, with their quotes,
        # so that "another quote than q" is answered without a scan.
        self.best: list[tuple[tuple[int, Quote | None], tuple[int, Quote | None]]] = []
        first, second = (-1, None), (-1, None)
        for q in quotes:
            if q.end > first[0]:
                first, second = (q.end, q), first
            elif q.end > second[0]:
                second = (q.end, q)
            self.best.append((first, second))

    def other_than(self, quote: Quote, at: int) -> bool:
        """Whether a quote other than `quote` starts at or before `at` and ends after it."""
        k = bisect.bisect_right(self.starts, at)
        if k == 0:
            return False
        first, second = self.best[k - 1]
        end = second[0] if first[1] is quote else first[0]
        return end > at
