"""Interface text in Chinese (for users whose Telegram language is Chinese) and English (everyone else)."""
from __future__ import annotations

from telegram import User

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
            "• filters: <code>speaker:王毅 from:2021 to:2023 outlet:新华网 反恐</code>\n\n"
            "<b>Commands</b>\n"
            "/q <i>question</i> — ask (also in groups)\n"
            "/check <i>quote</i> — is this quote real? verbatim, reworded or not found\n"
            "/sources — what is indexed, by outlet and date\n"
            "/stats — index statistics\n"
            "In any chat, type <code>@{bot} words</code> to share a quote card.\n\n"
            "Under each answer: ◀ ▶ other results, 📄 context, 简/繁 script, 📎 citation."
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
        "sources_head": "<b>Indexed sources</b> ({docs} documents)",
        "sources_more": "… and {n} more outlets",
        "sources_empty": "The index is empty. An admin can run /reindex.",
        "stats": (
            "<b>Index</b>\nDocuments: {documents}\nPassages: {passages}\nSpeakers: {speakers}\nOutlets: {outlets}\n"
            "Dates: {first} – {last}\nLast reindex: {indexed_at}\nSize: {size}"
        ),
        "no_index": "The index is not built yet. An admin can run /reindex.",
        "not_admin": "Sorry, only admins can do that.",
        "reindex_busy": "A reindex is already running; I will post its summary when it ends.",
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
            "• 筛选：<code>speaker:王毅 from:2021 to:2023 outlet:新华网 反恐</code>\n\n"
            "<b>命令</b>\n"
            "/q <i>问题</i> — 提问（群组中也可用）\n"
            "/check <i>引语</i> — 核实引语：原文、改写或查无此言\n"
            "/sources — 已收录的来源（按媒体和日期）\n"
            "/stats — 索引统计\n"
            "在任何聊天中输入 <code>@{bot} 关键词</code> 即可分享引语卡片。\n\n"
            "每条回答下方：◀ ▶ 其他结果、📄 上下文、简/繁 切换、📎 引用格式。"
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
        "sources_head": "<b>已收录来源</b>（共 {docs} 篇）",
        "sources_more": "……另有 {n} 家媒体",
        "sources_empty": "索引为空。管理员可以运行 /reindex。",
        "stats": (
            "<b>索引</b>\n文档：{documents}\n段落：{passages}\n说话人：{speakers}\n媒体：{outlets}\n"
            "日期：{first} – {last}\n上次更新：{indexed_at}\n大小：{size}"
        ),
        "no_index": "索引尚未建立。管理员可以运行 /reindex。",
        "not_admin": "抱歉，只有管理员可以这样做。",
        "reindex_busy": "已有索引更新在进行中，结束后我会发布摘要。",
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
    },
}

LANGS = tuple(STRINGS)


def lang_of(user: User | None) -> str:
    """"zh" for users whose Telegram language is Chinese, "en" otherwise."""
    code = (user.language_code or "") if user else ""
    return "zh" if code.lower().startswith("zh") else "en"


def t(lang: str, key: str, **values: object) -> str:
    text = STRINGS.get(lang, STRINGS["en"]).get(key) or STRINGS["en"][key]
    return text.format(**values) if values else text
