"""Is this a speaker? Names of people, offices and bodies, and unnamed sources, from a subject phrase.

All functions work on simplified text (callers map results back to the document's own spelling).
A speaker is a person (`张军`, `周梁淑怡`, `布林肯`, `梁先生`), a role with a name or a number
(`警员9898韩其昌`, `侦缉警员15927`), a bare role or unnamed source (`辩方`, `知情人士`, `一位乡镇干部`),
or an office or body (`外交部`, `国家安全部`) — never a headline prefix, a verb fragment or a clause.
"""
from __future__ import annotations

import re
from functools import lru_cache

# Common Chinese surnames (single and compound); those that begin everyday words (全, 和, 由, 国…) are left out.
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤温康施牛樊葛邢齐易乔"
    "伍庞颜倪庄聂章鲁岳翟殷詹申欧耿兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂苗谷盛曲翁冉骆蓝游辛靳管柴蒙鲍"
    "华喻祁蒲房滕屈饶牟艾尤穆卓吉缪简车项麦褚娄窦戚岑景宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬卞姬栾隋刁沙荣巫寇桑郎甄"
    "丛仲虞敖巩佘池邝匡鞠荆冀郁胥班储栗燕楚鄢谌奚粟冼蔺楼闻厉仝郜阚帅屠朴廉禹祖漆卿狄晋芮晁阙薄邸雍辜裘亓邰赫杭况"
    "逯茹诸慕嵇湛宾戎茅揭尉檀昝衣渠关文云谈习赖洪傅"
) | {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐", "端木"}
_NOT_IN_NAME = set("的了是在和与我你他她它们这那个些么呢吗也都就还又要将已说称指表示认为此答问")
# Places that read like a surname and a given name.
_PLACES = set("古巴 伊朗 韩国 朝鲜 日本 印度 印尼 巴西 智利 秘鲁 埃及 缅甸 老挝 泰国 越南 美国 英国 法国 德国 中国 欧盟 东盟 非盟 苏丹 马里 加纳 "
              "多哥 贝宁 也门 阿曼 秦岭 江苏 江西 湖南 湖北 广东 广西 云南 贵州 四川 福建 浙江 安徽 河南 河北 山东 山西 陕西 甘肃 辽宁 "
              "吉林 海南 台湾 香港 澳门 北京 上海 天津 重庆 武汉 南京 杭州 广州 深圳 成都 西安 兰州 新疆 西藏 宁夏 青海 黄浦 龙岗 "
              # and everyday words that do
              "高度 高层 高级 严重 严格 温和 程度 成本 方面 方式 方向 许多 任何 向来 关于 安全 文化 文明 于是 石油 金融 金额 黄金 "
              "白色 黄色 蓝色 江河 海洋 林业 田地 马上 周边 周年 常常 包括 申请 管理 曾经 都会 毛病 苏醒 易于 乔装 左右 车辆 高调 高举 高兴 谈话 谈判".split())
_NOT_IN_MODIFIER = _NOT_IN_NAME | set("告诉问对向被让给把听见看到时叫请阻止劝寄")
# Words whose last character is a surname: the characters after it are no name (`首相有关涉台表态`).
_ENDS_IN_SURNAME = set("有关 相关 机关 海关 无关 攸关 公关 难关 把关 新闻 传闻".split())
# Words that read like a given name after a surname (`总统曾多次表示` is no 曾多次, `单方面宣称` no 单方面).
_NOT_GIVEN = set("多次 再次 一再 一直 屡次 经常 曾经 甚至 方面 信中 文中".split())
# An office's name that goes on as a longer word (`国际社会`, `外交部长`): the shorter one is not the speaker.
_WORD_GOES_ON = set("社会 社区 社团 报告 报道 网络 网站 网民 网友 部分 部门 部署 部长 院长 院士 局势 局面 局长 会议 会长 会员 委员 办法 办理".split())
_CONJUNCTION = re.compile("[和与及]")
# Characters of transliterated foreign names (布林肯, 拉夫罗夫, 古特雷斯, 哈西娜…).
_TRANSLITERATION = set(
    "阿埃艾爱安昂奥澳巴拜班邦保贝本比彼毕宾波伯博布查达戴丹道德登迪蒂丁东杜敦多厄恩尔法范菲费芬丰冯弗伏福富盖甘冈高戈格"
    "根贡古瓜圭哈海汉豪赫亨胡华怀惠霍基吉季加贾杰金卡凯坎康考柯科克肯库夸奎拉莱赖兰朗劳勒雷蕾里理丽利莉连列林琳隆卢鲁"
    "路伦罗洛马玛迈麦曼梅蒙米敏明缪莫默姆穆纳娜奈内尼涅宁纽努诺欧帕潘佩彭皮普奇齐恰乔切琴丘萨塞桑瑟森沙莎善尚绍舍申什"
    "史舒斯松苏索塔泰坦汤唐陶特滕提图托瓦万旺威韦维温文翁沃乌伍西希锡席夏谢辛欣休雅亚扬耶伊因英尤于约泽扎詹兹展叶让夫南・·"
)
_DATELINE_PREFIX = re.compile(r"^\S{0,16}?\d{1,2}月\d{1,2}日电|[（(][^（()）]{0,20}[)）]")
_OPENER = re.compile(
    r"^(?:正如|如同|诚如|根据|尽管|比如|例如|包括|无论|不久前|据|昨晚|昨天|今天|此前|日前|近日|同时|此外|另外|当天|当日|会上|会后|事后|席间|期间|当时|后来|另一|于是|因此|但是|但|而|不过|然而|"
    r"其后|随后|之后|最后|对此|就此|至于|其中|另|惟|唯|并|又|再|亦|及后|后来|同样|一名|一位|就有|还有|也有|更有|有(?!关)|某)+"
)
_CUT_AT = re.compile(
    r"(?<=.)(?:[向对跟](?:记者|传媒|媒体)|(?<=..)(?:在|于|就|对|向|同|与)|接受|出席|会见|会晤|致函|通过|针对|应约|应邀|日前|近日|当天|当日|今天|昨天|昨日|今日|"
    r"\d{1,2}月\d{1,2}日|\d{1,2}日|(?<!\d)[（(]\d{1,2}日[)）]|晚上|早上|上午|下午|凌晨|中午|\d{1,2}时|被问到|被问及|被记者问)"
)
_TRAIL = re.compile(r"(?:甚至|竟然|居然|回应|补充|解释|反驳|批评|质疑|此时|这时|再|时|已经|厉声|大声|高声|轻声|多次|屡次|反复|闻言|听后|随即|即时|当场|激动地?|激烈地?|再度|再三|一度|遂|即|仍|终|昨|今|早前|较早前|后来|还|也|最后|再次|进一步|同时|则|又|都|亦|特别|首先|此外|随后|并|曾|已|更|明确|严正|郑重|坚定|所|续|均|皆|就|便|只|仅|则再|一再|直接|公开|当时|当庭|庭上|其后)+$")
_ROLE = (
    "常驻联合国代表|特别代表|代表|国务委员|国委|国务卿|外长|外交部长|国防部长|财长|部长助理|副部长|部长|发言人|副主席|主席|副总理|总理|大使|副总统|总统|"
    "总书记|书记|委员长|委员|主任|局长|司长|副秘书长|秘书长|总干事|首相|国王|议长|州长|市长|省长|外交官|参赞|总领事|领事|特使|"
    "专员|负责人|官员|教授|院长|校长|董事长|总裁|所长|处长|科长|队长|会长|社长|理事长|行政总裁|经理|研究员|院士|学者|作者|"
    "特首|行政长官|参选人|候选人|参选者|评论人|时评人|副组长|组长|读者|网民|职工|工人|农民|贫困户|创始人|任课教师|"
    "主控官|检控官|裁判官|法官|大律师|律师|大状|证人|警务处处长|总警司|警司|督察|警长|警员|探员|警方|议员|区议员|村民|居民|市民|学生|"
    "同学|老师|教师|医生|店主|司机|员工|职员|干部|党员|群众|知情人士|消息人士|中校|上校|准将|少将|中将|上将|武官|海军|"
    "辩方|控方|被告|原告|家属|记者|评论员|分析师|专家"
)
_ROLE_RE = re.compile(_ROLE)
# A role or unnamed source standing alone as a speaker (`辩方指出`, `知情人士透露`, `一位乡镇干部说`).
_BARE_ROLE = re.compile(
    r"^(?:[^\d的，是]{0,12}?(?:发言人|负责人|有关负责人|知情人士|消息人士|干部|辩方|控方|主控官|检控官|裁判官|法官|律师|大律师|警方|"
    r"证人|村民|居民|学生|校长|局长|主任|主席)|(?:辩方|控方)(?:大?律师)?)$"
)
ORG = re.compile(r"^[^\d的，]{1,10}(?:部|委|院|局|署|办|办公室|委员会|政府|使馆|大使馆|总领馆|领事馆|理事会|安理会|联合国|议会|国会|法院|网|社|报)$")
_GENERIC = re.compile(
    r"^(?:中方|我方|我们|我|你|他|她|它|他们|她们|双方|各方|美方|外方|对方|有关方面|人们|分析人士|业内人士|报道|消息|文章|"
    r"声明|会议|大家|本报|报告|数据|研究|调查|统计|分析|结果|事实|历史|实践|外界|舆论|媒体|有人|不少人|网友|评论|社评|快讯|"
    r"独家|视频|图|组图|综述|观察|时评|新闻|中国|美国|公报|决议|文件|条约|协议|拆局|解读|直击|专访|短评|社论|现场|"
    r"方面|一方面|另一方面|其中|当中|目前|现在|如今|这样|如果|于是|不过|同时|结果|原来|尤其|特别|甚至|例如|比如)$"
)
_NO_NAME_START = tuple("对在将并也还要应以为从向与和但而其该此这那每各据如若因由被把让使给当已曾我你您咱经没") + ("发布", "建议", "希望")
_HONORIFIC = re.compile(r"^(.)(?:先生|小姐|女士|太太|同学|生|姑娘|伯|婆|官|大状|sir)$")
_SEVERAL = re.compile(r"等人?$|这样的|那样的|这些|那些|一些|许多|所有|不少|很多|部分|多名|多位|[%％]|们$")
_NUMBERED_ROLE = re.compile(rf"^(?:{_ROLE})\d{{2,6}}$")
_PREFIX_OK = re.compile(rf"(?:{_ROLE})[\d（）()]*$|(?:党|会|联|协|盟|阵线|集团|公司|大学|学院|记|部|局|署|处)$|^[A-Za-z]{{1,6}}$")
_ROLE_END = re.compile(rf"(?:{_ROLE})(?P<name>[\u4e00-\u9fff]{{2,3}})$")
_ORG_PERSON = re.compile(r"^(?:[A-Za-z]{1,6}[\u4e00-\u9fff]?|[\u4e00-\u9fff]{1,6}(?:党|会|联|协|盟|阵线|力量|集团|公司|大学|学院|基金|民研))(?P<name>[\u4e00-\u9fff]{3,4})$")
_MIDDLE_DOT = re.compile("[・·]")
_HAN = re.compile("[\u4e00-\u9fff]+")  # CJK unified ideographs only
_MANNER = re.compile(r"(?<=.)(?:[\u4e00-\u9fff]{2}地|笑着|[「“][^」”]{1,6}[」”]|一篇文章|文章|社论|报道|评论)$")  # 笑着说, 撰文说
_LEADING_MARKS = re.compile(r"^[^\w\u4e00-\u9fff“「]+")
_QUOTE_CLOSER = re.compile("[”」』]")
_PASSIVE = re.compile(r"(?<!^)被(?!告)")
_MARKUP = re.compile(r"[【】#@◎|｜/]")
_DESCRIBED = re.compile(r"的([\u4e00-\u9fff]{2,3})$")
_GROUP_OR_REPORTER = re.compile(r"等人?$|(?:社|网|报|台)记者$")
PRONOUNS = {"他", "她", "其", "他们", "她们"}


def is_person_name(text: str) -> bool:
    """A Chinese personal name: a surname and one or two characters, or two surnames and two (周梁淑怡)."""
    if not 2 <= len(text) <= 4 or set(text) & _NOT_IN_NAME or not _HAN.fullmatch(text) or text[:2] in _PLACES or text[1:3] in _NOT_GIVEN:
        return False
    if len(text) == 4 and text[0] in SURNAMES and text[1] in SURNAMES:
        return True
    return text[0] in SURNAMES and len(text) <= 3 or text[:2] in SURNAMES


def _foreign(text: str, shortest: int) -> bool:
    return shortest <= len(text) <= 14 and _TRANSLITERATION.issuperset(text) and text[0] not in "・·" and text[-1] not in "・·"


def _foreign_full(text: str) -> bool:
    """A transliterated name with its middle dots (阿翁南・让・雅克, 梅里克·加兰)."""
    return bool(_MIDDLE_DOT.search(text)) and _foreign(text, 3)


def named(text: str, shortest_foreign: int = 2) -> bool:
    """A Chinese personal name, a `surname + honorific` (梁先生), or a transliterated foreign one."""
    return is_person_name(text) or bool(_HONORIFIC.match(text) and text[0] in SURNAMES) or _foreign(text, shortest_foreign)


def _cuts(phrase: str) -> list[str]:
    """The subject phrase without an opener, cut before each preposition or time word in turn
    (`张军在会上` → `张军`; `…京津冀协同发展…组长张高丽就…` → `…协`, then `…组长张高丽`)."""
    phrase = _OPENER.sub("", _DATELINE_PREFIX.sub("", phrase).strip(" 　——-"))
    ends = [m.start() for m in _CUT_AT.finditer(phrase)] or [len(phrase)]
    return [_tidy(phrase[:end]) for end in ends]


def _tidy(phrase: str) -> str:
    phrase = _MANNER.sub("", phrase)
    return phrase[:1] + _TRAIL.sub("", phrase[1:])  # the first character stays: 曾续 is 曾, not an adverb


def person_in(text: str) -> str:
    """A personal name at the start of `text` (`林日丰特地出来` → `林日丰`), else at its end (`大代伍健民`)."""
    if named(text):
        return text
    if len(text) > 7 or not _HAN.fullmatch(text):
        return ""
    for n in (3, 2):
        if is_person_name(text[:n]) and text[1:3] not in _NOT_GIVEN:  # 曾多次: no 曾多 either
            return text[:n]
    for n in (3, 2):
        if len(text) - n <= 3 and is_person_name(text[-n:]) and text[-n - 1 : len(text) - n + 1] not in _ENDS_IN_SURNAME:
            return text[-n:]
    return ""


@lru_cache(maxsize=65536)
def speaker_name(phrase: str) -> str:
    """The speaker named by a subject phrase (`中国常驻联合国代表张军` → `张军`), or "" if it names none.

    Returns a person, a numbered role (`侦缉警员15927`), a bare role or unnamed source, an office or body;
    a pronoun or a bare surname is returned as is for the caller to resolve (`他`, `韩`, `叶刘`).
    """
    name = _speaker_name(phrase)
    if name or not phrase.endswith("时"):
        return name
    for k in range(2, 8):  # 胡志伟发言时说: the clause of time goes, shortest first
        name = _speaker_name(phrase[:-k])
        if name:
            return name
    return ""


def _speaker_name(phrase: str) -> str:
    phrase = _LEADING_MARKS.sub("", phrase)
    if phrase[:1] in "“「『" and not _QUOTE_CLOSER.search(phrase):
        phrase = phrase[1:]  # a quote the subject opens (许锐说，“习近平总书记强调…) is not part of it
    if _SEVERAL.search(phrase) or _PASSIVE.search(phrase) or _MARKUP.search(phrase):
        return ""  # several people (马强等, 所有官员), a passive (被通报), or markup: nobody in particular
    whole = _TRAIL.sub("", _OPENER.sub("", phrase.strip(" 　——-")))
    end_role = _ROLE_END.search(whole)
    if end_role and is_person_name(end_role.group("name")):
        return end_role.group("name")  # …司长张莹 before any cut (就业促进司司长张莹)
    for cut in _cuts(phrase):
        name = _named_in(cut)
        if name:
            return "" if "、" in name else name  # `俄罗斯、老挝外交部发言人`: several speakers
    return ""


def _named_in(phrase: str) -> str:
    """The speaker one cut of a subject phrase names (see `speaker_name`), or ""."""
    described = _DESCRIBED.search(phrase)
    if described and is_person_name(described.group(1)):
        return described.group(1)  # 来穗务工近20年的李先德
    if _GROUP_OR_REPORTER.search(phrase):
        return ""  # several people (马强等), or the outlet's own reporter
    if phrase.startswith("被") and named(phrase[1:]):
        phrase = phrase[1:]  # 被陈淑庄批评: the one who speaks is the agent
    if not phrase or _GENERIC.match(phrase) or phrase in PRONOUNS:
        return phrase if phrase in PRONOUNS else ""
    if phrase.startswith(_NO_NAME_START) and not named(phrase) and not phrase.startswith("被告"):
        return ""
    if len(phrase) <= 2 and (phrase in SURNAMES or phrase[0] in SURNAMES and phrase[1] in SURNAMES):
        return phrase  # an alias of a speaker named before (韩, 叶刘)
    if named(phrase, 3) or _NUMBERED_ROLE.match(phrase):
        return phrase
    m = _ORG_PERSON.match(phrase)
    if m and (named(m.group("name"))):
        return m.group("name")  # 民协冯检基, O记李桂华
    roles = list(_ROLE_RE.finditer(phrase))
    if roles:
        after = phrase[roles[-1].end() :].lstrip("0123456789（）() ")
        before = phrase[: roles[0].start()]
        if _foreign_full(after):
            return after  # 副武官阿翁南・让・雅克: a foreign name in full
        if after:
            whole_name = len(after) == 3 and after[0] in SURNAMES and not set(after) & _NOT_IN_MODIFIER
            if whole_name:
                return after  # a role names the three characters after it
            return "" if _CONJUNCTION.search(after) else person_in(after)  # `发言人和澳方一起`: several
        between = phrase[roles[-2].end() : roles[-1].start()] if len(roles) > 1 else ""
        if between and named(between):
            return between  # 原主任杨建新教授
        if between:
            return ""  # 法官寄语被告: words between two roles are no name
        tail = re.sub(r"^.*[、，的]", "", before)
        if tail and tail not in _PLACES and (named(tail) or len(tail) in (2, 3) and tail[0] in SURNAMES and tail == before and not set(tail) & _NOT_IN_NAME):
            return tail  # 约万诺夫斯基中校, 任继周教授
        if len(before) == 1 and before in SURNAMES:  # 李总理
            return phrase
        if re.search(r"\d{2,6}$", phrase):
            return phrase
        modifier = len(before) <= 4 and not set(before) & _NOT_IN_MODIFIER and re.fullmatch(r"[\u4e00-\u9fff]*", before)
        if _BARE_ROLE.match(phrase) or (not before or ORG.match(before) or modifier) and len(phrase) <= 12:
            return phrase
        return phrase if re.match(rf"^[^，。]{{2,14}}的(?:{_ROLE})$", phrase) else ""
    return phrase if ORG.match(phrase) and len(phrase) <= 12 else ""


def leading_name(s: str, at: int, end: int) -> str:
    """The speaker-like name opening a clause (`法官听取求情后…` → `法官`, `郭先生听到…` → `郭先生`), or ""."""
    clause = s[at : min(end, at + 16)]
    for n in range(min(len(clause), 14), 1, -1):
        name = speaker_name(clause[:n])
        if not name or name in PRONOUNS or len(name) < 2 or not clause[:n].endswith(name) or clause[n - 1 : n + 1] in _WORD_GOES_ON:
            continue
        prefix = _OPENER.sub("", clause[: n - len(name)])
        if prefix and _PREFIX_OK.search(prefix) or not prefix and len(name) <= 3:
            return name  # a bare four-character name needs a cue (吕闻言变 is no name)
    return ""


def alias_of(alias: str, known: list[str]) -> str:
    """The one speaker named earlier (`known`, most recent last) that a short form refers to, or ""."""
    m = _HONORIFIC.match(alias)
    stem = m.group(1) if m and not alias.endswith(("先生", "小姐", "女士", "太太", "同学")) else alias
    found = list(dict.fromkeys(k for k in reversed(known) if k != alias and k.startswith(stem) and named(k)))
    return found[0] if len(found) == 1 else ""
