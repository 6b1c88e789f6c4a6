"""Is this an outlet, or a title? The publishing site or agency, never a person, a byline, a placeholder,
an address or a section; a title is never a placeholder, a section or a bare name."""
from __future__ import annotations

import re

from store.speakers import is_person_name
from store.textnorm import to_simplified

# `眾新聞記者林勵`, `新华社记者`, `实习记者徐雪莹`, `本报记者`: the outlet is what comes before the role.
_BYLINE = re.compile(r"^(?P<outlet>.*?)(?:实习|特约|驻\S{1,6})?(?:记者|通讯员|编辑|撰稿|作者|摄影|(?:文|图)(?=[/／:：]|$))(?P<rest>.*)$")
_PLACEHOLDER = re.compile(r"^(?:转载文章|转载|原创|未知|匿名|网络|互联网|来源网络|网络来源|佚名|admin|none|null|unknown|本站|本网|本报|编辑部|综合)$", re.I)
_ADDRESS = re.compile(r"@|^\d|路\d|号$|街\d|电话|邮编|地址")
_SECTION = re.compile(r"^(?:新闻|要闻|国内|国际|时政|社会|财经|评论|观点|专题|视频|图片|首页|本地|两岸|港澳|中国|世界|体育|娱乐|科技|文化)$")


def valid_outlet(value: str) -> str:
    """`value` as an outlet, the outlet inside a byline (`眾新聞記者` → `眾新聞`), or "" when it names none."""
    value = (value or "").strip(" 　|｜-—·:：")
    if not value or len(value) > 40:
        return ""
    simple = to_simplified(value)
    m = _BYLINE.match(simple)
    if m and simple != m.group("outlet") and (m.group("outlet") or m.group("rest")):
        value, simple = value[: len(m.group("outlet"))], m.group("outlet")
    if not simple or is_person_name(simple) or _PLACEHOLDER.match(simple) or _ADDRESS.search(simple) or _SECTION.match(simple):
        return ""
    return value


def valid_title(value: str) -> str:
    """`value` as a document title, or "" when it is a placeholder, a section name, an e-mail address or
    a bare person's name (a byline taken for a headline)."""
    value = (value or "").strip()
    simple = to_simplified(value)
    if not simple or is_person_name(simple) or _PLACEHOLDER.match(simple) or _SECTION.match(simple) or re.fullmatch(r"\S+@\S+", simple):
        return ""
    return value
