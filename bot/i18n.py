"""Interface text in simplified Chinese, traditional Chinese and English.

The language comes from the user's choice (/lang) or else Telegram's language code: zh-Hant, zh-TW,
zh-HK, zh-MO → traditional; other zh → simplified; anything else → English. Traditional strings are
the simplified ones converted (OpenCC), so every string exists in all three.
"""
from __future__ import annotations

from contextvars import ContextVar
from functools import lru_cache

from telegram import User

from bot.i18n_follow import FOLLOW_STRINGS
from store.textnorm import to_traditional

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "start": (
            "Hi! I find exact quotes in a corpus of news articles and official statements, and tell you who said "
            "them, when, and which outlet published them.\n\nSend me a remembered fragment or a question, in "
            "simplified or traditional Chinese. /help shows examples."
        ),
        "help": (
            "<b>How to ask</b>\n"
            "• a fragment you remember: <code>恐怖网络仍在蔓延</code>\n"
            "• keywords with a speaker or year: <code>张军 新工具和新技术</code>, <code>王毅2023年 反恐资源</code>\n"
            "• filters: <code>speaker:王毅 from:2021 to:2023 outlet:新华网 反恐</code>\n"
            "• dates in words: <code>毛宁 2023年2月 飞艇</code>, <code>去年 王毅 反恐</code>, <code>2月3日 汪文斌</code>\n"
            "• newest first: <code>毛宁最新表态</code>, <code>sort:new 气候</code>; a name alone lists their latest statements\n"
            "• exact and excluded words: <code>\"政治解决\" -乌克兰</code>\n\n"
            "<b>Commands</b>\n"
            "/q <i>question</i> — ask (also in groups)\n"
            "/check <i>quote</i> — is this quote real? verbatim, reworded, contradicted or not found; and whose words\n"
            "/sources — what is indexed, by outlet and date\n"
            "/stats — index statistics\n"
            "/lang — interface language (简体, 繁體, English)\n"
            "/export — the last results as a CSV file, with citations\n"
            "In any chat, type <code>@{bot} words</code> to share a quote card.\n\n"
            "Under each answer: ◀ ▶ other results, 🕒 newest first, 📄 context, 简/繁 script, 📎 citation."
        ),
        "help_admin": "\n\n<b>Admins</b>\n/reindex — update the index from the corpus folder\nSend a .txt, .md or .html file to add it to the corpus.",
        "nothing": "I found nothing I trust for «{q}».",
        "nothing_tip": "Tip: use a distinctive phrase from the quote, fewer words, or add a speaker or year (/help).",
        "empty": "Send me a few words of the quote, or a question about it.",
        "truncated": "(Only the first {n} characters of your message were used.)",
        "not_text": "I can only read text. Send me a few words of the quote (/help).",
        "by_unknown": "speaker unknown",
        "not_stated": "speaker not stated",
        "reported_by": "reported by {outlet}",
        "relayed_by": "relayed by {name}",
        "evidence": "speaker from {cue}: «{text}»",
        "cue_turn": "the transcript turn", "cue_signature": "the signature", "cue_front_matter": "the file's front matter",
        "cue_sidecar": "the sidecar file", "cue_verb": "a reporting verb", "cue_colon": "a colon-quote",
        "cue_quote_first": "the name after the quote", "cue_next": "the next paragraph", "cue_pronoun": "a pronoun continuing a run",
        "cue_alias": "a short form of a name given before", "cue_carried": "an earlier sentence", "cue_relayed": "words quoted by another speaker",
        "cue_document": "the document's one speaker", "cue_intro": "the intro to a full text", "cue_interjection": "a bracketed question",
        "date_unknown": "date unknown",
        "said_published": "{said} (published {published})",
        "also": "Also reported by",
        "confidence": "Confidence",
        "conf_high": "high",
        "conf_medium": "medium",
        "conf_low": "low",
        "result_n": "Result {i}/{n}",
        "btn_prev": "◀ Previous",
        "btn_next": "Next ▶",
        "btn_context": "📄 Context",
        "btn_back": "↩ Back",
        "btn_simplified": "简体",
        "btn_traditional": "繁體",
        "btn_cite": "📎 Cite",
        "context_head": "Context ({title})",
        "gone": "This result is no longer in the index. Please ask again.",
        "expired": "This button has expired. Please ask again.",
        "check_usage": "Send /check followed by the quote, e.g. <code>/check 恐怖网络仍在蔓延</code>",
        "check_verbatim": "✅ <b>Verbatim.</b> The corpus has these exact words.",
        "check_reworded": "⚠️ <b>Reworded.</b> The corpus says it differently (similarity {sim}).",
        "check_not_found": "❌ <b>Not found.</b> Nothing in the corpus says this.",
        "check_too_short": "Too short to check: give at least a few words of the quote.",
        "check_corpus_says": "The corpus says",
        "check_differences": "Differences (claimed → corpus)",
        "check_closest": "Closest passage ({sim})",
        "diff_replace": "«{a}» → «{b}»",
        "diff_insert": "missing: «{b}»",
        "diff_delete": "not in the corpus: «{a}»",
        "check_contradicted": "❌ <b>Contradicted.</b> The corpus does not say this.",
        "check_lead_opposite": "❌ <b>The corpus says the opposite:</b> {change} ({date})",
        "check_lead_number": "❌ <b>The corpus gives another figure:</b> {change} ({date})",
        "check_lead_joined": "⚠️ <b>Two statements joined:</b> {parts}",
        "check_lead_joined_n": "⚠️ <b>{n} statements joined:</b> {parts}",
        "check_lead_someone_else": "⚠️ <b>These are {said_by}'s words, not {claimed}'s</b> ({date})",
        "check_lead_question": "⚠️ <b>This is a journalist's question ({said_by}), not {claimed}'s words</b> ({date})",
        "check_lead_relayed": "⚠️ <b>These are {said_by}'s words, relayed by {claimed}</b> ({date})",
        "check_lead_role": "❔ <b>The corpus names {said_by}; the claim names only «{claimed}»</b> ({date})",
        "check_lead_not_stated": "❔ <b>The corpus does not say who said it</b> (claimed: {claimed})",
        "check_lead_date": "⚠️ <b>The corpus dates these words {corpus}, not {claimed}</b>",
        "check_lead_unnamed": "❔ <b>The corpus says only «{said_by}», not who</b> (claimed: {claimed}, {date})",
        "check_speaker_same": "Speaker: {said_by}, as claimed.",
        "check_speaker_relayed": "Speaker: {said_by}, as claimed (relayed by {relayed_by}).",
        "check_not_one_quote": "Each part is in the corpus, but not as one quote:",
        "check_part_missing": "not in the corpus",
        "check_cut": "✂️ Only the first {n} characters were checked ({rest} more left out).",
        "sources_head": "<b>Indexed sources</b> ({docs} documents)",
        "sources_more": "… and {n} more outlets",
        "sources_empty": "The index is empty. An admin can run /reindex.",
        "stats": (
            "<b>Index</b>\nDocuments: {documents}\nPassages: {passages}\nSpeakers: {speakers}\nOutlets: {outlets}\n"
            "Dates: {first} – {last}\nLast reindex: {indexed_at}\nSize: {size}"
        ),
        "no_index": "The index is not built yet. An admin can run /reindex.",
        "not_admin": "Sorry, only admins can do that.",
        "reindex_busy": "A reindex is already running; I will run another one right after it and post its summary.",
        "reindex_start": "Reindexing {corpus} …",
        "reindex_progress": "Reindexing … {done}/{total} files ({indexed} indexed, {skipped} skipped)",
        "reindex_done": "✅ Reindex finished in {seconds:.1f} s\nindexed {indexed}, unchanged {unchanged}, removed {removed}, skipped {skipped}\nthe index holds {documents} documents, {passages} passages",
        "reindex_skipped": "Skipped:",
        "reindex_failed": "❌ Reindex failed: {error}\nThe previous index is still answering.",
        "upload_bad_type": "I can add .txt, .md and .html files to the corpus.",
        "upload_too_big": "That file is too large ({size}); the limit is {limit}.",
        "upload_saved": "Saved {name} to the corpus.",
        "error": "Sorry, something went wrong. Please try again.",
        "cite_head": "Citation (copy and paste):",
        "cmd_start": "Start",
        "cmd_help": "How to ask, with examples",
        "cmd_q": "Find a quote",
        "cmd_check": "Is this quote real?",
        "cmd_sources": "Indexed sources",
        "cmd_stats": "Index statistics",
        "cmd_reindex": "Update the index (admins)",
        "index_unreadable": "The index cannot be read (damaged or from another version). An admin can run /reindex.",
        "too_slow": "That took too long, so I stopped. Try a shorter, more distinctive phrase.",
        "slow_down": "You are sending requests faster than I can answer them. Please wait a few seconds, then ask again.",
        "unknown_command": "I do not know that command. /help lists what I can do.",
        "changed": "The index was updated since this answer and this result changed. Please ask again.",
        "upload_queued": "A reindex is running: {name} will be indexed right after it, and I will post the summary.",
        "reindex_busy_elsewhere": "Another reindex (from the command line) is running. Send /reindex when it has finished.",
        "upload_busy_elsewhere": "{name} is saved, but another reindex (from the command line) is running: send /reindex when it has finished to index it.",
        "reindex_failed_no_index": "❌ Reindex failed: {error}\nThere is no usable index now: questions cannot be answered until a reindex succeeds.",
        "upload_renamed": "A different file named {old} is already in the corpus: saved this one as {name}.",
        "cmd_lang": "Interface language",
        "cmd_export": "Download the last results (CSV and citations)",
        "lang_prompt": "Choose the interface language (answers are shown in its script):",
        "lang_set": "Interface language: {name}.",
        "btn_newest": "🕒 Newest",
        "chitchat": "Happy to help! Send me a few words of a quote, or ask who said what, e.g. <code>毛宁 2023年2月 飞艇</code> (/help).",
        "contains": "Passages containing «{q}»",
        "latest": "Latest statements",
        "asked": "In answer to",
        "nothing_tip_latin": "Tip: the corpus is in Chinese; ask in Chinese words, e.g. <code>王毅 联合国</code>, or use a name as written in Chinese (/help).",
        "cite_other": "Other style:",
        "export_none": "Nothing to export yet: ask a question first, then send /export.",
        "export_caption": "{n} results for «{q}»",
        "export_head": "Citations:",
    },
    "zh": {
        "start": (
            "你好！我在新闻报道和官方声明中查找原话，并告诉你是谁说的、何时说的、由哪家媒体发布。\n\n"
            "发给我你记得的片段或一个问题，简体繁体都可以。/help 查看示例。"
        ),
        "help": (
            "<b>怎么问</b>\n"
            "• 记得的片段：<code>恐怖网络仍在蔓延</code>\n"
            "• 关键词加说话人或年份：<code>张军 新工具和新技术</code>、<code>王毅2023年 反恐资源</code>\n"
            "• 筛选：<code>speaker:王毅 from:2021 to:2023 outlet:新华网 反恐</code>\n"
            "• 用文字写日期：<code>毛宁 2023年2月 飞艇</code>、<code>去年 王毅 反恐</code>、<code>2月3日 汪文斌</code>\n"
            "• 最新优先：<code>毛宁最新表态</code>、<code>sort:new 气候</code>；只写人名即列出其最新表态\n"
            "• 必须包含与排除：<code>\"政治解决\" -乌克兰</code>\n\n"
            "<b>命令</b>\n"
            "/q <i>问题</i> — 提问（群组中也可用）\n"
            "/check <i>引语</i> — 核实引语：原文、改写、相悖或查无此言，以及是谁说的\n"
            "/sources — 已收录的来源（按媒体和日期）\n"
            "/stats — 索引统计\n"
            "/lang — 界面语言（简体、繁體、English）\n"
            "/export — 以 CSV 文件导出上一次的结果及引用格式\n"
            "在任何聊天中输入 <code>@{bot} 关键词</code> 即可分享引语卡片。\n\n"
            "每条回答下方：◀ ▶ 其他结果、🕒 最新优先、📄 上下文、简/繁 切换、📎 引用格式。"
        ),
        "help_admin": "\n\n<b>管理员</b>\n/reindex — 根据语料目录更新索引\n发送 .txt、.md 或 .html 文件即可加入语料。",
        "nothing": "没有找到关于「{q}」的可信结果。",
        "nothing_tip": "提示：用引语中有特色的词句、减少字数，或加上说话人、年份（/help）。",
        "empty": "请发给我引语中的几个词，或一个相关问题。",
        "truncated": "（只使用了你消息的前 {n} 个字符。）",
        "not_text": "我只能读文字。请发给我引语中的几个词（/help）。",
        "by_unknown": "说话人不详",
        "not_stated": "未说明说话人",
        "reported_by": "{outlet} 报道",
        "relayed_by": "{name} 转述",
        "evidence": "说话人依据（{cue}）：«{text}»",
        "cue_turn": "记者会发言顺序", "cue_signature": "署名", "cue_front_matter": "文件元数据",
        "cue_sidecar": "附带元数据文件", "cue_verb": "引述动词", "cue_colon": "冒号引语",
        "cue_quote_first": "引语后的署名", "cue_next": "下一段", "cue_pronoun": "代词承接",
        "cue_alias": "前文人名的简称", "cue_carried": "前一句", "cue_relayed": "他人转述",
        "cue_document": "全文唯一说话人", "cue_intro": "全文引言", "cue_interjection": "括号内的插话",
        "date_unknown": "日期不详",
        "said_published": "{said}（{published}发布）",
        "also": "同见于",
        "confidence": "可信度",
        "conf_high": "高",
        "conf_medium": "中",
        "conf_low": "低",
        "result_n": "第 {i}/{n} 条",
        "btn_prev": "◀ 上一条",
        "btn_next": "下一条 ▶",
        "btn_context": "📄 上下文",
        "btn_back": "↩ 返回",
        "btn_simplified": "简体",
        "btn_traditional": "繁體",
        "btn_cite": "📎 引用",
        "context_head": "上下文（{title}）",
        "gone": "该结果已不在索引中，请重新提问。",
        "expired": "该按钮已失效，请重新提问。",
        "check_usage": "请在 /check 后附上引语，例如 <code>/check 恐怖网络仍在蔓延</code>",
        "check_verbatim": "✅ <b>原文。</b>语料中有一字不差的原话。",
        "check_reworded": "⚠️ <b>有改动。</b>语料中的说法不同（相似度 {sim}）。",
        "check_not_found": "❌ <b>查无此言。</b>语料中没有这句话。",
        "check_too_short": "太短，无法核实：请至少给出引语中的几个词。",
        "check_corpus_says": "语料原文",
        "check_differences": "差异（所引 → 原文）",
        "check_closest": "最接近的段落（{sim}）",
        "diff_replace": "「{a}」→「{b}」",
        "diff_insert": "缺少：「{b}」",
        "diff_delete": "原文没有：「{a}」",
        "check_contradicted": "❌ <b>与原文相悖。</b>语料中并非这样说。",
        "check_lead_opposite": "❌ <b>语料的说法正好相反：</b>{change}（{date}）",
        "check_lead_number": "❌ <b>语料中的数字不同：</b>{change}（{date}）",
        "check_lead_joined": "⚠️ <b>两段话被拼接在一起：</b>{parts}",
        "check_lead_joined_n": "⚠️ <b>{n} 段话被拼接在一起：</b>{parts}",
        "check_lead_someone_else": "⚠️ <b>这是{said_by}的话，不是{claimed}的</b>（{date}）",
        "check_lead_question": "⚠️ <b>这是记者的提问（{said_by}），不是{claimed}的话</b>（{date}）",
        "check_lead_relayed": "⚠️ <b>这是{said_by}的话，由{claimed}转述</b>（{date}）",
        "check_lead_role": "❔ <b>语料记为{said_by}，所引只写了「{claimed}」</b>（{date}）",
        "check_lead_not_stated": "❔ <b>语料没有说明是谁说的</b>（所引：{claimed}）",
        "check_lead_date": "⚠️ <b>语料中这段话的日期是 {corpus}，不是{claimed}</b>",
        "check_lead_unnamed": "❔ <b>语料只写了「{said_by}」，没有说明是谁</b>（所引：{claimed}，{date}）",
        "check_speaker_same": "说话人：{said_by}，与所引一致。",
        "check_speaker_relayed": "说话人：{said_by}，与所引一致（由{relayed_by}转述）。",
        "check_not_one_quote": "各部分都见于语料，但不是同一段话：",
        "check_part_missing": "语料中没有",
        "check_cut": "✂️ 只核实了前 {n} 个字符（其余 {rest} 个未核实）。",
        "sources_head": "<b>已收录来源</b>（共 {docs} 篇）",
        "sources_more": "……另有 {n} 家媒体",
        "sources_empty": "索引为空。管理员可以运行 /reindex。",
        "stats": (
            "<b>索引</b>\n文档：{documents}\n段落：{passages}\n说话人：{speakers}\n媒体：{outlets}\n"
            "日期：{first} – {last}\n上次更新：{indexed_at}\n大小：{size}"
        ),
        "no_index": "索引尚未建立。管理员可以运行 /reindex。",
        "not_admin": "抱歉，只有管理员可以这样做。",
        "reindex_busy": "已有索引更新在进行中；它结束后我会再更新一次并发布摘要。",
        "reindex_start": "正在更新索引 {corpus} ……",
        "reindex_progress": "正在更新索引……{done}/{total} 个文件（已索引 {indexed}，跳过 {skipped}）",
        "reindex_done": "✅ 索引更新完成，用时 {seconds:.1f} 秒\n新索引 {indexed}，未变 {unchanged}，删除 {removed}，跳过 {skipped}\n索引现有 {documents} 篇文档、{passages} 个段落",
        "reindex_skipped": "跳过：",
        "reindex_failed": "❌ 索引更新失败：{error}\n原有索引仍在提供服务。",
        "upload_bad_type": "我可以把 .txt、.md 和 .html 文件加入语料。",
        "upload_too_big": "文件太大（{size}），上限为 {limit}。",
        "upload_saved": "已将 {name} 保存到语料。",
        "error": "抱歉，出了点问题，请重试。",
        "cite_head": "引用格式（可直接复制）：",
        "cmd_start": "开始",
        "cmd_help": "使用方法和示例",
        "cmd_q": "查找引语",
        "cmd_check": "核实引语",
        "cmd_sources": "已收录来源",
        "cmd_stats": "索引统计",
        "cmd_reindex": "更新索引（管理员）",
        "index_unreadable": "索引无法读取（已损坏或版本不同）。管理员可以运行 /reindex。",
        "too_slow": "用时过长，已停止。请换一个更短、更有特色的词句。",
        "slow_down": "你发送请求的速度超过了我的回答速度。请稍等几秒再问。",
        "unknown_command": "我不认识这个命令。/help 列出了我能做的事。",
        "changed": "索引在这条回答之后已更新，这条结果已有变化。请重新提问。",
        "upload_queued": "索引更新正在进行：{name} 将在其结束后立即建立索引，我会发布摘要。",
        "reindex_busy_elsewhere": "另一个索引更新（命令行）正在进行。请在它结束后发送 /reindex。",
        "upload_busy_elsewhere": "{name} 已保存，但另一个索引更新（命令行）正在进行：请在它结束后发送 /reindex 为其建立索引。",
        "reindex_failed_no_index": "❌ 索引更新失败：{error}\n现在没有可用的索引：在索引更新成功之前无法回答问题。",
        "upload_renamed": "语料中已有另一个名为 {old} 的文件：此文件另存为 {name}。",
        "cmd_lang": "界面语言",
        "cmd_export": "下载上一次的结果（CSV 和引用格式）",
        "lang_prompt": "请选择界面语言（回答将以相应字体显示）：",
        "lang_set": "界面语言：{name}。",
        "btn_newest": "🕒 最新",
        "chitchat": "很高兴为你服务！请发给我引语中的几个词，或问我谁说过什么，例如 <code>毛宁 2023年2月 飞艇</code>（/help）。",
        "contains": "包含「{q}」的段落",
        "latest": "最新表态",
        "asked": "所答问题",
        "nothing_tip_latin": "提示：语料为中文，请用中文提问，例如 <code>王毅 联合国</code>（/help）。",
        "cite_other": "另一种格式：",
        "export_none": "还没有可导出的结果：请先提问，再发送 /export。",
        "export_caption": "「{q}」的 {n} 条结果",
        "export_head": "引用格式：",
    },
}
for _lang, _strings in FOLLOW_STRINGS.items():  # follows and feed intake
    STRINGS[_lang].update(_strings)

LANGS = tuple(STRINGS)  # command menus: Telegram sets them per two-letter language code
INTERFACES = ("zh", "zh-hant", "en")  # simplified, traditional, English
_TRADITIONAL_CODES = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")
LANG_NAMES = {"zh": "简体中文", "zh-hant": "繁體中文", "en": "English"}
# the language a user chose with /lang, set for the update being handled (bot.handlers.language)
CHOSEN: ContextVar[str] = ContextVar("chosen_language", default="")


def lang_of(user: User | None) -> str:
    """The user's chosen interface language, else the one their Telegram language code implies."""
    if chosen := CHOSEN.get():
        return chosen
    code = ((user.language_code or "") if user else "").lower().replace("_", "-")
    if code.startswith(_TRADITIONAL_CODES):
        return "zh-hant"
    return "zh" if code.startswith("zh") else "en"


def script_of(lang: str) -> str:
    """The script answers are shown in for an interface language: "s", "t" or "o" (as written)."""
    return {"zh": "s", "zh-hant": "t"}.get(lang, "o")


def style_of(lang: str) -> str:
    """The citation style for an interface language: "zh" or "en"."""
    return "en" if lang == "en" else "zh"


@lru_cache(maxsize=512)
def _template(lang: str, key: str) -> str:
    if lang == "zh-hant":
        return to_traditional(_template("zh", key))
    return STRINGS.get(lang, STRINGS["en"]).get(key) or STRINGS["en"][key]


def t(lang: str, key: str, **values: object) -> str:
    text = _template(lang, key)
    return text.format(**values) if values else text
