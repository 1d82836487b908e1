"""Quotes: direct, indirect and mixed quotes with speaker, cue and medium.

Quotation marks are paired per paragraph in any style, and a quote may run
over several paragraphs in the newspaper convention (each paragraph opens with
a mark, only the last closes). A direct quote is attributed, in this order, to
the nearest speech verb in its paragraph ("…," said X / X insisted: "…"), a
trailing dash ("… - Commissioner X"), a colon lead ("And from X:", "X, role:"),
or else the speaker just before it. Indirect quotes come from reporting verbs
with a clause complement, in either order ("X said that …", "…, X said") and
from "according to X"; a quoted fragment inside such a clause makes it "mixed".
Who the speaker phrase means is speakers.py's job. When unsure we say so with a
low confidence or no speaker.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from newsgraph.document import Document, Quote
from newsgraph.nlp.gazetteer import MEDIA_WORDS, gazetteer, load_data, outlet_like
from newsgraph.nlp.quote_marks import OPENERS, PAIRS, QuoteSpan, find_quote_spans
from newsgraph.stages.quotes.speakers import Speakers

MIN_UNATTRIBUTED_WORDS = 6
# Cues whose object is the person spoken to ("told reporters that …"), not the clause's subject.
PERSON_OBJECT_CUES = {"tell", "inform", "assure", "reassure", "brief", "warn", "remind", "advise", "urge", "ask"}
# A sentence break between a cue and its quote; "U.S." or "Dr." is an abbreviation, not a break.
SENTENCE_BREAK = re.compile(r"(?<![A-Z])(?<!\b[A-Z][a-z])[.!?][”\"’']?\s+[A-Z“\"]")


@lru_cache(maxsize=1)
def cue_lexicon() -> dict:
    data = load_data("cues.json")
    return {"verbs": set(data["verbs"]), "not_indirect": set(data["indirect_only_exclude"]),
            "nouns": set(data["speech_nouns"]), "commissive": set(data["commissive"])}


# ---- extraction ------------------------------------------------------------
def extract_quotes(doc: Document) -> Document:
    if doc.nlp is None or not doc.text:
        return doc
    finder = QuoteFinder(doc)
    doc.quotes = finder.run()
    return doc


class QuoteFinder:
    def __init__(self, doc: Document):
        self.doc = doc
        self.sp = doc.nlp
        self.text = doc.text
        self.spans = find_quote_spans(doc.text)
        self.span_starts = [s.start for s in self.spans]  # sorted and disjoint: found by bisection
        self.cues = cue_lexicon()
        self.dateline_end = _dateline_end(doc.text)
        self.speakers = Speakers(doc, self._inside_any_quote)
        self.speakers.follow(self._is_cue)

    def run(self) -> list[Quote]:
        indirect = self._indirect()
        absorbed = {id(s) for q, spans in indirect for s in spans}
        direct = [self._direct(s, previous) for s, previous in self._with_previous()
                  if id(s) not in absorbed]
        quotes = [q for q in direct if q] + [q for q, _ in indirect]
        quotes.sort(key=lambda q: q.start)
        self._carry_medium(quotes)
        for n, quote in enumerate(quotes, 1):
            quote.id = f"q{n}"
        return quotes

    def _carry_medium(self, quotes: list[Quote]) -> None:
        """'Writing in X, she argued …' then '"…," she wrote': one interview, one outlet."""
        for earlier, later in zip(quotes, quotes[1:]):
            same_speaker = later.speaker_text and later.speaker_text == earlier.speaker_text
            near = self.text.count("\n", earlier.end, later.start) <= 1
            if later.medium is None and earlier.medium and same_speaker and near:
                later.medium = earlier.medium

    def _with_previous(self):
        previous = None
        for span in self.spans:
            yield span, previous
            previous = span

    # ---- direct -----------------------------------------------------------
    def _direct(self, span: QuoteSpan, previous: QuoteSpan | None) -> Quote | None:
        inner_start, inner_end = span.inner
        content = self.text[inner_start:inner_end].strip()
        if len(content.split()) < 4 and not self._stands_alone(span):
            return None  # a fragment inside a sentence: part of a mixed quote, or a scare quote
        if _title_like(content) and not self._stands_alone(span):
            return None  # 'the Tully Secure Income Fund', "Salt and Iron": a name or a title
        attribution = self._attribution_for(span)
        if attribution is None and not self._quote_like(content):
            return None  # a scare quote, title or nickname, not something said
        quote = Quote(id="", kind="direct", start=inner_start, end=inner_end,
                      text=self.text[inner_start:inner_end])
        if attribution:
            self._fill(quote, *attribution)
        else:
            self._inherit(quote, span)
        return quote

    def _stands_alone(self, span: QuoteSpan) -> bool:
        """A short quote counts when it is introduced by a colon or opens its paragraph."""
        before = self.text[max(0, span.start - 3):span.start]
        return span.start == 0 or "\n" in before or ":" in before

    def _quote_like(self, content: str) -> bool:
        words = content.split()
        return len(words) >= MIN_UNATTRIBUTED_WORDS

    def _attribution_for(self, span: QuoteSpan):
        """(speaker token span, cue text, sentence span) or None."""
        para_start, para_end = self._paragraph_bounds(span.start, span.end)
        cue = self._nearest_cue(span, para_start, para_end)
        if cue is not None:
            return self._speaker_of(cue), self._cue_text(cue), cue.sent
        # '"…" - Commissioner X' up to the paragraph end or the next quotation.
        dash = re.match(r"\s*[-–—]\s*([^\n“\"«]{2,80}?)\s*(?=[“\"«]|$)", self.text[span.end:para_end])
        if dash:
            start = span.end + dash.start(1)
            return self._char_span(start, start + len(dash.group(1).rstrip(". "))), None, None
        lead = self._colon_lead(span, para_start)
        if lead is not None:
            return lead
        return None

    def _paragraph_bounds(self, start: int, end: int) -> tuple[int, int]:
        para_start = self.text.rfind("\n", 0, start) + 1
        para_end = self.text.find("\n", end)
        return para_start, len(self.text) if para_end < 0 else para_end

    def _inside_any_quote(self, pos: int) -> bool:
        # Called per token per quote: a linear scan made hundreds of quotes in one paragraph cubic.
        i = bisect.bisect_right(self.span_starts, pos) - 1
        return i >= 0 and pos < self.spans[i].end

    def _nearest_cue(self, span: QuoteSpan, para_start: int, para_end: int):
        # A cue must sit in the quote's own paragraph(s), outside any quote.
        best, best_dist = None, 10**9
        for tok in self.sp.char_span(para_start, para_end, alignment_mode="expand") or []:
            if self._inside_any_quote(tok.idx) or not self._is_cue(tok):
                continue
            if not self._cue_governs(tok, span):
                continue
            dist = span.start - tok.idx if tok.idx < span.start else tok.idx - span.end
            if self._object_of(tok, span):
                dist -= 1000  # 'called the results "…"': the quote is this verb's own object
            if dist < best_dist:
                best, best_dist = tok, dist
        return best

    def _is_cue(self, tok) -> bool:
        lemma = tok.lemma_.lower()
        if tok.lower_ == "according" and tok.i + 1 < len(self.sp) and self.sp[tok.i + 1].lower_ == "to":
            return True
        if lemma == "ask" and any(c.dep_ == "xcomp" for c in tok.children):
            return False  # "who asked not to be named"
        if lemma == "ask" and tok.tag_ == "VBN":
            return False  # "Asked whether …, she said": the reporter's question, not the cue
        return tok.pos_ in ("VERB", "AUX") and lemma in self.cues["verbs"] and tok.dep_ != "amod"

    def _object_of(self, tok, span: QuoteSpan) -> bool:
        inner = self._char_span(*span.inner)
        if tok.idx > span.start or inner is None or not len(inner):
            return False
        return any(a.i == tok.i for a in inner.root.ancestors) and inner.root.dep_ in ("dobj", "oprd", "ccomp", "pobj", "attr", "advcl", "xcomp")

    def _cue_governs(self, tok, span: QuoteSpan) -> bool:
        """Between the cue and the quote there is no other sentence of reported speech."""
        if tok.idx > span.end and self.text[span.inner[1] - 1:span.inner[1]] == "." \
                and re.match(r"\s*[A-Z]", self.text[span.end:tok.idx]):
            return False  # '"… was fired." She added that …': a new sentence
        lo, hi = (tok.idx, span.start) if tok.idx < span.start else (span.end, tok.idx)
        between = self.text[lo:hi]
        between = between.strip()[:-1] if between.strip().endswith(":") else between
        return len(between) < 160 and not SENTENCE_BREAK.search(between)

    def _speaker_of(self, cue):
        if cue.lower_ == "according":
            for child in self.sp[cue.i + 1].children:
                if child.dep_ == "pobj":
                    return self._behind_document(child)
            return None
        for child in cue.children:
            if child.dep_ in ("nsubj", "nsubjpass") and not self._inside_any_quote(child.idx):
                if child.idx < self.dateline_end:
                    return self._after_dateline(cue)
                return self._np(child)
        follower = self._person_after(cue)
        if follower is not None:
            return follower
        if self._inverted(cue):
            # '"…," laughed her pacemaker, Dawit Bekele': the parser may make the speaker an object.
            for child in cue.children:
                if child.dep_ in ("dobj", "npadvmod", "attr", "oprd") and child.i > cue.i:
                    return self._np(child)
        # "…, adding that …", "and warned that …": the subject of the verb it hangs on.
        if cue.dep_ in ("conj", "advcl", "xcomp", "dep") and cue.head.pos_ in ("VERB", "AUX") and cue.head.i != cue.i:
            return self._speaker_of(cue.head)
        return None

    def _after_dateline(self, cue):
        """'NAIROBI (Reuters) - Kenya's health ministry said': the parser takes the dateline
        for the subject; the speaker is the noun phrase that follows it."""
        for chunk in self.sp.noun_chunks:
            if self.dateline_end <= chunk.start_char < cue.idx:
                return self._np(chunk.root)
        return None

    def _inverted(self, cue) -> bool:
        """The cue comes straight after a quote ('…," said X')."""
        return cue.i > 0 and (self.sp[cue.i - 1].text in (",", "”", "\"", "’", "'", "»")
                              or self._inside_any_quote(self.sp[cue.i - 1].idx))

    def _person_after(self, cue):
        """'…," sighed Kauri coach Glenn Hartley when asked': a name within a few words after the cue."""
        if not self._inverted(cue):
            return None
        for person in self.speakers.people:
            if cue.idx < person.start <= cue.idx + len(cue.text) + 40 and "," not in self.text[cue.idx:person.start]:
                return self._char_span(person.start, person.end)
        return None

    def _behind_document(self, noun):
        """'a statement from the office', 'figures published by X': the one behind it."""
        if noun.lemma_.lower() in self.cues["nouns"] | {"figure", "data", "document"}:
            for tok in noun.subtree:
                if tok.lower_ in ("from", "by", "of") and tok.head.i in (noun.i, *[c.i for c in noun.children]):
                    pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
                    if pobj is not None:
                        return self._np(pobj)
        return self.sp[noun.left_edge.i:noun.i + 1]

    def _np(self, head):
        """The noun phrase of a speaker, without relative clauses or trailing appositions."""
        left = head.left_edge.i
        while left < head.i and self.sp[left].idx < self.dateline_end:
            left += 1  # "SAN FRANCISCO — A federal judge": the dateline is not part of it
        right = head.i
        for child in head.children:
            keep = child.dep_ in ("compound", "flat", "poss", "nmod", "case", "amod") or \
                child.dep_ == "prep" and child.lower_ == "of" and head.pos_ == "NOUN"  # "Residents of Millbrook Road"
            if child.i > head.i and keep:
                right = max(right, child.right_edge.i)
        return self.sp[left:right + 1]

    def _cue_text(self, cue) -> str:
        if cue.lower_ == "according":
            return "according to"
        parts = [t for t in cue.children if t.dep_ in ("aux", "neg", "prt") and t.i < cue.i + 3]
        if cue.lemma_.lower() in ("make",):
            return cue.text
        return cue.text if not parts else " ".join(t.text for t in sorted([cue, *[p for p in parts if p.dep_ == "prt"]], key=lambda t: t.i))

    def _colon_lead(self, span: QuoteSpan, para_start: int):
        """'Brandt was cautious: "…"', 'X said:' closing the paragraph before, 'And from X:'."""
        colon_at = len(self.text[:span.start].rstrip()) - 1  # absolute offset of the last mark before
        if colon_at < 0 or self.text[colon_at] != ":" or self._inside_any_quote(colon_at):
            return None
        lead_start = self.text.rfind("\n", 0, colon_at) + 1
        if lead_start < para_start and self.text[para_start:span.start].strip():
            return None
        colon = self._char_span(colon_at, colon_at + 1)
        if colon is None or not len(colon):
            return None
        sent = colon[0].sent
        verbs = [t for t in sent if t.idx < colon_at and t.pos_ in ("VERB", "AUX")
                 and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)]
        verb = verbs[-1] if verbs else sent.root
        if verb.pos_ in ("VERB", "AUX") and verb.idx < colon_at:
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and not self._inside_any_quote(subject.idx):
                cue = self._cue_text(verb) if self._is_cue(verb) else None
                return self._np(subject), cue, sent
        start = max(sent.start_char, lead_start)
        lead = self.text[start:colon_at]
        prefix = re.match(r"(?:and |also |but )?(?:from |here is |here's )?", lead, flags=re.I)
        start += prefix.end()
        lead = self.text[start:colon_at].strip()
        phrase = self._char_span(start, colon_at)
        if not lead or len(lead.split()) > 8 or phrase is None or phrase.root.pos_ not in ("NOUN", "PROPN"):
            return None
        return phrase, None, None

    def _char_span(self, start: int, end: int):
        return self.sp.char_span(start, end, alignment_mode="expand")

    def _inherit(self, quote: Quote, span: QuoteSpan) -> None:
        """A quote with no attribution continues the speaker just before it."""
        para_start, _ = self._paragraph_bounds(span.start, span.end)
        subject = self._previous_subject(span.start, para_start)
        if subject is not None:
            self._fill(quote, subject, None, None, confidence=0.6)
            return
        if para_start == 0:
            return
        prev_end = para_start - 1
        prev_start = self.text.rfind("\n", 0, prev_end) + 1
        tokens = list(self.sp.char_span(prev_start, prev_end, alignment_mode="expand") or [])
        for tok in reversed(tokens):
            if self._is_cue(tok) and not self._inside_any_quote(tok.idx):
                speaker = self._speaker_of(tok)
                if speaker is not None:
                    self._fill(quote, speaker, None, None, confidence=0.55)
                    return
        person = self.speakers.antecedent(para_start)
        if person is not None:
            quote.speaker = person.actor.id if person.actor else None
            quote.speaker_text, quote.confidence = person.name, 0.4

    def _previous_subject(self, pos: int, para_start: int):
        """'… the 58-year-old bristled. "My future is …"': the subject of the sentence before."""
        if pos <= para_start:
            return None
        tok = self._char_span(max(para_start, pos - 2), pos)
        if tok is None or not len(tok):
            return None
        sent = self.sp[max(0, tok[0].i - 1)].sent
        if sent.start_char < para_start or self._inside_any_quote(sent.start_char):
            return None
        subject = next((c for c in sent.root.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.pos_ not in ("PROPN", "NOUN", "PRON") or subject.lower_ in ("it", "there", "this"):
            return None
        return self._np(subject)

    def _fill(self, quote: Quote, speaker, cue: str | None, sentence, confidence: float = 0.85) -> None:
        quote.cue = cue
        if speaker is not None:
            actor, text, sure = self.speakers.resolve(speaker)
            quote.speaker = actor.id if actor else None
            quote.speaker_text = text
            confidence *= sure
        quote.confidence = round(confidence if quote.speaker or quote.speaker_text else min(confidence, 0.5), 3)
        if sentence is not None:
            quote.medium = self._medium(sentence)

    def _medium(self, sentence) -> str | None:
        """'told X', 'in an interview with X', 'X reported', 'writing in X'."""
        for actor in self.doc.actors:
            for m in actor.mentions:
                if not (sentence.start_char <= m.start < sentence.end_char) or self._inside_any_quote(m.start) \
                        or m.via not in ("name", "alias"):
                    continue
                before = self.text[max(sentence.start_char, m.start - 60):m.start].lower()
                after = self.text[m.end:m.end + 12].lower()
                named_outlet = re.match(r"\s+(television|radio|tv|newspaper|channel|daily|broadcaster)\b", after)
                written_in = WRITING_IN.search(before) and actor.type != "PERSON" \
                    and not gazetteer().is_place(actor.name)
                outlet = actor.type in ("ORG", "PERSON") and _media_like(actor) or named_outlet and actor.type != "GPE"
                if not (outlet or written_in):
                    continue
                if re.search(r"(interview with|told|writing in|wrote in|speaking to|speaking with|spoke to|spoke with|"
                             r"talking to|talked to|article for|column for)\s+([\w'’-]+\s+){0,3}$", before):
                    return actor.id
                if re.match(r"\s*(reported|reports|said in a report)", after):
                    return actor.id
        return None

    # ---- indirect and mixed ----------------------------------------------
    def _indirect(self) -> list[tuple[Quote, list[QuoteSpan]]]:
        found = []
        for tok in self.sp:
            if not self._is_cue(tok) or tok.lemma_.lower() in self.cues["not_indirect"] or self._inside_any_quote(tok.idx):
                continue
            clause = self._reported_clause(tok)
            if clause is None or clause[1] <= clause[0]:
                continue  # no clause, or a parse whose clause ends before it starts (garbled text)
            start, end = clause
            inside = [s for s in self.spans if s.start >= start - 1 and s.end <= end + 1]
            if any(s.start <= start + 1 and (s.end - s.start) > 0.6 * (end - start) for s in inside):
                continue  # the clause is a direct quote: handled there
            if any(s.start <= start < s.end for s in self.spans):
                continue  # it begins inside a quotation: the direct quote covers it
            kind = "mixed" if inside else "indirect"
            quote = Quote(id="", kind=kind, start=start, end=end, text=self.text[start:end])
            self._fill(quote, self._speaker_of(tok), self._cue_text(tok), tok.sent, confidence=0.75)
            found.append((quote, inside))
        return found + self._according_to()

    def _reported_clause(self, verb) -> tuple[int, int] | None:
        for child in verb.children:
            if child.dep_ == "ccomp" and child.i > verb.i and self._finite(child) or self._garden_path_clause(verb, child):
                return self._clause_span(verb, child)
            if child.dep_ == "xcomp" and child.i > verb.i and verb.lemma_.lower() in self.cues["commissive"]:
                return self._clause_span(verb, child)  # "promised to build …"
            if child.dep_ == "dobj" and child.i > verb.i:
                content = self._content_clause(child)  # "rejects the suggestion that …"
                if content is not None:
                    return self._clause_span(verb, content)
        return self._inverted_clause(verb)

    def _finite(self, head) -> bool:
        """A reported clause has a subject: '…, his voice breaking' (an absolute phrase) and
        'a statement read to the court' (a participle) are not something said."""
        if head.tag_ == "VBG" and not any(c.dep_ in ("aux", "auxpass") for c in head.children):
            return False
        return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in head.children) or head.pos_ != "VERB"

    def _clause_span(self, verb, child) -> tuple[int, int]:
        tokens = list(child.subtree)
        if verb.lemma_.lower() not in PERSON_OBJECT_CUES:
            # "said enrollment at Jefferson had fallen": the parser may hang the clause's
            # subject on the cue as its object; the clause still begins there.
            stray = [c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < tokens[0].i]
            if stray:
                tokens = list(stray[0].subtree) + [t for t in tokens if t.i > stray[0].right_edge.i]
        while len(tokens) > 1 and tokens[0].lower_ in ("that", "to"):
            tokens = tokens[1:]
        start = tokens[0].idx
        last = tokens[-1]
        end = last.idx + len(last.text)
        end = min(max(end, self._extend_to_sentence(verb, end)), verb.sent.end_char)
        return start, self._trim_end(start, end)

    def _content_clause(self, noun):
        for child in noun.children:
            if child.dep_ in ("acl", "ccomp") and any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children) \
                    and any(c.lower_ == "that" for c in child.children):
                return child
        return None

    def _inverted_clause(self, verb) -> tuple[int, int] | None:
        """'Talks ended without agreement, the African Union said': the clause comes first."""
        sent = verb.sent
        before_clause = any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.children)
        parataxis = verb.dep_ in ("parataxis", "conj", "advcl", "ccomp") and verb.head.i < verb.i \
            and verb.lemma_.lower() not in self.cues["not_indirect"]
        if not (before_clause or parataxis):
            return None
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.i < sent.start + 3:
            return None
        edge = subject.left_edge
        if edge.i == 0 or self.sp[edge.i - 1].text not in (",", "—", "–", "-"):
            return None
        start = sent.start_char
        while start < edge.idx and self.text[start] in " \"“”'‘’«»":
            start += 1
        return start, self._trim_end(start, self.sp[edge.i - 1].idx)

    def _according_to(self) -> list[tuple[Quote, list[QuoteSpan]]]:
        """'According to X, …' and '…, according to X': the rest of the sentence is reported."""
        found = []
        for tok in self.sp:
            if tok.lower_ != "according" or not self._is_cue(tok) or self._inside_any_quote(tok.idx):
                continue
            sent = tok.sent
            phrase = list(tok.subtree)
            p_start, p_end = phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)
            if p_start - sent.start_char <= 2:
                start, end = p_end, sent.end_char
            elif sent.end_char - p_end <= 2:
                start, end = sent.start_char, p_start
            else:
                continue
            while start < end and self.text[start] in " ,":
                start += 1
            end = self._trim_end(start, end)
            if len(self.text[start:end].split()) < 4 or any(s.start <= start < s.end for s in self.spans):
                continue
            inside = [s for s in self.spans if s.start >= start and s.end <= end]
            quote = Quote(id="", kind="mixed" if inside else "indirect", start=start, end=end,
                          text=self.text[start:end])
            self._fill(quote, self._speaker_of(tok), "according to", sent, confidence=0.7)
            found.append((quote, inside))
        return found

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
            if conj.dep_ == "conj" and conj.idx >= end and self._is_cue(conj):
                cc = [c for c in verb.children if c.dep_ in ("cc", "punct") and end <= c.idx < conj.idx]
                limit = min(limit, cc[0].idx if cc else conj.idx)
        tail = self.text[end:limit]
        stop = re.search(r"[,;]\s+(?:he|she|they|it|officials?)\s+(?:said|added)|[.!?]", tail)
        return end + (stop.start() if stop else len(tail))

    def _trim_end(self, start: int, end: int) -> int:
        while end > start and self.text[end - 1] in " .,;:":
            end -= 1
        for word in (" but", " and"):
            if self.text[start:end].endswith(word):
                return self._trim_end(start, end - len(word))
        return end


# After these a proper name is a publication, whatever the NER took it for ("Writing in Variety").
WRITING_IN = re.compile(r"(writing in|wrote in|article for|column for|op-ed in|op-ed for|editorial in)\s+(the\s+)?$")


def _media_like(actor) -> bool:
    """An outlet: coded as media, or a body with no other sector and a media-like name. The NER
    takes some outlets for people ("Handelsblatt"): a person's name with a media word counts too."""
    if actor.sector == "MED":
        return True
    if actor.sector is not None:
        return False
    if actor.type == "PERSON":
        return outlet_like(actor.name)
    return MEDIA_WORDS.search(actor.name) is not None or len(actor.name) <= 12


DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][A-Za-z .]{1,20}\d{0,2})?\s*(?:\([^)\n]{1,30}\))?\s*[—–-]{1,2}\s*")


def _dateline_end(text: str) -> int:
    """Where 'NAIROBI, Feb 13 (Reuters) - ' or 'SEOUL — ' ends; 0 when the text has none."""
    match = DATELINE.match(text)
    return match.end() if match else 0


SMALL_WORDS = {"a", "an", "and", "the", "of", "in", "on", "for", "to", "at", "by", "or", "de", "la", "le"}


def _title_like(content: str) -> bool:
    """Every word capitalised (small words aside) and no sentence punctuation: a name or title."""
    words = content.strip().split()
    if not words or len(words) > 8 or re.search(r"[.!?,;:]$|[.!?;:]\s", content.strip()):
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in SMALL_WORDS for w in words)
