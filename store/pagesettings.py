"""The tunable limits and weights of page reading (decoding, HTML extraction, page furniture), in one place."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSettings:
    """Defaults measured on the saved-pages dev set; see README "Quality"."""

    # decoding (store.ingest)
    max_bad_share: float = 0.005  # undecodable bytes tolerated (replaced), as a share of the characters
    bad_byte_weight: float = 10.0  # plausibility lost per replaced byte, relative to the length: a wrong codec breaks many
    # bounds (store.htmlextract)
    max_chars: int = 8_000_000  # a larger HTML page is skipped
    max_depth: int = 1500  # deeper element nesting is skipped (parsing time grows with its square)
    # container choice (store.htmlextract)
    far_from_headline: int = 4  # levels above the headline: a container meeting it only there may be another story
    far_min_score: float = 150.0  # ... unless it is the only substantial text (an encyclopaedia's banner headline)
    decay_per_level: float = 0.5  # a container's score is multiplied by this per level farther from the headline
    container_weights: tuple[float, ...] = (1.0, 0.7, 0.35)  # a paragraph's text credited to its parent, grandparent…
    # titles and bylines (store.pagemeta, store.htmlextract)
    substantial_heading: int = 10  # letters: a shorter heading that agrees with no title is a label, not a headline
    title_max: int = 80  # characters: a longer block is not a headline
    byline_max: int = 160  # characters: a longer block is article text, not a byline
    byline_blocks: int = 8  # blocks after the headline (or before the text) searched for the byline
    footer_blocks: int = 10  # blocks after the text searched for a labelled date (时间：…, posted @ …)
    # page furniture (store.furniture, store.clean)
    widget_max: int = 40  # characters: a longer line is not a widget
    stamp_max: int = 60  # characters: a longer line with a date and time is text, not a byline
    notice_max: int = 100  # characters: a longer paragraph with a copyright notice keeps its text, less the notice


SETTINGS = PageSettings()
