"""Is a candidate outlet name an outlet? Labels, people, accounts, e-mail addresses and page sections are not."""
from __future__ import annotations

import re

_LABEL = re.compile(r"^\s*(?:来源|來源|稿源|出处|出處|来自|來自|source)\s*[:：]\s*", re.I)
_NOT_OUTLET = re.compile(
    r"^(?:转载|轉載|转载文章|轉載文章|原创|原創|网络|網絡|网友|網友|佚名|未知|匿名|本站|本网|本網|管理员|管理員|admin|编辑|編輯|"
    r"作者|记者|記者|小编|小編|综合|綜合|其他|其它|互联网|互聯網|none|null|unknown)$",
    re.I,
)
_SECTION = re.compile(r"(?:专栏|專欄|栏目|欄目|专题|專題|首页|首頁|正文|频道首页|列表|信息公开|資訊公開)$")
_CONTACT = re.compile(r"@|https?://|\d{6,}")
_MAX_LEN = 30
# `来源：新华网`: the name ends at a space, a separator, a date, or the next byline field run into it.
SOURCE_LABEL = re.compile(
    r"(?:来源|來源|稿源|出处|出處)\s*[:：]\s*([^\s|｜/:：]{2,20}?)"
    r"(?=$|[\s|｜/:：]|(?:19|20)\d{2}[-/.年]|选稿|選稿|编辑|編輯|作者|记者|記者|举报|舉報|责编|責編|字号|字號|发布|發布|时间|時間|"
    r"阅读|閱讀)"
)


def source_named(text: str) -> str:
    """The outlet a `来源：` label names in `text`, when it is one, or ""."""
    m = SOURCE_LABEL.search(text)
    return clean_outlet(m.group(1)) if m and valid_outlet(m.group(1)) else ""


def clean_outlet(name: str) -> str:
    """`name` without a `来源：` label and surrounding punctuation."""
    return _LABEL.sub("", name or "").strip(" \t\u3000-|｜:：,，;；()（）[]【】")


def valid_outlet(name: str) -> bool:
    """True when `name` can be an outlet: not a label (转载文章), a person, an account or e-mail, or a section."""
    from store.attribute import is_person_name  # the attribution module owns the person-name rule

    name = clean_outlet(name)
    if not name or len(name) > _MAX_LEN or "," in name or "，" in name:
        return False
    if _NOT_OUTLET.match(name) or _SECTION.search(name) or _CONTACT.search(name):
        return False
    return not is_person_name(name)
