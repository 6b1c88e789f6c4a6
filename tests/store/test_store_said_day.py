"""A quote is dated by the day its speaker's cue says (`耿爽2日在例行记者会上强调`, store.saidday), read against
the page's publication date; the speaker's later passages in the same report take that day; a day in the
passage that is not the speaker's cue, or one too far from publication, dates nothing."""
from __future__ import annotations

import pytest

from storetest import build, json_lines, run_cli
from store import search
from store.saidday import said_on


@pytest.mark.parametrize(
    "evidence, published, said",
    [
        ("商務部22日説", "2020-03-23", "2020-03-22"),  # traditional script
        ("外交部发言人汪文斌27日在例行记者会上表示", "2019-09-28", "2019-09-27"),
        ("美国联邦储备委员会14日宣布", "2023-06-14", "2023-06-14"),  # the same day
        ("外交部发言人毛宁30日表示", "2024-05-02", "2024-04-30"),  # the month before
        ("外交部发言人毛宁31日表示", "2024-03-02", ""),  # no 31 February: no date
        ("新华社联合国10月10日电(记者王建刚)中国常驻联合国代表张军10日表示", "2019-09-04", ""),  # after publication
        ("外交部发言人毛宁2日表示", "2024-05-20", ""),  # too long before publication for a bare day
        ("王金南在2017年4月23日举行的第六期钱学森论坛上表示", "2019-01-01", "2017-04-23"),  # a full date
        ("王金南在2017年4月23日举行的论坛上表示", "2017-04-01", ""),  # a full date after publication
        ("葉劉淑儀昨日表示", "2020-03-23", "2020-03-22"),  # a Hong Kong paper's day before
        ("外交部发言人今天说", "2020-03-23", "2020-03-23"),
        ("王毅表示", "2020-03-23", ""),
        ("王毅22日表示", "", ""),  # no publication date to read it against
    ],
)
def test_said_day_from_the_speakers_cue(evidence, published, said):
    assert said_on(evidence, published) == said


REPORT = """耿爽：我不掌握你提到的有关情况

2019-04-03 11:07:48 来源：星岛网

中新社北京4月2日电 外交部发言人耿爽2日在例行记者会上强调，关于第一个问题，我不掌握你提到的有关情况，中方一贯支持通过对话解决分歧。

耿爽指出，中方愿同各方一道，推动地区和平稳定与发展繁荣，为构建人类命运共同体作出积极贡献。

耿爽曾表示，中方坚决反对任何国家以任何借口干涉中国内政，这一立场是一贯的、明确的。

另据报道，22日，日本首相在东京出席活动时称，日方将继续推进同东盟国家的海上安全合作与防务交流。
"""


@pytest.fixture
def report(tmp_path):
    return build(tmp_path, {"report.txt": REPORT})


def test_a_report_dates_its_speakers_words_by_the_day_said(report):
    first = search(report.index, "我不掌握你提到的有关情况，中方一贯支持通过对话解决分歧")[0]
    assert (first.speaker, first.date, first.published) == ("耿爽", "2019-04-02", "2019-04-03")
    assert "2日" in first.dated_by
    later = search(report.index, "推动地区和平稳定与发展繁荣，为构建人类命运共同体作出积极贡献")[0]
    assert (later.speaker, later.date) == ("耿爽", "2019-04-02")  # the same press conference
    assert "耿爽2日" in later.dated_by


def test_a_cue_dating_its_words_otherwise_takes_no_day_from_the_report(report):
    hit = search(report.index, "中方坚决反对任何国家以任何借口干涉中国内政，这一立场是一贯的")[0]
    assert hit.speaker == "耿爽" and hit.date == "2019-04-03" and not hit.dated_by  # 曾表示: not the 2nd


def test_a_day_that_is_not_the_speakers_cue_dates_nothing(report):
    hits = search(report.index, "日方将继续推进同东盟国家的海上安全合作与防务交流")
    assert hits and hits[0].date in ("2019-04-03", "") and not hits[0].dated_by


def test_ask_json_gives_the_day_said_and_its_cue(report):
    result = run_cli("ask", "--db", str(report.db), "--json", "我不掌握你提到的有关情况")
    assert result.exit_code == 0, result.output
    hit = json_lines(result.output)[0]["results"][0]
    assert (hit["date"], hit["published"]) == ("2019-04-02", "2019-04-03") and "耿爽2日" in hit["dated_by"]
