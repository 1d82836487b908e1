"""Direct quotes: the text between quotation marks, and who said it.

A direct quote is attributed, in this order, to the nearest speech verb in its
paragraph ("…," said X / X insisted: "…"), a trailing dash ("… - Commissioner X"),
a colon lead ("And from X:", "X, role:"), or else the speaker just before it. Short
fragments inside a sentence (part of a mixed quote, a scare quote) and quoted names
or titles are not quotes of their own.
"""
from __future__ import annotations

import re

from newsgraph.document import Quote
from newsgraph.lexicon import words
from newsgraph.nlp.quote_marks import QuoteSpan
from newsgraph.stages.quotes.cues import Cues
from newsgraph.stages.quotes.page import SYNTAX, Page
from newsgraph.stages.quotes.speakers import Speakers

MIN_UNATTRIBUTED_WORDS = 6
# A sentence break between a cue and its quote; "U.S." or "Dr." is an abbreviation, not a break.
# "Mrs." or "Prof." (the honorifics written with a dot) is no break either.
SENTENCE_BREAK = re.compile("".join(rf"(?<!\b{t[:-1].capitalize()})" for t in sorted(words("honorifics")) if t.endswith("."))
                            + r"(?<![A-Z])(?<!\b[A-Z][a-z])[.!?][”\"’']?\s+[A-Z“\"]")


class DirectQuotes:
    def __init__(self, page: Page, cues: Cues, speakers: Speakers):
        self.page = page
        self.sp = page.sp
        self.text = page.text
        self.cues = cues
        self.speakers = speakers

    def quote(self, span: QuoteSpan) -> Quote | None:
        """The quote between these marks, attributed, or None when it is no quote of its own."""
        inner_start, inner_end = span.inner
        content = self.text[inner_start:inner_end].strip()
        if self.page.fragment(span):
            return None  # part of a mixed quote, or a scare quote
        if title_like(content) and not self.page.stands_alone(span):
            return None  # 'the Tully Secure Income Fund', "Salt and Iron": a name or a title
        attribution = self._attribution_for(span)
        if attribution is None and len(content.split()) < MIN_UNATTRIBUTED_WORDS:
            return None  # a scare quote, title or nickname, not something said
        quote = Quote(id="", kind="direct", start=inner_start, end=inner_end,
                      text=self.text[inner_start:inner_end])
        if attribution:
            self.cues.fill(quote, *attribution)
        else:
            self._inherit(quote, span)
        return quote

    def _attribution_for(self, span: QuoteSpan):
        """(speaker token span, cue text, sentence span) or None."""
        para_start, para_end = self.page.paragraph_bounds(span.start, span.end)
        after = self._after_quote(span, para_end)
        if after is not None:
            return after
        cue = self._nearest_cue(span, para_start, para_end)
        if cue is not None:
            return self.cues.speaker_of(cue), self.cues.cue_text(cue), cue.sent
        below = self._dash_below(para_end)
        if below is not None:
            return below, None, None
        # '"…" - Commissioner X' up to the paragraph end or the next quotation.
        dash = re.match(r"\s*[-–—]\s*([^\n“\"«]{2,80}?)\s*(?=[“\"«]|$)", self.text[span.end:para_end])
        if dash:
            start = span.end + dash.start(1)
            return self.page.char_span(start, start + len(dash.group(1).rstrip(". "))), None, None
        return self._colon_lead(span, para_start)

    def _after_quote(self, span: QuoteSpan, para_end: int):
        """'"…," barked Oliver', '"…?" asked Dunn, now a partner', '"…." Trump said.': the verb
        right after the closing mark, with its subject, attributes the quote, even a verb of
        manner ("mused", "riffed") that is no cue elsewhere."""
        inner_end = span.inner[1]
        last = self.text[max(span.inner[0], inner_end - 1):inner_end]
        window = self.page.char_span(span.end, min(para_end, span.end + 90))
        if not span.closed or window is None or not len(window):
            return None
        toks = [t for t in window if not t.is_punct or t.text in ("(", ")")]
        if not toks:
            return None
        if last in ",?!—–-" and self.text[span.end:toks[0].idx].strip(" '") in ("", ","):  # '' closes as two marks
            verb = self._verb_with_subject(toks[:12], span, inverted_ok=True)
            if verb is not None:
                return verb
        if last in ".?!" and re.match(r"\s+[A-Z]", self.text[span.end:span.end + 3]):
            return self._verb_with_subject(toks[:8], span, inverted_ok=False, closing=True)
        return None

    def _verb_with_subject(self, toks, span: QuoteSpan, inverted_ok: bool, closing: bool = False):
        """The verb that opens the text after the quote ('said X') or follows a subject that does."""
        first = toks[0]
        for tok in toks:
            if tok.sent != first.sent:
                return None
            lemma = tok.lemma_.lower()
            noun_cue = tok.pos_ == "NOUN" and lemma in self.cues.lexicon["verbs"] and tok.i > first.i \
                and tok.i + 1 < len(self.sp) and self.sp[tok.i + 1].is_punct \
                and all(t.pos_ == "PROPN" for t in self.sp[first.i:tok.i])  # '"…," Viguerie notes.'
            if not (tok.pos_ in ("VERB", "AUX") or noun_cue) or tok.dep_ in ("relcl", "acl", "amod", "aux", "auxpass"):
                continue
            subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None and tok.i == first.i and inverted_ok:
                # '"…," mused councillor Petra Lind': the parser may make the speaker an object.
                subject = next((c for c in tok.children if c.dep_ in ("dobj", "npadvmod", "attr", "oprd")
                                and c.i > tok.i and c.pos_ == "PROPN"), None)
            if noun_cue:
                subject = self.sp[tok.i - 1]
            elif subject is None or subject.lower_ in words("relative_words", file="quotes_speakers.json"):
                return None
            elif tok.i == first.i:
                if not inverted_ok or subject.i < tok.i:
                    return None
            elif subject.left_edge.i != first.i or subject.i > tok.i:
                return None  # '… as police looked on': the clause after the quote is not about it
            cue_word = noun_cue or self.cues.is_cue(tok) or lemma in self.cues.lexicon["verbs"]
            if closing and not (cue_word and self._ends_sentence(tok)):
                return None  # '"…." Trump said.' only: a new sentence that says more is not an attribution
            objects = [c for c in tok.children if c.dep_ in ("dobj", "ccomp") and c.idx > span.end and c.i != subject.i]
            if not cue_word and (lemma in ("be", "have", "do") or objects):
                return None  # '"…," the group's lawyer filed a motion': a verb with its own object says nothing
            phrase = self.sp[subject.i:subject.i + 1] if noun_cue else self._after_subject(tok, subject)
            return phrase, tok.text if noun_cue else self.cues.cue_text(tok), tok.sent
        return None

    def _after_subject(self, cue, subject):
        """'…," said study co-author and fellow Ana Ruiz': a subject after the cue that names no
        one may be the first of the speaker's titles; the name after them speaks."""
        if subject.i > cue.i and not any(t.ent_type_ == "PERSON" for t in subject.subtree):
            named = self.cues.person_after(cue)
            if named is not None:
                return named
        return self.page.speaker_phrase(subject)

    def _ends_sentence(self, tok) -> bool:
        """Only the speaker, the verb and a time or place follow up to the full stop."""
        rest = [t for t in tok.sent if t.i > tok.i]
        return len(rest) <= 6 and not any(t.dep_ in ("ccomp", "dobj", "xcomp") for t in rest)

    def _dash_below(self, para_end: int):
        """'"…"' then, as the next paragraph, '- Sanders.': the speaker signs below the quote."""
        if self.text[para_end:para_end + 1] != "\n":
            return None
        match = re.match(r"\n+\s*[-–—]\s*([A-Z][^\n“\"«]{1,60}?)[.\s]*(?=\n|$)", self.text[para_end:])
        if not match:
            return None
        start = para_end + match.start(1)
        return self.page.char_span(start, start + len(match.group(1)))

    def _nearest_cue(self, span: QuoteSpan, para_start: int, para_end: int):
        # A cue must sit in the quote's own paragraph(s), outside any quote.
        best, best_dist = None, 10**9
        for tok in self.page.char_span(para_start, para_end) or []:
            if self.page.inside_any_quote(tok.idx) or not self.cues.is_cue(tok):
                continue
            if not self._cue_governs(tok, span):
                continue
            dist = span.start - tok.idx if tok.idx < span.start else tok.idx - span.end
            if self._object_of(tok, span):
                dist -= 1000  # 'called the results "…"': the quote is this verb's own object
            if dist < best_dist:
                best, best_dist = tok, dist
        return best

    def _object_of(self, tok, span: QuoteSpan) -> bool:
        inner = self.page.char_span(*span.inner)
        if tok.idx > span.start or inner is None or not len(inner):
            return False
        return any(a.i == tok.i for a in inner.root.ancestors) \
            and inner.root.dep_ in words("quoted_object_deps", file=SYNTAX)

    def _cue_governs(self, tok, span: QuoteSpan) -> bool:
        """Between the cue and the quote there is no other sentence of reported speech."""
        if tok.idx > span.end and self.text[span.inner[1] - 1:span.inner[1]] == "." \
                and re.match(r"\s*[A-Z]", self.text[span.end:tok.idx]):
            return False  # '"… was fired." She added that …': a new sentence
        lo, hi = (tok.idx, span.start) if tok.idx < span.start else (span.end, tok.idx)
        between = self.text[lo:hi]
        between = between.strip()[:-1] if between.strip().endswith(":") else between
        return len(between) < 160 and not SENTENCE_BREAK.search(between)

    def _colon_lead(self, span: QuoteSpan, para_start: int):
        """'Brandt was cautious: "…"', 'X said:' closing the paragraph before, 'And from X:'."""
        colon_at = len(self.text[:span.start].rstrip()) - 1  # absolute offset of the last mark before
        if colon_at < 0 or self.text[colon_at] != ":" or self.page.inside_any_quote(colon_at):
            return None
        lead_start = self.text.rfind("\n", 0, colon_at) + 1
        if lead_start < para_start and self.text[para_start:span.start].strip():
            return None
        if self.page.is_caption(self.text[lead_start:self.page.paragraph_bounds(span.start, span.end)[1]]):
            return None  # 'Thomas Davies: "…" Photograph: …': a caption, not a quote
        colon = self.page.char_span(colon_at, colon_at + 1)
        if colon is None or not len(colon):
            return None
        sent = colon[0].sent
        subject_led = self._subject_before(sent, colon_at)
        if subject_led is not None:
            return subject_led
        return self._named_lead(sent, max(sent.start_char, lead_start), colon_at)

    def _subject_before(self, sent, colon_at: int):
        """'Brandt was cautious:' — the subject of the last finite verb before the colon."""
        verbs = [t for t in sent if t.idx < colon_at and t.pos_ in ("VERB", "AUX")
                 and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)]
        verb = verbs[-1] if verbs else sent.root
        if verb.pos_ in ("VERB", "AUX") and verb.idx < colon_at:
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and not self.page.inside_any_quote(subject.idx):
                cue = self.cues.cue_text(verb) if self.cues.is_cue(verb) else None
                return self.page.speaker_phrase(subject), cue, sent
        return None

    def _named_lead(self, sent, start: int, colon_at: int):
        """'And from the harbourmaster:', 'Ana Ruiz, a nurse:': a short noun phrase is the speaker."""
        lead = self.text[start:colon_at]
        prefix = re.match(r"(?:and |also |but )?(?:from |here is |here's )?", lead, flags=re.I)
        start += prefix.end()
        lead = self.text[start:colon_at].strip()
        phrase = self.page.char_span(start, colon_at)
        if not lead or len(lead.split()) > 8 or phrase is None or phrase.root.pos_ not in ("NOUN", "PROPN"):
            return None
        return phrase, None, None

    def _inherit(self, quote: Quote, span: QuoteSpan) -> None:
        """A quote with no attribution continues the speaker just before it."""
        para_start, _ = self.page.paragraph_bounds(span.start, span.end)
        subject = self._previous_subject(span.start, para_start)
        if subject is not None:
            self.cues.fill(quote, subject, None, None, confidence=0.6)
            return
        if para_start == 0:
            return
        prev_end = para_start - 1
        prev_start = self.text.rfind("\n", 0, prev_end) + 1
        for tok in reversed(list(self.page.char_span(prev_start, prev_end) or [])):
            if self.cues.is_cue(tok) and not self.page.inside_any_quote(tok.idx):
                speaker = self.cues.speaker_of(tok)
                if speaker is not None:
                    self.cues.fill(quote, speaker, None, None, confidence=0.55)
                    return
        person = self.speakers.antecedent(para_start)
        if person is not None:
            quote.speaker = person.actor.id if person.actor else None
            quote.speaker_text, quote.confidence = person.name, 0.4

    def _previous_subject(self, pos: int, para_start: int):
        """'… the 58-year-old bristled. "My future is …"': the subject of the sentence before."""
        if pos <= para_start:
            return None
        tok = self.page.char_span(max(para_start, pos - 2), pos)
        if tok is None or not len(tok):
            return None
        sent = self.sp[max(0, tok[0].i - 1)].sent
        if sent.start_char < para_start or self.page.inside_any_quote(sent.start_char):
            return None
        subject = next((c for c in sent.root.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.pos_ not in ("PROPN", "NOUN", "PRON") or subject.lower_ in ("it", "there", "this"):
            return None
        return self.page.speaker_phrase(subject)


def title_like(content: str) -> bool:
    """Every word capitalised (small words aside) and no sentence punctuation: a name or title."""
    found = content.strip().split()
    if not found or len(found) > 8 or re.search(r"[.!?,;:]$|[.!?;:]\s", content.strip()):
        return False
    small = words("title_small_words", file=SYNTAX)
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in small for w in found)
