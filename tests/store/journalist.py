"""A small corpus written for the journalist-style tests: press conferences of two spokespersons on
several days (questions and answers), a statement in traditional script, and an undated article."""
from __future__ import annotations

import datetime as dt

TODAY = dt.date(2024, 1, 20)  # relative dates in the tests are read against this day


def _conference(date: str, spokesperson: str, turns: list[tuple[str, str]]) -> str:
    y, m, d = (int(x) for x in date.split("-"))
    lines = [
        "---", f"title: {y}年{m}月{d}日外交部发言人{spokesperson}主持例行记者会", f"date: {date}",
        "outlet: 外交部", f"url: https://example.org/press/{date}", "---", "",
    ]
    for question, answer in turns:
        lines += [f"法新社记者：{question}", "", f"{spokesperson}：{answer}", ""]
    return "\n".join(lines)


CONFERENCES = [
    ("2023-02-03", "毛宁", [
        ("美国称在其上空发现一只飞艇，中方对此有何回应？",
         "中方正在了解核实情况。这是一只民用无人飞艇，用于气象等科研，受西风带影响偏离预定航线。"),
        ("中方对菲律宾在仁爱礁的行动有何评论？",
         "仁爱礁是中国南沙群岛的一部分。我们敦促菲方停止挑衅，通过对话协商妥善处理海上分歧。"),
    ]),
    ("2023-12-29", "毛宁", [
        ("请介绍2023年中国外交的成就。",
         "2023年，中国外交攻坚克难，元首外交引领航向，我们同各国一道推动构建人类命运共同体。谢谢大家！"),
    ]),
    ("2024-01-12", "汪文斌", [
        ("中方对乌克兰危机的政治解决有何立场？",
         "中方始终站在和平一边，支持一切有利于乌克兰危机政治解决的努力。"),
        ("中方如何看待也门局势？",
         "中方支持也门问题的政治解决，希望各方保持克制，早日恢复和平。"),
    ]),
    ("2022-02-03", "汪文斌", [
        ("有报道称美国上空出现不明飞艇，中方是否掌握情况？", "我不掌握你提到的飞艇情况，建议你向有关部门询问。"),
    ]),
    ("2024-01-15", "毛宁", [
        ("中方对南非提起的诉讼有何评论？",
         "中方一贯主张通过对话协商和平解决争端，希望有关各方保持冷静。"),
    ]),
]

FILES = {
    **{f"{date}.md": _conference(date, speaker, turns) for date, speaker, turns in CONFERENCES},
    "statement.md": "\n".join([
        "---", "title: 外交部發言人就颱風災害答記者問", "speaker: 毛寧", "date: 2023-09-05", "outlet: 新華網", "---", "",
        "各位記者：", "",
        "中方對颱風造成的人員傷亡表示哀悼。我們願向受災國家提供力所能及的幫助。",
    ]),
}
