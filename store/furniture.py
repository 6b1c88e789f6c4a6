"""Page furniture that survives inside an article's container or a plain-text dump: rules for `store.clean`.

Each rule takes a paragraph and the cues dict and returns "drop" (not quotable, nothing to learn),
or None. Widgets are short, so every rule is bounded by a length: article text is never matched.
"""
from __future__ import annotations

import re

from store import pagemeta
from store.pagesettings import SETTINGS


_PREV_NEXT = re.compile(r"^(?:上一篇|下一篇|上一條|下一條|上一条|下一条|上一章|下一章|前一篇|后一篇|後一篇|上篇|下篇)(?:\s*[:：]|\s|$)")
_BRACKETS = re.compile(r"^(?:\s*[【\[［][^】\]］]{1,8}[】\]］])+\s*$")
_SHARE = re.compile(r"^(?:分享到|分享至|转发到|轉發到)|^分享\s*[:：]")
_PAGER = re.compile(r"第\s*\d+\s*[页頁]\s*/?\s*共\s*\d+\s*[页頁]|^共\s*\d+\s*[页頁]|上一[页頁]|下一[页頁]|首[页頁]\s*尾[页頁]")
_PLAYER = re.compile(
    r"播放速度|倍速播放|清晰度\s*[:：]|正在为您切换|正在為您切換|视频播放失败|視頻播放失敗|错误代码|錯誤代碼|建议\s*wifi|建議\s*wifi|"
    r"重新播放|点击播放|點擊播放|正在加载|正在載入|加载中|載入中",
    re.I,
)
_TAGS = re.compile(r"^(?:分类专栏|分類專欄|文章标签|文章標籤|标签|標籤|分类|分類|关键字|關鍵字|关键词|關鍵詞|tags?)\s*[:：]", re.I)
_AD = re.compile(r"^(?:广告|廣告)")
_PROMO = re.compile(r"^更多.{0,40}(?:请关注|請關注|请访问|請訪問|尽在|盡在)")
_STAMP = re.compile(
    r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}(?!\d)\s*日?\s*\d{1,2}:\d{2}|[于於]\s*(?:19|20)\d{2}[-/.年]"
)
_FORUM = re.compile(
    r"本帖最后由|本帖最後由|只看该作者|只看該作者|使用道具|倒序浏览|倒序瀏覽|阅读模式|閱讀模式|电梯直达|電梯直達|"
    r"^(?:\d+\s*[楼樓]|沙发|沙發|板凳|地板|楼主|樓主)$|^(?:发表于|發表於)"
)
_BACKLINK = re.compile(r"^\^\s")


def _short(text: str, limit: int | None = None) -> bool:
    return len(text) <= (SETTINGS.widget_max if limit is None else limit)


def rule_widget_line(text: str, cues: dict[str, str]) -> str | None:
    """Prev/next links (`上一篇：…`), print/close buttons (`【打印本页】【关闭窗口】`), share bars, pagers,
    video-player controls, forum post tools (`只看该作者`, `2楼`), tag lines, advertisement labels and
    "more at …" promotions."""
    if _short(text, 80) and (_PREV_NEXT.match(text) or _TAGS.match(text)):
        return "drop"
    if _BRACKETS.match(text):
        return "drop"
    if _short(text) and (_SHARE.match(text) or _PAGER.search(text) or _PLAYER.search(text) or _FORUM.search(text)):
        return "drop"
    if _short(text, 60) and not text.endswith("。") and (_AD.match(text) or _PROMO.match(text)):
        return "drop"
    return None


def rule_byline_stamp(text: str, cues: dict[str, str]) -> str | None:
    """A short line with a date and a time of day, or `于 <date> 发布`: a byline (its date is a cue unless the
    line points to another story) or a related item's timestamp."""
    if len(text) > SETTINGS.stamp_max or "。" in text or "，" in text or not _STAMP.search(text):
        return None
    found = pagemeta.byline_date([text])
    if found:
        cues.setdefault("published", found)
    return "drop"


def rule_no_words(text: str, cues: dict[str, str]) -> str | None:
    """A line with no letters at all (numbers of a table, `00:00`) or a reference backlink (`^ …`)."""
    return "drop" if not any(map(str.isalpha, text)) or _BACKLINK.match(text) else None
