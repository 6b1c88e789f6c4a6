"""Cleaning (issue "Ingestion"): each rule on a small document written for the test, indexed through
`store.reindex`. What is left must be exactly the article's own paragraphs, verbatim."""
from __future__ import annotations

import pytest

from storetest import build
from store import search

TITLE = "外交部发言人谈气候变化合作"
P1 = "外交部发言人李明10日表示，中方愿同各方一道，推动气候变化多边进程不断取得新的积极进展。"
P2 = "李明指出，发达国家应当切实履行资金承诺，帮助发展中国家提升应对气候变化的能力和水平。"
P3 = "他强调，各国应当坚持共同但有区别的责任原则，携手构建公平合理、合作共赢的全球气候治理体系。"
BODY = [P1, P2, P3]


def text_page(*, before: list[str] = (), after: list[str] = (), between: list[str] = ()) -> str:
    """A plain-text page: junk lines before the title, between title and body, or after the body."""
    lines = [*before, TITLE, *between, *BODY, *after]
    return "\n\n".join(lines) + "\n"


JUNK = {
    "breadcrumb": dict(before=["新华网 > 国际频道 > 正文"], forbid=["国际频道", "正文"]),
    "spam title line": dict(
        before=["自拍偷拍亚洲一区二区_日本欧美亚洲精品在线观看_午夜中文乱码福利"], forbid=["精品", "自拍", "乱码"]
    ),
    "byline with date and source": dict(between=["2023-05-12 10:20:31 来源：新华网"], forbid=["来源", "10:20"]),
    "share widget": dict(between=["分享到：", "微博", "微信", "QQ空间", "打印"], forbid=["分享", "微博", "QQ空间", "打印"]),
    "related news with timestamps": dict(
        after=[
            "相关新闻",
            "联合国秘书长呼吁各国加强团结合作", "2023-05-11 09:00",
            "欧洲多国遭遇罕见极端高温天气", "2023-05-10 18:32",
            "专家解读全球能源转型的前景", "2023-05-10 08:15",
            "多国领导人出席国际能源峰会", "2023-05-09 21:04",
        ],
        forbid=["相关新闻", "秘书长呼吁", "高温天气", "能源转型", "能源峰会", "2023-05-1"],
    ),
    "headline list without a header": dict(
        after=[
            "联合国秘书长呼吁各国加强团结合作\n2023-05-11 09:00 国际观察 -",
            "欧洲多国遭遇罕见极端高温天气\n2023-05-10 18:32 欧洲乱局 -",
            "专家解读全球能源转型的前景\n2023-05-10 08:15 -",
            "多国领导人出席国际能源峰会\n2023-05-09 21:04 中国外交 -",
        ],
        forbid=["秘书长呼吁", "高温天气", "能源转型", "能源峰会", "国际观察"],
    ),
    "comment counters": dict(
        after=["阅读 3456 评论 12", "“各国应加强气候合作” 评论 20“发展中国家需要资金支持” 评论 81"],
        forbid=["阅读", "评论", "3456"],
    ),
    "editor credit": dict(after=["（责任编辑：王小红）"], forbid=["责任编辑", "王小红"]),
    "copyright notice": dict(
        after=["版权所有 © 2023 新华网 京ICP备12345678号 未经授权不得转载"], forbid=["版权", "ICP", "转载", "12345678"]
    ),
    "tracking digits": dict(after=["010020030300000000000000011100001126223667"], forbid=["0100200303"]),
}


@pytest.mark.parametrize("kind", list(JUNK))
def test_boilerplate_line_is_dropped_and_article_kept_verbatim(tmp_path, kind):
    junk = JUNK[kind]
    page = text_page(before=junk.get("before", []), between=junk.get("between", []), after=junk.get("after", []))
    built = build(tmp_path, {"page.txt": page})
    assert built.texts() == BODY
    for word in junk["forbid"]:
        assert word not in built.joined(), f"{kind}: {word!r} left in a passage"


def html_page(*, before: list[str] = (), between: list[str] = (), after: list[str] = ()) -> str:
    """An HTML page whose junk sits in unmarked <p> elements inside the article container."""
    paragraphs = "\n".join(f"<p>{line}</p>".replace("\n", "<br>") for line in [*between, *BODY, *after])
    head = "\n".join(f"<p>{line}</p>" for line in before)
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{TITLE}</title></head><body><div>{head}<div class='text'>\n<h1>{TITLE}</h1>\n{paragraphs}\n</div></div></body></html>"


@pytest.mark.parametrize("kind", list(JUNK))
def test_boilerplate_paragraph_inside_html_article_is_dropped(tmp_path, kind):
    junk = JUNK[kind]
    page = html_page(before=junk.get("before", []), between=junk.get("between", []), after=junk.get("after", []))
    built = build(tmp_path, {"page.html": page})
    assert built.texts() == BODY


def test_page_with_every_kind_of_boilerplate_keeps_only_the_article(tmp_path):
    before = [line for junk in JUNK.values() for line in junk.get("before", [])]
    between = [line for junk in JUNK.values() for line in junk.get("between", [])]
    after = [line for junk in JUNK.values() for line in junk.get("after", [])]
    built = build(tmp_path, {"page.txt": text_page(before=before, between=between, after=after)})
    assert built.texts() == BODY


def test_title_line_is_not_a_passage_but_is_the_document_title(tmp_path):
    built = build(tmp_path, {"page.txt": text_page()})
    assert TITLE not in built.texts()
    assert built.passages()[0].title == TITLE


HTML_PAGE = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{TITLE}_新华网</title>
<meta property="og:site_name" content="新华网">
<script>var slot = "广告位脚本：立即下载客户端";</script>
<style>.ad {{ color: red }}</style></head>
<body>
<div class="nav"><a href="/">首页</a> | <a href="/world">国际</a> | <a href="/fin">财经</a></div>
<div class="breadcrumb"><a href="/">新华网</a> &gt; <a href="/world">国际频道</a> &gt; 正文</div>
<div id="article">
<h1>{TITLE}</h1>
<div class="share-bar">分享到：<a href="#">微博</a> <a href="#">微信</a></div>
<p>{P1}</p>
<div class="ad-banner">限时优惠广告：点击领取新用户大礼包，仅需九块九</div>
<p>{P2}</p>
<script>document.write("恶意广告脚本插入的文字");</script>
<p>{P3}</p>
<a href="https://subscribe.example.com/promotions/?utm_content=subscribelink-paywall" target="_blank"><img class="paywall" src="https://static.example.com/paywall_desktop.png" alt="subscribe"></a>
<div class="related"><h3>相关新闻</h3><ul>
<li><a href="/a1">联合国秘书长呼吁各国加强团结合作</a></li>
<li><a href="/a2">欧洲多国遭遇罕见极端高温天气</a></li>
<li><a href="/a3">专家解读全球能源转型的前景</a></li>
</ul></div>
</div>
<div class="footer">版权所有 © 新华网 京ICP备12345678号</div>
</body></html>
"""


def test_html_page_keeps_only_article_paragraphs(tmp_path):
    built = build(tmp_path, {"page.html": HTML_PAGE})
    assert built.texts() == BODY


@pytest.mark.parametrize(
    "junk",
    ["广告", "恶意", "slot", "subscribe", "paywall", "首页", "国际频道", "分享", "相关新闻", "秘书长", "版权", "ICP"],
    ids=["ad-div", "script", "script-var", "paywall-link", "paywall-img", "nav", "breadcrumb", "share", "related-header", "related-item", "copyright", "icp"],
)
def test_html_scripts_ads_paywall_and_navigation_are_stripped(tmp_path, junk):
    built = build(tmp_path, {"page.html": HTML_PAGE})
    assert junk not in built.joined()


def test_html_tags_never_reach_a_passage(tmp_path):
    built = build(tmp_path, {"page.html": HTML_PAGE.replace(f"<p>{P2}</p>", "<p>李明<b>指出</b>，<span>发达国家</span>应当切实履行资金承诺，帮助发展中国家提升应对气候变化的能力和水平。</p>")})
    assert P2 in built.texts()
    assert "<" not in built.joined() and ">" not in built.joined()


MARKDOWN_PAGE = f"""---
title: "{TITLE}"
date: 2023-05-12T10:20:00Z
source: 新华网
url: https://example.com/2023/0512/climate.html
---
# {TITLE}

[{TITLE}](https://example.com/2023/0512/climate.html)

------

{P1}

**{P2}**

{P3.replace("全球气候治理体系", "[全球气候治理体系](https://example.com/glossary)")}
"""


def test_markdown_front_matter_and_markup_are_not_text(tmp_path):
    built = build(tmp_path, {"page.md": MARKDOWN_PAGE})
    assert built.texts() == BODY


def test_markdown_front_matter_gives_attribution(tmp_path):
    built = build(tmp_path, {"page.md": MARKDOWN_PAGE})
    first = built.passages()[0]
    assert (first.title, first.published, first.outlet, first.url) == (
        TITLE, "2023-05-12", "新华网", "https://example.com/2023/0512/climate.html"
    )


def test_markdown_with_html_body_is_cleaned_like_html(tmp_path):
    body = HTML_PAGE.split("<body>")[1].split("</body>")[0]
    page = f'---\ntitle: "{TITLE}"\nsource: 新华网\n---\n<!--1683886800000-->\n{body}\n'
    built = build(tmp_path, {"page.md": page})
    assert built.texts() == BODY


# ---------------------------------------------------------------- characters


def test_pinyin_annotations_are_removed(tmp_path):
    page = (
        "中國(guó)代表呼籲加強合作\n\n"
        "中國(guó)常駐聯(lián)合國(guó)代表張軍10日表示，進(jìn)一步弘揚(yáng)多邊主義對(duì)反恐努力至關(guān)重要。\n\n"
        "張軍指出，國(guó)際社會(huì)應（yīng）當加強團結，共同應對恐怖主義帶來的新挑戰。\n"
    )
    built = build(tmp_path, {"page.txt": page})
    assert built.texts() == [
        "中國常駐聯合國代表張軍10日表示，進一步弘揚多邊主義對反恐努力至關重要。",
        "張軍指出，國際社會應當加強團結，共同應對恐怖主義帶來的新挑戰。",
    ]


def test_ordinary_parentheses_are_kept(tmp_path):
    text = "希望联合国反恐怖主义办公室(反恐办公室)继续通过能力建设项目(CBP)应对打击网络恐怖主义等需要。"
    built = build(tmp_path, {"page.txt": f"{TITLE}\n\n{text}\n\n{P1}\n"})
    assert text in built.texts()


def test_pinyin_removed_text_is_searchable(tmp_path):
    page = "標題\n\n中國(guó)常駐聯(lián)合國(guó)代表張軍10日表示，進(jìn)一步弘揚(yáng)多邊主義對(duì)反恐努力至關(guān)重要。\n"
    built = build(tmp_path, {"page.txt": page})
    hits = search(built.index, "进一步弘扬多边主义对反恐努力至关重要")
    assert hits and "弘揚多邊主義" in hits[0].quote


MOJIBAKE_PAGE = (
    "踐行全球安全倡議\n\n"
    "各類恐怖極端勢力借亂生事、跨境勾連，恐怖網絡蔓延擴展??植澜M織利用新興技術實施恐怖活動，國際社會防范打擊更為不易。\n\n"
    "只重視對自己構成危害的恐怖組織，對危害其他國家的恐怖組織視而不見，不是真打恐。\n"
)


def test_misencoded_gbk_run_is_repaired_from_document_context(tmp_path):
    built = build(tmp_path, {"page.txt": MOJIBAKE_PAGE})
    first = built.texts()[0]
    assert "恐怖組織利用新興技術" in first
    assert "?" not in first and "植澜M" not in first


def test_repaired_mojibake_is_searchable(tmp_path):
    built = build(tmp_path, {"page.txt": MOJIBAKE_PAGE})
    hits = search(built.index, "恐怖组织利用新兴技术实施恐怖活动")
    assert hits and "恐怖組織利用新興技術" in hits[0].quote


def test_zero_width_and_odd_spaces_are_tidied(tmp_path):
    page = f"{TITLE}\n\n\u3000\u3000外交部发言人\u200b李明10日表示，中方愿同各方一道，推动气候变化多边进程不断取得新的积极进展。\n"
    built = build(tmp_path, {"page.txt": page})
    assert built.texts() == [P1]


# ---------------------------------------------------------------- paragraphs


def test_paragraph_broken_mid_sentence_by_blank_lines_is_rejoined(tmp_path):
    first, second = "在各国共同努力下，国际反恐合作取得显著成效，但恐怖势力割而不灭，恐怖网络", "仍在蔓延。恐怖组织利用新兴技术从事恐怖活动，增加了防范和打击难度。"
    built = build(tmp_path, {"page.txt": f"{TITLE}\n\n{P1}\n\n{first}\n\n\n{second}\n\n{P3}\n"})
    assert built.texts() == [P1, first + second, P3]


def test_paragraph_broken_after_a_comma_is_rejoined(tmp_path):
    first = "中方在论坛框架内倡议并举办了两次打击网络恐怖主义研讨会，凝聚国际共识，拓展务实合作，增强与联合国等国际"
    second = "和地区机构的协调合作，加大信息共享，实现优势互补。"
    built = build(tmp_path, {"page.txt": f"{TITLE}\n\n{first}\n\n{second}\n\n{P3}\n"})
    assert built.texts() == [first + second, P3]


@pytest.mark.parametrize(
    "heading",
    ["各位同事，女士们、先生们：", "各位同事，女士们、先生们，", "恐怖主义之祸 全球安全毒瘤", "一、坚持多边主义", "全文如下："],
    ids=["salutation-colon", "salutation-comma", "heading-with-space", "numbered-heading", "full-text-follows"],
)
def test_headings_and_salutations_are_not_glued_to_the_next_paragraph(tmp_path, heading):
    built = build(tmp_path, {"page.txt": f"{TITLE}\n\n{P1}\n\n{heading}\n\n{P2}\n\n{P3}\n"})
    assert built.texts() == [P1, heading, P2, P3]


def test_complete_paragraphs_are_not_joined(tmp_path):
    built = build(tmp_path, {"page.txt": f"{TITLE}\n\n{P1}\n{P2}\n\n\n{P3}\n"})
    assert built.texts() == BODY


def test_passages_are_exact_substrings_of_the_input(tmp_path):
    page = text_page(before=JUNK["breadcrumb"]["before"], after=JUNK["editor credit"]["after"] + JUNK["copyright notice"]["after"])
    built = build(tmp_path, {"page.txt": page, "page.html": HTML_PAGE})
    for p in built.passages():
        source = (built.corpus / p.path).read_text(encoding="utf-8")
        assert p.text in source, f"{p.path}: {p.text!r} is not verbatim"
