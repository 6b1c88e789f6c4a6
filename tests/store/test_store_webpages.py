"""Saved news pages (issue "Any saved news page"): one small page written for the test per failure class,
indexed through `store.reindex`. The index must hold the article, its date, title and outlet, nothing
else and nothing lost."""
from __future__ import annotations

import pytest

from storetest import build, documents, run_cli
from store.outlets import valid_outlet

TITLE = "外交部发言人谈气候变化合作"
P1 = "外交部发言人李明10日表示，中方愿同各方一道，推动气候变化多边进程不断取得新的积极进展。"
P2 = "李明指出，发达国家应当切实履行资金承诺，帮助发展中国家提升应对气候变化的能力和水平。"
P3 = "他强调，各国应当坚持共同但有区别的责任原则，携手构建公平合理、合作共赢的全球气候治理体系。"
BODY = [P1, P2, P3]
SIDE_STORY = [
    "欧洲多国近日遭遇罕见的极端高温天气，多地气温突破历史纪录，当局发布最高级别的高温预警并开放避暑中心。",
    "气象专家指出，持续高温导致农作物减产、河流水位下降，能源需求激增，电网运行面临较大压力和严峻考验。",
    "多国政府呼吁民众减少户外活动，注意防暑降温，照顾好老人和儿童，同时加强对森林火灾的监测和预防工作。",
    "分析人士认为，极端天气事件日益频繁，凸显各国加快能源转型、提升城市适应能力的紧迫性和重要意义。",
]


def page(body: str, *, head: str = "", title: str = f"{TITLE}_新华网") -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
        f"<body>{body}</body></html>"
    )


def article(*extra_after: str, before_body: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    return f"<div class='main'><h1>{TITLE}</h1>{before_body}<div class='text'>{paragraphs}{''.join(extra_after)}</div></div>"


def one(tmp_path, html: str, name: str = "page.html"):
    built = build(tmp_path, {name: html})
    return built, documents(built.db)[name]


# ---------------------------------------------------------------- another story under this title


def test_longer_sidebar_story_does_not_replace_the_article(tmp_path):
    sidebar = "".join(f"<div class='item'><h3>欧洲热浪</h3><p>{p}</p></div>" for p in SIDE_STORY * 2)
    html = page(f"<div class='wrap'><article>{article()}</article></div><div class='stream'>{sidebar}</div>")
    built, _ = one(tmp_path, html)
    assert built.texts() == BODY


def test_recommendation_box_holding_most_of_the_text_is_not_the_article(tmp_path):
    recommended = "".join(f"<div class='recommend-item'><a href='/x'><h4>推荐文章</h4><div>{p}</div></a></div>" for p in SIDE_STORY)
    body = (
        f"<main><div class='blog-content-box'><div class='article-header'><h1>{TITLE}</h1></div>"
        f"<article><div class='views'><p>{P1}</p></div></article></div>"
        f"<div class='recommend-box'>{recommended}</div></main>"
    )
    built, _ = one(tmp_path, page(body))
    assert built.texts() == [P1]


def test_article_container_with_a_widget_like_class_is_kept(tmp_path):
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    html = page(f"<div class='main'><h1>{TITLE}</h1><div class='content_share hot'>{paragraphs}</div></div>")
    built, _ = one(tmp_path, html)
    assert built.texts() == BODY


# ---------------------------------------------------------------- whole page lost


def nested(inner: str, levels: int = 6) -> str:
    return "<div>" * levels + inner + "</div>" * levels


def test_short_article_far_below_a_headline_in_a_deep_banner_is_not_lost(tmp_path):
    built, _ = one(tmp_path, page(nested(f"<h1>{TITLE}</h1>") + nested(f"<p>{P1}</p>")))
    assert built.texts() == [P1]


def test_form_wrapping_the_whole_page_keeps_the_article(tmp_path):
    html = page(f"<form method='post' action='./news.aspx' id='form1'>{article()}</form>")
    built, _ = one(tmp_path, html)
    assert built.texts() == BODY


@pytest.mark.parametrize("wrapper", ["sohu_cms_include:article", "text"])
def test_unknown_wrapper_element_still_breaks_paragraphs(tmp_path, wrapper):
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    html = page(f"<h1>{TITLE}</h1><{wrapper}>{paragraphs}</{wrapper}><p>版权所有 © 2023 新华网</p>")
    built, _ = one(tmp_path, html)
    assert built.texts() == BODY


def test_font_wrapping_paragraphs_still_breaks_them(tmp_path):
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    built, _ = one(tmp_path, page(f"<h1>{TITLE}</h1><div><font size='3'>{paragraphs}</font></div>"))
    assert built.texts() == BODY


def test_long_paragraph_with_a_copyright_notice_keeps_its_text(tmp_path):
    notice = "本文为新华网原创稿件，未经授权不得转载。"
    after = "<p>联合国秘书长呼吁各国加强团结合作，共同应对全球性挑战。</p>"
    html = page(f"<h1>{TITLE}</h1><div class='text'><p>{P1}</p><p>{P2}{P3}{notice}</p>{after}</div>")
    built, _ = one(tmp_path, html)
    assert built.texts() == [P1, P2 + P3]


def test_copyright_words_inside_article_text_are_the_article(tmp_path):
    inside = ("他指出，未经授权使用他人作品的行为必须依法惩处。各方应当加强版权保护，共同维护创作者的合法权益和良好的市场秩序，"
              "推动形成尊重知识、尊重创造的社会风尚，为文化繁荣发展营造更加公平、透明、可预期的法治环境。")
    html = page(f"<h1>{TITLE}</h1><div class='text'><p>{P1}</p><p>{inside}</p><p>{P2}</p></div>")
    built, _ = one(tmp_path, html)
    assert built.texts() == [P1, inside, P2]


@pytest.mark.parametrize("credit", ["(責編:王小紅)", "（责任编辑：王小红）"])
def test_paragraph_ending_with_an_editor_credit_loses_only_the_credit(tmp_path, credit):
    html = page(f"<h1>{TITLE}</h1><div class='text'><p>{P1}</p><p>{P2}</p><p>{P3}{credit}</p></div>")
    built, _ = one(tmp_path, html)
    assert built.texts() == BODY


# ---------------------------------------------------------------- dates


def test_byline_next_to_the_headline_outside_the_container_gives_the_date(tmp_path):
    byline = "<div class='info'><span>2019-09-09 19:32:27</span> <span>来源：新华网</span></div>"
    html = page(f"<div class='top'><h1>{TITLE}</h1>{byline}</div><div class='content'>{''.join(f'<p>{p}</p>' for p in BODY)}</div>")
    _, doc = one(tmp_path, html)
    assert doc["published"] == "2019-09-09"


@pytest.mark.parametrize(
    "head, script",
    [
        ("<meta property='og:time' content='2024-05-20 08:21:00'>", ""),
        ("<meta name='apub:time' content='2024/5/20 8:21:00'>", ""),
        ("", "<script>var pubtime = '2024-05-20 08:21';</script>"),
        ("", "<script>window.DATA = {newsTime: \"2024-05-20 08:21:00\"};</script>"),
        ("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"datePublished\": \"2024-05-20T08:21:00+08:00\"}</script>", ""),
    ],
    ids=["og:time", "apub:time", "pubtime", "newsTime", "json-ld"],
)
def test_publication_metadata_under_other_names_gives_the_date(tmp_path, head, script):
    _, doc = one(tmp_path, page(article() + script, head=head))
    assert doc["published"] == "2024-05-20"


def test_labelled_date_a_few_lines_after_the_text_gives_the_date(tmp_path):
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    footer = "<div>气候合作</div><div>所属分类：国际</div><div>辟谣</div><div>时间：2019-09-24 17:08</div>"
    _, doc = one(tmp_path, page(f"<div><div class='text'>{paragraphs}</div>{footer}</div>"))
    assert doc["published"] == "2019-09-24"


def test_byline_split_over_list_items_gives_the_date(tmp_path):
    byline = "<ul><li>来源：新华社</li><li>作者：</li><li>2023-12-01 14:43</li></ul>"
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    _, doc = one(tmp_path, page(f"<div>{byline}</div><div class='text'>{paragraphs}</div>", title="无标题文档"))
    assert doc["published"] == "2023-12-01"


def test_timestamps_of_linked_stories_before_the_text_are_not_the_date(tmp_path):
    items = "".join(f"<li><a href='/{i}'>联合国秘书长呼吁各国加强团结合作第{i}次会议</a> 2019-09-0{i} 12:00</li>" for i in range(1, 4))
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    _, doc = one(tmp_path, page(f"<ul>{items}</ul><div class='text'>{paragraphs}</div>", title="无标题文档"))
    assert doc["published"] in ("", None)


def test_posted_line_below_the_post_with_counters_gives_the_date(tmp_path):
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    after = "".join(f"<div>{w}</div>" for w in ["标签: 气候", "好文要顶 关注我", "李明", "粉丝 - 1", "+加关注", "3", "0"])
    footer = "<div class='postDesc'>posted @ 2024-05-09 14:45 李明 阅读(430) 评论(2) 编辑 收藏 举报</div>"
    _, doc = one(tmp_path, page(f"<div class='post'><div class='body'>{paragraphs}</div>{after}{footer}</div>"))
    assert doc["published"] == "2024-05-09"


def test_unlabelled_comment_times_after_the_text_are_not_the_date(tmp_path):
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    comments = "<div>网友张三 2024-05-10 10:00</div><div>说得好</div>"
    _, doc = one(tmp_path, page(f"<div><div class='body'>{paragraphs}</div>{comments}</div>"))
    assert doc["published"] in ("", None)


def test_date_in_a_table_cell_is_not_the_page_date(tmp_path):
    table = "<table class='infobox'><tr><th>成立时间</th><td>2017年4月1日</td></tr><tr><th>面积</th><td>1770平方公里</td></tr></table>"
    _, doc = one(tmp_path, page(f"<h1>{TITLE}</h1>{table}<div>{''.join(f'<p>{p}</p>' for p in BODY)}</div>"))
    assert doc["published"] in ("", None) and doc["date"] in ("", None)


def test_date_of_a_recommended_article_is_not_the_page_date(tmp_path):
    info = "<div class='up-time'>最新推荐文章于 2023-09-04 17:53:10 发布</div><div class='bar'>张三 于 2023-03-12 13:08:03 发布</div>"
    built, doc = one(tmp_path, page(article(before_body=info)))
    assert doc["published"] == "2023-03-12"
    assert "发布" not in built.joined()


# ---------------------------------------------------------------- titles


def test_navigation_h1_is_not_the_title(tmp_path):
    html = page("<div class='nav'><h1>全部导航</h1></div>" + article())
    _, doc = one(tmp_path, html)
    assert doc["title"] == TITLE


def test_og_title_cut_at_a_quote_loses_to_the_full_headline(tmp_path):
    full = "外交部：中方“坚决反对”有关国家的错误做法"
    head = "<meta property='og:title' content='外交部：中方'>"
    html = page(f"<h1>{full}</h1><div>{''.join(f'<p>{p}</p>' for p in BODY)}</div>", head=head, title=f"{full}_新华网")
    _, doc = one(tmp_path, html)
    assert doc["title"] == full


def test_markup_and_widgets_are_not_left_in_the_title(tmp_path):
    head = f"<meta property='og:title' content='&lt;em&gt;{TITLE}&lt;/em&gt;'>"
    heading = f"<h1><span>{TITLE}</span><span class='mw-editsection'>[编辑]</span><div class='audio-btn'>播报文章</div></h1>"
    html = page(heading + f"<div>{''.join(f'<p>{p}</p>' for p in BODY)}</div>", head=head, title="新华网")
    _, doc = one(tmp_path, html)
    assert doc["title"] == TITLE


def test_headline_inside_dropped_navigation_or_nested_headers_keeps_the_article(tmp_path):
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    html = page(f"<header><header><p>新华网首页</p></header><nav><h1>{TITLE}</h1></nav></header><div>{paragraphs}</div>")
    built, doc = one(tmp_path, html)
    assert built.texts() == BODY
    assert doc["title"] == TITLE


def test_title_classed_block_above_the_text_when_no_heading_agrees_with_the_title(tmp_path):
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    html = page(f"<div class='art'><div class='art-title'>{TITLE}</div><div class='art-info'>来源：新华网</div>"
                f"<div class='body'>{paragraphs}</div></div>", title="新华网-国际频道")
    _, doc = one(tmp_path, html)
    assert doc["title"] == TITLE


# ---------------------------------------------------------------- outlets


@pytest.mark.parametrize("name", ["新华网", "人民日报海外版", "Yahoo News", "来源：央视新闻客户端"])
def test_outlet_names_are_outlets(name):
    assert valid_outlet(name)


@pytest.mark.parametrize("name", ["王小红", "zhang3, zhang3@gmail.com", "转载文章", "信息公开专栏", "admin", "来源："])
def test_people_accounts_labels_and_sections_are_not_outlets(name):
    assert not valid_outlet(name)


def test_author_meta_is_not_the_outlet(tmp_path):
    head = "<meta name='author' content='王小红'>"
    _, doc = one(tmp_path, page(article(), head=head, title=TITLE))
    assert doc["outlet"] in ("", None)


def test_source_label_and_section_names_are_not_left_in_the_outlet(tmp_path):
    head = "<meta property='og:site_name' content='信息公开专栏'>"
    html = page(article("<p>（来源：新华网）</p>"), head=head, title=TITLE)
    _, doc = one(tmp_path, html)
    assert doc["outlet"] == "新华网"


# ---------------------------------------------------------------- junk inside the right container

JUNK_IN_CONTAINER = {
    "related list with timestamps": ["<p>相关报道：</p>", "<p>欧洲多国遭遇罕见极端高温天气 2023-05-10 18:32</p>", "<p>多国领导人出席国际能源峰会 2023-05-09 21:04</p>"],
    "widget heading": ["<p>今日推荐</p>", "<p>联合国秘书长呼吁各国加强团结合作</p>"],
    "pager": ["<p>第1页/共1页 上一页 下一页</p>"],
    "player controls": ["<div>播放速度：2X</div>", "<div>正在为您切换到高清 480P,请稍候...</div>", "<div>00:00</div>"],
    "prev/next links": ["<p>上一篇：联合国秘书长呼吁各国加强团结合作</p>", "<p>下一篇：欧洲多国遭遇罕见极端高温天气</p>"],
    "print/close/share": ["<p>【打印本页】【关闭窗口】</p>", "<p>分享到：微信 微博 QQ空间</p>"],
    "ICP footer": ["<p>京ICP证030173号 京公网安备11000002000001号</p>"],
    "reference list": ["<ol class='references'><li>^ 李明. 气候变化. 新华网. 2023-05-12.</li></ol>"],
    "advertisement": ["<p>广告魔兽世界公益服，今日新开，纯免费！</p>"],
    "forum post tools": ["<p>本帖最后由 admin 于 2019-09-09 19:32 编辑</p>", "<p>只看该作者 使用道具 举报</p>", "<p>2楼</p>"],
}
FORBIDDEN = ["相关报道", "高温天气", "今日推荐", "秘书长", "共1页", "播放速度", "切换到高清", "00:00", "上一篇", "下一篇",
             "打印本页", "分享到", "ICP", "公网安备", "^", "魔兽", "本帖", "只看该作者", "2楼"]


@pytest.mark.parametrize("kind", list(JUNK_IN_CONTAINER))
def test_furniture_inside_the_article_container_is_dropped(tmp_path, kind):
    built, _ = one(tmp_path, page(article(*JUNK_IN_CONTAINER[kind])))
    assert built.texts() == BODY
    for word in FORBIDDEN:
        assert word not in built.joined(), f"{kind}: {word!r} left in a passage"


@pytest.mark.parametrize("line", ["上篇文章中我们提到，各国应当加强合作", "分享经济正在改变人们的生活方式", "广告业今年增长迅速，市场规模扩大。"])
def test_sentences_that_start_like_widgets_are_kept(tmp_path, line):
    built = build(tmp_path, {"page.txt": "\n\n".join([TITLE, *BODY, line]) + "\n"})
    assert built.texts() == [*BODY, line]


def test_dated_sentence_is_not_taken_for_a_byline(tmp_path):
    line = "2023年5月12日 10:00，国新办举行新闻发布会"
    built = build(tmp_path, {"page.txt": "\n\n".join([TITLE, line, *BODY]) + "\n"})
    assert built.texts() == [line, *BODY]


PLAIN_JUNK = ["上一篇：联合国秘书长呼吁各国加强团结合作", "下一篇：欧洲多国遭遇罕见极端高温天气", "【打印本页】【关闭窗口】",
              "分享到：微信 微博", "第1页/共1页 上一页"]


def test_furniture_in_a_plain_text_dump_is_dropped(tmp_path):
    text = "\n\n".join([TITLE, *BODY, *PLAIN_JUNK]) + "\n"
    built = build(tmp_path, {"page.txt": text})
    assert built.texts() == BODY


# ---------------------------------------------------------------- decoding

GBK_PARAGRAPHS = "".join(f"<p>{p}</p>\n" for p in BODY * 150)


def test_gbk_page_with_stray_bytes_and_no_charset_is_chinese_not_cyrillic(tmp_path):
    data = page(f"<h1>{TITLE}</h1><div>{GBK_PARAGRAPHS}</div>").replace("<meta charset='utf-8'>", "").encode("gbk")
    cut = data.index(P2.encode("gbk")) + 6
    data = data[:cut] + b"\x80" + data[cut:cut + 900] + b"\xff" + data[cut + 900:]
    built, doc = one(tmp_path, data)
    assert P3 in built.texts() and P1 in built.texts()
    assert not any("\u0400" <= c <= "\u04ff" for c in built.joined())
    assert doc["encoding"].startswith("gb18030") and "replaced" in doc["encoding"]


def test_gb2312_page_with_a_dozen_bad_bytes_is_indexed(tmp_path):
    data = bytearray(page(f"<h1>{TITLE}</h1><div>{GBK_PARAGRAPHS}</div>", head="<meta charset='gb2312'>")
                     .replace("<meta charset='utf-8'>", "").encode("gb2312"))
    for i in range(12):
        at = data.index(b"</p>", 2000 + i * 2000)
        data[at:at] = b"\xfe"
    built, doc = one(tmp_path, bytes(data))
    assert P1 in built.texts()
    assert "12 undecodable" in doc["encoding"]


# ---------------------------------------------------------------- bounded extraction (issue #13)


@pytest.mark.parametrize("tag, count", [("div", 100_000), ("blockquote", 1_000_000)])
def test_too_deeply_nested_page_is_skipped_with_its_reason(tmp_path, tag, count):
    deep = page(f"<{tag}>" * count + P1 + f"</{tag}>" * count)
    good = page(article())
    built = build(tmp_path, {"deep.html": deep, "good.html": good})
    reasons = dict(built.report.skipped)
    assert "deep.html" in reasons and ("nested" in reasons["deep.html"] or "large" in reasons["deep.html"])
    assert built.texts("good.html") == BODY


def test_deep_but_allowed_nesting_is_extracted_without_recursion(tmp_path):
    deep = page(f"<h1>{TITLE}</h1>" + nested("".join(f"<p>{p}</p>" for p in BODY), 1200))
    built, _ = one(tmp_path, deep)
    assert built.texts() == BODY


def test_cli_reindex_reports_the_skipped_deep_page(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "deep.html").write_text(page("<div>" * 5000 + P1 + "</div>" * 5000), encoding="utf-8")
    (corpus / "good.html").write_text(page(article()), encoding="utf-8")
    result = run_cli("reindex", "--corpus", str(corpus), "--db", str(tmp_path / "q.db"))
    assert result.exit_code == 0, result.output
    assert any("deep.html" in line and "nested" in line for line in result.output.splitlines()), result.output
