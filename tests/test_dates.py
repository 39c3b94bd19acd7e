"""DateRecognizer on sentences written for these tests: spans, labels, norms and intervals."""
from datetime import datetime

import pytest

from zhtag.document import Document, Mention
from zhtag.recognizers.dates import DateRecognizer

REF = datetime(2025, 8, 20, 8, 46, 33)


@pytest.fixture(scope="module")
def recognizer() -> DateRecognizer:
    return DateRecognizer()


def find(recognizer: DateRecognizer, text: str, date: datetime | None = REF) -> list[Mention]:
    mentions = recognizer.find(Document(text=text, date=date))
    for mention in mentions:
        assert text[mention.start:mention.end] == mention.text
        assert mention.source == "dates"
    return mentions


def only(recognizer: DateRecognizer, text: str, date: datetime | None = REF) -> Mention:
    mentions = find(recognizer, text, date)
    assert len(mentions) == 1, mentions
    return mentions[0]


def span_and_norm(recognizer: DateRecognizer, text: str) -> tuple[str, str | None]:
    """The span and norm of the one mention of ``text``."""
    mention = only(recognizer, text)
    return mention.text, mention.norm


@pytest.mark.parametrize(
    ("text", "span", "label", "norm"),
    [
        ("会议于2025年8月19日在贵阳召开。", "2025年8月19日", "DATE", "2025-08-19"),
        ("项目于2025/8/20完工。", "2025/8/20", "DATE", "2025-08-20"),
        ("二〇二五年八月十九日，大会开幕。", "二〇二五年八月十九日", "DATE", "2025-08-19"),
        ("二零二五年是收官之年。", "二零二五年", "DATE", "2025"),
        ("公司发布2024年度报告。", "2024年度", "DATE", "2024"),
        ("2021年春，新厂房破土动工。", "2021年春", "DATE", "2021-02-03/2021-05-04"),
        ("他08年加入公司。", "08年", "DATE", "2008"),
        ("8月19日，省委召开会议。", "8月19日", "DATE", "2025-08-19"),
        ("19日上午，代表们参观了园区。", "19日上午", "TIME", "2025-08-19T07:00/2025-08-19T12:00"),
        ("气象台预计明天白天有雷阵雨。", "明天白天", "TIME", "2025-08-21T06:00/2025-08-21T19:00"),
        ("发布会定于晚上8点举行。", "晚上8点", "TIME", "2025-08-20T20:00"),
        ("列车20:30到站。", "20:30", "TIME", "2025-08-20T20:30"),
        ("8时30分，救援队抵达。", "8时30分", "TIME", "2025-08-20T08:30"),
        ("本周三将公布数据。", "本周三", "DATE", "2025-08-20"),
        ("星期五召开总结会。", "星期五", "DATE", "2025-08-22"),
        ("今年以来，产量稳步提升。", "今年以来", "DATE", "2025/2025-08-20"),
        ("十年来，全省森林覆盖率持续提高。", "十年来", "DATE", "2015-08-20T08:46:33/2025-08-20"),
        ("去年全省接待游客数量创新高。", "去年", "DATE", "2024"),
        ("前年的数据已经公布。", "前年", "DATE", "2023"),
        ("上月出口同比增长。", "上月", "DATE", "2025-07"),
        ("昨天，市场监管局发布通告。", "昨天", "DATE", "2025-08-19"),
        ("当天，与会人员参观了数据中心。", "当天", "DATE", "2025-08-20"),
        ("次日凌晨，暴雨停歇。", "次日凌晨", "TIME", "2025-08-21T00:00/2025-08-21T06:00"),
        ("上周一，两地签署协议。", "上周一", "DATE", "2025-08-11"),
        ("下周三公布结果。", "下周三", "DATE", "2025-08-27"),
        ("三天前，工厂恢复生产。", "三天前", "DATE", "2025-08-17"),
        ("两年后，新区将初具规模。", "两年后", "DATE", "2027"),
        ("上半年，全省经济稳中有进。", "上半年", "DATE", "2025-01/2025-06"),
        ("下半年将启动二期工程。", "下半年", "DATE", "2025-07/2025-12"),
        ("一季度销量回升。", "一季度", "DATE", "2025-01/2025-03"),
        ("2024年第四季度利润下滑。", "2024年第四季度", "DATE", "2024-10/2024-12"),
        ("前三季度营收稳定。", "前三季度", "DATE", "2025-01/2025-09"),
        ("1至7月，进出口总额增长。", "1至7月", "DATE", "2025-01/2025-07"),
        ("1-7月，全市新增企业三千家。", "1-7月", "DATE", "2025-01/2025-07"),
        ("年底前完成改造。", "年底前", "DATE", "2025-08-20/2025-12"),
        ("去年年末，存款余额上升。", "去年年末", "DATE", "2024-11/2024-12"),
        ("6月上旬出现强降雨。", "6月上旬", "DATE", "2025-06-01/2025-06-10"),
        ("2021—2025年，全省累计投资万亿元。", "2021—2025年", "DATE", "2021/2025"),
        ("从一月十日到十二日，展会如期举行。", "从一月十日到十二日", "DATE", "2026-01-10/2026-01-12"),
        ("国庆期间，景区客流大增。", "国庆", "DATE", "2025-10-01"),
        ("教师节前夕，学校举办活动。", "教师节", "DATE", "2025-09-10"),
        ("“十四五”规划目标顺利完成。", "十四五", "DATE", "2021/2025"),
        ("谋划十五五规划。", "十五五", "DATE", "2026/2030"),
        ("十九世纪七十年代，铁路开通。", "十九世纪七十年代", "DATE", "1870/1879"),
        ("近30天，气温持续偏高。", "近30天", "DATE", "2025-07-21T08:46:33/2025-08-20T08:46:33"),
        ("下午3点到5点，道路临时封闭。", "下午3点到5点", "TIME", "2025-08-20T15:00/2025-08-20T17:00"),
        ("发布时间：2025-08-20 08:46:33", "2025-08-20 08:46:33", "TIME", "2025-08-20T08:46:33"),
        ("比赛将于晚8点开球。", "晚8点", "TIME", "2025-08-20T20:00"),
        ("活动早9点开始。", "早9点", "TIME", "2025-08-20T09:00"),
        ("2024-2025赛季CBA联赛开幕。", "2024-2025赛季", "DATE", "2024/2025"),
        ("他在2023/24赛季当选最佳新人。", "2023/24赛季", "DATE", "2023/2024"),
        ("公司2024财年营收创新高。", "2024财年", "DATE", "2024"),
        ("国庆节当天，景区迎来客流高峰。", "国庆节当天", "DATE", "2025-10-01"),
        ("公司2024财年第三季度营收增长。", "2024财年第三季度", "DATE", "2024-07/2024-09"),
        ("营收在这一季度回升。", "这一季度", "DATE", "2025-07/2025-09"),
        ("两年多来，项目进展顺利。", "两年多来", "DATE", "2023-08-20T08:46:33/2025-08-20"),
        ("他在98-99赛季当选最佳新人。", "98-99赛季", "DATE", "1998/1999"),
        ("球队在15/16赛季夺冠。", "15/16赛季", "DATE", "2015/2016"),
        ("今年暑期档票房创新高。", "今年暑期", "DATE", "2025-07/2025-08"),
        ("618期间，电商平台销量大增。", "618", "DATE", "2025-06-18"),
        ("庞贝城毁于公元79年。", "公元79年", "DATE", "0079"),
        ("次日正午，船队抵港。", "次日正午", "TIME", "2025-08-21T12:00/2025-08-21T13:00"),
        ("大年初五，商户开门迎客。", "大年初五", "DATE", "2026-02-21"),
        ("二季度以来，出口回暖。", "二季度以来", "DATE", "2025-04/2025-08-20"),
        ("展期为2024.9.1-2024.9.3。", "2024.9.1-2024.9.3", "DATE", "2024-09-01/2024-09-03"),
        ("发布会定于8月18日（周一）上午9时举行。", "8月18日（周一）上午9时", "TIME", "2025-08-18T09:00"),
        ("活动时间：2025年9月1日（周一）至9月5日（周五）。", "2025年9月1日（周一）至9月5日（周五）", "DATE", "2025-09-01/2025-09-05"),
        ("秋冬季节是流感高发期。", "秋冬季节", "DATE", "2025-08-07/2026-02-03"),
    ],
)
def test_dates_and_times_resolve(recognizer: DateRecognizer, text: str, span: str, label: str, norm: str) -> None:
    mention = only(recognizer, text)
    assert (mention.text, mention.label, mention.norm) == (span, label, norm)
    assert mention.start_time is not None and mention.end_time is not None
    assert mention.start_time < mention.end_time


@pytest.mark.parametrize(("text", "norm"), [
    ("秦于公元前221年统一六国。", "-0220"),
    ("铁器在公元前二百二十一年已普及。", "-0220"),
    ("这批青铜器属于公元前3世纪。", "-0299/-0200"),
])
def test_years_before_the_common_era_are_astronomical_years_with_no_interval(recognizer: DateRecognizer, text: str, norm: str) -> None:
    """221 BC is ISO 8601's year -0220 (1 BC is 0000); a datetime cannot hold it, so the interval is left empty."""
    mention = only(recognizer, text)
    assert (mention.text[:3], mention.norm, mention.start_time, mention.end_time) == ("公元前", norm, None, None)


@pytest.mark.parametrize("text", ["同一季度，销量回升。", "这一天终于来了。", "那一年，他十八岁。", "在这一个月中，他跑了三次。", "下一秒，他笑了。"])
def test_one_after_a_demonstrative_says_which_and_is_no_duration(recognizer: DateRecognizer, text: str) -> None:
    assert find(recognizer, text) == []


@pytest.mark.parametrize(("text", "span", "norm"), [
    ("四五年前，这里还是农田。", "四五年前", "2020/2021"),
    ("他在公司干了七八年。", "七八年", "P7Y/P8Y"),
    ("三五年后，这里将建成新城。", "三五年后", "2028/2030"),
    ("新机要等三五天才到货。", "三五天", "P3D/P5D"),
    ("三四天后，新品上市。", "三四天后", "2025-08-23/2025-08-24"),
    ("八九年3月，他来到深圳。", "八九年3月", "1989-03"),
    ("九七年香港回归。", "九七年", "1997"),
])
def test_neighbouring_digits_before_years_count_them_unless_a_month_follows(recognizer: DateRecognizer, text: str, span: str, norm: str) -> None:
    """四五年前 is four or five years ago, not the year 2045; 八九年3月 is March 1989."""
    assert span_and_norm(recognizer, text) == (span, norm)


def test_a_number_alone_is_no_shopping_festival(recognizer: DateRecognizer) -> None:
    assert find(recognizer, "全市共有618名考生。") == []


def test_a_chinese_hour_with_zhong_is_a_time_but_not_as_a_direction(recognizer: DateRecognizer) -> None:
    """两点钟 says a time (三点 alone may be three points); 两点钟方向 is a direction."""
    assert [(m.text, m.norm) for m in find(recognizer, "两点钟开会。")] == [("两点钟", "2025-08-20T02:00")]
    assert find(recognizer, "敌机在两点钟方向。") == []


def test_opening_hours_are_the_days_and_then_the_hours_of_each(recognizer: DateRecognizer) -> None:
    """周一至周五9:00-17:00 is Monday to Friday, nine to five each day: not one span from Monday's
    midnight to Friday's nine o'clock and a lone 17:00."""
    found = [(m.text, m.label, m.norm) for m in find(recognizer, "营业时间：周一至周五 9:00-17:00")]
    assert found == [("周一至周五", "DATE", "2025-08-18/2025-08-22"), ("9:00-17:00", "TIME", "2025-08-20T09:00/2025-08-20T17:00")]


@pytest.mark.parametrize(("text", "span", "norm"), [
    ("发布时间：2024年9月1日", "2024年9月1日", "2024-09-01"),
    ("日期:2019年3月5日", "2019年3月5日", "2019-03-05"),
    ("导语：两周前，新品上市。", "两周前", "2025-08-06"),
    ("开放时间：9:00-18:00", "9:00-18:00", "2025-08-20T09:00/2025-08-20T18:00"),
])
def test_a_date_after_a_labels_colon_keeps_its_year(recognizer: DateRecognizer, text: str, span: str, norm: str) -> None:
    """时间：2024年9月1日 is 2024's: a colon glues a number to a clock time only after a digit (08:30)."""
    assert span_and_norm(recognizer, text) == (span, norm)


def test_interval_of_a_day_and_of_a_half_year(recognizer: DateRecognizer) -> None:
    day = only(recognizer, "8月19日，会议召开。")
    assert (day.start_time, day.end_time) == (datetime(2025, 8, 19), datetime(2025, 8, 20))
    half = only(recognizer, "上半年，产值增长。")
    assert (half.start_time, half.end_time) == (datetime(2025, 1, 1), datetime(2025, 7, 1))
    plan = only(recognizer, "“十四五”期间")
    assert (plan.start_time, plan.end_time) == (datetime(2021, 1, 1), datetime(2026, 1, 1))


@pytest.mark.parametrize(
    ("text", "span", "norm"),
    [("他在这里工作了三年。", "三年", "P3Y"), ("工期10个月。", "10个月", "P10M"), ("等了一个钟头。", "一个钟头", "PT1H"),
     ("用时两年半。", "两年半", "P2.5Y"), ("历时四年六个月。", "四年六个月", "P4Y6M"),
     ("旅行社推出6天5晚的海岛线路。", "6天5晚", "P6D"), ("营员将度过三天两夜。", "三天两夜", "P3D"),
     ("销量连续3个季度下滑。", "3个季度", "P9M")],
)
def test_durations_have_no_interval(recognizer: DateRecognizer, text: str, span: str, norm: str) -> None:
    mention = only(recognizer, text)
    assert (mention.text, mention.label, mention.norm) == (span, "DATE", norm)
    assert mention.start_time is None and mention.end_time is None


def test_without_reference_relative_dates_are_tagged_but_unresolved(recognizer: DateRecognizer) -> None:
    relative = only(recognizer, "上半年，全省数字经济持续增长。", date=None)
    assert (relative.text, relative.norm, relative.start_time, relative.end_time) == ("上半年", None, None, None)
    absolute = only(recognizer, "2025年8月19日，大会召开。", date=None)
    assert absolute.norm == "2025-08-19"


@pytest.mark.parametrize(
    ("text", "span", "norm"),
    [
        ("春节期间，客流回升。", "春节", "2026-02-17"),  # nearest the August reference
        ("十一期间，景区接待游客超百万人次。", "十一", "2025-10-01"),
        ("十一黄金周将至，铁路加开列车。", "十一", "2025-10-01"),
        ("前年端午，龙舟赛停办。", "前年端午", "2023-06-22"),
        ("2019年正月初九，工厂复工。", "2019年正月初九", "2019-02-13"),
        ("腊月廿三是小年。", "腊月廿三", "2026-02-10"),
        ("今年农历闰六月初一，天气转凉。", "今年农历闰六月初一", "2025-07-25"),
        ("大年三十晚上，全家守岁。", "大年三十晚上", "2026-02-16T18:00/2026-02-17T00:00"),
        ("正月十六，游客返程。", "正月十六", "2025-02-13"),
        ("农历十月，秋收结束。", "农历十月", "2025-11-20/2025-12-19"),
        ("2023年小满，麦穗灌浆。", "2023年小满", "2023-05-21"),
        ("冬至这天吃饺子。", "冬至", "2025-12-21"),
        ("中秋节当天，月饼热销。", "中秋节当天", "2025-10-06"),  # 当天 is the festival's day, no day of its own
    ],
)
def test_lunar_dates_and_solar_terms_resolve_to_gregorian_days(recognizer: DateRecognizer, text: str, span: str, norm: str) -> None:
    mention = find(recognizer, text)[0]
    assert (mention.text, mention.label, mention.norm) == (span, "TIME" if "T" in norm else "DATE", norm)
    assert mention.start_time is not None and mention.start_time.isoformat()[:10] == norm[:10]


def test_words_that_are_solar_terms_only_after_a_year(recognizer: DateRecognizer) -> None:
    assert find(recognizer, "昨夜一场小雪，道路结冰。", REF)[0].text == "昨夜"
    assert all(mention.text != "小雪" for mention in find(recognizer, "昨夜一场小雪，道路结冰。"))


@pytest.mark.parametrize(
    "text",
    ["股价上涨七点八个百分点。", "他读三年级。", "他看上去相当年轻。", "黎明主演的电影上映了。",
     "5G基站已覆盖全县。", "身份证号码不能公开。", "统一部署，一致行动。", "现在很多企业加快转型。", "常规赛第一周战罢。",
     "早一点准备，晚一点出发。"],
)
def test_not_dates(recognizer: DateRecognizer, text: str) -> None:
    assert find(recognizer, text) == []


def test_now_counts_as_the_end_of_a_range(recognizer: DateRecognizer) -> None:
    mention = only(recognizer, "去年到现在，产量翻番。")
    assert mention.text == "去年到现在"
    assert (mention.start_time, mention.end_time) == (datetime(2024, 1, 1), REF)


def test_mentions_do_not_overlap(recognizer: DateRecognizer) -> None:
    text = "2025年8月19日上午9点，会议开幕；8月20日至22日为展览期，上半年成果在此发布。"
    mentions = find(recognizer, text)
    assert [m.text for m in mentions] == ["2025年8月19日上午9点", "8月20日至22日", "上半年"]
    for first, second in zip(mentions, mentions[1:]):
        assert first.end <= second.start
    assert mentions[0].norm == "2025-08-19T09:00"
    assert mentions[1].norm == "2025-08-20/2025-08-22"


@pytest.mark.parametrize(
    ("text", "span", "norm", "start", "end"),
    [
        ("截至2025/8/20，项目已完工。", "截至2025/8/20", "../2025-08-20", None, datetime(2025, 8, 21)),
        ("截至6月底，累计签约百亿元。", "截至6月底", "../2025-06-30", None, datetime(2025, 7, 1)),
        ("2020年以前，这里还是荒地。", "2020年以前", "../2020", None, datetime(2020, 1, 1)),
        ("2023年5月4日之后，订单回升。", "2023年5月4日之后", "2023-05-04/..", datetime(2023, 5, 4), None),
        ("自2015年7月1日起施行。", "自2015年7月1日起", "2015-07-01/..", datetime(2015, 7, 1), None),
        ("十天以后，结果揭晓。", "十天以后", "2025-08-30/..", datetime(2025, 8, 30), None),
        ("即日起，景区实行预约入园。", "即日起", "2025-08-20/..", datetime(2025, 8, 20), None),
        ("活动至9月30日止。", "至9月30日止", "../2025-09-30", None, datetime(2025, 10, 1)),
        ("三天之前，货物已发出。", "三天之前", "../2025-08-17", None, datetime(2025, 8, 17)),
        ("今晚八点以后，道路封闭。", "今晚八点以后", "2025-08-20T20:00/..", datetime(2025, 8, 20, 20), None),
        ("从下月1号开始，新规施行。", "从下月1号开始", "2025-09-01/..", datetime(2025, 9, 1), None),
        ("到2024年底为止，累计投入三亿。", "到2024年底为止", "../2024-12", None, datetime(2025, 1, 1)),
    ],
)
def test_open_intervals_leave_one_side_empty(recognizer: DateRecognizer, text: str, span: str, norm: str, start: datetime | None, end: datetime | None) -> None:
    mention = only(recognizer, text)
    assert (mention.text, mention.label[0], mention.norm) == (span, mention.label[0], norm)
    assert (mention.start_time, mention.end_time) == (start, end)


def test_qi_that_begins_a_word_opens_no_interval(recognizer: DateRecognizer) -> None:
    assert only(recognizer, "今天起床很早。").text == "今天"


def test_kaishi_opens_an_interval_only_after_cong(recognizer: DateRecognizer) -> None:
    assert only(recognizer, "会议明天开始报名。").text == "明天"


@pytest.mark.parametrize(
    ("text", "span", "norm"),
    [
        ("列车十二点半发车。", "十二点半", "2025-08-20T12:30"),
        ("九点一刻，队伍集合。", "九点一刻", "2025-08-20T09:15"),
        ("十点二十分，救援人员赶到。", "十点二十分", "2025-08-20T10:20"),
        ("航班十一点四十起飞。", "十一点四十", "2025-08-20T11:40"),
        ("下午四点多，雨停了。", "下午四点多", "2025-08-20T16:00"),
        ("发布会3:30 pm开始。", "3:30 pm", "2025-08-20T15:30"),
        ("航班12:15AM起飞。", "12:15AM", "2025-08-20T00:15"),
        ("快讯2025-08-19 09:05 p.m.发布。", "2025-08-19 09:05 p.m.", "2025-08-19T21:05"),
    ],
)
def test_chinese_clock_times_with_minutes_stand_alone(recognizer: DateRecognizer, text: str, span: str, norm: str) -> None:
    mention = only(recognizer, text)
    assert (mention.text, mention.label, mention.norm) == (span, "TIME", norm)


@pytest.mark.parametrize(
    ("text", "span", "norm"),
    [
        ("明天的凌晨，冷空气抵达。", "明天的凌晨", "2025-08-21T00:00/2025-08-21T06:00"),
        ("今晚的9点，烟花表演开始。", "今晚的9点", "2025-08-20T21:00"),
        ("周五的下午3点召开发布会。", "周五的下午3点", "2025-08-22T15:00"),
        ("除夕夜8点，烟花升空。", "除夕夜8点", "2026-02-16T20:00"),
        ("19日夜，暴雨突至。", "19日夜", "2025-08-19T20:00/2025-08-20T00:00"),
    ],
)
def test_a_day_and_its_part_of_the_day_or_clock_time(recognizer: DateRecognizer, text: str, span: str, norm: str) -> None:
    mention = only(recognizer, text)
    assert (mention.text, mention.label, mention.norm) == (span, "TIME", norm)


@pytest.mark.parametrize("text", ["要多一点多吃蔬菜。", "指数上涨三点。", "指数再加七点八。"])
def test_a_chinese_hour_alone_is_no_clock_time(recognizer: DateRecognizer, text: str) -> None:
    assert find(recognizer, text) == []


@pytest.mark.parametrize(
    ("text", "span", "norm", "unit", "qualifier"),
    [
        ("贷款期限三十年以上。", "三十年以上", "P30Y", None, ">"),
        ("审批需五个工作日。", "五个工作日", "P5D", "工作日", None),
        ("连续20个交易日上涨。", "20个交易日", "P20D", "交易日", None),
        ("疗程为30~90日。", "30~90日", "P30D/P90D", None, None),
        ("工期预计2~4个月。", "2~4个月", "P2M/P4M", None, None),
        ("培训时长13天—8周不等。", "13天—8周", "P13D/P8W", None, None),
        ("他在那里工作了两年半。", "两年半", "P2.5Y", None, None),
        ("停工20多天。", "20多天", "P20D", None, ">"),
        ("刑期一年零三个月。", "一年零三个月", "P1Y3M", None, None),
        ("抢修持续两小时零五分钟。", "两小时零五分钟", "PT2H5M", None, None),
        ("大约需要两三天。", "两三天", "P2D/P3D", None, None),
        ("工期三四个月。", "三四个月", "P3M/P4M", None, None),
        ("他在这里住了十来年。", "十来年", "P10Y", None, "~"),
    ],
)
def test_durations_carry_iso_norm_unit_and_qualifier(recognizer: DateRecognizer, text: str, span: str, norm: str, unit: str | None, qualifier: str | None) -> None:
    mention = only(recognizer, text)
    assert (mention.text, mention.label, mention.norm, mention.unit, mention.qualifier) == (span, "DATE", norm, unit, qualifier)
    assert mention.start_time is None and mention.end_time is None


@pytest.mark.parametrize(
    ("text", "span", "norm"),
    [
        ("30日内完成整改。", "30日内", "2025-08-20T08:46:33/2025-09-20T00:00"),
        ("两个半月以内交付。", "两个半月以内", "2025-08-20T08:46:33/2025-11-05T00:00"),
    ],
)
def test_within_a_duration_is_a_window_from_the_reference(recognizer: DateRecognizer, text: str, span: str, norm: str) -> None:
    mention = only(recognizer, text)
    assert (mention.text, mention.norm, mention.start_time) == (span, norm, REF)


@pytest.mark.parametrize(
    ("text", "span", "label", "norm", "start", "end", "unit"),
    [
        ("每周一例会。", "每周一", "DATE", "R/2025-08-18/P1W", datetime(2025, 8, 18), datetime(2025, 8, 19), None),
        ("班车每天发车。", "每天", "DATE", "R/P1D", None, None, None),
        ("每周五开放参观。", "每周五", "DATE", "R/2025-08-22/P1W", datetime(2025, 8, 22), datetime(2025, 8, 23), None),
        ("每月15号发放补贴。", "每月15号", "DATE", "R/2025-08-15/P1M", datetime(2025, 8, 15), datetime(2025, 8, 16), None),
        ("每隔两周检测一次。", "每隔两周", "DATE", "R/P2W", None, None, None),
        ("每半年评估一次。", "每半年", "DATE", "R/P0.5Y", None, None, None),
        ("每个工作日上午十点开盘。", "每个工作日上午十点", "TIME", "R/2025-08-20T10:00/P1D", datetime(2025, 8, 20, 10), datetime(2025, 8, 20, 11), "工作日"),
        ("每年3月到5月是雨季。", "每年3月到5月", "DATE", "R/2025-03/P1Y", datetime(2025, 3, 1), datetime(2025, 6, 1), None),
        ("工资每月底发放。", "每月底", "DATE", "R/2025-08-25/P1M", datetime(2025, 8, 25), datetime(2025, 9, 1), None),
        ("每季度末公布数据。", "每季度末", "DATE", "R/2025-09/P3M", datetime(2025, 9, 1), datetime(2025, 10, 1), None),
    ],
)
def test_recurring_times_are_iso_repeating_intervals(
    recognizer: DateRecognizer, text: str, span: str, label: str, norm: str, start: datetime | None, end: datetime | None, unit: str | None
) -> None:
    mention = only(recognizer, text)
    assert (mention.text, mention.label, mention.norm, mention.start_time, mention.end_time, mention.unit) == (span, label, norm, start, end, unit)


@pytest.mark.parametrize(
    ("text", "span", "label", "norm"),
    [
        ("会议2024-03-0508:30开始。", "2024-03-0508:30", "TIME", "2024-03-05T08:30"),
        ("开幕式定于11-05 09:00举行。", "11-05 09:00", "TIME", "2025-11-05T09:00"),
        ("他2016.07入职。", "2016.07", "DATE", "2016-07"),
        ("任期1999.08-2002.02。", "1999.08-2002.02", "DATE", "1999-08/2002-02"),
        ("签证有效期至13.5.2015。", "13.5.2015", "DATE", "2015-05-13"),
        ("数据截取于20250820。", "20250820", "DATE", "2025-08-20"),
        ("展会定于26-5-8开幕。", "26-5-8", "DATE", "2026-05-08"),
        ("档案记载为98/7/1。", "98/7/1", "DATE", "1998-07-01"),
    ],
)
def test_compact_numeric_dates(recognizer: DateRecognizer, text: str, span: str, label: str, norm: str) -> None:
    mention = only(recognizer, text)
    assert (mention.text, mention.label, mention.norm) == (span, label, norm)


@pytest.mark.parametrize("text", ["球队排出4-3-3阵型。", "每组3-5人。", "首局比分11-05。", "两人一度战成10-08，"])
def test_number_dashes_are_no_dates(recognizer: DateRecognizer, text: str) -> None:
    assert find(recognizer, text) == []


@pytest.mark.parametrize(
    ("text", "span", "norm"),
    [
        ("第二天下午，救援队抵达。", "第二天下午", "2025-08-21T12:00/2025-08-21T18:00"),
        ("第五天起，限行解除。", "第五天起", "2025-08-24/.."),
        ("2023年第十天早上8点，列车发车。", "2023年第十天早上8点", "2023-01-10T08:00"),
        ("今年第二十周，订单回暖。", "今年第二十周", "2025-05-19/2025-05-25"),
        ("五月的第三周，展会开幕。", "五月的第三周", "2025-05-19/2025-05-25"),
        ("5月最后一个星期五，大会闭幕。", "5月最后一个星期五", "2025-05-30"),
        ("六天后的3时1刻，飞船返回。", "六天后的3时1刻", "2025-08-26T03:15"),
        ("8月22日的下午3点，签约仪式举行。", "8月22日的下午3点", "2025-08-22T15:00"),
        ("2009年10月12号，星期一，大会开幕。", "2009年10月12号，星期一", "2009-10-12"),
    ],
)
def test_counted_days_and_weeks(recognizer: DateRecognizer, text: str, span: str, norm: str) -> None:
    mention = find(recognizer, text)[0]
    assert (mention.text, mention.norm) == (span, norm)


@pytest.mark.parametrize(
    ("text", "date", "span", "norm"),
    [
        ("民国114年预算通过。", REF, "民国114年", "2025"),
        ("乾隆十年，城墙重修。", REF, "乾隆十年", "1745"),
        ("光绪元年，书院落成。", REF, "光绪元年", "1875"),
        ("八五年竣工。", datetime(1970, 5, 1), "八五年", "1985"),  # the two-digit year nearest the reference
        ("上礼拜三，双方会谈。", REF, "上礼拜三", "2025-08-13"),
    ],
)
def test_era_and_spelled_years(recognizer: DateRecognizer, text: str, date: datetime, span: str, norm: str) -> None:
    mention = only(recognizer, text, date)
    assert (mention.text, mention.label, mention.norm) == (span, "DATE", norm)


@pytest.mark.parametrize(
    ("text", "span", "norm"),
    [
        ("三月中下旬，油菜花开。", "三月中下旬", "2025-03-11/2025-03-31"),
        ("下半月将迎来降温。", "下半月", "2025-08-16/2025-08-31"),
        ("2021年后半年，需求回暖。", "2021年后半年", "2021-07/2021-12"),
        ("今年冬天，供暖提前。", "今年冬天", "2025-11-07/2026-02-03"),
        ("去年夏季，降雨偏多。", "去年夏季", "2024-05-05/2024-08-06"),
        ("2023年秋，新校区启用。", "2023年秋", "2023-08-08/2023-11-07"),
        ("这一年，工厂扩建。", "这一年", "2025"),
        ("上一周，股市震荡。", "上一周", "2025-W33"),
        ("后半夜，雨势减弱。", "后半夜", "2025-08-20T00:00/2025-08-20T06:00"),
        ("全天，道路通行正常。", "全天", "2025-08-20T00:00/2025-08-21T00:00"),
        ("夜里12点，列车抵达。", "夜里12点", "2025-08-21T00:00"),
        ("11月至3月为供暖季。", "11月至3月", "2024-11/2025-03"),
        ("上个世纪，这里是渔村。", "上个世纪", "1900/1999"),
        ("本世纪初，铁路通车。", "本世纪初", "2000/2019"),
        ("未来3年内，产能翻番。", "未来3年内", "2025-08-20T08:46:33/2028-08-20T08:46:33"),
        ("再过一刻钟，列车进站。", "再过一刻钟", "2025-08-20T09:01:33"),
    ],
)
def test_weeks_seasons_and_parts(recognizer: DateRecognizer, text: str, span: str, norm: str) -> None:
    assert span_and_norm(recognizer, text) == (span, norm)


@pytest.mark.parametrize(
    ("text", "span", "norm"),
    [
        ("1992到96年3月，他在外地工作。", "1992到96年3月", "1992/1996-03"),
        ("2024年6月3日9:00时至6月7日18:00时，展会开放。", "2024年6月3日9:00时至6月7日18:00时", "2024-06-03T09:00/2024-06-07T18:00"),
        ("今晚八九点，雷雨来袭。", "今晚八九点", "2025-08-20T20:00/2025-08-20T22:00"),
    ],
)
def test_ranges_that_share_a_part(recognizer: DateRecognizer, text: str, span: str, norm: str) -> None:
    assert span_and_norm(recognizer, text) == (span, norm)


def test_since_an_approximate_duration_starts_with_its_unit(recognizer: DateRecognizer) -> None:
    mention = only(recognizer, "三个多月以来，订单持续增长。")
    assert (mention.text, mention.start_time, mention.end_time) == ("三个多月以来", datetime(2025, 5, 1), REF)


def test_until_now_runs_to_the_end_of_a_publish_day_without_time(recognizer: DateRecognizer) -> None:
    mention = only(recognizer, "今年以来，出口回升。", datetime(2025, 8, 20))
    assert (mention.start_time, mention.end_time) == (datetime(2025, 1, 1), datetime(2025, 8, 21))


@pytest.mark.parametrize(
    ("text", "span", "nearest", "next_one"),
    [
        ("3月8号举行开幕式。", "3月8号", "2025-03-08", "2026-03-08"),
        ("发布会上午8点开始。", "上午8点", "2025-08-20T08:00", "2025-08-21T08:00"),
        ("周一恢复供水。", "周一", "2025-08-18", "2025-08-25"),
        ("15号发放补贴。", "15号", "2025-08-15", "2025-09-15"),
        ("周末举办集市。", "周末", "2025-08-23/2025-08-24", "2025-08-23/2025-08-24"),
        ("本周一完成验收。", "本周一", "2025-08-18", "2025-08-18"),
    ],
)
def test_prefer_future_reads_floating_dates_forward(recognizer: DateRecognizer, text: str, span: str, nearest: str, next_one: str) -> None:
    mention = only(recognizer, text)
    assert (mention.text, mention.norm) == (span, nearest)
    ahead = only(DateRecognizer(prefer_future=True), text)
    assert (ahead.text, ahead.norm) == (span, next_one)


@pytest.mark.parametrize(
    ("text", "span", "norm", "start", "end"),
    [
        ("今明两天全省有强降雨。", "今明两天", "2025-08-20/2025-08-21", datetime(2025, 8, 20), datetime(2025, 8, 22)),
        ("明后两日气温回升。", "明后两日", "2025-08-21/2025-08-22", datetime(2025, 8, 21), datetime(2025, 8, 23)),
        ("今明两年经济增速有望回升。", "今明两年", "2025/2026", datetime(2025, 1, 1), datetime(2027, 1, 1)),
    ],
)
def test_two_relative_days_named_together_are_one_range(recognizer: DateRecognizer, text: str, span: str, norm: str, start: datetime, end: datetime) -> None:
    mention = only(recognizer, text)
    assert (mention.text, mention.label, mention.norm, mention.start_time, mention.end_time) == (span, "DATE", norm, start, end)
    assert only(recognizer, text, date=None).norm is None


def test_lai_after_a_duration_is_since_unless_it_begins_a_verb(recognizer: DateRecognizer) -> None:
    mention = only(recognizer, "三个月来，订单持续增长。")
    assert (mention.text, mention.start_time, mention.end_time) == ("三个月来", datetime(2025, 5, 20, 8, 46, 33), REF)
    assert [m.text for m in find(recognizer, "他三年来华五次。")] == ["三年"]


@pytest.mark.parametrize(("text", "span", "norm"), [("“7·20”特大暴雨灾害调查报告公布。", "7·20", "--07-20"), ("今年3·15晚会曝光多家企业。", "3·15", "--03-15")])
def test_an_event_named_by_its_month_and_day_keeps_no_year(recognizer: DateRecognizer, text: str, span: str, norm: str) -> None:
    mention = next(m for m in find(recognizer, text) if m.text == span)
    assert (mention.label, mention.norm, mention.start_time, mention.end_time) == ("DATE", norm, None, None)


@pytest.mark.parametrize(("text", "span"), [("2021年春节前夕，工人返乡。", "2021年春节"), ("去年冬奥会圆满落幕。", "去年"), ("2021年春运开启。", "2021年")])
def test_a_one_character_season_gives_way_to_the_word_it_begins(recognizer: DateRecognizer, text: str, span: str) -> None:
    assert find(recognizer, text)[0].text == span


def test_many_years_after_a_number_is_no_vague_date_of_its_own(recognizer: DateRecognizer) -> None:
    assert find(recognizer, "他把 20 多年来的经验写成书。") == []


@pytest.mark.parametrize(("text", "span"), [
    ("这两天全市气温回升。", "这两天"), ("这几年，县城面貌大变。", "这几年"), ("多年来，他坚持义诊。", "多年来"),
    ("近些年来，县城面貌大变。", "近些年来"), ("连日来，全市持续高温。", "连日来"), ("很多年前，这里是一片荒地。", "很多年前"),
    ("导语：最近，气温回升。", "最近"), ("型号Note 9目前有售。", "目前"), ("股价较上一交易日收涨。", "上一交易日"),
])
def test_these_few_days_are_vague_not_a_duration(recognizer: DateRecognizer, text: str, span: str) -> None:
    mention = only(recognizer, text)
    assert (mention.text, mention.label, mention.norm, mention.start_time) == (span, "DATE", None, None)


@pytest.mark.parametrize(
    ("text", "span", "norm"),
    [
        ("九十年代初，工厂改制。", "九十年代初", "1990/1992"),
        ("上世纪80年代中期，铁路通车。", "上世纪80年代中期", "1983/1986"),
        ("七十年代末期恢复高考。", "七十年代末期", "1977/1979"),
        ("19世纪末期，商埠开放。", "19世纪末期", "1880/1899"),
    ],
)
def test_parts_of_a_decade_and_of_a_century(recognizer: DateRecognizer, text: str, span: str, norm: str) -> None:
    mention = only(recognizer, text)
    assert (mention.text, mention.label, mention.norm) == (span, "DATE", norm)


@pytest.mark.parametrize(
    ("text", "span", "norm", "start", "end"),
    [
        ("二十多年前，这里还是一片荒滩。", "二十多年前", "1995/2005", datetime(1995, 1, 1), datetime(2006, 1, 1)),
        ("三百多年后，古桥依然完好。", "三百多年后", "2325/2425", datetime(2325, 1, 1), datetime(2426, 1, 1)),
        ("三年前，他来到深圳。", "三年前", "2022", datetime(2022, 1, 1), datetime(2023, 1, 1)),
    ],
)
def test_some_more_than_a_round_number_of_years_is_a_range(recognizer: DateRecognizer, text: str, span: str, norm: str, start: datetime, end: datetime) -> None:
    mention = only(recognizer, text)
    assert (mention.text, mention.norm, mention.start_time, mention.end_time) == (span, norm, start, end)


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("“2024，我们一起走过”成为年度热词。", ["2024"]),
        ("《城市发展报告（2023）》发布。", ["2023"]),
        ("他两度夺冠（2016、2019）。", ["2016", "2019"]),
    ],
)
def test_a_year_alone_between_punctuation_is_a_date(recognizer: DateRecognizer, text: str, spans: list[str]) -> None:
    mentions = find(recognizer, text)
    assert [(m.text, m.label, m.norm) for m in mentions[: len(spans)]] == [(span, "DATE", span) for span in spans]


@pytest.mark.parametrize("text", ["营收 2024 万元。", "编号2024的展品。", "指数收于2024.5点。"])
def test_a_four_digit_number_in_a_sentence_is_no_year_alone(recognizer: DateRecognizer, text: str) -> None:
    assert all(mention.text != "2024" for mention in find(recognizer, text))


def test_the_last_weekday_of_a_range_falls_in_the_week_of_the_first(recognizer: DateRecognizer) -> None:
    mention = only(recognizer, "下周一至周五开展安全检查。")
    assert (mention.text, mention.norm) == ("下周一至周五", "2025-08-25/2025-08-29")


@pytest.mark.parametrize("text", ["雨已经下了好几天。", "他在外地住了几个月。", "工程拖了数年之久。"])
def test_a_few_days_alone_name_no_amount_and_are_not_tagged(recognizer: DateRecognizer, text: str) -> None:
    assert find(recognizer, text) == []


@pytest.mark.parametrize(("text", "span"), [("预计十几天完工。", "十几天"), ("数年后，这里建起新城。", "数年后")])
def test_vague_amounts_with_a_numeral_or_an_offset_stay_tagged(recognizer: DateRecognizer, text: str, span: str) -> None:
    mention = only(recognizer, text)
    assert (mention.text, mention.label, mention.norm) == (span, "DATE", None)


@pytest.mark.parametrize(
    ("text", "span", "norm"),
    [
        ("前两年，房价涨得很快。", "前两年", "2020/2023"),
        ("，前两天还下着雨。", "前两天", "2025-08-13/2025-08-18"),
        ("前几年，这里还是农田。", "前几年", "2020/2023"),
        ("前两个月，出口回落。", "前两个月", "2025-06/2025-07"),
        ("前两周，订单明显增多。", "前两周", "2025-08-04T00:00/2025-08-20T08:46:33"),
        ("后两周，气温逐步回升。", "后两周", "2025-08-20T08:46:33/2025-09-08T00:00"),
    ],
)
def test_a_couple_of_units_or_weeks_back_opening_a_clause(recognizer: DateRecognizer, text: str, span: str, norm: str) -> None:
    mention = only(recognizer, text)
    assert (mention.text, mention.label, mention.norm) == (span, "DATE", norm)


def test_the_first_months_of_a_year_stay_counted_from_its_start(recognizer: DateRecognizer) -> None:
    mention = only(recognizer, "今年前两个月，出口增长。")
    assert (mention.text, mention.norm) == ("今年前两个月", "2025-01/2025-02")


@pytest.mark.parametrize(
    ("text", "span", "norm"),
    [
        ("下个月的五号开学。", "下个月的五号", "2025-09-05"),
        ("大大后天放假。", "大大后天", "2025-08-24"),
        ("今年的三月十二日是植树节。", "今年的三月十二日", "2025-03-12"),
        ("去年的今天，大桥合龙。", "去年的今天", "2024-08-20"),
        ("上个月最后一天，新规生效。", "上个月最后一天", "2025-07-31"),
        ("2024年2月的最后一天是29日。", "2024年2月的最后一天", "2024-02-29"),
        ("今年最后一天举行跨年晚会。", "今年最后一天", "2025-12-31"),
    ],
)
def test_a_year_or_month_and_a_day_within_it(recognizer: DateRecognizer, text: str, span: str, norm: str) -> None:
    mention = find(recognizer, text)[0]
    assert (mention.text, mention.label, mention.norm) == (span, "DATE", norm)


def test_the_last_day_alone_is_no_date(recognizer: DateRecognizer) -> None:
    assert all(mention.text != "最后一天" for mention in find(recognizer, "比赛最后一天观众爆满。"))


def test_quan_nian_that_begins_another_word_is_no_date(recognizer: DateRecognizer) -> None:
    assert find(recognizer, "影片适合全年龄段观众。") == []


def test_an_amount_in_yen_is_no_duration(recognizer: DateRecognizer) -> None:
    assert find(recognizer, "罚款一百五十万日元。") == []


@pytest.mark.parametrize(
    ("text", "span", "norm"),
    [
        ("十一月中旬到下旬，气温持续走低。", "十一月中旬到下旬", "2025-11-11/2025-11-30"),
        ("12月1日0时至12月31日24时禁止燃放。", "12月1日0时至12月31日24时", "2025-12-01T00:00/2026-01-01T00:00"),
        ("本世纪以来，城市面貌巨变。", "本世纪以来", "2000/2025-08-20"),
        ("明后天有雷阵雨。", "明后天", "2025-08-21/2025-08-22"),
        ("公司2025年Q2营收增长。", "2025年Q2", "2025-04/2025-06"),
        ("2024年全年粮食增产。", "2024年全年", "2024-01/2024-12"),
        ("近五年来，产量翻番。", "近五年来", "2020-08-20T08:46:33/2025-08-20T08:46:33"),
    ],
)
def test_more_ranges_since_and_quarters(recognizer: DateRecognizer, text: str, span: str, norm: str) -> None:
    mention = find(recognizer, text)[0]
    assert (mention.text, mention.norm) == (span, norm)


@pytest.mark.parametrize(
    ("text", "span", "start", "end"),
    [
        ("一刻钟后，列车进站。", "一刻钟后", datetime(2025, 8, 20, 9, 1, 33), datetime(2025, 8, 20, 9, 16, 33)),
        ("半小时后，雨停了。", "半小时后", datetime(2025, 8, 20, 9, 16, 33), datetime(2025, 8, 20, 9, 46)),
        ("三分钟前，警报响起。", "三分钟前", datetime(2025, 8, 20, 8, 42, 33), datetime(2025, 8, 20, 8, 43, 33)),
        ("两小时前，航班起飞。", "两小时前", datetime(2025, 8, 20, 5, 46), datetime(2025, 8, 20, 6, 46, 33)),
        ("十分钟以后，道路恢复通行。", "十分钟以后", datetime(2025, 8, 20, 8, 56, 33), None),
    ],
)
def test_offsets_in_clock_units_start_or_end_at_the_very_instant(recognizer: DateRecognizer, text: str, span: str, start: datetime, end: datetime | None) -> None:
    mention = only(recognizer, text)
    assert (mention.text, mention.label, mention.start_time, mention.end_time) == (span, "TIME", start, end)

