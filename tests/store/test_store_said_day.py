"""A quote is dated by the day its speaker's cue says (`耿爽2日在例行记者会上强调`, store.saidday), read against
the page's publication date; the speaker's later passages in the same report take that day; a day in the
passage that is not the speaker's cue, or one too far from publication, dates nothing."""
from __future__ import annotations

import pytest

from storetest import build, json_lines, run_cli
from store import search
from store.saidday import said_on


@pytest.mark.parametrize(
    "evidence, speaker, published, said",
    [
        ("商務部22日説", "商務部", "2020-03-23", "2020-03-22"),  # traditional script
        ("外交部发言人汪文斌27日在例行记者会上表示", "汪文斌", "2019-09-28", "2019-09-27"),
        ("美国联邦储备委员会14日宣布", "美国联邦储备委员会", "2023-06-14", "2023-06-14"),  # the same day
        ("李强总理22日表示", "李强", "2023-03-23", "2023-03-22"),  # a title between the name and the day
        ("外交部发言人毛宁30日表示", "毛宁", "2024-05-02", "2024-04-30"),  # the month before
        ("外交部发言人毛宁31日表示", "毛宁", "2024-03-02", ""),  # no 31 February: no date
        ("新华社联合国10月10日电(记者王建刚)中国常驻联合国代表张军10日表示", "张军", "2019-09-04", ""),  # after publication
        ("外交部发言人毛宁2日表示", "毛宁", "2024-05-20", ""),  # too long before publication for a bare day
        ("王金南在2017年4月23日举行的第六期钱学森论坛上表示", "王金南", "2019-01-01", "2017-04-23"),  # a full date
        ("王金南在2017年4月23日举行的论坛上表示", "王金南", "2017-04-01", ""),  # a full date after publication
        ("葉劉淑儀昨日表示", "葉劉淑儀", "2020-03-23", "2020-03-22"),  # a Hong Kong paper's day before
        ("他昨日表示", "葉劉淑儀", "2020-03-23", "2020-03-22"),  # a pronoun opening the cue
        ("外交部发言人今天说", "外交部发言人", "2020-03-23", "2020-03-23"),
        ("耿爽就美方3日宣布的制裁措施表示", "耿爽", "2019-04-05", ""),  # the day of another act
        ("王毅在回顾2019年3月5日的会谈时表示", "王毅", "2019-04-05", ""),  # the date of what he recalls
        ("今日俄罗斯电视台报道称", "今日俄罗斯电视台", "2020-03-23", ""),  # 今日 in a name
        ("王毅表示", "王毅", "2020-03-23", ""),
        ("王毅22日表示", "王毅", "", ""),  # no publication date to read it against
    ],
)
def test_said_day_from_the_speakers_cue(evidence, speaker, published, said):
    assert said_on(evidence, speaker, published) == said


REPORT = """耿爽：我不掌握你提到的有关情况

2019-04-03 11:07:48 来源：星岛网

中新社北京4月2日电 外交部发言人耿爽2日在例行记者会上强调，关于第一个问题，我不掌握你提到的有关情况，中方一贯支持通过对话解决分歧。

耿爽指出，中方愿同各方一道，推动地区和平稳定与发展繁荣，为构建人类命运共同体作出积极贡献。

耿爽曾表示，中方坚决反对任何国家以任何借口干涉中国内政，这一立场是一贯的、明确的。

耿爽强调，中方在台湾问题上的立场是坚定不移的，任何人都不要低估中国人民捍卫主权的决心。

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


def test_what_follows_a_cue_of_another_time_takes_no_earlier_day(report):
    hit = search(report.index, "中方在台湾问题上的立场是坚定不移的，任何人都不要低估中国人民捍卫主权的决心")[0]
    assert hit.speaker == "耿爽" and hit.date == "2019-04-03" and not hit.dated_by  # after 曾表示: not the 2nd


def test_a_statement_date_of_the_document_is_kept(tmp_path):
    front = "---\ntitle: 耿爽谈中美关系\ndate: 2019-04-01\npublished: 2019-04-03\n---\n\n"
    built = build(tmp_path, {"page.md": front + "外交部发言人耿爽2日在例行记者会上表示，中方一贯支持通过对话解决分歧，反对单边制裁。\n"})
    hit = search(built.index, "中方一贯支持通过对话解决分歧，反对单边制裁")[0]
    assert (hit.date, hit.published, hit.dated_by) == ("2019-04-01", "2019-04-03", "")


def test_a_day_that_is_not_the_speakers_cue_dates_nothing(report):
    hits = search(report.index, "日方将继续推进同东盟国家的海上安全合作与防务交流")
    assert hits and hits[0].date in ("2019-04-03", "") and not hits[0].dated_by


def test_ask_json_gives_the_day_said_and_its_cue(report):
    result = run_cli("ask", "--db", str(report.db), "--json", "我不掌握你提到的有关情况")
    assert result.exit_code == 0, result.output
    hit = json_lines(result.output)[0]["results"][0]
    assert (hit["date"], hit["published"]) == ("2019-04-02", "2019-04-03") and "耿爽2日" in hit["dated_by"]
