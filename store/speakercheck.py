"""Are the words the claimed speaker's? Read from the passage's attribution record (store.evidence).

The answer agrees only when the record names the claimed speaker with medium or strong evidence. It
disagrees when the words are someone else's, a journalist's question, or a third person's relayed by
the claimed speaker; it is null when the corpus does not say who said them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from store.evidence import Attribution
from store.textnorm import normalize, to_simplified

# A role, not a person (`外交部发言人`): it neither names nor rules out a person.
_ROLE_ONLY = re.compile(r"(?:发言人|部长|外长|代表|大使|总理|主席|总统|秘书长|官员|负责人|记者|当局|政府|方面)$")
# A body (`国家安全部`): claimed, it may be the one a person spoke for, or another name of the recorded body.
_BODY = re.compile(r"(?:部|委|院|局|署|办|办公室|委员会|使馆|领馆|理事会|安理会|联合国|议会|国会|法院|中心|协会|组织)$")


@dataclass(frozen=True)
class SpeakerCheck:
    claimed: str
    said_by: str  # whose words they are, per the corpus ("" when it does not say)
    relayed_by: str  # who relayed them (the spokesperson quoting a leader), or ""
    agrees: bool | None  # None: the corpus does not say who said them
    reason: str  # "same", "someone_else", "question", "relayed", "role" (the claim names only a role or body),
    # "unnamed" (the record names only a role),
    # "not_stated" (the record names nobody, or on weak evidence) or "not_found" (no passage holds the words)


def same_person(a: str, b: str) -> bool:
    """Two names for one speaker (`外交部发言人汪文斌` and `汪文斌`, either script)."""
    x, y = normalize(a), normalize(b)
    return len(x) >= 2 and len(y) >= 2 and (x in y or y in x)


def check_speaker(claimed: str, attribution: Attribution | None) -> SpeakerCheck:
    """The claimed speaker against the record of the passage that holds the words (None: no passage)."""
    if attribution is None:
        return SpeakerCheck(claimed, "", "", None, "not_found")
    a = attribution
    if a.kind == "question":
        return SpeakerCheck(claimed, a.speaker or "记者", "", False, "question")
    if not a.shown:
        return SpeakerCheck(claimed, "", "", None, "not_stated")
    if same_person(claimed, a.speaker):
        return SpeakerCheck(claimed, a.speaker, a.relayed_by, True, "same")
    if a.relayed_by and same_person(claimed, a.relayed_by):
        return SpeakerCheck(claimed, a.speaker, a.relayed_by, False, "relayed")
    simple = to_simplified(claimed)
    if _ROLE_ONLY.search(simple) or _BODY.search(simple):  # a role or body (`外交部发言人`): the record names another
        return SpeakerCheck(claimed, a.speaker, a.relayed_by, None, "role")
    if _ROLE_ONLY.search(to_simplified(a.speaker)):  # the record names a role: which person is not said
        return SpeakerCheck(claimed, a.speaker, a.relayed_by, None, "unnamed")
    return SpeakerCheck(claimed, a.speaker, a.relayed_by, False, "someone_else")
