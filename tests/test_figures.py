"""FigureRecognizer on sentences written for these tests: spans, labels, values, units, qualifiers."""
import pytest

from zhtag.document import Document, Mention
from zhtag.recognizers.figures import FigureRecognizer


@pytest.fixture(scope="module")
def recognizer() -> FigureRecognizer:
    return FigureRecognizer()


def find(recognizer: FigureRecognizer, text: str) -> list[Mention]:
    mentions = recognizer.find(Document(text=text))
    for mention in mentions:
        assert text[mention.start:mention.end] == mention.text
        assert mention.source == "figures"
    for first, second in zip(mentions, mentions[1:]):
        assert first.end <= second.start
    return mentions


def assert_figures(recognizer: FigureRecognizer, text: str, expected: list[tuple[str, str, float, str]]) -> None:
    """The figures of ``text`` are ``expected``: (span, label, value, qualifier) in text order."""
    found = [(m.text, m.label, m.value, m.qualifier) for m in find(recognizer, text)]
    assert found == [(span, label, pytest.approx(value), qualifier) for span, label, value, qualifier in expected]


def only(recognizer: FigureRecognizer, text: str) -> Mention:
    mentions = find(recognizer, text)
    assert len(mentions) == 1, mentions
    return mentions[0]


@pytest.mark.parametrize(
    ("text", "span", "label", "value", "unit", "qualifier", "norm"),
    [
        ("增加值增速37.5%，位居全国前列。", "37.5%", "PERCENT", 37.5, "%", "=", "37.5%"),
        ("超40%的订单来自海外。", "超40%", "PERCENT", 40, "%", ">", ">40%"),
        ("失业率为百分之三十七点五。", "百分之三十七点五", "PERCENT", 37.5, "%", "=", "37.5%"),
        ("利率下调3个百分点。", "3个百分点", "PERCENT", 3, "pp", "=", "3pp"),
        ("三成企业实现盈利。", "三成", "PERCENT", 30, "%", "=", "30%"),
        ("门票打七五折出售。", "七五折", "PERCENT", 75, "%", "=", "75%"),
        ("全年营收1.2亿元。", "1.2亿元", "MONEY", 120_000_000, "CNY", "=", "120000000 CNY"),
        ("公司获得500万美元融资。", "500万美元", "MONEY", 5_000_000, "USD", "=", "5000000 USD"),
        ("单价¥30，不含运费。", "¥30", "MONEY", 30, "CNY", "=", "30 CNY"),
        ("补贴30元人民币。", "30元人民币", "MONEY", 30, "CNY", "=", "30 CNY"),
        ("总投资约4.287亿美元。", "约4.287亿美元", "MONEY", 428_700_000, "USD", "~", "~428700000 USD"),
        ("奖金六十四万零一百四十三元一角七分。", "六十四万零一百四十三元一角七分", "MONEY", 640_143.17, "CNY", "=", "640143.17 CNY"),
        ("票价港币两千九百六十元。", "港币两千九百六十元", "MONEY", 2960, "HKD", "=", "2960 HKD"),
        ("项目获得几十万块钱投资。", "几十万块钱", "MONEY", 100_000, "CNY", "~", "100000/1000000 CNY"),
        ("为50多个部委提供服务。", "50多个", "QUANTITY", 50, "个", ">", ">50 个"),
        ("服务近万家企业。", "近万家", "QUANTITY", 10_000, "家", "~", "~10000 家"),
        ("在19个国家级新区中领先。", "19个", "QUANTITY", 19, "个", "=", "19 个"),
        ("总书记三次到当地考察。", "三次", "QUANTITY", 3, "次", "=", "3 次"),
        ("年发电量1200千瓦时。", "1200千瓦时", "QUANTITY", 1200, "千瓦时", "=", "1200 千瓦时"),
        ("算力达到300PFlops。", "300PFlops", "QUANTITY", 300, "PFlops", "=", "300 PFlops"),
        ("运来一吨半钢材。", "一吨半", "QUANTITY", 1.5, "吨", "=", "1.5 吨"),
        ("新增300家以上企业。", "300家以上", "QUANTITY", 300, "家", ">", ">300 家"),
        ("吸引上万人参观。", "上万人", "QUANTITY", 10_000, "人", ">", ">10000 人"),
        ("气温降至零下5℃左右。", "零下5℃左右", "QUANTITY", -5, "℃", "~", "~-5 ℃"),
        ("全市人口两千三百万。", "两千三百万", "NUMBER", 23_000_000, None, "=", "23000000"),
        ("总规模4.78万亿，", "4.78万亿", "NUMBER", 4.78e12, None, "=", "4780000000000"),
        ("编号为1,234.5的样本", "1,234.5", "NUMBER", 1234.5, None, "=", "1234.5"),
        ("约占二分之一。", "二分之一", "NUMBER", 0.5, None, "=", "0.5"),
        ("第十九届旅游产业发展大会开幕。", "第十九届", "ORDINAL", 19, "届", "=", "第19届"),
        ("迈出第三步。", "第三步", "ORDINAL", 3, "步", "=", "第3步"),
    ],
)
def test_figures(recognizer, text, span, label, value, unit, qualifier, norm) -> None:
    mention = only(recognizer, text)
    assert (mention.text, mention.label, mention.unit, mention.qualifier, mention.norm) == (span, label, unit, qualifier, norm)
    assert mention.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "span", "value", "unit", "norm"),
    [
        ("预计新增3至5万个岗位。", "3至5万个", 30_000, "个", "30000/50000 个"),
        ("投资1万-5万元不等。", "1万-5万元", 10_000, "CNY", "10000/50000 CNY"),
        ("租金两到三万港元。", "两到三万港元", 20_000, "HKD", "20000/30000 HKD"),
        ("每组20~100人。", "20~100人", 20, "人", "20/100 人"),
    ],
)
def test_ranges_keep_the_lower_end_and_both_in_norm(recognizer, text, span, value, unit, norm) -> None:
    mention = only(recognizer, text)
    assert (mention.text, mention.unit, mention.norm) == (span, unit, norm)
    assert mention.value == value


@pytest.mark.parametrize(
    "text",
    [
        "一些企业已经复工。", "万一出现险情，立即上报。", "各方意见一致。", "统一部署。", "大家一起努力。",
        "做法不一样。", "切勿三心二意。", "肆无忌惮地排污。", "5G网络覆盖全县。", "4S店销量下滑。",
        "G20峰会召开。", "2025中国国际大数据产业博览会将在贵阳举行。", "一位领导干部说。", "《哪吒2》票房领先。",
        "党的十八大以来。", "万家灯火。", "十分重要。", "2025年8月19日上午8点30分", "工作了三年。",
    ],
)
def test_not_figures(recognizer: FigureRecognizer, text: str) -> None:
    assert find(recognizer, text) == []


def test_dates_and_clock_times_are_left_to_the_date_recogniser(recognizer: FigureRecognizer) -> None:
    text = "2025-08-20 08:46:33发布：今年前7个月，3家企业产值增长12%。"
    assert [(m.text, m.label) for m in find(recognizer, text)] == [("3家", "QUANTITY"), ("12%", "PERCENT")]


@pytest.mark.parametrize("text", ["一" * 5000, "万" * 300, "1" * 30, "九" * 30 + "元"])
def test_numbers_too_long_to_be_figures_stay_untagged(text: str) -> None:
    assert FigureRecognizer().find(Document(text=text)) == []


@pytest.mark.parametrize(
    ("text", "span", "label", "value", "unit", "qualifier", "norm"),
    [
        ("台积电市值达2.4兆元。", "2.4兆元", "MONEY", 2.4e12, "CNY", "=", "2400000000000 CNY"),
        ("岛内预算新台币1.7兆元。", "新台币1.7兆元", "MONEY", 1.7e12, "TWD", "=", "1700000000000 TWD"),
        ("净利润负十二亿元。", "负十二亿元", "MONEY", -1.2e9, "CNY", "=", "-1200000000 CNY"),
        ("哈尔滨今晨最低气温零下12摄氏度。", "零下12摄氏度", "QUANTITY", -12.0, "摄氏度", "=", "-12 摄氏度"),
        ("该车型售价9.98万起。", "9.98万", "MONEY", 99800.0, "CNY", "=", "99800 CNY"),
        ("集团拟投资百亿元建设新基地。", "百亿元", "MONEY", 1e10, "CNY", "=", "10000000000 CNY"),
        ("五年期LPR下调10个基点。", "10个基点", "PERCENT", 10.0, "bp", "=", "10bp"),
        ("岗位月薪过万。", "过万", "MONEY", 10000.0, "CNY", ">", ">10000 CNY"),
        ("违者罚款高达2000。", "2000", "MONEY", 2000.0, "CNY", "=", "2000 CNY"),
        ("门票澳门币300元。", "澳门币300元", "MONEY", 300, "MOP", "=", "300 MOP"),
        ("车费葡币5元。", "葡币5元", "MONEY", 5, "MOP", "=", "5 MOP"),
        ("机票澳元800元起。", "澳元800元起", "MONEY", 800, "AUD", "≥", "≥800 AUD"),
        ("港币20亿的项目落地。", "港币20亿", "MONEY", 2e9, "HKD", "=", "2000000000 HKD"),
        ("失业率下降3.5个百分点。", "3.5个百分点", "PERCENT", 3.5, "pp", "=", "3.5pp"),
        ("游客达两千三百万人次。", "两千三百万人次", "QUANTITY", 2.3e7, "人次", "=", "23000000 人次"),
        ("共计7万3千2百元。", "7万3千2百元", "MONEY", 73200, "CNY", "=", "73200 CNY"),
        ("募集6万8000元。", "6万8000元", "MONEY", 68000, "CNY", "=", "68000 CNY"),
        ("样本量为3e4。", "3e4", "NUMBER", 30000, None, "=", "30000"),
        ("系数为.25。", ".25", "NUMBER", 0.25, None, "=", "0.25"),
        ("占比12分之345。", "12分之345", "NUMBER", 28.75, None, "=", "28.75"),
        ("不良率千分之七。", "千分之七", "PERCENT", 0.7, "%", "=", "0.7%"),
        ("误差为万分之三。", "万分之三", "PERCENT", 0.03, "%", "=", "0.03%"),
        ("全场商品对折。", "对折", "PERCENT", 50, "%", "=", "50%"),
        ("结果是七。", "七", "NUMBER", 7, None, "=", "7"),
        ("宝宝只有十个月大。", "十个月大", "QUANTITY", 10, "个月", "=", "10 个月"),
        ("库银两万两。", "两万两", "QUANTITY", 20000, "两", "=", "20000 两"),
        ("报销1 万(含)-5 万元的费用。", "1 万(含)-5 万元", "MONEY", 10000, "CNY", "=", "10000/50000 CNY"),
        ("年龄不小于三十岁。", "不小于三十岁", "QUANTITY", 30, "岁", "≥", "≥30 岁"),
        ("至少有10次试验。", "至少有10次", "QUANTITY", 10, "次", "≥", "≥10 次"),
        ("找出 < = 100 的质数。", "< = 100", "NUMBER", 100, None, "≤", "≤100"),
        ("他的年龄比三十大。", "比三十大", "NUMBER", 30, None, ">", ">30"),
        ("指数大于10小于20。", "大于10小于20", "NUMBER", 10, None, "=", "10/20"),
        ("薪资在10000与20000之间。", "在10000与20000之间", "MONEY", 10000, "CNY", "=", "10000/20000 CNY"),
    ],
)
def test_more_figures(recognizer: FigureRecognizer, text: str, span: str, label: str, value: float, unit: str | None, qualifier: str, norm: str) -> None:
    mention = only(recognizer, text)
    assert (mention.text, mention.label, mention.value, mention.unit, mention.qualifier, mention.norm) == (span, label, value, unit, qualifier, norm)


@pytest.mark.parametrize("text", ["一致通过。", "一些企业。", "万一失败。", "统一部署。", "五一期间，景区客流回升。", "十一期间，高速免费。",
                                  "二次元文化在年轻人中流行。", "分差扩大到两位数，成千上万的球迷到场。"])
def test_numerals_that_are_no_figures(recognizer: FigureRecognizer, text: str) -> None:
    assert find(recognizer, text) == []


def test_guo_after_a_verb_is_its_aspect_marker_and_no_more_than(recognizer: FigureRecognizer) -> None:
    aspect = find(recognizer, "他曾拿过51分，也通过一次考核。")
    assert [(m.text, m.qualifier) for m in aspect] == [("51分", "=")]  # 一次 alone is no figure
    more_than = find(recognizer, "新车销量过万台。")
    assert [(m.text, m.qualifier) for m in more_than] == [("过万台", ">")]


def test_guo_before_a_count_that_is_not_round_is_no_more_than(recognizer: FigureRecognizer) -> None:
    """过 says "more than" of round numbers and shares; 参加过四届 and 落后过16分 are counts."""
    counts = find(recognizer, "他参加过四届奥运会，球队一度落后过16分。")
    assert [(m.text, m.qualifier) for m in counts] == [("四届", "="), ("16分", "=")]
    round_numbers = find(recognizer, "主帅年过60岁，命中率刚过3成，报名人数过十万。")
    assert [(m.text, m.qualifier) for m in round_numbers] == [("过60岁", ">"), ("过3成", ">"), ("过十万", ">")]


@pytest.mark.parametrize(("text", "expected"), [
    ("双方签约5个项目，球队与他续约3份合同。", [("5个", "="), ("3份", "=")]),
    ("新算法节约10%的算力。", [("10%", "=")]),
    ("两队最近6场交手，主队赢了4场。", [("6场", "="), ("4场", "=")]),
    ("客队近五轮不胜，论坛将有近20场演讲。", [("五轮", "="), ("近20场", "~")]),
    ("本赛季英超2支球队降级，主队末节反超5分。", [("2支", "="), ("5分", "=")]),
    ("入场观众约3万人，估值远超200亿元，其中超5成来自海外。", [("约3万人", "~"), ("超200亿元", ">"), ("超5成", ">")]),
    ("项目总投资大约10亿元，逼近20亿元的上限。", [("大约10亿元", "~"), ("近20亿元", "~")]),
])
def test_a_qualifier_that_makes_a_word_with_the_character_before_it_says_nothing(
    recognizer: FigureRecognizer, text: str, expected: list[tuple[str, str]]
) -> None:
    """签约, 节约, 最近, 英超 and 反超 hold 约, 近 and 超 as parts of words, not as about or more than; 近 before
    a count of ten or fewer games is the last games."""
    assert [(m.text, m.qualifier) for m in find(recognizer, text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("首映当天票房破亿，售价首次破1000美元。", [("破亿", "NUMBER", 1e8, ">"), ("破1000美元", "MONEY", 1000, ">")]),
    ("股价一度跌破10元。", [("跌破10元", "MONEY", 10, "<")]),
    ("她在本届比赛中打破3项纪录。", [("3项", "QUANTITY", 3, "=")]),
    ("该市出生率为12.3‰。", [("12.3‰", "PERCENT", 1.23, "=")]),
    ("十年来人均收入翻了一番，运力翻了两番。", [("翻了一番", "QUANTITY", 2, "="), ("翻了两番", "QUANTITY", 4, "=")]),
    ("五年内产值实现翻番。", [("翻番", "QUANTITY", 2, "=")]),
    ("受访者中90后占三成，00后占一成。", [("三成", "PERCENT", 30, "="), ("一成", "PERCENT", 10, "=")]),
])
def test_breaking_through_per_mille_doubling_and_generations(
    recognizer: FigureRecognizer, text: str, expected: list[tuple[str, str, float, str]]
) -> None:
    """破 and 跌破 before a round number, ‰ as a tenth of a percent, 翻了一番; 90后 is a generation, no number."""
    assert_figures(recognizer, text, expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("公司净利润-3.2亿元，营收同比-5.2%。", [("-3.2亿元", "MONEY", -3.2e8, "="), ("-5.2%", "PERCENT", -5.2, "=")]),
    ("当晚气温-10℃。", [("-10℃", "QUANTITY", -10, "=")]),
    ("现场来了20来人，他们10来了又走。", [("20来人", "QUANTITY", 20, "~")]),
])
def test_a_minus_after_a_word_and_about_after_arabic_tens(
    recognizer: FigureRecognizer, text: str, expected: list[tuple[str, str, float, str]]
) -> None:
    """A minus after 比, 润, 温 … is a sign (minus_after), and 来 after 20 is about, but no verb."""
    assert_figures(recognizer, text, expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("百余名志愿者和千余家企业参与，万多人到场。", [("百余名", "QUANTITY", 100, ">", "名"), ("千余家", "QUANTITY", 1000, ">", "家"),
                                          ("万多人", "QUANTITY", 10000, ">", "人")]),
    ("浪有3米多高，股价涨了六成多，工资6000元多一点。", [("3米多", "QUANTITY", 3, ">", "米"), ("六成多", "PERCENT", 60, ">", "%"),
                                              ("6000元多", "MONEY", 6000, ">", "CNY")]),
    ("3人多次获奖，2名多哈球员入选。", [("3人", "QUANTITY", 3, "=", "人"), ("2名", "QUANTITY", 2, "=", "名")]),
    ("中锋身高2米08，后卫一米七五，男子100米8强赛。", [("2米08", "QUANTITY", 2.08, "=", "米"), ("一米七五", "QUANTITY", 1.75, "=", "米"),
                                              ("100米", "QUANTITY", 100, "=", "米"), ("8强", "QUANTITY", 8, "=", "强")]),
    ("月薪5万元-8万元，歼-20亮相。", [("5万元-8万元", "MONEY", 50000, "=", "CNY")]),
    ("新机售价6499元起，他为5元起诉商家。", [("6499元起", "MONEY", 6499, "≥", "CNY"), ("5元", "MONEY", 5, "=", "CNY")]),
    ("一个月3万块左右，捡了两块左右的石头。", [("3万块左右", "MONEY", 30000, "~", "CNY")]),
])
def test_unit_words_with_more_than_heights_and_dashed_ranges(
    recognizer: FigureRecognizer, text: str, expected: list[tuple[str, str, float, str, str]]
) -> None:
    """百余名 and 3米多 are more than the amount, but 多次 is no qualifier; 2米08 is 2.08 m; 5万元-8万元 is one range;
    6499元起 is from that price on; 3万块左右 is money, 两块左右 (under ten) pieces."""
    found = [(m.text, m.label, m.value, m.qualifier, m.unit) for m in find(recognizer, text)]
    assert found == [(span, label, pytest.approx(value), qualifier, unit) for span, label, value, qualifier, unit in expected]


def test_a_number_written_with_spaces_keeps_its_qualifier_and_is_no_list_number(recognizer: FigureRecognizer) -> None:
    """Spaces around Arabic digits (交易额破 571 亿) are common on the web; 1、 after a space numbers a list."""
    assert [(m.text, m.value, m.qualifier) for m in find(recognizer, "交易额破 571 亿，播放量达 230万。\n1、")] == [
        ("破 571 亿", pytest.approx(5.71e10), ">"), ("230万", pytest.approx(2.3e6), "=")]


def test_a_dashed_range_keeps_both_ends(recognizer: FigureRecognizer) -> None:
    assert only(recognizer, "票价100元-300元不等。").norm == "100/300 CNY"


def test_the_idiom_for_scoring_twice_and_four_in_one_are_no_figures(recognizer: FigureRecognizer) -> None:
    assert find(recognizer, "前锋上演梅开二度，新机支持四合一像素技术，游客三五成群。") == []


@pytest.mark.parametrize(("text", "span", "value", "norm"), [
    ("他每周只去一两次。", "一两次", 1, "1/2 次"),
    ("跑个三五次也值得。", "三五次", 3, "3/5 次"),
    ("气温-5~3℃。", "-5~3℃", -5, "-5/3 ℃"),
])
def test_one_or_two_three_to_five_and_a_range_below_zero(recognizer: FigureRecognizer, text: str, span: str, value: float, norm: str) -> None:
    """一两次 is one or two times (not 12), 三五次 three to five; -5~3℃ runs from below zero."""
    mention = only(recognizer, text)
    assert (mention.text, mention.value, mention.norm) == (span, value, norm)


def test_an_ordinal_counted_from_the_end_is_negative(recognizer: FigureRecognizer) -> None:
    assert [(m.text, m.value, m.norm) for m in find(recognizer, "球队排名倒数第二，对手排第二。")] == [
        ("倒数第二", -2, "倒数第2"), ("第二", 2, "第2")]


def test_a_phones_battery_and_camera_have_units(recognizer: FigureRecognizer) -> None:
    assert [(m.text, m.value, m.unit) for m in find(recognizer, "新机内置5000mAh电池，后置4800万像素摄像头。")] == [
        ("5000mAh", 5000, "mAh"), ("4800万像素", 48_000_000, "像素")]


def test_a_measure_word_that_begins_another_word_is_no_unit(recognizer: FigureRecognizer) -> None:
    assert [(m.text, m.label) for m in find(recognizer, "新机搭载骁龙855处理器，全市共有300处景点。")] == [
        ("855", "NUMBER"), ("300处", "QUANTITY")]


@pytest.mark.parametrize(
    ("text", "span", "label", "value", "unit", "norm"),
    [
        ("现场聚集了两三百人。", "两三百人", "QUANTITY", 200, "人", "200/300 人"),
        ("嫌疑人看上去三四十岁。", "三四十岁", "QUANTITY", 30, "岁", "30/40 岁"),
        ("十七八岁的少年最易沉迷网络。", "十七八岁", "QUANTITY", 17, "岁", "17/18 岁"),
        ("七八成受访者表示满意。", "七八成", "PERCENT", 70, "%", "70/80%"),
        ("每月开销五六千元。", "五六千元", "MONEY", 5000, "CNY", "5000/6000 CNY"),
    ],
)
def test_neighbouring_digits_are_an_approximate_range(recognizer, text, span, label, value, unit, norm) -> None:
    mention = only(recognizer, text)
    assert (mention.text, mention.label, mention.unit, mention.qualifier, mention.norm) == (span, label, unit, "~", norm)
    assert mention.value == pytest.approx(value)


@pytest.mark.parametrize("text", ["三四线城市房价企稳。", "一二线城市成交回暖。"])
def test_two_digits_alone_name_no_amount(recognizer: FigureRecognizer, text: str) -> None:
    assert find(recognizer, text) == []


@pytest.mark.parametrize(
    ("text", "span", "label", "value", "unit", "qualifier", "norm"),
    [
        ("参赛人数大于或等于一千 二百 三十。", "大于或等于一千 二百 三十", "NUMBER", 1230, None, "≥", "≥1230"),
        ("共有两千 三百 人报名。", "两千 三百 人", "QUANTITY", 2300, "人", "=", "2300 人"),
        ("店里一次进了三打啤酒。", "三打", "NUMBER", 36, None, "=", "36"),
        ("库存不少于两打。", "不少于两打", "NUMBER", 24, None, "≥", "≥24"),
        ("每股分红8美分。", "8美分", "MONEY", 0.08, "USD", "=", "0.08 USD"),
        ("汽油每升涨了五欧分。", "五欧分", "MONEY", 0.05, "EUR", "=", "0.05 EUR"),
        ("一根冰棍只要三毛钱。", "三毛钱", "MONEY", 0.3, "CNY", "=", "0.3 CNY"),
        ("十年间居民收入翻一番。", "翻一番", "QUANTITY", 2, "倍", "=", "2 倍"),
        ("到2035年经济总量翻两番。", "翻两番", "QUANTITY", 4, "倍", "=", "4 倍"),
        ("新能源车约占3/8的份额。", "3/8", "NUMBER", 0.375, None, "=", "0.375"),
        ("合格率不低于9/10。", "不低于9/10", "NUMBER", 0.9, None, "≥", "≥0.9"),
        ("得票率比2/3高。", "比2/3高", "NUMBER", 2 / 3, None, ">", ">0.666666666667"),
        ("孩子刚满半岁。", "半岁", "QUANTITY", 0.5, "岁", "=", "0.5 岁"),
        ("邮票面值3美元5美分。", "3美元5美分", "MONEY", 3.05, "USD", "=", "3.05 USD"),
        ("一支铅笔卖7毛5。", "7毛5", "MONEY", 0.75, "CNY", "=", "0.75 CNY"),
        ("公交票价只要5毛。", "5毛", "MONEY", 0.5, "CNY", "=", "0.5 CNY"),
        ("矿泉水卖两块五。", "两块五", "MONEY", 2.5, "CNY", "=", "2.5 CNY"),
        ("店里来了二十来个顾客。", "二十来个", "QUANTITY", 20, "个", "~", "~20 个"),
        ("现场吸引十万人观看。", "十万人", "QUANTITY", 100000, "人", "=", "100000 人"),
        ("新增装机十万千瓦。", "十万千瓦", "QUANTITY", 100000, "千瓦", "=", "100000 千瓦"),
        ("电池容量为4500毫安时。", "4500毫安时", "QUANTITY", 4500, "毫安时", "=", "4500 毫安时"),
        ("他减重20磅。", "20磅", "QUANTITY", 20, "磅", "=", "20 磅"),
        ("每人至多5件。", "至多5件", "QUANTITY", 5, "件", "≤", "≤5 件"),
        ("未满18岁不得入内。", "未满18岁", "QUANTITY", 18, "岁", "<", "<18 岁"),
        ("降幅未超过200个点。", "未超过200个点", "QUANTITY", 200, "个点", "≤", "≤200 个点"),
        ("得分介于六十和八十之间。", "介于六十和八十之间", "NUMBER", 60, None, "=", "60/80"),
        ("超过一半的受访者表示满意。", "超过一半", "NUMBER", 0.5, None, ">", ">0.5"),
        ("销量下降了将近一半。", "将近一半", "NUMBER", 0.5, None, "~", "~0.5"),
        ("投票人数已过半。", "过半", "NUMBER", 0.5, None, ">", ">0.5"),
        ("门票RMB80元。", "RMB80元", "MONEY", 80, "CNY", "=", "80 CNY"),
        ("奖金美金500。", "美金500", "MONEY", 500, "USD", "=", "500 USD"),
        ("损失差不多100万元。", "差不多100万元", "MONEY", 1e6, "CNY", "~", "~1000000 CNY"),
        ("月薪2万元至5万元不等。", "2万元至5万元", "MONEY", 20000, "CNY", "=", "20000/50000 CNY"),
        ("每箱重10公斤到12公斤。", "10公斤到12公斤", "QUANTITY", 10, "公斤", "=", "10/12 公斤"),
        ("每人限购半斤。", "半斤", "QUANTITY", 0.5, "斤", "=", "0.5 斤"),
        ("又送来半打啤酒。", "半打", "NUMBER", 6, None, "=", "6"),
        ("覆盖率达到百分之九十以上。", "百分之九十以上", "PERCENT", 90, "%", ">", ">90%"),
        ("增速在百分之五左右。", "百分之五左右", "PERCENT", 5, "%", "~", "~5%"),
        ("温度控制在二十到三十之间。", "二十到三十", "NUMBER", 20, None, "=", "20/30"),
    ],
)
def test_sections_dozens_coins_doublings_fractions_and_halves(recognizer, text, span, label, value, unit, qualifier, norm) -> None:
    mention = only(recognizer, text)
    assert (mention.text, mention.label, mention.unit, mention.qualifier, mention.norm) == (span, label, unit, qualifier, norm)
    assert mention.value == pytest.approx(value)


@pytest.mark.parametrize("text", ["门一打开，记者就冲了进去。", "比赛定在8/20举行。", "分别是三千 四千。", "他向来一毛不拔。", "炖肉要放八角。", "千兆家用宽带提速。", "亿万人民共同奋斗。", "他和另一半结婚十年。", "上半场比分3-5落后。"])
def test_verbs_slash_dates_and_lists_of_numbers_stay_apart(recognizer: FigureRecognizer, text: str) -> None:
    assert all(mention.label != "NUMBER" or " " not in mention.text and "/" not in mention.text for mention in find(recognizer, text))
    assert "打" not in "".join(mention.text for mention in find(recognizer, text))


@pytest.mark.parametrize(("text", "figures"), [
    ("主队2比1逆转客队，取得三连胜。", []),
    ("议案以5比3获得通过，男女比例为1比1.2。", []),
    ("两队以3 比 3战平。", []),
    ("今年的客流比三十万人次多，比去年增加5个航班。", ["比三十万人次多", "5个"]),
])
def test_the_sides_of_a_score_or_a_ratio_are_no_figures(recognizer: FigureRecognizer, text: str, figures: list[str]) -> None:
    """2比1 is one score, as 2:1 is: neither side counts anything; 比 before a lone number compares."""
    assert [mention.text for mention in find(recognizer, text)] == figures


def test_a_year_alone_is_left_to_the_date_recogniser(recognizer: FigureRecognizer) -> None:
    assert [
        mention.text for mention in find(recognizer, "报告（2023）显示，增速为5%。")
    ] == ["5%"]

