"""Speech events: demands and refusals said by someone.

"It is essential to X", "must X", "cannot agree unless X", "made demands, including A,
B and C" are REQUESTs; "we will not take X", "will not accept X" a REJECT. The speaker
is the subject or, in a quote, the quote's speaker; what is demanded or refused is the
event's issue, and its words are claimed so that no trigger inside it becomes an event.
"""
from __future__ import annotations

import re

from newsgraph.lexicon import table, words
from newsgraph.nlp.syntax import clause_verb, subject_of
from newsgraph.stages.events.candidate import Coding, Draft, clean_issue
from newsgraph.stages.events.participants import FIRST_PERSON, REPORTING_VERBS, enclosing_speech, quote_at

SPEECH = "events_speech.json"
DEMAND_FRAMES = re.compile(table(SPEECH)["demand_frames"], re.I)
REFUSAL_VERBS = words("refusal_verbs", file=SPEECH)
NEGATORS = words("negators", file="events_modality.json")


def demands(coding: Coding, sent) -> list[Draft]:
    out = [_framed_demand(coding, sent, match) for match in DEMAND_FRAMES.finditer(sent.text)]
    for tok in sent:
        if tok.lower_ == "unless" and tok.head.pos_ in ("VERB", "AUX"):
            out.append(_unless_demand(coding, sent, tok))
        if tok.lemma_.lower() == "demand" and tok.pos_ == "NOUN":
            out.extend(_demand_list(coding, noun=tok, sent=sent))
    return [d for d in out if d is not None]


def _framed_demand(coding: Coding, sent, match) -> Draft | None:
    """"it is vital to X", "must X": the verb after the frame is the demand."""
    verb = _verb_after(coding, sent.start_char + match.end())
    if verb is None or _self_obliged(verb):
        return None
    issue_span = coding.sp[verb.i:min(verb.right_edge.i + 1, sent.end)]
    draft = speech_draft(coding, "REQUEST", verb, issue_span, 0.7)
    if draft is not None:
        _obliged_party(draft, verb)
    return draft


def _obliged_party(draft: Draft, verb) -> None:
    """"X said Y must act", '"Y must act," X said': X demands, of Y, the one obliged."""
    obliged, said = subject_of(verb), clause_verb(verb)
    reported = said.dep_ == "ccomp" and said.head.lemma_.lower() in REPORTING_VERBS
    if obliged is None or not (reported or draft.quote is not None):
        return
    draft.target_span = obliged
    if reported and draft.source_span is not None and draft.source_span.root.i == obliged.root.i:
        draft.source_span = subject_of(said.head)


def _self_obliged(verb) -> bool:
    """"I must answer you", "we have to work on it": the speaker binds himself; a demand asks someone else."""
    subj = subject_of(verb) or subject_of(clause_verb(verb))
    return subj is not None and subj.root.lower_ in FIRST_PERSON


def _unless_demand(coding: Coding, sent, tok) -> Draft | None:
    clause = coding.sp[tok.i + 1:tok.head.right_edge.i + 1] if tok.head.i > tok.i else coding.sp[tok.i + 1:sent.end]
    draft = speech_draft(coding, "REQUEST", tok, clause, 0.6)
    main = tok.head.head if tok.head.dep_ == "advcl" else tok.head
    refused = any(c.dep_ == "neg" for c in main.children)
    if draft is not None and not refused:
        draft.strong = False  # "will strike unless X" is a threat; "cannot agree unless X" a demand
    return draft


def _demand_list(coding: Coding, noun, sent) -> list[Draft]:
    """'made demands, including A, B and C': one REQUEST per demand."""
    including = next((t for t in coding.sp[noun.i + 1:min(noun.i + 4, sent.end)] if t.lower_ == "including"), None)
    if including is None:
        return []
    list_start = including.idx + len(including.text) + 1
    out = []
    for start, end in split_list(coding.doc.text, list_start, sent.end_char):
        span = coding.sp.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        draft = speech_draft(coding, "REQUEST", noun, span, 0.75)
        if draft:
            out.append(draft)
    coding.issue_tokens.update(range(noun.i, sent.end))
    return out


def refusals(coding: Coding, sent) -> list[Draft]:
    """'We do not need X' / 'will not accept X': a refusal said by the speaker."""
    out = []
    for tok in sent:
        if tok.lower_ not in NEGATORS or tok.head.lemma_.lower() not in REFUSAL_VERBS:
            continue
        obj = next((c for c in tok.head.children if c.dep_ in ("dobj", "ccomp", "xcomp") and c.i > tok.head.i), None)
        if obj is None:
            continue
        span = coding.sp[obj.left_edge.i:obj.right_edge.i + 1]
        draft = speech_draft(coding, "REJECT", tok.head, span, 0.65)
        if draft:
            draft.modality = "asserted"  # refusing is the event; the negation is its content
            said = [c for c in tok.head.children if c.dep_ in ("nsubj", "aux", "neg")] + [tok]
            draft.evidence = (min(c.idx for c in said), span.end_char)  # "we will not take X"
            out.append(draft)
    return out


def _verb_after(coding: Coding, pos: int):
    for tok in coding.sp.char_span(pos, min(pos + 40, len(coding.doc.text)), alignment_mode="expand") or []:
        if tok.pos_ == "VERB":
            return tok
    return None


def speech_draft(coding: Coding, type_: str, trigger, issue_span, confidence: float) -> Draft | None:
    """A demand or refusal with its issue; said by the trigger's subject or the quote it is in."""
    quote = quote_at(coding, trigger.idx)
    draft = Draft(type=type_, trigger=trigger, issue=clean_issue(issue_span.text), quote=quote,
                  confidence=confidence, strong=True)
    draft.evidence = (issue_span.start_char, issue_span.end_char)
    if quote is None:
        subj = subject_of(trigger) or subject_of(clause_verb(trigger))
        if subj is None:
            speaker_quote = enclosing_speech(coding, trigger)
            if speaker_quote is None:
                return None
            draft.quote = speaker_quote
        else:
            draft.source_span = subj
    draft.issue_span = issue_span
    coding.claim_issue(issue_span)
    return draft


def split_list(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split "A, B and C" (a list of demands) into item spans, never inside quotes."""
    items, depth, item_start, i = [], False, start, start
    quote_chars = "“”\"«»"
    while i < end:
        ch = text[i]
        if ch in quote_chars:
            depth = not depth if ch == '"' else ch in "“«"
        elif not depth and ch in ",;":
            items.append((item_start, i))
            item_start = i + 1
        i += 1
    items.append((item_start, end))
    last_start, last_end = items.pop()
    segment = text[last_start:last_end]
    and_at = _and_outside_quotes(segment)
    if and_at is not None and items:
        items += [(last_start, last_start + and_at), (last_start + and_at + 5, last_end)]
    else:
        items.append((last_start, last_end))
    return [_strip_span(text, a, b) for a, b in items if text[a:b].strip(" .“”\"")]


def _and_outside_quotes(segment: str) -> int | None:
    inside = False
    for i, ch in enumerate(segment):
        if ch in "“”\"":
            inside = ch == "“" or (ch == '"' and not inside)
        if not inside and segment.startswith(" and ", i):
            return i
    return None


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \n":
        start += 1
    while end > start and text[end - 1] in " .\n":
        end -= 1
    return start, end
