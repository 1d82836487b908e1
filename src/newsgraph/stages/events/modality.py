"""Modality of an event: asserted, negated, future, hypothetical or historical.

Read from the trigger's own clause and the clauses that govern it, never from
the whole sentence: in "X denied that its jets bombed Y" the bombing is
negated, in "X said it would retaliate if Y struck" both are hypothetical.
Order matters: a negation wins over a plan ("will not attend"), a condition
over a plan ("will strike if attacked"). Dates are judged by the caller.
"""
from __future__ import annotations

import re
from datetime import date

NEG_WORDS = {"not", "n't", "never"}
NEG_GOVERNORS = {"deny", "dismiss", "refute", "fail", "refuse", "decline", "rule", "avoid", "stop", "halt", "abandon", "reject"}
REPORT_NOUNS = {"report", "reports", "claim", "claims", "allegation", "allegations", "suggestion", "rumour", "rumours", "rumor"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
HYPOTHETICAL_AUX = {"would", "could", "might", "may", "should", "'d"}
PLAN_HEADS = {"plan", "expect", "intend", "prepare", "schedule", "set", "due", "aim", "hope", "want", "pledge", "promise",
              "vow", "going", "discuss", "arrange", "negotiate", "announce", "agree", "decide", "begin"}
PLAN_PASSIVE = {"plan", "schedule", "expect", "discuss", "prepare", "arrange", "negotiate", "consider", "set", "due"}
CONDITION_MARKS = {"if", "unless", "whether"}
HYPOTHETICAL_WORDS = {"possible", "possibly", "potential", "likely", "unlikely", "threat", "risk", "any"}
HISTORY_MARKS = {"since"}
HISTORY_WORDS = {"anniversary", "commemorate", "remember", "mark", "recall", "victim", "victims", "legacy", "history"}
ADJUNCT_PREPS = {"during", "at", "after", "despite", "before", "amid", "following", "since", "ahead", "over"}
HEDGE_HEADS = {"threaten", "warn", "offer", "propose", "consider", "weigh", "prepared", "ready", "willing", "attempt",
               "try", "seek", "possible", "whether", "could", "might"}
FUTURE_WORDS = {"next", "tomorrow", "upcoming", "soon"}
HISTORY_SPANS = re.compile(r"\b(years|decades) (after|ago|before|later)\b|\byears? ago\b", re.I)
PASSIVE_PLAN = re.compile(r"^[^.;]{0,80}?\b(is|are) (being|now being) (discussed|planned|prepared|arranged|negotiated|considered)\b", re.I)
YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)(s|-\d\d|–\d\d)?$")


def modality_of(tok, sent, published_year: int | None = None, event_type: str | None = None) -> str:
    clause = clause_verb(tok)
    if _in_adjunct(tok):
        clause = tok  # "during Sunday's rally": the rally's modality is its own, not its sentence's
    if event_type == "THREATEN" and _conditional_promise(tok):
        return "asserted"  # "could suspend talks if ...": the warning itself is the event
    if _conditional(tok, clause):
        return "hypothetical"
    if _negated(tok, clause):
        return "negated"
    if _future(tok, clause):
        return "future"
    if _modal(tok, clause):
        return "hypothetical"
    if _historical(tok, clause, published_year or date.today().year):
        return "historical"
    return "asserted"


def _in_adjunct(tok) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "pobj" and tok.head.lower_ in ADJUNCT_PREPS


def _conditional_promise(tok, marks=("if", "unless")) -> bool:
    return bool(_aux(tok) & (HYPOTHETICAL_AUX | FUTURE_AUX)) and any(
        c.dep_ == "advcl" and any(m.lower_ in marks for m in c.children if m.dep_ == "mark") for c in tok.children)


def clause_verb(tok):
    """The verb of the clause a word sits in (a noun trigger's governing verb)."""
    seen = 0
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i and seen < 12:
        tok, seen = tok.head, seen + 1
    return tok


def _chain(tok, clause):
    """The trigger, its clause verb and the verbs it is an open complement of ("did not agree to meet")."""
    out = [tok] if tok.i == clause.i else [tok, clause]
    cur = clause
    while cur.dep_ in ("xcomp", "conj", "pcomp", "prep", "acl") and cur.head.i != cur.i and len(out) < 6:
        cur = cur.head
        out.append(cur)
    return out


def _negated(tok, clause) -> bool:
    for word in _chain(tok, clause):
        if any(c.dep_ == "neg" or c.lower_ in NEG_WORDS for c in word.children if c.dep_ in ("neg", "advmod")):
            return True
    # "no convoys reached", "detained no one", "there was no fighting"
    if any(c.lower_ == "no" and c.dep_ == "det" for c in tok.children):
        return True
    for child in clause.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and any(g.lower_ == "no" and g.dep_ == "det" for g in child.children):
            return True
        if child.dep_ in ("nsubj", "dobj") and child.lower_ in ("nobody", "none", "nothing", "no one"):
            return True
    # "denied that its jets bombed", "failed to agree", "rejected reports that troops shelled"
    for word in _chain(tok, clause)[1:] + list(_governors(clause)):
        if word.lemma_.lower() in NEG_GOVERNORS and word.i != tok.i:
            return True
        if word.lower_ in REPORT_NOUNS and word.head.lemma_.lower() in NEG_GOVERNORS:
            return True
    return False


def _governors(clause, depth: int = 3):
    """The clauses above this one, through complement and report links only."""
    cur, out = clause, []
    while cur.dep_ in ("ccomp", "xcomp", "acl", "pcomp", "pobj", "prep") and cur.head.i != cur.i and len(out) < depth:
        cur = cur.head
        out.append(cur)
        if cur.pos_ == "VERB" and cur.dep_ not in ("xcomp", "ccomp", "pcomp"):
            break
    return out


def _conditional(tok, clause) -> bool:
    for word in [clause, *_chain(tok, clause)]:
        if word.dep_ == "advcl" and any(c.lower_ in CONDITION_MARKS and c.dep_ == "mark" for c in word.children):
            return True
        # "should Israel strike", "were the junta to hand"
        if any(c.dep_ in ("aux", "auxpass") and c.i < word.i and c.lower_ in ("should", "were", "had") and c.i == word.left_edge.i
               for c in word.children) and any(s.dep_.startswith("nsubj") for s in word.children):
            return True
        if any(c.lower_ == "whether" and c.dep_ in ("mark", "advmod") for c in word.children):
            return True
        if word.i != tok.i and word.lemma_.lower() in HEDGE_HEADS:
            return True
        if word.pos_ == "NOUN" and any(c.lower_ == "any" and c.dep_ == "det" for c in word.children):
            return True
    if clause.dep_ == "advcl" and any(c.lower_ == "once" for c in clause.children if c.dep_ in ("mark", "advmod")):
        return True
    return False


def _aux(word) -> set[str]:
    return {c.lower_ for c in word.children if c.dep_ in ("aux", "auxpass")}


def _future(tok, clause) -> bool:
    for word in _chain(tok, clause):
        if _aux(word) & FUTURE_AUX:
            return True
        if word.i != tok.i and word.lemma_.lower() in PLAN_HEADS and word.dep_ != "ROOT" and word.pos_ in ("VERB", "ADJ"):
            return True
        # "is set to", "are expected to", "plans to": the trigger is the complement of a plan
        if word.dep_ == "xcomp" and word.head.lemma_.lower() in PLAN_HEADS:
            if word.head.lemma_.lower() not in ("begin", "announce") or _aux(word.head) & FUTURE_AUX:
                return True
    if clause.i != tok.i and clause.lemma_.lower() in PLAN_PASSIVE and _aux(clause) & {"be", "being", "is", "are", "was", "were"}:
        return True  # "talks are being discussed", "a visit is planned"
    if tok.pos_ == "NOUN" and PASSIVE_PLAN.search(tok.doc.text[tok.idx:tok.sent.end_char]):
        return True  # "dates for talks with X are being discussed", whatever the parse made of it
    if any(w.lower_ in FUTURE_WORDS for w in _own_words(tok, clause)):
        return True
    if tok.pos_ == "NOUN" and any(c.dep_ in ("amod", "acl") and c.lemma_.lower() in ("plan", "planned", "upcoming", "future", "proposed", "scheduled", "expected")
                                  for c in tok.children):
        return True
    return False


def _modal(tok, clause) -> bool:
    for word in _chain(tok, clause):
        if _aux(word) & HYPOTHETICAL_AUX:
            return True
    if tok.pos_ == "NOUN" and any(c.lower_ in HYPOTHETICAL_WORDS for c in tok.children if c.dep_ in ("det", "amod")):
        return True
    if clause.lemma_.lower() == "be" and any(c.lower_ in HYPOTHETICAL_WORDS for c in clause.children if c.dep_ in ("acomp", "attr")):
        return True
    return False


def _own_words(tok, clause):
    """The words of the trigger's own clause, not those of clauses inside it."""
    root = clause if clause.i != tok.i and tok.pos_ != "VERB" else tok
    return [w for w in root.subtree if w.i == root.i or clause_verb(w).i in (root.i, tok.i)]


def _historical(tok, clause, year_now: int) -> bool:
    for word in _chain(tok, clause):
        for w in _own_words(word, clause_verb(word)):
            m = YEAR.match(w.text)
            if m and int(m.group(1)) < year_now:
                return True
        # "since 2011, when NATO air strikes helped": a clause hanging on a past date
        if word.dep_ in ("relcl", "advcl") and YEAR.match(word.head.text) and int(YEAR.match(word.head.text).group(1)) < year_now:
            return True
    if clause.dep_ == "advcl" and any(c.lower_ in HISTORY_MARKS and c.dep_ == "mark" for c in clause.children):
        return True  # "the largest since Moscow launched its invasion"
    own = " ".join(w.text for w in _own_words(tok, clause))
    if HISTORY_SPANS.search(own):
        return True
    if clause.dep_ == "advcl" and clause.head.i != clause.i and HISTORY_SPANS.search(" ".join(w.text for w in clause.head.subtree if w.i < clause.i)):
        return True
    if tok.pos_ == "NOUN" and clause.lemma_.lower() in HISTORY_WORDS:
        return True
    return False


SPEECH = {"say", "announce", "confirm", "declare", "warn", "tell", "state"}
COMMIT_HEADS = {"willing", "ready", "prepared", "offer", "promise", "pledge", "vow", "commit", "agree", "undertake"}


def commitment(tok, event_type: str) -> bool:
    """The actor commits to doing it ("will back", "offered to mediate", "is ready to meet"):
    PLOVER codes such a commitment as AGREE, not as the promised act. A schedule someone
    else reports ("is expected to", "is due to") is no commitment, nor is a plain "will meet"."""
    clause = clause_verb(tok)
    if _negated(tok, clause):
        return False  # a conditional offer ("would meet him if ...") is still an offer
    if any(w.i != tok.i and w.lemma_.lower() in COMMIT_HEADS for w in _chain(tok, clause)):
        return True
    promised = FUTURE_AUX | {"would"} if event_type != "CONSULT" else {"would"}
    verb = tok.head if tok.pos_ == "NOUN" and tok.dep_ == "dobj" else tok  # "will extend a loan"
    return verb.pos_ == "VERB" and bool(_aux(verb) & promised) and any(c.dep_ == "nsubj" for c in verb.children)


def threat(tok) -> bool:
    """A hostile act announced, not done: "said they would boycott", "may halt X if Y",
    "is prepared to impose martial law". PLOVER codes it as THREATEN."""
    clause = clause_verb(tok)
    if _negated(tok, clause):
        return False
    if _conditional_promise(tok):
        return True
    if any(w.i != tok.i and w.lemma_.lower() in {"ready", "prepared", "vow", "threaten"} for w in _chain(tok, clause)):
        return True
    verb = tok.head if tok.pos_ == "NOUN" and tok.dep_ == "dobj" else tok  # "would impose sanctions"
    return (verb.pos_ == "VERB" and bool(_aux(verb) & (FUTURE_AUX | {"would"})) and verb.dep_ == "ccomp"
            and verb.head.lemma_.lower() in SPEECH)


def ultimatum(tok) -> bool:
    """"will withdraw unless X": any act made conditional on the other side giving in."""
    return _conditional_promise(tok, ("unless",))
