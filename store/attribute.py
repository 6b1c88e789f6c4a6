"""Who said it, when, and who published it: document metadata and a speaker for every paragraph.

Order of trust for each field: the sidecar file, then structure (front matter, HTML meta), then cues
in the text. A field with no evidence stays empty: a wrong attribution is worse than none.

Documents are one of three kinds:
- "transcript": a press conference; questions belong to the journalists who ask them, answers to the
  spokesperson named in front of them (carried over until the next question);
- "statement": a speech, written statement or remarks: every paragraph is the document speaker's;
- "article": a news report; a paragraph that says who is speaking (`张军指出，…`) carries that
  speaker, later paragraphs keep it until another speaker is named.
"""
from __future__ import annotations

import re
from collections import Counter

from store.dates import month_day
from store.evidence import Attribution
from store.models import CleanDocument, DocMeta, Document, MetaHints, Paragraph
from store.textnorm import to_simplified

_VERBS = "表示|指出|强调|说|称|认为|介绍|宣布|呼吁|提出|坦言|透露|重申|警告|主张|回应|答道|补充说|直言|表态|谈到|谈及"
_SPEECH = re.compile(rf"^(?P<subj>[^，。；：:,;!?！？]{{2,60}}?)(?:{_VERBS})")
_DATELINE_PREFIX = re.compile(r"^\S{0,16}?\d{1,2}月\d{1,2}日电|[（(][^（()）]{0,20}[)）]")
_CUT_AT = re.compile(r"(?<=..)(?:在|于|就|对|向|同|与|接受|出席|会见|会晤|致函|通过|针对|应约|应邀|日前|近日|当天|当日|今天|昨天|昨日|今日|\d{1,2}月\d{1,2}日|\d{1,2}日)")
_TRAIL = re.compile(r"(?:还|也|最后|再次|进一步|同时|则|又|都|亦|特别|首先|此外|随后|并|曾|已|更|明确|严正|郑重|坚定|所)+$")
# Common Chinese surnames (single and compound); those that begin everyday words (全, 和, 由, 国…) are left out.
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤温康施牛樊葛邢齐易乔"
    "伍庞颜倪庄聂章鲁岳翟殷詹申欧耿兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂苗谷盛曲翁冉骆蓝游辛靳管柴蒙鲍"
    "华喻祁蒲房滕屈饶牟艾尤穆卓吉缪简车项麦褚娄窦戚岑景宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬卞姬栾隋刁沙荣巫寇桑郎甄"
    "丛仲虞敖巩佘池邝匡鞠荆冀郁胥班储栗燕楚鄢谌奚粟冼蔺楼闻厉仝郜阚帅屠朴廉禹祖漆卿狄晋芮晁阙薄邸雍辜裘亓邰赫杭况"
    "逯茹诸慕嵇湛宾戎茅揭尉檀昝"
) | {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐", "端木"}
_NOT_IN_NAME = set("的了是在和与我你他她它们这那个些么呢吗也都就还又要将已")
# Characters of transliterated foreign names (布林肯, 拉夫罗夫, 古特雷斯, 哈西娜…).
_TRANSLITERATION = set(
    "阿埃艾爱安昂奥澳巴拜班邦保贝本比彼毕宾波伯博布查达戴丹道德登迪蒂丁东杜敦多厄恩尔法范菲费芬丰冯弗伏福富盖甘冈高戈格"
    "根贡古瓜圭哈海汉豪赫亨胡华怀惠霍基吉季加贾杰金卡凯坎康考柯科克肯库夸奎拉莱赖兰朗劳勒雷蕾里理丽利莉连列林琳隆卢鲁"
    "路伦罗洛马玛迈麦曼梅蒙米敏明缪莫默姆穆纳娜奈内尼涅宁纽努诺欧帕潘佩彭皮普奇齐恰乔切琴丘萨塞桑瑟森沙莎善尚绍舍申什"
    "史舒斯松苏索塔泰坦汤唐陶特滕提图托瓦万旺威韦维温文翁沃乌伍西希锡席夏谢辛欣休雅亚扬耶伊因英尤于约泽扎詹兹"
)
_OPENER = re.compile(r"^(?:正如|如同|诚如|据|认为|昨晚|昨天|今天|此前|日前|近日|同时|此外|当天|会上)+")
_ROLE = (
    "常驻联合国代表|特别代表|代表|国务委员|国务卿|外长|外交部长|国防部长|财长|部长助理|副部长|部长|发言人|副主席|主席|副总理|总理|大使|副总统|总统|"
    "总书记|书记|委员长|委员|主任|局长|司长|副秘书长|秘书长|总干事|首相|国王|议长|州长|市长|省长|外交官|参赞|总领事|领事|特使|"
    "专员|负责人|官员|教授|院长|校长|董事长|总裁"
)
_ROLE_RE = re.compile(_ROLE)
_ORG = re.compile(r"^[^\d的]{1,10}(?:部|委|院|局|署|办|办公室|委员会|政府|使馆|大使馆|总领馆|领事馆|理事会|安理会|联合国|议会|国会|法院)$")
_GENERIC = re.compile(
    r"^(?:中方|我方|我们|我|你|他|她|它|他们|她们|双方|各方|美方|外方|对方|有关方面|人们|专家|分析人士|业内人士|报道|消息|文章|"
    r"声明|会议|记者|大家|本报|报告|数据|研究|调查|统计|分析|结果|事实|历史|实践|外界|舆论|媒体|有人|不少人|网友|评论|社评|快讯|"
    r"独家|视频|图|组图|综述|观察|时评|新闻|中国|美国|公报|决议|文件|条约|协议)$"
)
_NO_NAME_START = tuple("对在将并也还要应以为从向与和但而其该此这那每各据如若因由被把让使给当已曾")
_TITLE_PREFIX = re.compile(r"^([^：:，,。“”\"]{2,12})[：:]")
_TITLE_SPOKESPERSON = re.compile(r"发言人([^\s就主答发宣介]{2,4}?)(?:主持|答|就|发表|宣布|介绍|表示|谈)")
_TITLE_ROLE_ONLY = re.compile(r"^(\S{0,8}?发言人)(?:就|主持|答|发表|宣布|介绍)")
_WECHAT = re.compile(r"微信公众号[“\"「『]([^”\"」』]{2,20})[”\"」』]")
_AGENCY_DATELINE = re.compile(r"^(?:新华社|中新社|中新网|人民网|央视网|法新社|路透社|美联社)?\S{0,12}?\d{1,2}月\d{1,2}日电")
_AGENCY = re.compile(r"^(新华社|中新社|中新网|人民网|央视网|法新社|路透社|美联社)")
_ASK = re.compile(r"^(?:[一二三四五六七八九十\d]+[、.．]\s*)?(?:追问|问)[：:]|^([^，。：:]{0,30}?记者)[^：:，。]{0,6}[：:]")
_ANSWER = re.compile(r"^(答|[^\s，。：:“”]{2,4})[：:]")
_STATEMENT_TITLE = re.compile(
    r"发表谈话|声明|答记者问|致辞|讲话|发言|演讲|表态|署名文章|书面采访|贺信|贺电|致函|讲演|答问|专访|全文"
)


def _simple(text: str) -> str:
    return to_simplified(text)


def _original(text: str, simple: str, part: str) -> str:
    """`part` (found in the simplified form) as spelled in the original text, when lengths line up."""
    i = simple.find(part)
    return text[i : i + len(part)] if i >= 0 and len(simple) == len(text) else part


def speaker_name(phrase: str) -> str:
    """The speaker named by a subject phrase (`中国常驻联合国代表张军` → `张军`), or "" if it names none.

    Works on simplified text; returns a person (2–4 characters), an organisation or a bare role.
    """
    phrase = _OPENER.sub("", _DATELINE_PREFIX.sub("", phrase).strip(" 　——-"))
    cut = _CUT_AT.search(phrase)
    if cut:
        phrase = phrase[: cut.start()]
    phrase = _TRAIL.sub("", phrase)
    if not phrase or phrase.startswith(_NO_NAME_START) or _GENERIC.match(phrase):
        return ""
    roles = list(_ROLE_RE.finditer(phrase))
    if roles:
        after = phrase[roles[-1].end() :]
        before = phrase[: roles[0].start()]
        if _named(after, 2):
            return after
        if not after and _named(before, 2):
            return before
        if not after and len(before) == 1 and before in SURNAMES:  # 李总理
            return phrase
        return phrase if not after and (not before or _ORG.match(before)) and len(phrase) <= 12 else ""
    if _named(phrase, 3):
        return phrase
    return phrase if _ORG.match(phrase) else ""


def _named(text: str, shortest_foreign: int) -> bool:
    """A Chinese personal name, or a transliterated foreign one of `shortest_foreign` to 6 characters."""
    return is_person_name(text) or shortest_foreign <= len(text) <= 6 and all(c in _TRANSLITERATION for c in text)


def is_person_name(text: str) -> bool:
    """A Chinese personal name: a common surname and one or two more characters (simplified script)."""
    if not 2 <= len(text) <= 4 or set(text) & _NOT_IN_NAME or not all("\u4e00" <= c <= "\u9fff" for c in text):
        return False
    return text[0] in SURNAMES and len(text) <= 3 or text[:2] in SURNAMES


def speech_subject(text: str) -> str:
    """The speaker of reported speech at the start of a sentence in `text` (simplified), or ""."""
    first_sentence = re.split(r"[。！？]", text, maxsplit=1)[0]
    for clause in re.split(r"[，,；;]", first_sentence)[:4]:
        m = _SPEECH.match(clause.strip())
        if m:
            name = speaker_name(m.group("subj"))
            if name:
                return name
    return ""


def document_speaker(doc: CleanDocument) -> str:
    """The document's speaker: the best-supported candidate among title, signature and speech cues."""
    votes: Counter[str] = Counter()
    title = _simple(doc.title)
    m = _TITLE_SPOKESPERSON.search(title)
    if m and is_person_name(m.group(1)):
        votes[m.group(1)] += 4
    elif _TITLE_ROLE_ONLY.match(title):
        votes[_TITLE_ROLE_ONLY.match(title).group(1)] += 2
    m = _TITLE_PREFIX.match(title)
    if m:
        name = speaker_name(m.group(1))
        if name:
            votes[name] += 2 if is_person_name(name) or _ORG.match(name) else 1
    signature = doc.cues.get("signature")
    if signature:
        name = speaker_name(_simple(signature))
        if name:
            votes[name] += 3
    for p in doc.paragraphs[:40]:
        simple = _simple(p.text)
        name = speech_subject(simple)
        if name:
            votes[name] += 1
        answer = _ANSWER.match(simple)
        if answer and answer.group(1) != "答" and not _ASK.match(simple) and is_person_name(answer.group(1)):
            votes[answer.group(1)] += 2  # a named turn (`汪文斌：`) outweighs a bare role in the title
        wechat = _WECHAT.search(simple)
        if wechat:
            votes[wechat.group(1)] += 1
    if not votes:
        return ""
    return max(votes.items(), key=lambda kv: (kv[1], is_person_name(kv[0])))[0]  # a tie goes to a named person


def _find_original(doc: CleanDocument, simple_name: str) -> str:
    """Spell a name found in simplified text as the document spells it."""
    if not simple_name:
        return ""
    for text in [doc.title, doc.cues.get("signature", "")] + [p.text for p in doc.paragraphs[:40]]:
        simple = _simple(text)
        if simple_name in simple:
            return _original(text, simple, simple_name)
    return simple_name


def _kind(doc: CleanDocument) -> str:
    simple = [_simple(p.text) for p in doc.paragraphs]
    asks = sum(bool(_ASK.match(s)) for s in simple)
    bold = sum(p.strong for p in doc.paragraphs)
    answers = sum(bool(_ANSWER.match(s)) and not _ASK.match(s) for s in simple)
    if answers and (asks or bold >= 2):
        return "transcript"
    if _STATEMENT_TITLE.search(_simple(doc.title)) or doc.cues.get("signature"):
        return "statement"
    return "article"


def _transcript_speakers(paragraphs: list[Paragraph], spokesperson: str) -> list[Attribution]:
    out: list[Attribution] = []
    answerer, label = spokesperson, ""
    for p in paragraphs:
        simple = _simple(p.text)
        ask = _ASK.match(simple)
        if ask or p.strong:
            journalist = ask.group(1) if ask and ask.group(1) else "记者"
            cue = _original(p.text, simple, ask.group(0)) if ask else "bold paragraph"
            out.append(Attribution(_original(p.text, simple, journalist), kind="question", cue="turn", evidence=cue, strength="strong"))
            continue
        answer = _ANSWER.match(simple)
        if answer:
            name = answer.group(1)
            answerer = spokesperson if name == "答" or not is_person_name(name) else _original(p.text, simple, name)
            label = _original(p.text, simple, answer.group(0))
        if answerer:
            out.append(Attribution(answerer, kind="answer", cue="turn", evidence=label or "press conference", strength="strong"))
        else:
            out.append(Attribution(kind="answer"))
    return out


def _article_speakers(paragraphs: list[Paragraph], speaker: str) -> list[Attribution]:
    out: list[Attribution] = []
    current = Attribution(speaker, kind="statement", cue="document", evidence=speaker, strength="medium") if speaker else Attribution()
    for p in paragraphs:
        simple = _simple(p.text)
        name = speech_subject(simple)
        if name:
            current = Attribution(_original(p.text, simple, name), kind="statement", cue="verb", evidence=_original(p.text, simple, name), strength="medium")
            out.append(current)
        elif current.speaker:
            out.append(Attribution(current.speaker, kind="statement", cue="carried", evidence=current.evidence, strength="medium"))
        else:
            out.append(Attribution())
    return out


def _dates(doc: CleanDocument, hints: MetaHints) -> tuple[str, str]:
    cues = doc.cues
    published = hints.published or cues.get("published") or cues.get("title_date", "")
    date = hints.date or cues.get("dateline", "")
    if not date and doc.paragraphs and _AGENCY_DATELINE.match(_simple(doc.paragraphs[0].text)):
        date = month_day(doc.paragraphs[0].text, published)
    return date or cues.get("title_date", "") or published, published


def _outlet(doc: CleanDocument, hints: MetaHints) -> str:
    cues = doc.cues
    for value in (hints.outlet, cues.get("site"), cues.get("trailer"), cues.get("title_site"), cues.get("source")):
        if value:
            return value
    for p in doc.paragraphs[:5]:
        simple = _simple(p.text)
        m = _WECHAT.search(simple) or _AGENCY.match(simple)
        if m:
            return _original(p.text, simple, m.group(1))
    return ""


def attribute(doc: CleanDocument, sidecar: MetaHints | None = None) -> Document:
    """Attach metadata and per-paragraph speakers; sidecar values override everything."""
    side = sidecar or MetaHints()
    hints = doc.hints
    kind = _kind(doc)
    speaker = side.speaker or hints.speaker or _find_original(doc, document_speaker(doc))
    date, published = _dates(doc, hints)
    meta = DocMeta(
        title=side.title or doc.title,
        speaker=speaker,
        date=side.date or date,
        published=side.published or published,
        outlet=side.outlet or _outlet(doc, hints),
        url=side.url or hints.url or doc.cues.get("url", ""),
        kind=kind,
    )
    if kind == "transcript":
        attributions = _transcript_speakers(doc.paragraphs, speaker)
    elif side.speaker or kind == "statement":
        cue = "sidecar" if side.speaker else "front_matter" if hints.speaker else "document"
        one = Attribution(speaker, kind="statement", cue=cue, evidence=speaker, strength="strong" if cue != "document" else "medium")
        attributions = [one if speaker else Attribution()] * len(doc.paragraphs)
    else:
        attributions = _article_speakers(doc.paragraphs, speaker)
    return Document(doc.raw, meta, doc.paragraphs, attributions)
