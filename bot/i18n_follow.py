"""Interface text for follows and feed intake (merged into bot.i18n.STRINGS)."""
from __future__ import annotations

FOLLOW_STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "cmd_follow": "Follow a speaker or topic",
        "cmd_following": "What you follow",
        "cmd_unfollow": "Stop following (number)",
        "cmd_add": "Add a web page now (admins)",
        "cmd_feeds": "Feeds and their last fetch (admins)",
        "help_follow": (
            "\n\n<b>Following</b>\n/follow <i>speaker or words</i> — new matching quotes come to you by themselves: "
            "<code>/follow 毛宁</code>, <code>/follow 仁爱礁</code>, <code>/follow speaker:王毅 台湾</code>\n"
            "/following — what you follow · /unfollow <i>N</i> — stop"
        ),
        "help_feeds": "\n/add <i>URL</i> — fetch a web page into the corpus now\n/feeds — each feed's last fetch, new items and errors",
        "follow_usage": (
            "Send /follow and a speaker or words, written like a question:\n<code>/follow 毛宁</code> (a speaker), "
            "<code>/follow 仁爱礁</code> (words), <code>/follow speaker:王毅 台湾</code> (both)"
        ),
        "follow_nothing": "I found nothing to follow in «{q}». /follow shows examples.",
        "follow_added": "🔔 Following #{n}: {what}\nNew quotes that match are sent here after each index update.",
        "follow_known": "You already follow that (#{n}).",
        "follow_too_many": "You follow {n} things, the most I keep. /unfollow one first.",
        "follow_speaker": "said by {v}",
        "follow_words": "words {v}",
        "follow_outlet": "outlet {v}",
        "follow_from": "from {v}",
        "follow_to": "until {v}",
        "following_head": "<b>You follow</b>",
        "following_empty": "You follow nothing yet. /follow shows how.",
        "following_tip": "/unfollow <i>N</i> stops one.",
        "unfollow_usage": "Send /unfollow and a number from /following.",
        "unfollow_done": "Stopped following #{n}: {what}",
        "unfollow_missing": "There is no follow #{n}. /following lists them.",
        "notify_head": "🔔 New quotes for what you follow ({n}):",
        "notify_more": "… and {n} more; ask me to see them.",
        "notify_open": "Open a quote as a card:",
        "add_usage": "Send /add and a web page's address (http or https).",
        "add_fetching": "Fetching {url} …",
        "add_saved": "Saved as <code>{path}</code>.",
        "add_known": "Already in the corpus as <code>{path}</code>.",
        "add_failed": "❌ Could not add {url}: {error}",
        "feeds_none": "No feeds are configured (QUOTEBOT_FEEDS).",
        "feeds_head": "<b>Feeds</b> (fetched every {every})",
        "feeds_never": "not fetched yet",
        "feeds_line": "last fetch {last} · {new} new · {total} saved in all",
        "feeds_error": "❌ {error}",
        "feeds_item_errors": "skipped items:",
        "intake_busy": "An intake round has been running for a while; try again in a moment.",
    },
    "zh": {
        "cmd_follow": "关注发言人或话题",
        "cmd_following": "我的关注",
        "cmd_unfollow": "取消关注（编号）",
        "cmd_add": "立即收录网页（管理员）",
        "cmd_feeds": "订阅源及最近抓取（管理员）",
        "help_follow": (
            "\n\n<b>关注</b>\n/follow <i>发言人或词语</i> — 有新的相关引语时自动发给您："
            "<code>/follow 毛宁</code>、<code>/follow 仁爱礁</code>、<code>/follow speaker:王毅 台湾</code>\n"
            "/following — 我的关注 · /unfollow <i>编号</i> — 取消"
        ),
        "help_feeds": "\n/add <i>网址</i> — 立即把网页收入语料库\n/feeds — 各订阅源最近抓取、新条目和错误",
        "follow_usage": (
            "请在 /follow 后写发言人或词语，写法与提问相同：\n<code>/follow 毛宁</code>（发言人）、"
            "<code>/follow 仁爱礁</code>（词语）、<code>/follow speaker:王毅 台湾</code>（两者）"
        ),
        "follow_nothing": "「{q}」中没有可关注的内容。/follow 可查看示例。",
        "follow_added": "🔔 已关注 #{n}：{what}\n索引每次更新后，符合的新引语会发到这里。",
        "follow_known": "您已关注过（#{n}）。",
        "follow_too_many": "您已关注 {n} 项，已达上限。请先 /unfollow。",
        "follow_speaker": "发言人 {v}",
        "follow_words": "词语 {v}",
        "follow_outlet": "媒体 {v}",
        "follow_from": "自 {v}",
        "follow_to": "至 {v}",
        "following_head": "<b>我的关注</b>",
        "following_empty": "您还没有关注。/follow 可查看用法。",
        "following_tip": "/unfollow <i>编号</i> 可取消。",
        "unfollow_usage": "请在 /unfollow 后写 /following 中的编号。",
        "unfollow_done": "已取消关注 #{n}：{what}",
        "unfollow_missing": "没有第 {n} 项关注。/following 可查看列表。",
        "notify_head": "🔔 您关注的内容有新引语（{n} 条）：",
        "notify_more": "… 另有 {n} 条，可直接提问查看。",
        "notify_open": "点击编号查看引语卡片：",
        "add_usage": "请在 /add 后写网页地址（http 或 https）。",
        "add_fetching": "正在抓取 {url} …",
        "add_saved": "已保存为 <code>{path}</code>。",
        "add_known": "语料库中已有：<code>{path}</code>。",
        "add_failed": "❌ 无法收录 {url}：{error}",
        "feeds_none": "未配置订阅源（QUOTEBOT_FEEDS）。",
        "feeds_head": "<b>订阅源</b>（每 {every} 抓取一次）",
        "feeds_never": "尚未抓取",
        "feeds_line": "最近抓取 {last} · 新增 {new} · 累计 {total}",
        "feeds_error": "❌ {error}",
        "feeds_item_errors": "跳过的条目：",
        "intake_busy": "抓取已进行了一段时间，请稍后再试。",
    },
}
