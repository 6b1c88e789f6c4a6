"""Attribution and passages (issue "Ingestion"): the sample corpus gets the speaker, date and outlet the
dev query set expects, no boilerplate reaches a passage, offsets point into the cleaned text, and text
cues on small written documents are read as docs/corpus-formats.md describes."""
from __future__ import annotations

import difflib
import re

import pytest

from storetest import DEV_QUERIES, EVAL_DIR, SAMPLE_CORPUS, all_passages, build, contains_any, dev_queries, eval_norm, needs_shared, shared_params
from store.attribute import attribute
from store.chunk import clean_text
from store.clean import clean
from store.textnorm import remove_pinyin
from store.ingest import content_hash, discover, read_document, read_sidecar

# Which group each sample file belongs to, read from the files themselves.
FILE_GROUP = {
    "000_4b8698010285b6ff.txt": "WY2021A",  # 王毅's written remarks, 2021-10-07, 凤凰资讯
    "001_0808e8ae3d0b782c.txt": "WY2021",  # 联合早报's report of them, 2021-10-08
    "002_6c1c55cab420afd9.txt": "WY2023",  # 王毅's written address, 2023-09-20, 中国西藏网
    "003_30a5ee0b9cd9a4ee.txt": "ZJ2020",  # 新华社 on 张军, 2020-07-10
    "004_56c83ed7d12524c2.txt": "MSS2024",  # 国家安全部 commentary, 2024-10-09, 观察者网
}
FORBIDDEN = shared_params(
    (DEV_QUERIES,),
    lambda: [pytest.param(f, id=f"forbid-{i}") for i, f in enumerate(f for case in dev_queries()["cases"] if case.get("abstain") for f in case["forbid"])],
)
# The reporter's own words in the sample (no speaker): 新华社's closing note on the meeting, and the
# intro 观察者网 puts before the 国家安全部 commentary it reproduces.
NARRATION = {
    "003_30a5ee0b9cd9a4ee.txt": ["此次會議是7月6日至10日"],
    "004_56c83ed7d12524c2.txt": ["微信公眾號“國家安全部”", "全文如下"],
}


def test_every_sample_file_is_indexed(sample_passages):
    assert {p.path for p in sample_passages} == set(FILE_GROUP)
    assert sorted(p.name for p in SAMPLE_CORPUS.iterdir()) == sorted(FILE_GROUP)


def passages_of(sample_passages, path):
    found = [p for p in sample_passages if p.path == path]
    assert found, f"{path} has no passages"
    return found


def _narration(path: str, text: str) -> bool:
    return any(text.startswith(start) for start in NARRATION.get(path, []))


@needs_shared(DEV_QUERIES)
@pytest.mark.parametrize("path", list(FILE_GROUP))
def test_sample_document_speaker(sample_passages, path):
    """Every passage carries the group's speaker, except the reporter's narration, which carries none."""
    group = dev_queries()["groups"][FILE_GROUP[path]]
    passages = passages_of(sample_passages, path)
    wrong = [(p.speaker, p.text[:30]) for p in passages if not _narration(path, p.text) and not contains_any(p.speaker, group["speaker"])]
    assert wrong == []
    narration = [(p.speaker, p.kind, p.text[:30]) for p in passages if _narration(path, p.text)]
    assert len(narration) == len(NARRATION.get(path, [])) and all(s == "" and k == "narration" for s, k, _ in narration), narration


@needs_shared(DEV_QUERIES)
@pytest.mark.parametrize("path", list(FILE_GROUP))
def test_sample_document_date(sample_passages, path):
    group = dev_queries()["groups"][FILE_GROUP[path]]
    assert {p.date[:10] for p in passages_of(sample_passages, path)} <= set(group["date"])


@needs_shared(DEV_QUERIES)
@pytest.mark.parametrize("path", list(FILE_GROUP))
def test_sample_document_outlet(sample_passages, path):
    group = dev_queries()["groups"][FILE_GROUP[path]]
    assert all(contains_any(p.outlet, group["outlet"]) for p in passages_of(sample_passages, path))


@pytest.mark.parametrize("forbidden", FORBIDDEN)
def test_no_boilerplate_trap_string_in_any_passage(sample_passages, forbidden):
    assert [p.text[:40] for p in sample_passages if eval_norm(forbidden) in eval_norm(p.text)] == []


def test_no_spam_or_widget_text_in_any_passage(sample_passages):
    junk = ["一区二区", "责任编辑", "责编", "版权声明", "关注新华网", "Qzone", "相关推荐", "最新闻", "图集", "纠错"]
    for p in sample_passages:
        simple = eval_norm(p.text)
        assert not [j for j in junk if eval_norm(j) in simple], p.text[:60]


def test_no_mojibake_left_in_any_passage(sample_passages):
    """A `?` inside Chinese text is a byte the scraper could not decode; every such run in the sample has
    its original elsewhere in the same document, so none should survive into a quote."""
    assert [p.text[max(0, p.text.find("?") - 8) : p.text.find("?") + 8] for p in sample_passages if "?" in p.text] == []


def test_mojibake_after_pinyin_remnant_is_repaired(sample_passages):
    """003 has `或?qū)嵭须p重標準` for `或實行雙重標準` (which the same page spells correctly earlier)."""
    target = [p for p in sample_passages if "敦促美方停止" in p.text]
    assert target and "或實行雙重標準" in target[0].text


def test_mojibake_run_before_known_word_is_repaired(sample_passages):
    target = [p for p in sample_passages if "蔓延擴展" in p.text]
    assert target and "恐怖組織利用新興技術" in target[0].text


# ---------------------------------------------------------------- offsets and verbatim text


def pipeline_documents(corpus):
    for source in discover(corpus):
        raw = read_document(source, content_hash(source))
        yield source.rel, attribute(clean(raw), read_sidecar(source.sidecar))


@pytest.fixture(scope="module")
def sample_clean_texts():
    return {rel: clean_text(doc) for rel, doc in pipeline_documents(SAMPLE_CORPUS)}


def test_passage_offsets_point_into_the_cleaned_text(sample_passages, sample_index, sample_clean_texts):
    conn = sample_index.conn()
    for p in sample_passages:
        start, end = conn.execute("SELECT char_start, char_end FROM passages WHERE id = ?", [p.id]).fetchone()
        assert sample_clean_texts[p.path][start:end] == p.text, (p.path, p.ord)


@needs_shared(EVAL_DIR / "norm.py")
def test_passage_norm_is_the_normalised_text(sample_passages):
    assert [p.id for p in sample_passages if p.norm != eval_norm(p.text)] == []


def test_passages_are_in_reading_order(sample_passages, sample_clean_texts):
    for path in FILE_GROUP:
        texts = [p.text for p in sample_passages if p.path == path]
        positions = [sample_clean_texts[path].find(t) for t in texts]
        assert positions == sorted(positions) and -1 not in positions


def source_without_layout(path) -> str:
    """The file as written, minus what cleaning is allowed to remove inside the text: pinyin
    annotations and the line breaks (with their indentation) that split paragraphs."""
    text = remove_pinyin(path.read_text(encoding="utf-8"))
    return re.sub(r"[ \t\u3000\u00a0]*\n\s*", "", text)


@pytest.mark.parametrize("path", list(FILE_GROUP))
def test_sample_passages_are_verbatim(sample_passages, path):
    """Each passage is the source text itself; the only characters allowed to differ are repaired
    mojibake (source runs containing `?`)."""
    source = source_without_layout(SAMPLE_CORPUS / path)
    for p in passages_of(sample_passages, path):
        if p.text in source:
            continue
        start = source.find(p.text[:6])
        assert start >= 0, f"{path}: passage start not in source: {p.text[:30]!r}"
        window = source[start : start + len(p.text) + 40]
        ops = difflib.SequenceMatcher(None, window, p.text, autojunk=False).get_opcodes()
        changed = [window[i1:i2] for tag, i1, i2, j1, j2 in ops if tag != "equal" and j2 > j1]
        assert all("?" in piece for piece in changed), f"{path}: not verbatim: {changed} in {p.text[:40]!r}"


# ---------------------------------------------------------------- text cues on written documents

BODY = (
    "中方愿同各方一道，推动气候变化多边进程不断取得新的积极进展，共同构建公平合理的全球治理体系。\n\n"
    "发达国家应当切实履行资金承诺，帮助发展中国家提升应对气候变化的能力和水平，这是各方的共同期待。\n"
)


def attribution(tmp_path, text: str, name: str = "doc.txt"):
    built = build(tmp_path, {name: text})
    first = built.passages()[0]
    return first


@pytest.mark.parametrize(
    "byline",
    ["2023-05-12 10:20:31 来源：新华网", "发布时间：2023-05-12 10:20 来源：新华网", "2023年05月12日 10:20 来源: 新华网"],
    ids=["iso-datetime-source", "labelled-date-source", "chinese-date-source"],
)
def test_byline_gives_publication_date_and_outlet(tmp_path, byline):
    p = attribution(tmp_path, f"李明：推动气候变化多边进程\n\n{byline}\n\n{BODY}")
    assert (p.published, p.outlet) == ("2023-05-12", "新华网")


def test_dateline_gives_statement_date(tmp_path):
    p = attribution(tmp_path, f"王毅在气候变化部长级会议上的书面致辞\n\n（2021年10月7日）\n\n{BODY}")
    assert p.date == "2021-10-07"


@pytest.mark.parametrize(
    "front, dates",
    [("date: 2019-09-18\npublished: 2019-09-19", ("2019-09-18", "2019-09-19")),
     ('date: "2017-12-10"', ("2017-12-10", "2017-12-10"))],
    ids=["date-beside-published-is-the-statement", "date-alone-is-the-publication"],
)
def test_front_matter_dates(tmp_path, front, dates):
    """Beside `published`, a front matter's `date` is the day the words were said (README, corpus formats);
    alone, as in most blogs' and sites' front matter, it is the publication day, which then dates the page."""
    p = attribution(tmp_path, f"---\ntitle: 推动气候变化多边进程\n{front}\n---\n\n{BODY}", "page.md")
    assert (p.date, p.published) == dates


def test_a_press_conference_is_dated_by_its_title_not_by_its_posting(tmp_path):
    text = TRANSCRIPT.replace("主持例行记者会\n\n", "主持例行记者会\n\n最后更新：2021-03-23 12:09:35\n\n", 1)
    p = attribution(tmp_path, text)
    assert (p.date, p.published) == ("2021-03-22", "2021-03-23")


def test_a_press_conference_is_dated_by_its_title_not_by_a_date_in_its_related_links(tmp_path):
    related = "应卡塔尔副首相兼外交大臣邀请\n2021-03-18 08:38 -\n2015年4月24日\n2021-03-17 20:21 -\n发出了支持经济全球化的时代强音\n"
    p = attribution(tmp_path, TRANSCRIPT + "\n" + related)
    assert p.date == "2021-03-22"


@pytest.mark.parametrize(
    "name, text",
    [("page.md", "---\ntitle: 推动气候变化多边进程\nsource: 中國(guó)西藏網(wǎng)\n---\n\n" + BODY),
     ("page.html", "<html><head><meta property='og:site_name' content='中國(guó)西藏網(wǎng)'><title>推动气候变化多边进程</title></head>"
                   "<body><div>" + "".join(f"<p>{line}</p>" for line in BODY.split("\n\n")) + "</div></body></html>")],
    ids=["front-matter", "html-meta"],
)
def test_an_outlet_loses_the_pinyin_injected_in_it(tmp_path, name, text):
    assert attribution(tmp_path, text, name).outlet == "中國西藏網"


def test_a_byline_date_dates_the_page_over_an_agency_dateline(tmp_path):
    """`新华社联合国7月10日电` names a month and a day (its year a guess); the byline's full date is the
    day the page was published, and the page is dated by it (as saved-page gold data is)."""
    text = (
        "中国代表呼吁加强气候合作\n\n发布时间：2020-07-11 06:44\n\n"
        "新华社联合国7月10日电 中国常驻联合国代表张军10日表示，各方应当推动气候变化多边进程取得新的积极进展。\n\n" + BODY
    )
    p = attribution(tmp_path, text)
    assert (p.date, p.published) == ("2020-07-11", "2020-07-11")


def test_speech_verb_names_the_speaker(tmp_path):
    text = "中国代表呼吁加强气候合作\n\n中国常驻联合国代表张军10日表示，各方应当推动气候变化多边进程取得新的积极进展。\n\n" + BODY
    assert attribution(tmp_path, text).speaker == "张军"


def test_title_prefix_names_the_speaker(tmp_path):
    assert attribution(tmp_path, f"王毅：团结合作是应对气候变化的唯一通途\n\n{BODY}").speaker == "王毅"


def test_signature_line_names_the_speaker(tmp_path):
    text = f"推进全球气候合作\n\n——王毅在气候变化部长级会议上的书面致辞\n\n{BODY}"
    assert attribution(tmp_path, text).speaker == "王毅"


SPEECH_CITING_OTHERS = "\n\n".join(
    f"{who}指出，维护全球产业链供应链韧性和稳定是推动世界经济发展的重要保障，第{i}次会议取得积极成果。"
    for i, who in enumerate(["习近平主席", "习近平主席", "李强总理", "习近平主席"])
)


def test_signature_line_outweighs_the_people_a_speech_cites(tmp_path):
    """A speech that quotes leaders is still its signer's: the strong `signature` cue names who signed."""
    text = f"傅聪：此前我们已经阐明中方的立场\n\n——傅聪在亚信外长会议上的主旨演讲\n\n{SPEECH_CITING_OTHERS}"
    p = attribution(tmp_path, text)
    assert (p.speaker, p.attribution.cue, p.attribution.strength) == ("傅聪", "signature", "strong")


def test_signature_line_naming_nobody_is_no_strong_evidence(tmp_path):
    p = attribution(tmp_path, f"王毅：团结合作是应对气候变化的唯一通途\n\n——纪念中法建交六十周年\n\n{BODY}")
    assert p.attribution.cue != "signature" and p.attribution.strength != "strong"


def test_page_ending_with_the_site_name_gives_outlet(tmp_path):
    text = f"推进全球气候合作\n\n{BODY}\n\n（责编：马洋杰）\n\n已有273人参与评论\n\n星島網\n"
    assert attribution(tmp_path, text).outlet == "星島網"


@pytest.mark.parametrize("last", ["中美元首通话新闻", "欢迎关注人民日报"], ids=["related-headline", "call-to-action"])
def test_a_last_line_that_is_no_site_name_gives_no_outlet(tmp_path, last):
    text = f"推进全球气候合作\n\n来源：新华网\n\n{BODY}\n\n（责任编辑：张三）\n\n相关新闻\n\n{last}\n"
    assert attribution(tmp_path, text).outlet == "新华网"


def test_a_speech_title_among_related_links_is_no_signature(tmp_path):
    """`答：` turns are the spokesperson's the title names, not those of a speech a related link names."""
    text = (
        "2019年4月2日外交部发言人耿爽主持例行记者会\n\n问：美方宣布对中方企业实施制裁，中方对此有何回应？\n\n"
        "答：中方坚决反对美方的错误做法，敦促美方立即纠正错误，停止损害中方企业的正当权益。\n\n"
        "问：你能否介绍一下王毅外长访问欧洲的情况？\n\n答：王毅外长此访取得积极成果，双方就共同关心的问题深入交换了意见。\n\n"
        "相关新闻\n\n王毅在第七十三届联合国大会一般性辩论上的讲话\n"
    )
    answers = [p for p in build(tmp_path, {"press.txt": text}).passages() if p.attribution.kind == "answer"]
    assert len(answers) == 2 and {p.speaker for p in answers} == {"耿爽"}


@pytest.mark.parametrize(
    "line, outlet",
    [("中国西藏网 > 即时新闻 > 国内", "中国西藏网"), ("来源：人民网", "人民网")],
    ids=["breadcrumb", "source-line"],
)
def test_breadcrumb_or_source_line_gives_outlet(tmp_path, line, outlet):
    assert attribution(tmp_path, f"{line}\n\n推进全球气候合作\n\n{BODY}").outlet == outlet


def test_trailing_outlet_line_gives_outlet(tmp_path):
    assert attribution(tmp_path, f"推进全球气候合作\n\n{BODY}\n凤凰资讯\n").outlet == "凤凰资讯"


def test_html_meta_tags_give_attribution(tmp_path):
    html = (
        "<html><head><meta property='og:title' content='李明：推动气候变化多边进程'>"
        "<meta property='article:published_time' content='2023-05-12T10:20:00+08:00'>"
        "<meta property='og:site_name' content='新华网'><meta property='og:url' content='https://example.com/a.html'>"
        "<title>李明：推动气候变化多边进程_新华网</title></head><body><div>"
        + "".join(f"<p>{line}</p>" for line in BODY.split("\n\n"))
        + "</div></body></html>"
    )
    p = attribution(tmp_path, html, "page.html")
    assert (p.title, p.published, p.outlet, p.url) == ("李明：推动气候变化多边进程", "2023-05-12", "新华网", "https://example.com/a.html")


TRANSCRIPT = (
    "2021年3月22日外交部发言人华春莹主持例行记者会\n\n"
    "总台央视记者：欧盟今天宣布对中方有关人员实施单边制裁，中方对此有何回应？\n\n"
    "华春莹：中方对此表示坚决反对和强烈谴责，欧方此举罔顾事实、颠倒黑白，严重干涉中国内政。\n\n"
    "中方敦促欧方认识到错误的严重性，反躬自省，纠正错误，停止在人权问题上搞双重标准。\n\n"
    "法新社记者：你能否进一步说明中方将采取的反制措施？\n\n"
    "华春莹：中方决定对欧方严重损害中方主权和利益、恶意散播谎言的有关人员和实体实施制裁。\n"
)


@pytest.fixture(scope="module")
def transcript(tmp_path_factory):
    return build(tmp_path_factory.mktemp("transcript"), {"press.txt": TRANSCRIPT}).passages()


def test_transcript_questions_belong_to_journalists(transcript):
    questions = [p for p in transcript if "记者：" in p.text]
    assert len(questions) == 2
    assert all("华春莹" not in p.speaker and "记者" in p.speaker for p in questions)


def test_transcript_answers_belong_to_the_spokesperson(transcript):
    answers = [p for p in transcript if "记者：" not in p.text]
    assert len(answers) == 3
    assert {p.speaker for p in answers} == {"华春莹"}


def test_transcript_date_from_title(transcript):
    assert {p.date for p in transcript} == {"2021-03-22"}


@pytest.mark.parametrize(
    "paragraph, speaker",
    [
        ("陈全国还将会见代表团一行，全面介绍新疆经济社会发展成就。", ""),
        ("我要强调的是，中方维护国家主权的意志坚定不移。", "汪文斌"),
        ("中方已经通过外交渠道向有关方面提出严正交涉。", ""),
        ("日、韩和东盟各国外长一致认为，应推动合作与时俱进。", ""),
        ("习近平主席首次提出全球文明倡议。", ""),
    ],
)
def test_words_before_a_speech_verb_are_not_taken_for_a_speaker(tmp_path, paragraph, speaker):
    """`全面介绍`, `中方…提出`, `外长一致认为`, `提出…倡议` name nobody: the paragraph is the reporter's
    narration (no speaker), not the words of the speaker before it; first-person words go on being the
    speaker's."""
    text = f"标题\n\n新华社北京5月8日电 外交部发言人汪文斌8日表示，中方欢迎各方参与。\n\n{paragraph}\n"
    first, second = all_passages(build(tmp_path, {"news.txt": text}).index)
    assert (first.speaker, second.speaker, second.kind) == ("汪文斌", speaker, "statement" if speaker else "narration")


@pytest.mark.parametrize(
    "lead, speaker",
    [("美国国务卿布林肯表示，", "布林肯"), ("正如哈西娜总理所说，", "哈西娜"), ("中国常驻联合国代表张军10日表示，", "张军")],
)
def test_names_after_a_role_are_speakers(tmp_path, lead, speaker):
    text = f"标题\n\n外交部发言人汪文斌表示，中方欢迎各方参与。\n\n{lead}各方应当加强合作，共同应对挑战。\n"
    built = build(tmp_path, {"news.txt": text})
    last = all_passages(built.index)[-1]
    assert last.speaker == speaker
