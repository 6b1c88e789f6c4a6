"""Is this an outlet, or a title? The publishing site or agency, never a person, a byline, a label
(`来源：`, 转载文章), a placeholder, an account, an address or a page section; a title is never a
placeholder, a section or a bare name."""
from __future__ import annotations

import re

from store.speakers import is_person_name
from store.textnorm import remove_pinyin, to_simplified

_LABEL = re.compile(r"^\s*(?:来源|來源|稿源|出处|出處|来自|來自|source)\s*[:：]\s*", re.I)
# `眾新聞記者林勵`, `新华社记者`, `实习记者徐雪莹`, `本报记者`: the outlet is what comes before the role.
_BYLINE = re.compile(r"^(?P<outlet>.*?)(?:实习|特约|驻\S{1,6})?(?:记者|通讯员|编辑|撰稿|作者|摄影|(?:文|图)(?=[/／:：]|$))(?P<rest>.*)$")
_PLACEHOLDER = re.compile(
    r"^(?:转载文章|转载|原创|未知|匿名|网络|互联网|来源网络|网络来源|网友|佚名|管理员|admin|编辑|作者|记者|小编|none|null|unknown|"
    r"本站|本网|本报|编辑部|综合|其他|其它)$",
    re.I,
)
_ADDRESS = re.compile(r"@|https?://|\d{6,}|^\d|路\d|号$|街\d|电话|邮编|地址")
_SECTION = re.compile(r"^(?:新闻|要闻|国内|国际|时政|社会|财经|评论|观点|专题|视频|图片|首页|本地|两岸|港澳|中国|世界|体育|娱乐|科技|文化)$")
_SECTION_SUFFIX = re.compile(r"(?:专栏|栏目|专题|首页|正文|频道首页|列表|信息公开)$")
_MAX_LEN = 30
# `来源：新华网`: the name ends at a space, a separator, a date, or the next byline field run into it.
SOURCE_LABEL = re.compile(
    r"(?:来源|來源|稿源|出处|出處)\s*[:：]\s*([^\s|｜/:：]{2,20}?)"
    r"(?=$|[\s|｜/:：]|(?:19|20)\d{2}[-/.年]|选稿|選稿|编辑|編輯|作者|记者|記者|举报|舉報|责编|責編|字号|字號|发布|發布|时间|時間|"
    r"阅读|閱讀)"
)


def clean_outlet(name: str) -> str:
    """`name` without a `来源：` label, pinyin (`央視網(wǎng)`) and surrounding punctuation."""
    return remove_pinyin(_LABEL.sub("", name or "")).strip(" \t\u3000-—·|｜:：,，;；()（）[]【】")


def source_named(text: str) -> str:
    """The outlet a `来源：` label names in `text`, when it is one, or ""."""
    m = SOURCE_LABEL.search(text)
    return valid_outlet(m.group(1)) if m else ""


def valid_outlet(value: str) -> str:
    """`value` as an outlet, the outlet inside a byline (`眾新聞記者` → `眾新聞`), or "" when it names none."""
    value = clean_outlet(value)
    if not value or len(value) > _MAX_LEN or "," in value or "，" in value:
        return ""
    simple = to_simplified(value)
    m = _BYLINE.match(simple)
    if m and simple != m.group("outlet") and (m.group("outlet") or m.group("rest")):
        value, simple = value[: len(m.group("outlet"))], m.group("outlet")
    if not simple or is_person_name(simple) or _PLACEHOLDER.match(simple) or _ADDRESS.search(simple):
        return ""
    if _SECTION.match(simple) or _SECTION_SUFFIX.search(simple):
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
