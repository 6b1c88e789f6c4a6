"""Issue #9, on small news documents written for the test and indexed through `reindex()`: whose words
each passage carries. Each cue class names its speaker; narration, non-names and weak evidence name
nobody; a paragraph holding two people's words is split where the speaker changes (offsets exact);
relayed words carry the original speaker with the quoting one as `relayed_by`."""
from __future__ import annotations

import pytest

from storetest import build, documents, run_cli, json_lines
from store.attribute import attribute
from store.chunk import chunk, clean_text
from store.clean import clean
from store.ingest import content_hash, discover, read_document

NARRATION = "本報訊，立法會今日舉行會議，討論多項議案，會議持續至深夜。"
TITLE = "立法會議員激辯"


def passages(tmp_path, body: str, title: str = TITLE, name: str = "news.txt"):
    built = build(tmp_path, {name: f"{title}\n\n{body}\n"})
    return built.passages()


def passage_with(ps, fragment: str):
    found = [p for p in ps if fragment in p.text]
    assert found, (fragment, [p.text for p in ps])
    return found[0]


# ---------------------------------------------------------------- cue classes


@pytest.mark.parametrize(
    "verb",
    ["批評", "供稱", "形容", "謂", "笑言", "坦言", "透露", "回應", "質疑", "重申", "呼籲", "警告", "直言", "補充", "續指"],
)
def test_reporting_verbs_name_their_speaker(tmp_path, verb):
    body = f"{NARRATION}\n\n民主黨議員陳大文{verb}，政府應盡快公布詳情，不能再拖。"
    p = passage_with(passages(tmp_path, body), "政府應盡快公布詳情")
    assert (p.speaker, p.attribution.cue, p.attribution.strength) == ("陳大文", "verb", "strong")
    assert verb in p.attribution.evidence


def test_written_words_name_their_writer(tmp_path):
    body = f"{NARRATION}\n\n陳大文在網誌寫道：「我們不會放棄，會繼續爭取。」"
    assert passage_with(passages(tmp_path, body), "我們不會放棄").speaker == "陳大文"


@pytest.mark.parametrize(
    "body, fragment, speaker",
    [
        ("“我们不会放弃。”村民李明说。", "我们不会放弃", "李明"),
        ("「我們不會放棄。」陳大文說，他會繼續爭取。", "我們不會放棄", "陳大文"),
        ("民主黨議員陳大文表示，議案必須通過。「我們會繼續爭取。」他續說。", "我們會繼續爭取", "陳大文"),
    ],
    ids=["simplified", "traditional", "pronoun-after-quote"],
)
def test_quote_first_order(tmp_path, body, fragment, speaker):
    assert passage_with(passages(tmp_path, f"{NARRATION}\n\n{body}"), fragment).speaker == speaker


def test_quote_in_its_own_paragraph_takes_the_name_in_the_next(tmp_path):
    body = f"{NARRATION}\n\n「議案一定要撤回，否則我們會繼續抗爭。」\n\n民主黨議員陳大文在會後這樣說，並呼籲市民支持。"
    p = passage_with(passages(tmp_path, body), "議案一定要撤回")
    assert (p.speaker, p.attribution.cue) == ("陳大文", "next")


@pytest.mark.parametrize(
    "lead, speaker",
    [
        ("村民衣忠国说，", "衣忠国"),
        ("外交部发言人毛宁说，", "毛宁"),
        ("法官陳慶偉指，", "陳慶偉"),
        ("警員9898韓其昌供稱，", "韓其昌"),
        ("周梁淑怡表示，", "周梁淑怡"),
        ("葉劉淑儀批評，", "葉劉淑儀"),
        ("知情人士透露，", "知情人士"),
        ("一位乡镇干部说，", "乡镇干部"),
        ("辯方指出，", "辯方"),
        ("偵緝警員15927稱，", "偵緝警員15927"),
        ("國家安全部表示，", "國家安全部"),
    ],
)
def test_roles_names_and_unnamed_sources_are_speakers(tmp_path, lead, speaker):
    body = f"{NARRATION}\n\n{lead}有关情况需要进一步调查，不能过早下结论。"
    assert passage_with(passages(tmp_path, body), "有关情况需要进一步调查").speaker == speaker


def test_short_forms_name_the_speaker_named_before(tmp_path):
    body = (
        f"{NARRATION}\n\n督察33322趙卓威供稱，當日他與同袍乘警車巡邏。\n\n"
        "趙稱不記得被告的衣著。新民黨葉劉淑儀表示，議員應守規矩。葉劉指，會議必須按程序進行。"
    )
    ps = passages(tmp_path, body)
    assert passage_with(ps, "不記得被告的衣著").speaker == "趙卓威"
    assert passage_with(ps, "會議必須按程序進行").speaker == "葉劉淑儀"


def test_pronoun_continues_the_run_of_one_speaker(tmp_path):
    body = f"{NARRATION}\n\n陳大文表示，政府應盡快公布詳情。\n\n他續指，市民有權知道真相。"
    p = passage_with(passages(tmp_path, body), "市民有權知道真相")
    assert (p.speaker, p.attribution.cue) == ("陳大文", "pronoun")


def test_pronoun_after_narration_names_nobody(tmp_path):
    body = f"陳大文表示，政府應盡快公布詳情。\n\n{NARRATION}\n\n他續指，市民有權知道真相。"
    assert passage_with(passages(tmp_path, body), "市民有權知道真相").speaker == ""


# ---------------------------------------------------------------- failure classes


def test_narration_has_no_speaker(tmp_path):
    body = f"{NARRATION}\n\n陳大文表示，政府應盡快公布詳情。\n\n會議其後休會，議員陸續離開會議廳。"
    ps = passages(tmp_path, body)
    for fragment in ("立法會今日舉行會議", "議員陸續離開會議廳"):
        p = passage_with(ps, fragment)
        assert (p.speaker, p.kind) == ("", "narration"), fragment


def test_first_named_speaker_does_not_carry_to_later_narration(tmp_path):
    body = "陳大文表示，政府應盡快公布詳情。\n\n" + NARRATION + "\n\n李小明則批評，政府一直拖延。\n\n" + NARRATION.replace("今日", "翌日")
    ps = passages(tmp_path, body)
    assert [p.speaker for p in ps] == ["陳大文", "", "李小明", ""]


@pytest.mark.parametrize("title", ["陳大文專訪：政府必須回應", "外交部声明引发热议", "李小明讲话：团结合作", "答問：議案爭議"])
def test_title_keywords_do_not_make_a_news_report_one_persons_statement(tmp_path, title):
    body = f"{NARRATION}\n\n李小明則批評，政府一直拖延。\n\n會議其後休會，議員陸續離開會議廳。"
    ps = passages(tmp_path, body, title=title)
    assert [p.speaker for p in ps] == ["", "李小明", ""]
    assert {p.doc_kind for p in ps} == {"article"}


@pytest.mark.parametrize(
    "title, body, fragment",
    [
        ("拆局：政府為何急於立法", NARRATION, "立法會今日舉行會議"),
        (TITLE, "龍供稱當日在場，但沒有看見被告。", "沒有看見被告"),
        (TITLE, "許指政府處理失當。", "政府處理失當"),
    ],
    ids=["headline-prefix", "verb-fragment", "unresolved-surname"],
)
def test_non_names_never_become_speakers(tmp_path, title, body, fragment):
    ps = passages(tmp_path, body, title=title)
    assert passage_with(ps, fragment).speaker == ""
    assert [p.speaker for p in ps if p.speaker] == []


@pytest.mark.parametrize(
    "body, fragment",
    [
        ("今年是習近平主席提出“一帶一路”倡議十周年，也是中阿峰會成果的開局之年。", "倡議十周年"),
        ("佩洛西在此情況下竄台，高調宣稱代表美國，顯然是一次官方性質的訪問。", "代表美國"),
        ("把國際社會的關切說成是虛假信息，更不是一種負責任的態度。", "虛假信息"),
        ("國際社會的主要關切在於：日方未與周邊國家充分協商。", "充分協商"),
        ("聯合國安理會主席新聞談話指出，任何恐怖主義行為都是犯罪行為。", "犯罪行為"),
        ("美國務院副發言人和澳方一起又強調了他們的價值觀。", "價值觀"),
        ("拜登總統曾多次信誓旦旦公開表示，不尋求“新冷戰”。", "新冷戰"),
        ("建議美國外交官同行慎加引用。", "慎加引用"),
        ("簡單來說，兩者最重要的分別是臨床心理學家運用心理學原理。", "心理學原理"),
        ("有印度媒體報稱，第十四輪軍長級會談未能取得積極成果。", "軍長級會談"),
        ("有38%多的市民認為國安法有助於社會恢復安寧。", "恢復安寧"),
        ("不久前，習近平主席與澤連斯基總統的通話為中烏關係發展指明了方向。", "指明了方向"),
    ],
    ids=["copula-before-a-role", "word-like-a-name", "describe-as", "office-in-a-longer-word", "word-ending-in-a-surname",
         "two-subjects", "adverb-after-a-surname", "verb-opens-the-subject", "speaking-of",
         "reported-as", "a-share-of-people", "point-the-way"],
)
def test_words_that_read_like_a_speaker_name_nobody(tmp_path, body, fragment):
    assert passage_with(passages(tmp_path, body), fragment).speaker == ""


@pytest.mark.parametrize(
    "body, fragment, speaker",
    [
        ("耿爽表示，中方高度讚賞洪森首相有關涉臺表態。", "涉臺表態", "耿爽"),  # 有關 ends in a surname: 關涉臺 is no name
        ("伊朗外長表示，伊朗堅定支持一個中國原則。", "堅定支持", "伊朗外長"),  # a country is no person's name
        ("我們注意到，儘管加政府指出調查受到教會抵制，卻將自身應盡之責拋到腦後。", "教會抵制", "加政府"),  # 儘管 opens the clause
        ("王毅國委表示，二十國集團應立足自身定位。", "立足自身定位", "王毅"),  # 國委: 國務委員
        ("汪文斌說，單方面宣稱所謂“中國黑客攻擊”這種做法不負責任。", "黑客攻擊", "汪文斌"),  # 單 is a surname, 方面 no name
        ("賴清德曾表示要推動“臺獨”。不久前賴甚至還公開宣稱要“走入白宮”。", "走入白宮", "賴清德"),  # 甚至 is no given name
    ],
    ids=["word-ending-in-a-surname", "country-and-role", "concessive-opener", "short-title", "word-after-a-surname", "adverb-after-a-short-form"],
)
def test_the_speaker_is_the_name_not_the_words_around_it(tmp_path, body, fragment, speaker):
    p = passage_with(passages(tmp_path, body), fragment)
    assert (p.speaker, p.relayed_by) == (speaker, "")


def test_a_connective_is_not_part_of_a_body_that_speaks(tmp_path):
    body = f"{NARRATION}\n\n于是烟台市委组织部要求，各级干部必须到基层调研。"
    assert passage_with(passages(tmp_path, body), "各级干部必须到基层调研").speaker == "烟台市委组织部"


def test_a_paragraph_with_two_speakers_is_split_where_the_speaker_changes(tmp_path):
    body = f"{NARRATION}\n\n陳大文表示，政府應盡快公布詳情，不能再拖。李小明則批評，政府一直拖延，令人失望。"
    built = build(tmp_path, {"news.txt": f"{TITLE}\n\n{body}\n"})
    ps = built.passages()
    assert [(p.speaker, p.text) for p in ps[1:]] == [
        ("陳大文", "陳大文表示，政府應盡快公布詳情，不能再拖。"),
        ("李小明", "李小明則批評，政府一直拖延，令人失望。"),
    ]
    (source,) = discover(built.corpus)
    doc = attribute(clean(read_document(source, content_hash(source))))
    text = clean_text(doc)
    assert all(text[p.char_start : p.char_end] == p.text for p in chunk(doc))


def test_narration_before_a_cue_in_the_same_sentence_is_split_off(tmp_path):
    body = "被告今日在區域法院承認兩項罪名，案件押後判刑，法官陳慶偉指被告的角色主動，必須判處監禁。"
    ps = passages(tmp_path, body)
    assert (passage_with(ps, "被告今日在區域法院").speaker, passage_with(ps, "必須判處監禁").speaker) == ("", "陳慶偉")


# ---------------------------------------------------------------- relayed speech


@pytest.mark.parametrize(
    "body, fragment, speaker, relayer",
    [
        ("外交部发言人毛宁说，习近平主席强调，“中方愿同各方一道推动和平。”", "中方愿同各方一道推动和平", "习近平", "毛宁"),
        ("梁振英表示會繼續努力。會後梁向記者引述張德江時說，張對事件感到痛心。", "張對事件感到痛心", "張德江", "梁振英"),
        ("胡志偉發言。胡志偉重覆司徒華所言：「學生運動是時代的先鋒。」", "學生運動是時代的先鋒", "司徒華", "胡志偉"),
        ("瑞金市委书记许锐说，“习近平总书记强调，基层党组织要发挥领导核心作用。我们要增强村集体经济实力。”",
         "基层党组织要发挥领导核心作用", "习近平", "许锐"),
    ],
    ids=["spokesperson-relays-leader", "relaying-verb", "quoting-what-was-said", "quote-opens-with-a-cue"],
)
def test_relayed_words_carry_the_original_speaker(tmp_path, body, fragment, speaker, relayer):
    p = passage_with(passages(tmp_path, f"{NARRATION}\n\n{body}"), fragment)
    assert (p.speaker, p.relayed_by, p.attribution.cue) == (speaker, relayer, "relayed")


def test_the_relayers_own_words_after_a_relayed_quote_are_the_relayers(tmp_path):
    body = "瑞金市委书记许锐说，“习近平总书记强调，基层党组织要发挥领导核心作用。我们要增强村集体经济实力。”"
    ps = passages(tmp_path, f"{NARRATION}\n\n{body}")
    p = passage_with(ps, "我们要增强村集体经济实力")
    assert (p.speaker, p.relayed_by) == ("许锐", "")


TRANSCRIPT = (
    "2023年5月8日外交部发言人汪文斌主持例行记者会\n\n"
    "法新社记者：中方对此有何评论？\n\n"
    "汪文斌：李强总理指出，中方愿同各方加强合作。中方对此高度重视。\n\n"
    "会后，有记者问及：中方是否会派代表出席？\n\n"
    "汪文斌：我们会适时发布消息。\n"
)


@pytest.fixture(scope="module")
def transcript(tmp_path_factory):
    built = build(tmp_path_factory.mktemp("press"), {"press.txt": TRANSCRIPT})
    return built


def test_leaders_words_in_an_answer_are_relayed_by_the_spokesperson(transcript):
    ps = transcript.passages()
    relayed = passage_with(ps, "中方愿同各方加强合作")
    own = passage_with(ps, "中方对此高度重视")
    assert (relayed.speaker, relayed.relayed_by, relayed.kind) == ("李强", "汪文斌", "answer")
    assert (own.speaker, own.relayed_by, own.kind) == ("汪文斌", "", "answer")


def test_a_question_after_the_press_conference_is_the_journalists(transcript):
    p = passage_with(transcript.passages(), "是否会派代表出席")
    assert p.kind == "question" and "汪文斌" not in p.speaker + p.relayed_by


def test_the_ministry_publishes_its_transcript_not_the_asking_agency(transcript):
    assert {d["outlet"] for d in documents(transcript.db).values()} == {"外交部"}


# ---------------------------------------------------------------- document kind from the body


def test_a_speech_is_one_speakers_statement(tmp_path):
    body = "各位同事，女士们、先生们：\n\n我谨代表中国政府对论坛表示祝贺。\n\n谢谢大家！"
    ps = passages(tmp_path, body, title="王毅在论坛上的致辞")
    assert {(p.speaker, p.kind, p.doc_kind) for p in ps} == {("王毅", "statement", "statement")}


def test_a_report_reproducing_a_statement_gives_it_to_the_body_after_the_intro(tmp_path):
    body = "微信公众号“国家安全部”10月9日发布评论。全文如下：\n\n打击恐怖主义是国际社会的共同责任。\n\n我们坚决反对一切形式的恐怖主义。"
    ps = passages(tmp_path, body, title="国家安全部：打击恐怖主义是共同责任")
    assert [(p.speaker, p.kind) for p in ps] == [("", "narration"), ("国家安全部", "statement"), ("国家安全部", "statement")]
    assert ps[1].attribution.cue == "intro"


# ---------------------------------------------------------------- outlets


@pytest.mark.parametrize(
    "author, outlet",
    [("記者林勵", ""), ("眾新聞記者", "眾新聞"), ("转载文章", ""), ("楊健興", ""), ("新华网", "新华网")],
)
def test_a_byline_is_not_an_outlet(tmp_path, author, outlet):
    md = f'---\ntitle: "{TITLE}"\nauthor: "{author}"\n---\n\n{NARRATION}\n\n陳大文表示，政府應盡快公布詳情。\n'
    built = build(tmp_path, {"a.md": md})
    assert documents(built.db)["a.md"]["outlet"] == outlet


# ---------------------------------------------------------------- what users see


def test_ask_json_carries_the_evidence(tmp_path):
    body = f"{NARRATION}\n\n外交部发言人毛宁说，习近平主席强调，“中方愿同各方一道推动和平进程取得新进展。”"
    built = build(tmp_path, {"news.txt": f"{TITLE}\n\n{body}\n"})
    (result,) = json_lines(run_cli("ask", "--db", str(built.db), "--json", "中方愿同各方一道推动和平进程").output)
    top = result["results"][0]
    assert (top["speaker"], top["relayed_by"], top["kind"]) == ("习近平", "毛宁", "statement")
    assert top["speaker_evidence"]["cue"] == "relayed" and "习近平主席强调" in top["speaker_evidence"]["text"]


def test_terminal_card_says_when_no_speaker_is_stated(tmp_path):
    built = build(tmp_path, {"news.txt": f"{TITLE}\n\n来源：新华网\n\n{NARRATION}\n"})
    out = run_cli("ask", "--db", str(built.db), "立法會今日舉行會議討論多項議案").output
    assert "speaker not stated — reported by 新华网" in out


def test_a_bracketed_question_inside_an_answer_is_nobodys(tmp_path):
    body = f"{NARRATION}\n\n陳大文說：「我哋會喬裝成唔同人物。（即係有無扮示威者呀？）我唔會講行動細節。」"
    ps = passages(tmp_path, body)
    cut_in = passage_with(ps, "即係有無扮示威者呀")
    assert (cut_in.speaker, cut_in.kind) == ("", "question")
    assert passage_with(ps, "我唔會講行動細節").speaker == "陳大文"


def test_a_role_acting_inside_a_quote_is_not_quoted(tmp_path):
    body = f"{NARRATION}\n\n新民黨葉劉淑儀表示，會議要守秩序。葉劉此時搶白：「局長已經答咗你，你仲有冇嘢補充？」"
    p = passage_with(passages(tmp_path, body), "局長已經答咗你")
    assert (p.speaker, p.relayed_by) == ("葉劉淑儀", "")


@pytest.mark.parametrize(
    "body, fragment, speaker",
    [
        ("“刚来的时候人生地不熟。”来穗务工近20年的李先德说，现在把这里当成自己的家。", "刚来的时候人生地不熟", "李先德"),
        ("本案原定去年開審，惟裁判官彭亮廷發現控方問題多多，包括證物編號混亂，直斥：「你知唔知自己要證明啲咩？」", "你知唔知自己要證明啲咩", "彭亮廷"),
        ("在听取发言时，市委书记李鸿忠十分动容。他深情地说，人民是历史的创造者。", "人民是历史的创造者", "李鸿忠"),
        ("警務處副處長鄧炳強回應指：「我哋唔會主動挑起事端。」", "我哋唔會主動挑起事端", "鄧炳強"),
        ("喀麦隆驻华副武官阿翁南・让・雅克表示，贫困发生率大幅下降。", "贫困发生率大幅下降", "阿翁南・让・雅克"),
    ],
    ids=["described-name", "verb-without-subject", "pronoun-with-manner", "verb-before-verb", "foreign-name-with-dots"],
)
def test_more_cue_forms(tmp_path, body, fragment, speaker):
    assert passage_with(passages(tmp_path, f"{NARRATION}\n\n{body}"), fragment).speaker == speaker


def test_a_photo_credit_is_nobody_a_pronoun_can_mean(tmp_path):
    """`他` after a sentence opening with an agency's photo credit: not the agency; unsure, so nobody."""
    body = "新华社记者 谢环驰 摄听取大家发言后，习近平发表了重要讲话。他指出，要推进一体化发展。"
    p = passage_with(passages(tmp_path, f"{NARRATION}\n\n{body}"), "要推进一体化发展")
    assert p.speaker == ""


@pytest.mark.parametrize("title, kept", [("转载文章", ""), ("要闻", ""), ("陳大文", ""), ("立法會議員激辯", "立法會議員激辯")])
def test_a_placeholder_section_or_name_is_not_a_title(tmp_path, title, kept):
    md = f'---\ntitle: "{title}"\n---\n\n{NARRATION}\n\n陳大文表示，政府應盡快公布詳情。\n'
    built = build(tmp_path, {"a.md": md})
    assert documents(built.db)["a.md"]["title"] == kept
