"""Organisations, places and people in sentences we wrote: spans, labels, canonical names."""
from __future__ import annotations

import pytest

from zhtag.recognizers.span_edges import name_edges


def spans(doc, label: str) -> list[str]:
    return [m.text for m in doc.mentions if m.label == label]


def norms(doc, label: str) -> dict[str, str | None]:
    """Each mention of ``label`` as written -> its canonical name."""
    return {m.text: m.norm for m in doc.mentions if m.label == label}


def test_dictionary_organisations_are_normalised_to_canonical_names(tagger):
    doc = tagger.tag("工信部和国家发展改革委联合发布通知，工业和信息化部随后解读。", keywords=False)
    orgs = norms(doc, "ORG")
    assert orgs["工信部"] == orgs["工业和信息化部"] == "中华人民共和国工业和信息化部"
    assert orgs["国家发展改革委"].endswith("国家发展和改革委员会")


def test_shopping_and_payment_platforms_are_their_firms(tagger):
    """The model alone reads 天猫超市 and 淘宝商城 as places and finds 天猫 and 支付宝 in few sentences."""
    doc = tagger.tag("双十一当天，不少消费者在天猫超市和淘宝商城下单，再用支付宝付款。", keywords=False)
    assert norms(doc, "ORG") == {"天猫超市": "天猫", "淘宝商城": "淘宝网", "支付宝": "支付宝"}
    assert doc.mentions_of("LOC") == []


def test_investors_of_business_news_are_organisations(tagger):
    """Alone, the model reads none of these and finds a place 中国 in 红杉中国."""
    doc = tagger.tag("这家机器人公司完成新一轮融资，由IDG资本领投，红杉中国和高瓴跟投。", keywords=False)
    assert norms(doc, "ORG") == {"IDG资本": "IDG资本", "红杉中国": "红杉资本", "高瓴": "高瓴资本"}
    assert doc.mentions_of("LOC") == []


def test_business_and_technology_media_are_organisations(tagger):
    doc = tagger.tag("新浪科技讯 据《证券日报》报道，36氪和中新网也关注了这笔足彩奖金。", keywords=False)
    assert norms(doc, "ORG") == {"新浪科技": "新浪科技", "证券日报": "证券日报", "36氪": "36氪", "中新网": "中国新闻网"}


def test_organisation_built_from_place_name_and_legal_suffix(rule_tagger):
    doc = rule_tagger.tag("贵州黔锦数联科技有限公司上月完成融资。", keywords=False)
    assert spans(doc, "ORG") == ["贵州黔锦数联科技有限公司"]
    assert doc.mentions_of("ORG")[0].source == "organizations"


def test_common_noun_with_weak_suffix_is_not_an_organisation(tagger):
    doc = tagger.tag("这座数据中心由一家科技公司运营。", keywords=False)
    assert spans(doc, "ORG") == []


def test_places_from_divisions_with_short_forms(tagger):
    doc = tagger.tag("贵州惠水县和黔南州的企业代表来到贵阳。", keywords=False)
    places = norms(doc, "LOC")
    assert places["惠水县"] == "惠水县"
    assert places["贵阳"] == "贵阳市"
    assert places["黔南州"] == "黔南布依族苗族自治州"


def test_province_abbreviation_only_in_context(tagger):
    doc = tagger.tag("上海企业家代表来黔考察交流。", keywords=False)
    abbreviation = [m for m in doc.mentions if m.text == "黔"]
    assert abbreviation and abbreviation[0].label == "LOC" and abbreviation[0].norm == "贵州省"


def test_province_abbreviation_read_as_an_adjective_is_no_place(tagger):
    doc = tagger.tag("新赛季开始后，球队在新的主场迎来首胜，球迷到新落成的看台助威。", keywords=False)
    assert [m.text for m in doc.mentions if m.text == "新"] == []


def test_byline_names_after_reporter(tagger):
    doc = tagger.tag("（本报记者 周晓岚 韩立东）", keywords=False)
    assert spans(doc, "PER") == ["周晓岚", "韩立东"]


def test_name_after_a_job_title(tagger):
    doc = tagger.tag("公司董事长吴国栋表示，将继续加大投入。", keywords=False)
    assert "吴国栋" in spans(doc, "PER")


def test_mention_text_always_matches_its_span(tagger, samples_dir):
    for path in sorted(samples_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        doc = tagger.tag(text, keywords=False)
        assert doc.mentions, path.name
        for mention in doc.mentions:
            assert text[mention.start : mention.end] == mention.text
        ordered = sorted(doc.mentions, key=lambda x: x.start)
        assert all(a.end <= b.start for a, b in zip(ordered, ordered[1:]))


def test_name_stops_before_a_word_of_saying(tagger):
    doc = tagger.tag("代表团团长张伟说，合作前景广阔。", keywords=False)
    assert "张伟" in spans(doc, "PER")
    assert "张伟说" not in spans(doc, "PER")


def test_foreign_ministry_is_composed_not_read_as_chinese_ministry(tagger):
    doc = tagger.tag("俄罗斯国防部当天发表声明。", keywords=False)
    assert spans(doc, "ORG") == ["俄罗斯国防部"]


def test_ordinary_words_ending_like_a_suffix_make_no_organisation(tagger):
    doc = tagger.tag("论坛在贵州举办，贵州西部山区受益。", keywords=False)
    assert spans(doc, "ORG") == []


def test_jieba_dictionary_nouns_tagged_ns_are_not_places(tagger):
    doc = tagger.tag("城市更新和土地利用变化值得关注。", keywords=False)
    assert spans(doc, "LOC") == []


def test_conjunction_inside_a_government_body_name(tagger):
    doc = tagger.tag("北京市经济和信息化局举行发布会。", keywords=False)
    assert spans(doc, "ORG") == ["北京市经济和信息化局"]


def names(doc) -> set[tuple[str, str]]:
    return {(m.text, m.label) for m in doc.mentions if m.label in ("PER", "LOC", "ORG")}


# Unseen names (made up) in our own sentences of several domains: no dictionary holds them.


def test_unseen_names_in_sport(tagger):
    doc = tagger.tag("在昨晚的比赛中，青岛海牛队凭借郑皓然的进球以一比零战胜了对手。", keywords=False)
    assert names(doc) == {("青岛海牛队", "ORG"), ("郑皓然", "PER")}


def test_unseen_names_in_finance(tagger):
    doc = tagger.tag("华岳证券首席分析师潘嘉树认为，明年银行股仍有上涨空间。", keywords=False)
    assert names(doc) == {("华岳证券", "ORG"), ("潘嘉树", "PER")}


def test_unseen_place_in_a_social_media_post(tagger):
    doc = tagger.tag("姐妹们，我在杭州万象城逛了一下午，超开心！", keywords=False)
    assert ("杭州万象城", "LOC") in names(doc)


@pytest.mark.parametrize(
    "text, place",
    [
        ("阿萨德前往霍姆斯视察。", "霍姆斯"),
        ("王毅抵达第比利斯，开始对格鲁吉亚的访问。", "第比利斯"),
        ("代表团访问了符拉迪沃斯托克和哈巴罗夫斯克。", "哈巴罗夫斯克"),
        ("马克龙抵达斯特拉斯堡出席会议。", "斯特拉斯堡"),
    ],
)
def test_foreign_cities_after_a_name_or_a_verb_of_travel_are_places_not_people(tagger, text, place):
    doc = tagger.tag(text, keywords=False)
    assert (place, "LOC") in names(doc)
    assert all(label != "PER" for name, label in names(doc) if name == place)


@pytest.mark.parametrize(
    "text, expected, wrong",
    [
        ("据德国之声报道，基民盟与社民党启动组阁谈判。", {("德国之声", "ORG"), ("基民盟", "ORG")}, ("民盟", "ORG")),
        ("交行工行本季度信用卡业务均有增长。", {("交行", "ORG"), ("工行", "ORG")}, ("交行工行", "ORG")),
        ("宁德时代与斯泰兰蒂斯宣布合建电池厂。", {("宁德时代", "ORG"), ("斯泰兰蒂斯", "ORG")}, ("宁德时代与斯泰兰蒂斯", "ORG")),
    ],
)
def test_foreign_media_parties_and_companies_by_their_news_names(tagger, text, expected, wrong):
    found = names(tagger.tag(text, keywords=False))
    assert expected <= found
    assert wrong not in found


def test_an_address_is_places_and_nothing_else(tagger):
    text = "该店位于浙江省宁波市鄞州区天童南路588号。"
    doc = tagger.tag(text, keywords=False)
    assert {label for _, label in names(doc)} == {"LOC"}
    covered = {i for m in doc.mentions if m.label == "LOC" for i in range(m.start, m.end)}
    assert set(range(text.index("浙江省"), text.index("天童南路") + 4)) <= covered


def test_articles_tagged_together_get_what_each_gets_alone_and_a_broken_one_fails_alone(tagger):
    from zhtag.tagger import Article

    texts = [
        "8月19日，贵州省大数据发展管理局局长柏思远在贵阳宣布，贵安超算中心二期投入使用。",
        "臺北市政府與鴻海精密工業股份有限公司簽署合作備忘錄，上半年投資超過40億元。",
        "据遵义市统计局消息，前三季度全市规上工业增加值同比增长6.2%。",
    ]
    articles = [Article(text, str(number), date="2025-08-20") for number, text in enumerate(texts)]
    broken = Article(12345, "broken")  # not a str: fails while tagging, inside the group
    docs = tagger.tag_articles([articles[0], broken, *articles[1:]], learn_idf=False)
    alone = [tagger.tag(text, "2025-08-20") for text in texts]
    assert [doc.id for doc in docs] == ["0", "broken", "1", "2"]
    assert docs[1].error == "TypeError: text must be a str, got int"
    together = [doc for doc in docs if doc.error is None]
    assert [[(m.start, m.end, m.label, m.norm) for m in doc.mentions] for doc in together] == [
        [(m.start, m.end, m.label, m.norm) for m in doc.mentions] for doc in alone
    ]
    assert [doc.keywords for doc in together] == [doc.keywords for doc in alone]
    assert ("柏思远", "PER") in {(m.text, m.label) for m in together[0].mentions}


def test_developing_countries_contain_no_china(tagger):
    doc = tagger.tag("世界银行说，发展中国家今年的经济增速将放缓，中国家电出口仍在增长。", keywords=False)
    assert spans(doc, "LOC") == ["中国"]
    assert doc.mentions_of("LOC")[0].start == doc.text.index("中国家电")


def test_ordinary_word_names_a_settlement_but_not_an_area(rule_tagger):
    doc = rule_tagger.tag("暴雨过后，石板镇和蟠桃村恢复供电，大部分地区、农村地区和工业开发区仍有积水。", keywords=False)
    assert spans(doc, "LOC") == ["石板镇", "蟠桃村"]


def test_a_clause_ending_in_a_surname_character_starts_no_name_before_a_verb_of_saying(rule_tagger):
    """时 and 成 end the clause before (采访时, 演变成) though a verb of saying follows."""
    doc = rule_tagger.tag("他在接受采访时同样表示看好市场。小病拖成胃癌说起来让人后悔。何建新建议多运动。", keywords=False)
    assert spans(doc, "PER") == ["何建新"]


def test_common_nouns_that_jieba_tags_as_names_compose_no_place_or_organisation(rule_tagger):
    doc = rule_tagger.tag("城市社区和智慧小镇建设提速，几个县联合办学，上市科技公司和古典乐队也来了。青岛海洋研究所发布报告。",
                          keywords=False)
    assert spans(doc, "LOC") == []
    assert spans(doc, "ORG") == ["青岛海洋研究所"]  # a place before the same suffix still makes one


def test_no_name_starts_where_a_title_ends_inside_a_word(rule_tagger):
    """主席 ends inside 毛主席纪念堂 and 记者 inside 记者席: 纪念堂 and 席上 are no names."""
    doc = rule_tagger.tag("代表们步入毛主席纪念堂，记者席上用相机拍照的是董事长张丽。", keywords=False)
    assert [m.text for m in doc.mentions if m.label == "PER" and m.source == "persons"] == ["张丽"]


def test_title_rules_find_no_name_in_prepositions_titles_or_particles(rule_tagger):
    doc = rule_tagger.tag("主持人章院长说，战士们会向房东表示感谢；记者时表示赞同。向华强表示，新片将在暑期上映。", keywords=False)
    assert spans(doc, "PER") == ["向华强"]


@pytest.mark.parametrize("text", [
    "他在接受采访时曾表示，公司曾对外表示将扩产，曾公开表示的荣誉博士韩也表示支持；李向阳表示赞同。",
    "他在接受採訪時曾表示，公司曾對外表示將擴產，曾公開表示的榮譽博士韓也表示支持；李向陽表示贊同。",
], ids=["simplified", "traditional"])
def test_adverbs_before_a_verb_of_saying_and_honorary_titles_make_no_name(tagger, text):
    assert [m.text for m in tagger.tag(text, keywords=False).mentions_of("PER")] == [text[-8:-5]]  # 李向阳


def test_a_bare_government_is_no_name_but_a_named_one_is(tagger):
    doc = tagger.tag("市委、市政府高度重视此事，县政府随即召开会议，贵州省人民政府和台北市政府也发布了通知。", keywords=False)
    assert spans(doc, "ORG") == ["市委", "贵州省人民政府", "台北市政府"]


def test_a_region_is_its_short_name_before_diqu(tagger):
    doc = tagger.tag("预计未来三天东北地区和华南地区有中到大雨，亚太地区航班受到影响，西南地区和西北地区降温。", keywords=False)
    regions = norms(doc, "LOC")
    assert regions == {"东北": "东北地区", "华南": "华南地区", "亚太": "亚太地区", "西南": "西南地区", "西北": "西北地区"}


@pytest.mark.parametrize("text", ["入夜后西北风转东北风，保护区里的东北虎和华南虎都躲进了树林。",
                                  "入夜後西北風轉東北風，保護區裡的東北虎和華南虎都躲進了樹林。"])
def test_winds_and_animals_named_after_a_region_are_no_places(tagger, text):
    assert spans(tagger.tag(text, keywords=False), "LOC") == []


def test_common_nouns_before_a_suffix_make_no_organisation(rule_tagger):
    doc = rule_tagger.tag("日美两国中央银行当天入市干预，其他股份制商业银行跟进，外国公司资本增长，北约应从军事联盟转型。", keywords=False)
    assert [m.text for m in doc.mentions if m.source == "organizations"] == []


def test_bodies_named_only_by_a_generic_word_are_no_organisations(tagger):
    doc = tagger.tag("工会和理事会都表示支持，警方随后介入，中央银行宣布降息，以太网接口也已升级。", keywords=False)
    assert spans(doc, "ORG") == []


def test_the_country_in_a_currency_amount_is_no_place(tagger):
    doc = tagger.tag("据挪威媒体报道，当局将动用120亿挪威克朗和3亿墨西哥比索稳定汇市。", keywords=False)
    assert spans(doc, "LOC") == ["挪威"]
    money = {m.text: m.unit for m in doc.mentions if m.label == "MONEY"}
    assert money == {"120亿挪威克朗": "NOK", "3亿墨西哥比索": "MXN"}


def test_the_peoples_liberation_army_under_its_usual_names(tagger):
    doc = tagger.tag("洪水来袭，人民解放军官兵连夜抢险，灾区群众感谢解放军。", keywords=False)
    orgs = norms(doc, "ORG")
    assert orgs == {"人民解放军": "中国人民解放军", "解放军": "中国人民解放军"}


def test_hong_kong_island_under_its_everyday_short_name(tagger):
    doc = tagger.tag("住在九龙的人每天去港岛上班，地铁过海只要五分钟。", keywords=False)
    places = norms(doc, "LOC")
    assert places["港岛"] == "香港岛"


def test_a_dictionary_place_ending_like_a_suffix_closes_no_organisation(rule_tagger):
    doc = rule_tagger.tag("新华社莫斯科4月28日电 俄罗斯总统今天表示欢迎。", keywords=False)
    assert spans(doc, "ORG") == ["新华社"]
    assert spans(doc, "LOC") == ["莫斯科", "俄罗斯"]


def test_no_name_starts_inside_an_ordinary_word(rule_tagger):
    doc = rule_tagger.tag("哥伦比亚大学的皮肤学教授安吉拉表示，研究将继续。", keywords=False)
    assert spans(doc, "PER") == ["安吉拉"]


def test_foreign_newspapers_are_organisations_not_places_or_dates(tagger):
    doc = tagger.tag("《今日美国》和《朝日新闻》当天都报道了这场比赛。", keywords=False)
    assert spans(doc, "ORG") == ["今日美国", "朝日新闻"]
    assert spans(doc, "LOC") == []


def test_foreign_news_agencies_under_their_short_names(tagger):
    doc = tagger.tag("据韩联社和德新社报道，NHK也播出了这条新闻，半岛电视台随后跟进。", keywords=False)
    assert norms(doc, "ORG") == {"韩联社": "韩国联合通讯社", "德新社": "德国新闻社", "NHK": "日本放送协会", "半岛电视台": "半岛电视台"}


def test_international_bodies_under_their_short_names(tagger):
    doc = tagger.tag("海合会秘书长表示欢迎，亚足联和独联体各国也发来贺信。", keywords=False)
    orgs = norms(doc, "ORG")
    assert orgs["海合会"] == "海湾阿拉伯国家合作委员会"
    assert orgs["亚足联"] == "亚洲足球联合会"
    assert orgs["独联体"] == "独立国家联合体"


def test_capitals_and_big_cities_of_the_world_are_places(tagger):
    doc = tagger.tag("会议先后在温得和克和德班举行，代表团随后飞往加尔各答和波哥大。", keywords=False)
    assert spans(doc, "LOC") == ["温得和克", "德班", "加尔各答", "波哥大"]


def test_famous_mountains_and_lakes_are_places(tagger):
    doc = tagger.tag("假期里游客涌向普陀山和九华山，也有人去雁荡看瀑布，在大明湖边散步。", keywords=False)
    assert spans(doc, "LOC") == ["普陀山", "九华山", "雁荡", "大明湖"]


def test_accounting_and_consulting_firms_are_organisations(tagger):
    doc = tagger.tag("普华永道和毕马威的审计报告显示，奥林巴斯今年扩产；平安永远是大家的心愿。", keywords=False)
    assert norms(doc, "ORG") == {"普华永道": "普华永道会计师事务所", "毕马威": "毕马威会计师事务所", "奥林巴斯": "奥林巴斯公司"}


def test_more_financial_companies_under_their_short_names(tagger):
    doc = tagger.tag("在泰国也能刷银联卡了，摩根大通和荷银的分析师都这样认为，人保财险随即跟进。", keywords=False)
    orgs = norms(doc, "ORG")
    assert orgs["银联"] == "中国银联"
    assert orgs["荷银"] == "荷兰银行"
    assert orgs["人保财险"] == "中国人民财产保险股份有限公司"
    assert "摩根大通" in orgs


def test_game_companies_are_organisations(tagger):
    doc = tagger.tag("网友热议：育碧和任天堂都将在展会上公布新作，Take-Two则保持沉默。", keywords=False)
    assert {"育碧", "任天堂", "Take-Two"} <= set(spans(doc, "ORG"))


@pytest.mark.parametrize(
    "post, names",
    [("周末和李晓峰去吃火锅哈哈哈哈哈太开心了，贝贝说下次去哈尔滨", [("李晓峰", "PER"), ("贝贝", "PER"), ("哈尔滨", "LOC")]),
     ("週末和李曉峰去吃火鍋哈哈哈哈哈太開心了，貝貝說下次去哈爾濱", [("李曉峰", "PER"), ("貝貝", "PER"), ("哈爾濱", "LOC")])],
)
def test_laughter_and_stutter_in_a_post_are_no_names_but_doubled_names_are(tagger, post, names):
    """Social media writes 哈哈哈哈: the model reads each 哈 as a place (哈 for Kazakhstan)."""
    doc = tagger.tag(post)
    assert [(m.text, m.label) for m in doc.mentions if m.label in ("PER", "LOC", "ORG")] == names


def test_a_city_in_a_sentence_about_a_match_is_its_club(tagger):
    doc = tagger.tag("意甲第12轮，罗马主场2比1战胜那不勒斯，利物浦同日客场逼平切尔西。", keywords=False)
    assert spans(doc, "ORG") == ["意甲", "罗马", "那不勒斯", "利物浦", "切尔西"]
    assert spans(doc, "LOC") == []


def test_a_city_in_a_sentence_about_no_match_stays_a_place(tagger):
    doc = tagger.tag("罗马是意大利的首都，米兰每年举办时装周，她随后去了利物浦。", keywords=False)
    assert spans(doc, "LOC") == ["罗马", "意大利", "米兰", "利物浦"]
    assert spans(doc, "ORG") == []


def test_the_city_where_a_match_is_played_stays_a_place(tagger):
    doc = tagger.tag("意大利队昨晚在罗马2比0战胜法国队，米兰则在主场迎来了利物浦。", keywords=False)
    assert "罗马" in spans(doc, "LOC")
    assert {"米兰", "利物浦"} <= set(spans(doc, "ORG"))


def test_nba_nicknames_are_clubs_only_in_a_sentence_about_a_match(tagger):
    game = tagger.tag("火箭客场112比105击败太阳，哈登拿下35分8个篮板。", keywords=False)
    assert spans(game, "ORG") == ["火箭", "太阳"]
    launch = tagger.tag("长征火箭托举卫星升空，太阳能电池板随后展开。", keywords=False)
    assert "火箭" not in spans(launch, "ORG") and "太阳" not in spans(launch, "ORG")


def test_a_club_named_by_a_word_is_the_club_throughout_an_article_about_its_games(tagger):
    game = tagger.tag("火箭客场112比105击败太阳。赛后火箭内线群遭到质疑，太阳则继续重建。", keywords=False)
    assert spans(game, "ORG") == ["火箭", "太阳", "火箭", "太阳"]
    cities = tagger.tag("罗马主场2比1战胜米兰。赛后球迷在罗马街头庆祝。", keywords=False)
    assert spans(cities, "ORG") == ["罗马", "米兰"] and spans(cities, "LOC") == ["罗马"]


def test_clubs_named_by_no_place_are_organisations_anywhere(tagger):
    doc = tagger.tag("国米和皇马都在打听这名前锋，曼联也派出了球探。", keywords=False)
    assert spans(doc, "ORG") == ["国米", "皇马", "曼联"]
    assert {m.norm for m in doc.mentions_of("ORG")} == {"国际米兰", "皇家马德里", "曼彻斯特联"}


def test_a_brand_that_is_a_word_is_the_firm_in_an_article_about_its_trade(tagger):
    launch = tagger.tag("苹果昨晚发布了新款iPhone，小米和一加也将在下月推出新机。分析师认为苹果今年的利润仍将增长。",
                        keywords=False)
    assert [(m.text, m.norm) for m in launch.mentions_of("ORG")] == [
        ("苹果", "苹果公司"), ("小米", "小米集团"), ("一加", "深圳市万普拉斯科技有限公司"), ("苹果", "苹果公司")]
    chip = tagger.tag("新机搭载高通的芯片。", keywords=False)
    assert [(m.text, m.norm) for m in chip.mentions_of("ORG")] == [("高通", "高通公司")]
    cars = tagger.tag("蔚来、小鹏和理想汽车公布了上月的交付数据。", keywords=False)
    assert [(m.text, m.norm) for m in cars.mentions_of("ORG")][1] == ("小鹏", "小鹏汽车")
    pc = tagger.tag("联想发布了新款笔记本电脑。", keywords=False)
    assert [(m.text, m.norm) for m in pc.mentions_of("ORG")] == [("联想", "联想集团")]
    traditional = tagger.tag("蘋果昨晚發布了新款iPhone。", keywords=False)
    assert [(m.text, m.norm) for m in traditional.mentions_of("ORG")] == [("蘋果", "蘋果公司")]  # norms as written


@pytest.mark.parametrize("text", [
    "秋天的苹果又甜又脆，小米粥也很养胃。",
    "这是全体队员的荣耀。",
    "很多人用手机玩王者荣耀。",  # the game
    "一加一等于二。",
    "为了提高通过率，考生都在努力。",  # 提高|通过
    "这款手机让人联想到十年前的电脑。",  # the verb, in a sentence of the trade
])
def test_a_brand_that_is_a_word_is_the_word_elsewhere(tagger, text):
    assert tagger.tag(text, keywords=False).mentions_of("ORG") == []


def test_a_brand_that_is_a_given_name_is_no_firm_outside_its_trade(tagger):
    doc = tagger.tag("小鹏今天开着汽车上学，李小鹏再夺双杠金牌。", keywords=False)
    assert [m.text for m in doc.mentions_of("ORG")] == []


def test_firms_of_food_retail_and_ai_named_by_their_short_names(tagger):
    doc = tagger.tag("海底捞、喜茶和名创优品门店客流回升，小米汽车与智谱宣布合作，梅西所在的迈阿密国际取胜。", keywords=False)
    assert spans(doc, "ORG") == ["海底捞", "喜茶", "名创优品", "小米汽车", "智谱", "迈阿密国际"]


def test_leagues_and_phone_makers_named_by_short_names_are_organisations(tagger):
    doc = tagger.tag("NBA常规赛继续进行，中超联赛本周停赛；OPPO和vivo的出货量均有增长。", keywords=False)
    assert spans(doc, "ORG") == ["NBA", "中超联赛", "OPPO", "vivo"]


def test_bank_initials_in_a_list_of_banks_are_the_banks(tagger):
    doc = tagger.tag("一季度，工、农、中、建四大行的净息差均有收窄，交通银行则基本持平。", keywords=False)
    assert norms(doc, "ORG") == {
        "工": "中国工商银行", "农": "中国农业银行", "中": "中国银行", "建": "中国建设银行", "交通银行": "交通银行",
    }
    leaders = tagger.tag("中、美、日三国代表出席了会议，工、农两业协调发展。", keywords=False)
    assert spans(leaders, "ORG") == []


def test_a_portal_is_its_company_inside_its_products_and_a_word_holding_it_is_none(tagger):
    doc = tagger.tag("网友在新浪微博上转发了这条消息，新浪乐居随后跟进。", keywords=False)
    assert spans(doc, "ORG") == ["新浪", "新浪乐居"]
    film = tagger.tag("这部影片被视为法国新浪潮的代表作。", keywords=False)
    assert spans(film, "ORG") == []


def test_a_news_sources_name_ends_before_its_dateline(tagger):
    doc = tagger.tag("新浪财经讯 近日，腾讯公司与中兴通讯签署合作协议。", keywords=False)
    assert spans(doc, "ORG") == ["新浪财经", "腾讯公司", "中兴通讯"]


@pytest.mark.parametrize("tagger_name", ["tagger", "rule_tagger"])
def test_ordinary_words_jieba_tags_as_names_are_no_names(tagger_name, request):
    tagger = request.getfixturevalue(tagger_name)
    doc = tagger.tag("她留着齐刘海，穿一件皮草马甲；医生说宝宝要多吃胡萝卜。", keywords=False)
    assert [m.text for m in doc.mentions if m.label in ("PER", "LOC", "ORG")] == []
    beside_titles = tagger.tag("他晋升为教授那年，公司董事长易主后股价大涨。", keywords=False)
    assert [m.text for m in beside_titles.mentions if m.label in ("PER", "LOC", "ORG")] == []
    painter = tagger.tag("画家刘海粟的作品在上海展出。", keywords=False)
    assert "刘海粟" in spans(painter, "PER")
    brat = tagger.tag("邻居家的熊孩子说要去公园。", keywords=False)  # 熊, a surname, and 孩子 before a verb of saying
    assert spans(brat, "PER") == []


@pytest.mark.parametrize("text", [
    "第五句：You’re welcome。",
    "她说了一句sorry就走了。",
    "今年的halloween派对在商场举行。",
])
def test_english_words_in_latin_letters_are_no_names(tagger, text):
    assert [m.text for m in tagger.tag(text, keywords=False).mentions if m.label in ("PER", "LOC", "ORG")] == []


@pytest.mark.parametrize("tagger_name", ["tagger", "rule_tagger"])
def test_a_name_one_gives_is_a_person(tagger_name, request):
    tagger = request.getfixturevalue(tagger_name)
    post = tagger.tag("大家好，我叫郑新民哈哈哈哈，来自遵义。", keywords=False)
    assert spans(post, "PER") == ["郑新民"]
    traditional = tagger.tag("大家好，我叫鄭新民，來自台北。", keywords=False)
    assert spans(traditional, "PER") == ["鄭新民"]
    named = tagger.tag("村里一位名叫罗小军的孩子考上了大学。", keywords=False)
    assert spans(named, "PER") == ["罗小军"]
    inside_words = tagger.tag("锡林郭勒草原名马节开幕，日本名古屋市的代表也来了。", keywords=False)
    assert spans(inside_words, "PER") == []


def test_a_name_written_twice_in_a_row_is_two_mentions(tagger):
    doc = tagger.tag("下次见许婧许婧", keywords=False)
    assert [(m.start, m.end) for m in doc.mentions if m.label == "PER"] == [(3, 5), (5, 7)]


def test_nothing_is_named_inside_a_web_address(tagger):
    doc = tagger.tag("转发抽奖赢华为手机，地址：http://t.cn/RvvXJFT 详见www.stats.gov.cn/sj/2025", keywords=False)
    assert [(m.text, m.label) for m in doc.mentions] == [("华为", "ORG")]


#: Names on news text the model reads wrongly without a rule or an entry: (text, label, the spans of that label).
#: A known gap: the BiLSTM trained with name-replaced copies (issue 16) no longer reads “远望”号测量船,
#: a ship named by a common word (远望, to look far), as a name; “海鹰”号科考船 it still finds, with its
#: quotes paired (tests of name_edges below keep the pairing itself covered).
SHIP_NAMED_BY_A_WORD = pytest.mark.xfail(strict=True, reason="“远望”号测量船 is not found since the augmented BiLSTM")

NEWS_NAMES = [
    pytest.param("塞尔吉-伊巴卡首节8投全中，博格巴随后换下场。", "LOC", [], id="foreign name, no country inside"),
    pytest.param("塞爾吉-伊巴卡首節8投全中，博格巴隨後換下場。", "LOC", [], id="foreign name, traditional"),
    pytest.param("双方同意推进中巴经济走廊建设，美伊谈判再度陷入僵局，印巴边境局势缓和。", "LOC",
                 ["中", "巴", "美", "伊", "印", "巴"], id="abbreviated countries stay places"),
    pytest.param("上港主场迎战苏宁，亚马逊和Uber公布财报，科沃斯扫地机器人销量增长。", "ORG",
                 ["上港", "苏宁", "亚马逊", "Uber", "科沃斯"], id="firms and a club by short names"),
    pytest.param("上港领先恒大三分，京媒称恒大将上诉。", "ORG", ["上港", "恒大", "恒大"], id="two clubs of a match"),
    pytest.param("据美国《时代周刊》报道，该刊将在北京发布报告。", "ORG", ["美国《时代周刊》"],
                 id="a title takes in both its brackets"),
    pytest.param("據美國《時代週刊》報道，該刊將在北京發佈報告。", "ORG", ["美國《時代週刊》"],
                 id="a title's brackets, traditional"),
    pytest.param("据美国《时代周刊》报道，《财经天下》周刊当天在北京发布年度报告。", "ORG", ["美国《时代周刊》", "《财经天下》周刊"],
                 id="a title after its opening bracket"),
    pytest.param("由“海鹰”号科考船和“远望”号测量船组成的船队今天驶离宁波港。", "ORG", ["“海鹰”号科考船", "“远望”号测量船"],
                 id="a quote the name closes takes in its opening quote", marks=SHIP_NAMED_BY_A_WORD),
    pytest.param("由“海鷹”號科考船和“遠望”號測量船組成的船隊今天駛離寧波港。", "ORG", ["“海鷹”號科考船", "“遠望”號測量船"],
                 id="a name's quotes, traditional", marks=SHIP_NAMED_BY_A_WORD),
    pytest.param("海南“椰风”合作社与台湾“工商建研会”签署协议。", "ORG", ["海南“椰风”合作社", "台湾“工商建研会”"],
                 id="a quote the name opens takes in its closing quote"),
    pytest.param("欧洲航天局（ESA）和加拿大航天局（CSA）联合发射卫星。", "ORG", ["欧洲航天局", "加拿大航天局"],
                 id="a name ends before an aside"),
    pytest.param("清华北大MBA的学生，京东腾讯沃尔玛都来了。郑州共青团市委发布通知。", "ORG",
                 ["清华", "北大", "京东", "腾讯", "沃尔玛", "郑州共青团市委"], id="organisations in a row"),
    pytest.param("揭牌仪式上，恒大法拉第未来智能汽车（中国）集团正式亮相。", "ORG", ["恒大法拉第未来智能汽车（中国）集团"],
                 id="a full name holding two organisations"),
    pytest.param("iG夺冠后，FF与恒大健康的纠纷也有了进展。", "ORG", ["iG", "FF", "恒大健康"],
                 id="a club, a carmaker and a firm by their short names"),
    pytest.param("音集协发出公告后，维密和智米也回应了。", "ORG", ["音集协", "维密", "智米"],
                 id="an association and brands by their short names"),
    pytest.param("国足昨晚客场取胜，国乒和国羽也传来捷报。全国足球甲级联赛下周开幕，我国乒乓球运动在中国足球之前就已普及。",
                 "ORG", ["国足", "国乒", "国羽"], id="national teams by their short names, not inside other words"),
    pytest.param("U19国足队长入选国足名单。", "ORG", ["U19国足", "国足"], id="a youth national team is its own"),
    pytest.param("里约奥运会后，塞尔吉-伊巴卡转会猛龙。全程10公里约需半小时。", "LOC", ["里约"],
                 id="Rio by its short name, not in a length"),
    pytest.param("里约奥运会后，塞尔吉-伊巴卡转会猛龙，伊巴卡拿下20分。", "PER", ["塞尔吉-伊巴卡", "伊巴卡"],
                 id="a player the model leaves unread"),
    pytest.param("井山裕太九段和平野美宇都出席了颁奖礼。", "PER", ["井山裕太", "平野美宇"], id="Japanese names"),
    pytest.param("记者采访了全红婵和石智勇。", "PER", ["全红婵", "石智勇"], id="Olympic champions the model leaves unread"),
    pytest.param("中華職棒統一獅昨晚擊敗樂天桃猿。", "ORG", ["中華職棒", "統一獅", "樂天桃猿"], id="Taiwan's baseball league and teams"),
    pytest.param("客场作战的曼城2比0取胜，哈兰德梅开二度。", "PER", ["哈兰德"], id="a scorer before the idiom for scoring twice"),
    pytest.param("设计师Riccardo Tisci与歌手Kanye West出席了Calvin Klein的发布会，Marvel Studios也到场。", "PER",
                 ["Riccardo Tisci", "Kanye West"], id="Latin names of people"),
    pytest.param("设计师Riccardo Tisci与歌手Kanye West出席了Calvin Klein的发布会，Marvel Studios也到场。", "ORG",
                 ["Calvin Klein", "Marvel Studios"], id="a brand named after its founder, a studio"),
    pytest.param("威少和Gaga都出席了晚会。", "PER", ["威少", "Gaga"], id="a player's nickname, a singer's stage name"),
    pytest.param("库里和隆多都上场了，麦基替补。他在仓库里找到了球衣。", "PER", ["库里", "隆多", "麦基"],
                 id="players, and no player in a store"),
    pytest.param("公司回应称不会搬离北京总部，中国公司在海外的投资继续增长。", "ORG", [], id="a firm's office is the place"),
    pytest.param("公司回應稱不會搬離北京總部，中國公司在海外的投資繼續增長。", "LOC", ["北京", "中國"],
                 id="a firm's office, traditional"),
    pytest.param("台积电董事长魏哲家宣布，将于高雄设厂。", "LOC", ["高雄"], id="a plant set up in a place"),
    pytest.param("台積電董事長魏哲家宣布，將於高雄設廠，並在台南建廠。", "LOC", ["高雄", "台南"],
                 id="a plant set up in a place, traditional"),
    pytest.param("会上，百度Apollo发布了新一代自动驾驶平台。", "ORG", ["百度"], id="no name ends inside a Latin word"),
    pytest.param("他是一名YouTuber，也在YouTube和Netflix上发视频。ofo回应称将退还押金。", "ORG",
                 ["YouTube", "Netflix", "ofo"], id="a Latin entry names a whole word"),
    pytest.param("叶黄素和凡士林的销量上涨，新款MacBook也用上了刘海屏。", "PER", [], id="products are no persons"),
    pytest.param("他在家弹尤克里里，看斯诺克比赛，桌上摆着马卡龙和罗勒派。", "PER", [], id="a ukulele, snooker, macarons"),
    pytest.param("这家车企早已经是金玉其外，败絮其内。", "PER", [], id="an idiom"),
    pytest.param("拍卖会上，百达翡丽和江诗丹顿的古董表成交价最高，劳力士次之。", "ORG", ["百达翡丽", "江诗丹顿", "劳力士"],
                 id="watchmakers"),
    pytest.param("据中公教育和华图教育统计，今年报考人数创新高，名单已在简章中公布。", "ORG", ["中公教育", "华图教育"],
                 id="exam-coaching firms"),
    pytest.param("亚马逊雨林和亚马逊河流域遭遇干旱；KTV经营者下调价格，暑假北上港澳的游客增多。", "ORG", [],
                 id="the Amazon forest, a karaoke bar"),
    pytest.param("女排世锦赛小组赛，巴西3比0横扫日本，取得三连胜。", "ORG", ["巴西"],
                 id="a country the model reads as its team"),
    pytest.param("女排世錦賽小組賽，巴西3比0橫掃日本，取得三連勝。", "ORG", ["巴西"],
                 id="a country the model reads as its team, traditional"),
    pytest.param("意甲第十轮，亚特兰大2比0击败帕尔马，升至积分榜第四。", "ORG", ["意甲", "亚特兰大", "帕尔马"],
                 id="a city the model reads as its club"),
    pytest.param("利物浦的码头今年吞吐量增长了一成。", "LOC", ["利物浦"], id="outside sport a city stays the place"),
    pytest.param("北京时间今天凌晨，苹果公司发布新款手机，北京的门店排起长队。", "LOC", ["北京"],
                 id="Beijing time is no place"),
    pytest.param("北京時間今天凌晨，蘋果公司發佈新款手機，北京的門店排起長隊。", "LOC", ["北京"],
                 id="Beijing time is no place, traditional"),
    pytest.param("商家给出更多优惠来吸引顾客，惠来县的荔枝也上市了。", "LOC", ["惠来县"],
                 id="no county's short form across two words"),
    pytest.param("英超第九轮，伯恩利主场2比1击败富勒姆，西汉姆联客场不敌狼堡。", "ORG", ["英超", "伯恩利", "富勒姆", "西汉姆联"],
                 id="clubs of a match report, by a town or by no place"),
    pytest.param("英超第九輪，伯恩利主場2比1擊敗富勒姆。", "ORG", ["英超", "伯恩利", "富勒姆"],
                 id="clubs of a match report, traditional"),
    pytest.param("回顾亚特兰大奥运会，中国女排曾在交锋中击败古巴队。", "LOC", ["亚特兰大"],
                 id="the city that hosts the games is no club"),
    pytest.param("亚洲盘上主队让半球，球队近期3连平，客队则两连胜。", "LOC", [],
                 id="the Asian handicap and draws in a row are no places"),
    pytest.param("洛里昂主场迎战里尔，这场德比备受关注。", "ORG", ["洛里昂", "里尔"], id="a club whose name holds another city's"),
    pytest.param("诺基亚与爱立信签署5G协议，上海华瑞银行和雀巢也参加了签约仪式。", "ORG",
                 ["诺基亚", "爱立信", "上海华瑞银行", "雀巢"], id="foreign companies, and a bank holding a short name"),
    pytest.param("华纳兄弟和索尼影业联合出品的影片下月上映，暴雪娱乐宣布推出新作。", "ORG",
                 ["华纳兄弟", "索尼影业", "暴雪娱乐"], id="film and game companies"),
    pytest.param("但是蒙塔里离队的消息让球迷失望。", "ORG", [], id="leaving the team names no team"),
    pytest.param("华为Mate60系列手机今天开售，腾讯QQ也推出了新版本。", "ORG", ["华为", "腾讯"],
                 id="a brand, not its product named in Latin after it"),
    pytest.param("主队昨晚在米兰3比1击败客队，随后将在利物浦迎战切尔西。", "LOC", ["米兰", "利物浦"],
                 id="the cities where matches are played"),
    pytest.param("高盛上调了目标价，戴尔和戴森的新品本周开售。", "ORG", ["高盛", "戴尔", "戴森"],
                 id="foreign firms whose short names start with a surname"),
    pytest.param("法工委研究室吴高盛认为，创始人迈克尔·戴尔出席了发布会。", "PER", ["吴高盛", "迈克尔·戴尔"],
                 id="persons whose names hold those firms' names"),
    pytest.param("本季Versace和Celine都推出了新款手袋，GUCCI的销量也在上涨，范思哲的门店将扩至百家。", "ORG",
                 ["Versace", "Celine", "GUCCI", "范思哲"], id="fashion houses under their Latin and Chinese names"),
    pytest.param("本季Versace和Celine都推出了新款手袋，GUCCI的銷量也在上漲，范思哲的門店將擴至百家。", "ORG",
                 ["Versace", "Celine", "GUCCI", "范思哲"], id="fashion houses, traditional"),
    pytest.param("Gianni Versace于1978年创立品牌，Hubert de Givenchy曾为赫本设计礼服。", "PER",
                 ["Gianni Versace", "Hubert de Givenchy"], id="a house's founder under his full name"),
    pytest.param("前锋迪奥普梅开二度，瓜迪奥拉赛后称赞了他。", "ORG", [],
                 id="names that start with a house's Chinese name"),
    pytest.param("在英雄联盟全球总决赛中，iG战队夺冠。", "ORG", ["iG战队"], id="a game whose title ends like an alliance"),
    pytest.param("在英雄聯盟全球總決賽中，iG戰隊奪冠。", "ORG", ["iG戰隊"], id="a game whose title ends like an alliance, traditional"),
    pytest.param("他在Twitter和Instagram上发文，称Google与T-Mobile的合作将延续到明年。", "ORG",
                 ["Twitter", "Instagram", "Google", "T-Mobile"], id="internet firms and carriers in Latin letters"),
    pytest.param("记者看到，Booking与Waymo的合作方案里，H&M和Miu Miu也在名单上。", "ORG",
                 ["Booking", "Waymo", "H&M", "Miu Miu"], id="travel, car and fashion firms in Latin letters"),
    pytest.param("新款Apple Pencil和Apple Watch Series 4同时发布，IBM CEO出席了活动。", "ORG",
                 ["Apple", "Apple", "IBM"], id="a brand, not its product or its officer in Latin after a space"),
    pytest.param("新款Apple Pencil和Apple Watch Series 4同時發布，IBM CEO出席了活動。", "ORG",
                 ["Apple", "Apple", "IBM"], id="a brand, not its product after a space, traditional"),
    pytest.param("詹姆斯带领英格拉姆和库兹马展开反击。", "PER", ["詹姆斯", "英格拉姆", "库兹马"],
                 id="a player's name after a verb that ends like a firm's Chinese name"),
]


@pytest.mark.parametrize("text, label, names", NEWS_NAMES)
def test_names_in_news_text(tagger, text, label, names):
    assert spans(tagger.tag(text, keywords=False), label) == names


@pytest.mark.parametrize("text, span, edges", [
    ("由“青岛”号导弹驱逐舰和", "青岛”号导弹驱逐舰", "“青岛”号导弹驱逐舰"),
    ("台湾“工商建研会”和", "台湾“工商建研会", "台湾“工商建研会”"),
    ("罗凡·莫斯卡伦科”号目前", "莫斯卡伦科”号", "莫斯卡伦科”号"),  # no opening quote near: kept as it is
    ("他说“好”，青岛”号", "青岛”号", "青岛”号"),  # the quote before is closed already, and past a comma
    ("台湾“工商建研和", "台湾“工商建研", "台湾“工商建研"),  # no closing quote next to it: kept
])
def test_a_name_pairs_its_quotes_when_the_other_half_is_next_to_it(text, span, edges):
    start = text.index(span)
    first, last = name_edges(text, start, start + len(span))
    assert text[first:last] == edges


def test_the_amazon_river_and_forest_are_places(tagger):
    doc = tagger.tag("亚马逊雨林和亚马逊河流域遭遇干旱，亚马逊公司的股价下跌。", keywords=False)
    assert spans(doc, "LOC") == ["亚马逊雨林", "亚马逊河"]
