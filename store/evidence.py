"""How a passage's speaker was found: the one record the card, the quote check and follows all read.

Every passage carries an `Attribution`: who speaks (or nobody), whose words they relay, what kind of
passage it is, the cue that decided it with the cue's own text, and a strength. Only medium or strong
evidence names a speaker to the user; weaker evidence reads "speaker not stated".
"""
from __future__ import annotations

from dataclasses import dataclass

KINDS = ("answer", "question", "statement", "narration")
STRENGTHS = ("none", "weak", "medium", "strong")
# The cues, strongest family first: "sidecar", "front_matter", "turn" (a transcript turn), "signature",
# "verb" (a reporting verb in this passage), "colon" (`王毅：“…”`), "pronoun" (他表示, within one
# speaker's run), "alias" (`趙稱` for 趙卓威 named before), "quote_first" (`“…”王毅说`), "next" (a quote
# paragraph whose speaker the next paragraph names), "carried" (from the sentence or paragraph before),
# "relayed" (words quoted by another speaker), "document" (the document's one speaker), "intro" (a
# statement reproduced after `全文如下`); "interjection" marks a bracketed question cutting into
# someone's words (no speaker).


@dataclass(frozen=True)
class Attribution:
    """Whose words a passage carries, and the evidence for it."""

    speaker: str = ""  # "" when the text does not say
    relayed_by: str = ""  # who quotes `speaker`'s words (the spokesperson relaying a leader), or ""
    kind: str = "narration"  # one of KINDS
    cue: str = ""  # how the speaker was found (see above), "" with no speaker
    evidence: str = ""  # the cue's text as the document has it (`汪文斌：`, `他指出`, `——王毅`)
    strength: str = "none"  # one of STRENGTHS

    @property
    def shown(self) -> bool:
        """Strong enough to name the speaker on a card, in a citation, a quote check or a follow."""
        return bool(self.speaker) and self.strength in ("medium", "strong")

    @property
    def stated_speaker(self) -> str:
        """The speaker as the user may be told it: "" unless the evidence is strong enough."""
        return self.speaker if self.shown else ""


@dataclass(frozen=True)
class Span:
    """`attribution` holds for characters `start`–`end` of one paragraph (a run of one speaker's words)."""

    start: int
    end: int
    attribution: Attribution


class Attributed:
    """For a record with an `attribution` (a passage row, a hit): its relayer and kind at hand."""

    attribution: Attribution

    @property
    def relayed_by(self) -> str:
        """Who quotes the speaker's words here (a spokesperson relaying a leader), or ""."""
        return self.attribution.relayed_by

    @property
    def kind(self) -> str:
        """The passage's kind: "answer", "question", "statement" or "narration"."""
        return self.attribution.kind
