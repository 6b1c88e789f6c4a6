"""A per-user request budget (token bucket), so that one user's flood cannot slow everyone else."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from enum import Enum

MAX_TRACKED = 10_000  # users remembered at once; idle ones (full buckets) are forgotten first


class Verdict(Enum):
    ALLOW = "allow"
    REFUSE_AND_TELL = "tell"  # the first refusal since the user was last allowed: say why
    REFUSE = "refuse"  # later refusals: drop quietly, so that refusals do not flood the chat either


@dataclass
class _Bucket:
    tokens: float
    at: float
    told: bool = False


@dataclass
class UserRateLimit:
    """Each user may make `burst` requests at once, then `per_second` a second (0: no limit)."""

    burst: int
    per_second: float
    _buckets: dict[int, _Bucket] = field(default_factory=dict)

    def check(self, user_id: int, now: float | None = None) -> Verdict:
        if self.per_second <= 0:
            return Verdict.ALLOW
        now = time.monotonic() if now is None else now
        bucket = self._buckets.get(user_id)
        if bucket is None:
            self._forget_idle(now)
            bucket = self._buckets[user_id] = _Bucket(float(self.burst), now)
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.at) * self.per_second)
        bucket.at = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            bucket.told = False
            return Verdict.ALLOW
        if bucket.told:
            return Verdict.REFUSE
        bucket.told = True
        return Verdict.REFUSE_AND_TELL

    def _forget_idle(self, now: float) -> None:
        if len(self._buckets) < MAX_TRACKED:
            return
        full = [uid for uid, b in self._buckets.items() if b.tokens + (now - b.at) * self.per_second >= self.burst]
        for uid in full or list(self._buckets)[: MAX_TRACKED // 2]:
            del self._buckets[uid]
