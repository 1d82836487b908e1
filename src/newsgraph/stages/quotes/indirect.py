"""Indirect and mixed quotes: what a reporting verb's clause says someone said.

The clause may follow the cue ("X said that …", "rejects the suggestion that …",
"promised to build …") or come first ("Talks ended without agreement, the Union
said"); "according to X" reports the rest of its sentence. A quoted fragment inside
such a clause makes the quote "mixed"; a clause that is itself a direct quote is left
to direct.py.
"""
from __future__ import annotations

import re

from newsgraph.document import Quote
from newsgraph.lexicon import words
from newsgraph.nlp.quote_marks import QuoteSpan
from newsgraph.stages.quotes.cues import Cues
from newsgraph.stages.quotes.page import Page

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

    def quotes(self) -> Found:
        """Every reported clause of the document, then every 'according to' sentence."""
        found = []
        for tok in self.sp:
            if not self.cues.indirect_cue(tok) or self.page.inside_any_quote(tok.idx):
                continue
            clause = self._reported_clause(tok)
            if clause is None or clause[1] <= clause[0]:
                continue  # no clause, or a parse whose clause ends before it starts (garbled text)
            start, end = clause
            spans = self.page.spans
            inside = [s for s in spans if s.start >= start - 1 and s.end <= end + 1]
            if any(s.start <= start + 1 and (s.end - s.start) > 0.6 * (end - start) for s in inside):
                continue  # the clause is a direct quote: handled there
            if any(s.start <= start < s.end for s in spans):
                continue  # it begins inside a quotation: the direct quote covers it
            quote = Quote(id="", kind="mixed" if inside else "indirect", start=start, end=end,
                          text=self.text[start:end])
            self.cues.fill(quote, self.cues.speaker_of(tok), self.cues.cue_text(tok), tok.sent, confidence=0.75)
            found.append((quote, inside, tok.idx if tok.lemma_.lower() in self.lexicon["thinking"] else -1))
            if self._object_content(tok) == clause:
                self._objects.add(id(quote))
        # 'X said the Pacific wanted …': a verb of thinking inside another reported clause is part of what X said.
        outer = [q for q, _, _ in found if id(q) not in self._objects]
        found = [(q, inside) for q, inside, at in found
                 if not any(o is not q and o.start <= at < o.end for o in outer)]
        return found + self._according_to() + self._colon_leads()

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
            if name is None or not any(m.start < name.end_char and name.start_char < m.end
                                       for a in self.page.doc.actors for m in a.mentions):
                continue  # "Editor's Note:", "Transcript:": a label, not someone
            spans = [s for s in self.page.spans if s.start >= start - 1 and s.end <= end + 1]
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
            if child.dep_ == "ccomp" and child.i > verb.i and self._finite(child) or self._garden_path_clause(verb, child):
                return self._clause_span(verb, child)
            if child.dep_ == "xcomp" and child.i > verb.i and verb.lemma_.lower() in self.lexicon["commissive"] \
                    and verb.dep_ not in ("relcl", "acl"):  # 'the demands Russia wants to end the war'
                return self._clause_span(verb, child)  # "promised to build …"
            if child.dep_ == "dobj" and child.i > verb.i:
                content = self._content_clause(child)  # "rejects the suggestion that …"
                if content is not None:
                    return self._clause_span(verb, content)
        return self._inverted_clause(verb) or self._object_content(verb)

    def _object_content(self, verb) -> tuple[int, int] | None:
        """'denied the charges', 'called for an inquiry', 'called him a pragmatic strategist':
        for the verbs of cues.json's object_content, the object is what was said."""
        lemma = verb.lemma_.lower()
        if lemma not in self.lexicon["object_content"]:
            return None
        obj = None
        for child in verb.children:
            if child.i < verb.i:
                continue
            if lemma == "call":
                if child.dep_ == "prep" and child.lower_ == "for":
                    obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                elif child.dep_ == "dobj" and any(c.dep_ in ("oprd", "xcomp") for c in verb.children):
                    obj = child
            elif child.dep_ == "dobj":
                obj = child
            if obj is not None:
                break
        if obj is None or obj.pos_ == "PRON" or len(list(obj.subtree)) < 2:
            return None
        tokens = list(obj.subtree)
        if lemma == "call" and obj.dep_ == "dobj":  # 'called him a pragmatic strategist'
            tokens += [t for c in verb.children if c.dep_ in ("oprd", "xcomp") for t in c.subtree]
        start, last = tokens[0].idx, max(tokens, key=lambda t: t.i)
        end = min(last.idx + len(last.text), verb.sent.end_char)
        return start, self.page.trim_end(start, end)

    def _finite(self, head) -> bool:
        """A reported clause has a subject: '…, his voice breaking' (an absolute phrase) and
        'a statement read to the court' (a participle) are not something said."""
        if head.tag_ == "VBG" and not any(c.dep_ in ("aux", "auxpass") for c in head.children):
            return False
        return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in head.children) or head.pos_ != "VERB"

    def _clause_span(self, verb, child) -> tuple[int, int]:
        tokens = list(child.subtree)
        if verb.lemma_.lower() not in words("speech_verbs", "addressee_object"):
            # "said enrollment at Jefferson had fallen": the parser may hang the clause's
            # subject on the cue as its object; the clause still begins there. (After
            # "told reporters that …" the object is the person spoken to.)
            stray = [c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < tokens[0].i]
            if stray:
                tokens = list(stray[0].subtree) + [t for t in tokens if t.i > stray[0].right_edge.i]
        while len(tokens) > 1 and tokens[0].lower_ in ("that", "to"):
            tokens = tokens[1:]
        start = tokens[0].idx
        last = tokens[-1]
        end = last.idx + len(last.text)
        end = min(max(end, self._extend_to_sentence(verb, end)), verb.sent.end_char)
        return start, self.page.trim_end(start, end)

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
            and verb.lemma_.lower() not in self.lexicon["not_indirect"]
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
        return start, self.page.trim_end(start, self.sp[edge.i - 1].idx)

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
            inside = [s for s in self.page.spans if s.start >= start and s.end <= end]
            quote = Quote(id="", kind="mixed" if inside else "indirect", start=start, end=end,
                          text=self.text[start:end])
            self.cues.fill(quote, self.cues.speaker_of(tok), "according to", tok.sent, confidence=0.7)
            if quote.medium is None and quote.speaker is not None:
                quote.medium = self.cues.media.outlet_id(quote.speaker)  # 'according to the Herald
            found.append((quote, inside))
        return found

    def _according_span(self, tok) -> tuple[int, int] | None:
        """The part of the sentence before or after the 'according to X' phrase at its edge."""
        sent = tok.sent
        phrase = list(tok.subtree)
        p_start, p_end = phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)
        if p_start - sent.start_char <= 2:
            start, end = p_end, sent.end_char
        elif sent.end_char - p_end <= 2:
            start, end = sent.start_char, p_start
        else:
            return None
        while start < end and self.text[start] in " ,":
            start += 1
        end = self.page.trim_end(start, end)
        if len(self.text[start:end].split()) < 4 or any(s.start <= start < s.end for s in self.page.spans):
            return None
        return start, end

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
        tail = self.text[end:limit]
        stop = re.search(r"[,;]\s+(?:he|she|they|it|officials?)\s+(?:said|added)|[.!?]", tail)
        return end + (stop.start() if stop else len(tail))
