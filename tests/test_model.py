"""The name model: shipped in the package, finds names no dictionary holds, yields to the user's dictionary.

All sentences are our own; the names in them are made up.
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
from importlib import resources
from pathlib import Path

import numpy as np
import pycrfsuite
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhtag import Tagger
from zhtag.cli import main
from zhtag.crf import CrfDecoder, _TokenTable
from zhtag.dictionaries import load_rules
from zhtag.document import Document, Mention
from zhtag.features import MAX_SENTENCE_CHARS, SENTENCE_ENDS, FeatureExtractor, normalize_chars, sentence_bounds
from zhtag.recognizers.lexicon import Lexicon
from zhtag.segment import Segmenter
from zhtag.recognizers.model import LabelledSpans, ModelRecognizer, load_model
from zhtag.recognizers.name_consistency import (
    latin_names_of_people,
    names_without_a_word_before,
    names_without_a_word_run_on,
    one_reading_of_a_person,
    parts_of_foreign_names,
    whole_names,
)
from zhtag.train import mention_replacements, train


@pytest.fixture(scope="module")
def model() -> ModelRecognizer:
    return ModelRecognizer()


def model_spans(tagger: Tagger, model: ModelRecognizer, text: str) -> set[tuple[str, str]]:
    """The model's own proposals, before the resolver sees them."""
    doc = Document(text=text, tokens=tagger.segmenter.segment(text))
    return {(m.text, m.label) for m in model.find(doc)}


def entities(doc: Document) -> list[tuple[str, str, str]]:
    return [(m.text, m.label, m.source) for m in doc.mentions if m.label in ("PER", "LOC", "ORG")]


def test_model_ships_inside_the_installed_package_with_its_card(model):
    folder = resources.files("zhtag.models")
    assert (folder / "ner.crfsuite").is_file()
    card = json.loads((folder / "ner.json").read_text(encoding="utf-8"))
    assert card["sentences"] > 10_000
    assert {corpus["file"] for corpus in card["corpora"]} >= {"msra_train.jsonl"}
    assert card["command"].startswith("python -m zhtag.train --corpus")
    assert model.card == card


def test_tagger_uses_the_model_by_default_and_can_do_without():
    assert any(isinstance(r, ModelRecognizer) for r in Tagger().recognizers)
    assert not any(isinstance(r, ModelRecognizer) for r in Tagger(model=False).recognizers)


def test_unseen_person_without_a_title(tagger):
    doc = tagger.tag("昨天下午，龚晓岚在社区图书馆给孩子们讲了一个故事。", keywords=False)
    assert ("龚晓岚", "PER", "model") in entities(doc)


def test_unseen_person_among_known_places(tagger):
    doc = tagger.tag("上周，柏思远带队走访了遵义市的三家企业。", keywords=False)
    assert entities(doc) == [("柏思远", "PER", "model"), ("遵义市", "LOC", "lexicon")]


@pytest.mark.parametrize(
    "text, company",
    [
        ("铭川睿达科技公司宣布在成都设立研发中心。", "铭川睿达科技公司"),
        ("昨天，云岭智联在昆明发布了新一代物流机器人。", "云岭智联"),  # the CRF alone reads a person
    ],
)
def test_unseen_company(tagger, model, text, company):
    assert (company, "ORG") in model_spans(tagger, model, text)
    doc = tagger.tag(text, keywords=False)
    assert [m.text for m in doc.mentions_of("ORG")] == [company]


@pytest.mark.parametrize(
    "text, entry",
    [
        ("钟薛高宣布推出一款新品雪糕。", "钟薛高"),  # the model reads a person (钟薛 or 钟薛高)
        ("黎明湖畔的晨曦书店今天开业，店主岳青禾说生意不错。", "晨曦书店"),  # the model reads a longer place
    ],
)
def test_user_dictionary_overrides_a_model_span(tmp_path, model, text, entry):
    start = text.index(entry)
    segmented = Document(text=text, tokens=Tagger(model=False).segmenter.segment(text))
    proposed = [m for m in model.find(segmented) if m.start < start + len(entry) and start < m.end]
    assert any((m.text, m.label) != (entry, "ORG") for m in proposed), "premise: the model reads it otherwise"
    user = tmp_path / "mine.yaml"
    user.write_text(f"label: ORG\nentries:\n  - {entry}\n", encoding="utf-8")
    doc = Tagger(dictionaries=[user]).tag(text, keywords=False)
    overlapping = [m for m in doc.mentions if m.start < start + len(entry) and start < m.end]
    assert [(m.text, m.label, m.source) for m in overlapping] == [(entry, "ORG", "lexicon")]


def test_user_term_entry_is_not_renamed_by_the_model(tmp_path, model):
    text = "昨天下午，龚晓岚在社区图书馆给孩子们讲了一个故事。"
    user = tmp_path / "terms.yaml"
    user.write_text("label: TERM\nentries:\n  - 龚晓岚\n", encoding="utf-8")
    doc = Tagger(dictionaries=[user]).tag(text, keywords=False)
    assert not [m for m in doc.mentions if m.text == "龚晓岚"]


def test_full_width_digits_are_read_as_ascii_without_moving_offsets():
    text = "１９９８年…北京"
    normal = normalize_chars(text)
    assert normal == "1998年…北京"
    assert len(normal) == len(text)


CORPUS = [
    {"text": "龚晓岚在贵阳参观了鸿途远航物流公司。",
     "entities": [{"start": 0, "end": 3, "label": "PER"}, {"start": 4, "end": 6, "label": "LOC"},
                  {"start": 9, "end": 17, "label": "ORG"}]},
    {"text": "柏思远说，遵义的企业很有活力。",
     "entities": [{"start": 0, "end": 3, "label": "PER"}, {"start": 5, "end": 7, "label": "LOC"}]},
    {"text": "铭川睿达科技公司今年新招了一百名工程师。",
     "entities": [{"start": 0, "end": 8, "label": "ORG"}, {"start": 8, "end": 10, "label": "DATE"}]},
    {"text": "我们明天去成都看看。", "entities": []},
]


def write_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "train.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in CORPUS), encoding="utf-8")
    return corpus


def test_training_leaves_out_held_out_and_unlabelled_dictionary_names_and_writes_a_loadable_model(tmp_path):
    corpus = write_corpus(tmp_path)
    held_out = tmp_path / "dev.jsonl"
    held_out.write_text(json.dumps({"text": CORPUS[1]["text"], "entities": []}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "tiny.crfsuite"
    card = train([corpus], out, held_out=[held_out], max_iterations=20, min_freq=1)
    assert card["corpora"] == [
        {"file": "train.jsonl", "sentences": 2, "characters": 38, "dropped_held_out": 1, "dropped_missing_dictionary_name": 1}
    ]
    assert json.loads(out.with_suffix(".json").read_text(encoding="utf-8")) == card
    recognizer = ModelRecognizer(out)
    text = CORPUS[0]["text"]
    doc = Document(text=text, tokens=Tagger(model=False).segmenter.segment(text))
    assert all(m.source == "model" and m.label in ("PER", "LOC", "ORG") for m in recognizer.find(doc))


def test_replacement_copies_hold_other_names_of_the_same_label_in_the_same_context():
    copies = list(mention_replacements(CORPUS, random.Random(3)))
    assert len(copies) == 3  # the sentence without a name has no copy
    names = {label: {r["text"][e["start"]:e["end"]] for r in CORPUS for e in r["entities"] if e["label"] == label}
             for label in ("PER", "LOC", "ORG")}
    for original, copy in zip(CORPUS[:3], copies):
        assert [e["label"] for e in copy["entities"]] == [e["label"] for e in original["entities"]]
        pieces, position = [], 0
        for before, after in zip(original["entities"], copy["entities"]):
            name = copy["text"][after["start"]:after["end"]]
            assert name == after["text"]
            if before["label"] in names:
                assert name in names[before["label"]]
            else:  # a DATE stays as written
                assert name == original["text"][before["start"]:before["end"]]
            pieces.append(copy["text"][position:after["start"]])
            position = after["end"]
        assert "".join(pieces) + copy["text"][position:] == "".join(
            original["text"][a["end"]:b["start"]] for a, b in zip([{"end": 0}] + original["entities"], original["entities"])
        ) + original["text"][original["entities"][-1]["end"]:]


def test_training_with_augment_adds_the_copies_and_says_so_in_the_card(tmp_path):
    out = tmp_path / "augmented.crfsuite"
    card = train([write_corpus(tmp_path)], out, held_out=[], max_iterations=5, augment=True)
    # one copy of each of the three sentences kept that hold a name
    assert [(c["sentences"], c["replacement_copies"]) for c in card["corpora"]] == [(3, 3)]
    assert card["params"]["augment"] is True
    assert card["command"].endswith(" --augment")


def test_zhtag_train_command_writes_model_and_card(tmp_path):
    out = tmp_path / "cli.crfsuite"
    args = ["train", "--corpus", str(write_corpus(tmp_path)), "-o", str(out), "--max-iterations", "5", "--min-freq", "2"]
    assert main(args) == 0
    assert ModelRecognizer(out).card["command"].endswith("--max-iterations 5 --min-freq 2")


def test_training_command_fails_clearly_without_its_corpus(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "zhtag.train", "--corpus", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "m.crfsuite")],
        capture_output=True, text=True,
    )
    assert result.returncode == 2
    assert "missing.jsonl" in result.stderr


@pytest.mark.parametrize(
    "text, generic",
    [
        ("中心主任龚晓岚说，中心今年将增加二十名研究人员。", "中心"),
        ("据公司公告，集团下属的三家工厂已经复工。", "集团"),
        ("法院审理后认为，被告的宣传构成虚假宣传。", "法院"),
        ("海关近日查获一批走私冻品，监管部门已介入调查。", "海关"),
    ],
)
def test_generic_words_alone_are_no_organisation(tagger, text, generic):
    organisations = [m.text for m in tagger.tag(text, keywords=False).mentions_of("ORG")]
    assert generic not in organisations
    assert not {"公司", "中心", "部委", "厅局", "集团", "法院", "海关", "监管部门"} & set(organisations)


@pytest.mark.parametrize(
    "text",
    [
        "游客在广场上合影，步行街的商场里人头攒动，球队在联盟排名第三，教练组随后调整了阵容，研究所发了声明，协会也表示支持。",
        "遊客在廣場上合影，步行街的商場裡人頭攢動，球隊在聯盟排名第三，教練組隨後調整了陣容，研究所發了聲明，協會也表示支持。",
    ],
)
def test_generic_places_and_bodies_alone_are_no_names(tagger, text):
    doc = tagger.tag(text, keywords=False)
    assert doc.mentions_of("LOC") == [] and doc.mentions_of("ORG") == []


def test_a_place_named_by_a_generic_word_and_its_own_name_is_still_a_place(tagger):
    doc = tagger.tag("周末，红山动物园和天安门广场游人如织。", keywords=False)
    assert [m.text for m in doc.mentions_of("LOC")] == ["红山动物园", "天安门广场"]


@pytest.mark.parametrize(
    "text",
    ["他揉了揉太阳穴，戴上太阳镜去晒太阳，屋顶装着太阳能板。", "他揉了揉太陽穴，戴上太陽鏡去曬太陽，屋頂裝著太陽能板。"],
)
def test_things_named_after_the_sun_hold_no_place(tagger, text):
    assert tagger.tag(text, keywords=False).mentions_of("LOC") == []


@pytest.mark.parametrize("text", [
    "她去年考下了CPA，今年准备读EMBA。",
    "这款应用支持iBeacon和Eddystone两种协议。",
    "学校开设A-level和STEM课程，学生可以用iPad上课。",
    "新款SUV配有4K屏幕。",
])
def test_products_standards_and_degrees_in_latin_letters_are_no_organisations(tagger, text):
    """The model alone reads CPA, iBeacon, STEM and SUV here as organisations."""
    assert tagger.tag(text, keywords=False).mentions_of("ORG") == []


def test_identifiers_of_program_code_are_no_names(tagger):
    """The model alone reads videoList as a person: a web page's script left in the text."""
    doc = tagger.tag("网页里残留着onAfterLoad和videoList两段脚本，读者看到的正文夹着代码。", keywords=False)
    assert [m for m in doc.mentions if m.label in ("PER", "ORG", "LOC")] == []


def test_a_brand_in_camel_case_is_still_a_name(tagger):
    doc = tagger.tag("美国游戏开发商inXile去年被微软收购。", keywords=False)
    assert [m.text for m in doc.mentions_of("ORG")] == ["inXile", "微软"]


def test_a_generic_word_with_its_own_name_is_still_an_organisation(tagger):
    doc = tagger.tag("铭川睿达科技公司宣布在成都设立研发中心。", keywords=False)
    assert [m.text for m in doc.mentions_of("ORG")] == ["铭川睿达科技公司"]


def test_character_features_read_the_right_neighbours():
    tokens = Tagger(model=False).segmenter.segment("柏思远到遵义")
    (offsets, features), = FeatureExtractor().sentences(tokens, "柏思远到遵义")
    assert offsets == [0, 1, 2, 3, 4, 5]
    assert {"c=思", "c-1=柏", "c+1=远", "c-2=^", "c+2=到", "b-1=柏思", "b+1=思远", "t=HHH"} <= set(features[1])
    assert {"c=义", "c-1=遵", "c+1=$", "c+2=$", "b-1=遵义", "b+1=义$", "t=HHP"} <= set(features[5])


def test_word_clusters_become_features_only_when_given():
    tokens = Tagger(model=False).segmenter.segment("北京")
    with_clusters = FeatureExtractor({"北京": ("7", "3")}).sentences(tokens, "北京")
    (_, features), = with_clusters
    assert "k=B7" in features[0] and "kk=3" in features[0]
    (_, plain), = FeatureExtractor().sentences(tokens, "北京")
    assert not [f for f in plain[0] if f.startswith("k")]


def test_the_model_is_loaded_once_per_process():
    assert ModelRecognizer()._decoder._state is ModelRecognizer()._decoder._state


AWKWARD_TEXTS = [
    "柏思远到遵义。",
    "据新华社北京１２月３日电，中汽协发布的数据显示，１１月新能源汽车销量同比增长２４．６％。",
    "“星河湾·锦绣城”项目由粤港澳大湾区（广州）投资有限公司开发，CEO Lin说：下周开盘！",
    "🚀长征五号遥八运载火箭在文昌航天发射场点火升空🚀，𠮷野家门店外排起长队",
    "\ufa6c\ufad5与𤋮字：兼容汉字折成扩展区的字，𝐀𝐁𝐂 公司",  # BMP characters whose NFKC form lies beyond the BMP
    "1" * 400 + "元",
    "。。。！？",
    "黔灵山公园管理处的柏思远说，游客比去年多了三成。" * 200,  # beyond one decoding batch (BATCH_CHARS)
    "北京\n\n上海    |    广州 深圳",
    "王明\n中国银行发布年报\n李强\n深圳市政府",  # sentences cut at line breaks: no suffix reaches back across
    "",
]


@pytest.mark.parametrize("text", AWKWARD_TEXTS)
def test_the_numpy_decoder_labels_every_character_as_crfsuite_does(tagger, text):
    crfsuite = pycrfsuite.Tagger()
    crfsuite.open(str(resources.files("zhtag.models") / "ner.crfsuite"))
    tokens = tagger.segmenter.segment(text)
    expected = [(offsets, crfsuite.tag(features)) for offsets, features in FeatureExtractor().sentences(tokens, text)]
    decoder = ModelRecognizer(lstm=False)._decoder  # the CRF alone, as crfsuite has it
    got = [(offsets.tolist(), [decoder.labels[i] for i in ids]) for offsets, ids in decoder.label(tokens, text)]
    assert got == expected


def test_documents_decoded_together_get_the_labels_each_gets_alone(tagger, model):
    decoder = model._decoder
    documents = [(tagger.segmenter.segment(text), text) for text in AWKWARD_TEXTS]
    alone = [[(offsets.tolist(), ids.tolist()) for offsets, ids in decoder.label(*document)] for document in documents]
    together = [[(offsets.tolist(), ids.tolist()) for offsets, ids in labelled] for labelled in decoder.label_many(documents)]
    assert together == alone


def test_labels_do_not_depend_on_which_tokens_the_decoder_still_keeps(tagger, model, monkeypatch):
    """What the decoder works out of a token seen before is kept in a bounded table, emptied when full."""
    documents = [(tagger.segmenter.segment(text), text) for text in AWKWARD_TEXTS]
    expected = [[(offsets.tolist(), ids.tolist()) for offsets, ids in decoder_labels] for decoder_labels in
                model._decoder.label_many(documents)]
    monkeypatch.setattr(_TokenTable, "TOKENS", 7)
    monkeypatch.setattr(_TokenTable, "CHARS", 300)  # smaller than a batch: rows computed and not kept
    tables, _, _, scorer = load_model()
    small = CrfDecoder(tables, FeatureExtractor(), scorer)
    for _ in range(2):
        got = [[(offsets.tolist(), ids.tolist()) for offsets, ids in small.label(*document)] for document in documents]
        assert got == expected


def test_a_model_trained_with_word_clusters_decodes_as_crfsuite_does(tmp_path):
    table = {"龚晓岚": ("7", "3"), "贵阳": ("2", "1"), "公司": ("5", "2"), "遵义": ("2", "1")}
    extractor = FeatureExtractor(table)
    segmenter = Tagger(model=False).segmenter
    trainer = pycrfsuite.Trainer(verbose=False)
    for record in CORPUS:
        text = record["text"]
        labels = ["O"] * len(text)
        for entity in record["entities"]:
            for i in range(entity["start"], entity["end"]):
                labels[i] = ("B-" if i == entity["start"] else "I-") + entity["label"]
        for offsets, features in extractor.sentences(segmenter.segment(text), text):
            trainer.append(features, [labels[i] for i in offsets])
    trainer.set_params({"max_iterations": 20})
    out = tmp_path / "clustered.crfsuite"
    trainer.train(str(out))
    out.with_suffix(".clusters").write_text("".join(f"{word}\t{fine}\t{coarse}\n" for word, (fine, coarse) in table.items()),
                                            encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps({"clusters": {"file": "clustered.clusters"}}), encoding="utf-8")
    recognizer = ModelRecognizer(out)
    decoder = recognizer._decoder
    assert any(name.startswith("kl=") for name in decoder._ids)
    crfsuite = pycrfsuite.Tagger()
    crfsuite.open(str(out))
    for text in [record["text"] for record in CORPUS] + ["龚晓岚和柏思远在遵义与贵阳之间往返。"]:
        tokens = segmenter.segment(text)
        expected = [crfsuite.tag(features) for _, features in extractor.sentences(tokens, text)]
        assert [[decoder.labels[i] for i in ids] for _, ids in decoder.label(tokens, text)] == expected


def test_a_file_that_is_no_crfsuite_model_is_refused_by_name(tmp_path):
    bogus = tmp_path / "bogus.crfsuite"
    bogus.write_bytes(b"not a model at all, just some bytes of text" * 3)
    with pytest.raises(ValueError, match=r"bogus\.crfsuite.*not a crfsuite"):
        ModelRecognizer(bogus)


def test_a_long_token_carries_no_copy_of_its_text_in_every_character():
    """A 5,000-digit run is one token: its text as a feature of each character would be quadratic."""
    text = "1" * 5000
    tokens = Tagger(model=False).segmenter.segment(text)
    features = [feature for _, sentence in FeatureExtractor().sentences(tokens, text) for row in sentence for feature in row]
    assert len(features) < 20 * len(text)
    assert not [feature for feature in features if feature.startswith("w=")]
    (_, short), = FeatureExtractor().sentences(Tagger(model=False).segmenter.segment("遵义"), "遵义")
    assert "w=B遵义" in short[0]


def test_labelled_runs_break_at_another_label_a_gap_and_a_sentence_end():
    labels = ["O", "B-PER", "I-PER", "E-PER", "S-PER", "B-LOC", "E-LOC"]
    spans = LabelledSpans(labels)
    tags = lambda *names: np.array([labels.index(name) for name in names])
    first = (np.array([0, 1, 2, 3, 4, 5, 6, 7]), tags("B-PER", "E-PER", "B-LOC", "E-LOC", "O", "E-PER", "I-PER", "B-PER"))
    # a gap in the text (offset 10 after 8) and the next sentence's start break the runs
    second = (np.array([8, 10, 11, 12]), tags("E-PER", "I-PER", "S-PER", "E-PER"))
    text = "王" * 9 + " " + "王" * 3
    assert spans.of([first, second], text) == [
        (0, 2, "PER"), (2, 4, "LOC"),
        (5, 7, "PER"),  # an I or E after O starts a run
        (7, 8, "PER"), (8, 9, "PER"), (10, 11, "PER"),
        (11, 13, "PER"),  # an E goes on the run of an S of its label
    ]
    assert spans.of([(np.array([0, 1]), tags("O", "O"))], text) == []


def test_a_labelled_run_goes_on_across_the_space_inside_a_latin_name_or_an_address_only():
    labels = ["O", "B-PER", "I-PER", "E-PER"]
    run = np.array([labels.index(name) for name in ("B-PER", "I-PER", "I-PER", "E-PER")])
    spans = LabelledSpans(labels)
    over = lambda text: spans.of([(np.array([0, 1, 3, 4]), run)], text)  # characters 0, 1, 3, 4 of ``text``
    assert over("Al Bo") == [(0, 5, "PER")]
    assert over("杨喆 罗光") == [(0, 2, "PER"), (3, 5, "PER")]
    assert over("Al 罗光") == [(0, 2, "PER"), (3, 5, "PER")]
    assert over("路9 号") == [(0, 5, "PER")]  # a number and its unit
    assert over("大道 6") == [(0, 5, "PER")]  # a street and its number
    assert over("16 国家") == [(0, 2, "PER"), (3, 5, "PER")]
    assert over("12 34") == [(0, 2, "PER"), (3, 5, "PER")]


@pytest.mark.parametrize("text, places", [
    ("新店地址：宁波市长寿南路 528 号，另一家在杭州市富阳区江滨西大道159 号。",
     ["宁波市长寿南路 528 号", "杭州市富阳区江滨西大道159 号"]),
    ("新店地址：寧波市長壽南路 528 號，另一家在杭州市富陽區江濱西大道159 號。",
     ["寧波市長壽南路 528 號", "杭州市富陽區江濱西大道159 號"]),
], ids=["simplified", "traditional"])
def test_a_street_address_written_with_spaces_is_one_place(tagger, text, places):
    assert [m.text for m in tagger.tag(text, keywords=False).mentions_of("LOC")] == places


@pytest.mark.parametrize("text", ["他笑着回答：I really like it。", "他笑著回答：I really like it。"],
                         ids=["simplified", "traditional"])
def test_an_english_sentence_is_no_name(tagger, text):
    """The model reads the sentence as one person's name; its lowercase words make it English."""
    assert entities(tagger.tag(text, keywords=False)) == []


def test_a_latin_name_may_hold_lowercase_particles(tagger):
    text = "美国证券交易委员会（Securities and Exchange Commission）周五发布声明，设计师Dries van Noten出席。"
    assert [(m.text, m.label) for m in tagger.tag(text, keywords=False).mentions if m.source == "model"] == [
        ("Securities and Exchange Commission", "ORG"), ("Dries van Noten", "PER")]


@pytest.mark.parametrize("text, reporters", [
    ("英国零售商Arcadia集团的老板Philip Green昨日在伦敦回应了媒体。设计师Dries Van Noten的新系列在巴黎发布。记者 陈志明 林小华",
     ["陈志明", "林小华"]),
    ("英國零售商Arcadia集團的老闆Philip Green昨日在倫敦回應了媒體。設計師Dries Van Noten的新系列在巴黎發佈。記者 陳志明 林小華",
     ["陳志明", "林小華"]),
], ids=["simplified", "traditional"])
def test_a_latin_name_of_several_words_is_one_person_and_chinese_names_in_a_row_stay_apart(tagger, text, reporters):
    persons = [m.text for m in tagger.tag(text, keywords=False).mentions if m.label == "PER"]
    assert persons == ["Philip Green", "Dries Van Noten", *reporters]


def sentences_one_token_at_a_time(tokens, text: str) -> list[tuple[int, int]]:
    """The definition of a sentence, walked token by token: a new one after 。！？, after a line
    break or a gap of more than one space, and before a token that would make it too long."""
    bounds, first = [], 0
    for index, token in enumerate(tokens):
        if index > first:
            before = tokens[index - 1]
            gap = token.start - before.end
            too_long = token.end - tokens[first].start > MAX_SENTENCE_CHARS
            if gap > 1 or (gap == 1 and text[before.end] == "\n") or too_long:
                bounds.append((first, index))
                first = index
        if text[token.end - 1] in SENTENCE_ENDS:
            bounds.append((first, index + 1))
            first = index + 1
    if first < len(tokens):
        bounds.append((first, len(tokens)))
    return bounds


sentence_pieces = st.sampled_from(
    ["。", "！", "?", "\n", " ", "  ", "\u3000", "\r\n", "，", "贵州", "大数据", "发展", "A1", "12"]
)
long_runs = st.builds(lambda piece, n: piece * n, st.sampled_from(["数据", "数据 ", "算"]), st.integers(50, 400))
texts_with_sentences = st.lists(st.one_of(sentence_pieces, long_runs), max_size=60).map("".join)


@settings(deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(texts_with_sentences)
def test_sentence_bounds_found_for_all_tokens_at_once_are_those_of_the_definition(text):
    tokens = Segmenter(Lexicon([])).segment(text)
    bounds = sentence_bounds(tokens, text)
    assert bounds == sentences_one_token_at_a_time(list(tokens), text)
    spans = [(tokens.ends[stop - 1] - tokens.starts[first], stop - first) for first, stop in bounds]
    assert all(chars <= MAX_SENTENCE_CHARS or count == 1 for chars, count in spans)


@pytest.mark.parametrize("text, player", [
    ("冠中冠-丁文博小组决赛3-6不敌奥古斯塔 无缘半决赛\n赛后，奥古斯塔表示对自己的状态很满意。奥古斯塔将在决赛中对阵马克。", "奥古斯塔"),
    ("冠中冠-丁文博小組決賽3-6不敵奧古斯塔 無緣半決賽\n賽後，奧古斯塔表示對自己的狀態很滿意。奧古斯塔將在決賽中對陣馬克。", "奧古斯塔"),
], ids=["simplified", "traditional"])
def test_a_player_read_once_as_a_club_is_the_person_throughout_the_article(tagger, text, player):
    """In the headline's 3-6不敌奥古斯塔 the model alone reads the player as a team; the article's
    other two readings make him the person there too."""
    named = [(m.start, m.label) for m in tagger.tag(text, keywords=False).mentions if m.text == player]
    assert named == [(16, "PER"), (30, "PER"), (46, "PER")]


def _model_mentions(*readings: tuple[str, str]) -> list[Mention]:
    return [Mention(10 * i, 10 * i + len(name), name, label, source="model")
            for i, (name, label) in enumerate(readings)]


@pytest.mark.parametrize("readings", [
    [("奥古斯塔", "PER"), ("奥古斯塔", "ORG")],  # a tie: each reading stays
    [("奥斯汀", "PER"), ("奥斯汀", "PER"), ("奥斯汀", "LOC"), ("奥斯汀", "ORG")],  # a place too: the city and its firms
    [("Celine", "PER"), ("Celine", "PER"), ("Celine", "ORG")],  # Latin: a designer's name is the house's
], ids=["tie", "read as a place too", "latin"])
def test_readings_of_a_name_stay_where_the_person_is_not_clear(readings):
    mentions = _model_mentions(*readings)
    assert one_reading_of_a_person(mentions, "model") == mentions


@pytest.mark.parametrize("name", ["柏文澜", "Camila Cabello", "Nicolas Ghesquière"])
def test_a_name_read_mostly_as_a_person_is_the_person_throughout(name):
    mentions = _model_mentions((name, "PER"), (name, "ORG"), (name, "PER"))
    assert [m.label for m in one_reading_of_a_person(mentions, "model")] == ["PER"] * 3


def test_only_the_models_readings_are_relabelled():
    mentions = _model_mentions(("柏文澜", "PER"), ("柏文澜", "PER"), ("柏文澜", "ORG"))
    entry = Mention(40, 43, "柏文澜", "ORG", source="lexicon")
    assert [m.label for m in one_reading_of_a_person(mentions + [entry], "model")] == ["PER", "PER", "PER", "ORG"]


#: The marks between the parts of a foreign name, as the bundled rules give them.
SEPARATORS = load_rules("model")["foreign_name_separators"]


@pytest.mark.parametrize("whole", ["戴维斯-贝尔坦", "戴维斯·贝尔坦", "戴維斯‧貝爾坦"])
def test_a_part_of_a_foreign_name_is_the_person_where_the_article_names_the_person_whole(whole):
    part, other = whole[:3], whole[4:]
    readings = _model_mentions((whole, "PER"), (part, "ORG"), (other, "LOC"), (part, "PER"))
    assert [m.label for m in parts_of_foreign_names(readings, "model", SEPARATORS)] == ["PER"] * 4


@pytest.mark.parametrize("whole, part", [
    ("Hanna Lindqvist", "Hanna"),
    ("Hanna Lindqvist", "Lindqvist"),
    ("Hanna Lindqvist-Berg", "Hanna"),  # a double surname
])
def test_a_word_of_a_latin_persons_name_is_the_person_where_the_article_names_the_person_whole(whole, part):
    readings = _model_mentions((whole, "PER"), (part, "ORG"), (part, "ORG"))
    assert [m.label for m in parts_of_foreign_names(readings, "model", SEPARATORS)] == ["PER"] * 3


@pytest.mark.parametrize("readings", [
    [("戴维斯贝尔坦", "PER"), ("贝尔坦", "ORG")],  # no separator: no parts to tell
    [("J·贝尔坦", "PER"), ("J", "ORG")],  # an initial
    [("Musical.ly", "PER"), ("Musical", "ORG")],  # a Latin word, and . is no separator
    [("Cate Blanchett in Armani", "PER"), ("Armani", "ORG")],  # a phrase, no given name and surname
    [("艾·贝尔坦", "PER"), ("艾", "LOC")],  # one character
], ids=["no separator", "initial", "latin", "latin phrase", "one character"])
def test_a_part_of_a_name_keeps_its_reading_where_it_is_no_foreign_name_part(readings):
    mentions = _model_mentions(*readings)
    assert parts_of_foreign_names(mentions, "model", SEPARATORS) == mentions


def test_a_latin_given_name_and_surname_is_a_person_unless_an_organisation_word_ends_it():
    rules = load_rules("persons")
    given, words = frozenset(rules["latin_given_names"]), frozenset(rules["latin_organisation_words"])
    mentions = _model_mentions(("Pete Davidson", "ORG"), ("Nicolas Ghesquière", "LOC"), ("Marvel Studios", "ORG"),
                               ("Jimmy Chin Studio", "ORG"), ("Andy Warhol基金会", "ORG"), ("Red Hat", "ORG"))
    entry = Mention(90, 102, "Calvin Klein", "ORG", source="lexicon")
    relabelled = latin_names_of_people([*mentions, entry], "model", given, words)
    assert [m.label for m in relabelled] == ["PER", "PER", "ORG", "ORG", "ORG", "ORG", "ORG"]


def test_only_the_models_parts_of_foreign_names_are_relabelled():
    entry = Mention(40, 43, "贝尔坦", "ORG", source="lexicon")
    mentions = _model_mentions(("戴维斯-贝尔坦", "PER")) + [entry]
    assert parts_of_foreign_names(mentions, "model", SEPARATORS) == mentions


@pytest.mark.parametrize("text", [
    "剧中，龚鑫年是一个创业者。观众说龚鑫年太渣了，也有人认同龚鑫年的选择。龚鑫年这个角色让演员走红。",
    "劇中，龔鑫年是一個創業者。觀眾說龔鑫年太渣了，也有人認同龔鑫年的選擇。龔鑫年這個角色讓演員走紅。",
], ids=["simplified", "traditional"])
def test_a_name_read_in_part_is_read_whole_where_the_article_names_the_person_whole(tagger, text):
    """年 of 龚鑫年 is also a word: the model reads 龚鑫 three times, 龚鑫年 once."""
    people = [(m.start, m.end) for m in tagger.tag(text, keywords=False).mentions if m.label == "PER"]
    assert people == [(3, 6), (16, 19), (28, 31), (35, 38)]


def _person_readings(text: str, *names_at: tuple[str, int]) -> list[Mention]:
    return [Mention(start, start + len(name), name, "PER", source="model") for name, start in names_at]


@pytest.mark.parametrize("text, names_at", [
    ("剧中龚翰饰演医生，龚翰饰演得好。", [("龚翰饰", 2), ("龚翰", 9)]),  # 饰演 cuts across 龚翰饰's end
    ("龚鑫年来了。龚鑫说好。", [("龚鑫年", 0), ("龚鑫", 6)]),  # 龚鑫 stands alone too: the whole is no name
    ("李奶奶笑了。李奶奶走了。", [("李奶奶", 0), ("李", 6)]),  # one character: the surname is the name
], ids=["a word across its edge", "the part alone elsewhere", "a surname"])
def test_a_part_stays_as_read_where_the_whole_name_is_not_clear(tagger, text, names_at):
    mentions = _person_readings(text, *names_at)
    assert whole_names(text, tagger.segmenter.segment(text), mentions, "model", CREDIT_VERBS) == mentions


#: The verbs of a credit after a name, as the bundled rules give them.
CREDIT_VERBS = frozenset(load_rules("model")["credit_verbs"])


@pytest.mark.parametrize("text, part, whole, across", [
    ("关键时刻，布莱德索用三分球拉开比分。赛后布莱德索表示很满意。", "布莱德", "布莱德索", "索用"),  # at its end
    ("本场比赛投手段江鹏发挥出色。赛后段江鹏表示很满意。", "江鹏", "段江鹏", "手段"),  # at its start
], ids=["end", "start"])
def test_a_part_is_made_whole_across_a_word_of_jiebas_at_the_whole_names_edge(tagger, text, part, whole, across):
    """jieba reads a word across an edge of the name (布莱德|索用, 投手|段江鹏), which the article
    reads whole elsewhere."""
    first, second = text.index(whole), text.rindex(whole)
    mentions = _person_readings(text, (part, first + whole.index(part)), (whole, second))
    tokens = tagger.segmenter.segment(text)
    assert across in [token.text for token in tokens]
    assert [(m.text, m.start) for m in whole_names(text, tokens, mentions, "model", CREDIT_VERBS)] == [
        (whole, first), (whole, second)]


def test_a_name_read_with_the_next_character_run_on_is_cut_back_where_the_article_reads_it_alone():
    text = "贺子岚赢下首局。贺子岚拿下第二局，贺子岚笑了。"
    mentions = _person_readings(text, ("贺子岚赢", 0), ("贺子岚", 8), ("贺子岚", 17))
    assert [(m.text, m.start, m.end) for m in names_without_a_word_run_on(text, mentions, "model")] == [
        ("贺子岚", 0, 3), ("贺子岚", 8, 11), ("贺子岚", 17, 20)]


@pytest.mark.parametrize("text, names_at", [
    ("上前逼抢的曹永竞摔倒，随后曹永竞断球。", [("曹永竞", 5), ("曹永", 13)]),  # 曹永 only before 竞: the model cut it
    ("贺子岚赢了。贺子岚赢了又赢。贺子岚来了。", [("贺子岚赢", 0), ("贺子岚赢", 6), ("贺子岚", 14)]),  # read whole more often
    ("王力宏唱歌。", [("王力宏", 0)]),  # no shorter reading
    ("努比亚X发布了。努比亚来了。", [("努比亚X", 0), ("努比亚", 8)]),  # a Latin letter: a model's name
], ids=["every shorter reading before the character", "the longer reading more often", "no shorter reading", "latin"])
def test_a_name_keeps_its_last_character_where_the_article_never_reads_it_without(text, names_at):
    mentions = _person_readings(text, *names_at)
    assert names_without_a_word_run_on(text, mentions, "model") == mentions


@pytest.mark.parametrize("text, person", [
    ("剧中林浅（赵丽颖饰）是一名设计师。", "赵丽颖"),  # the actor who plays the part
    ("市民在公园晨练（本报记者刘晓晨摄）", "刘晓晨"),  # the photographer
    ("剧中律师李捷（姚晨 饰）正在办案。", "姚晨"),  # the verb alone after a space
    ("劇中林淺（趙麗穎飾）是一名設計師。", "趙麗穎"),  # traditional
])
def test_a_credits_verb_is_no_part_of_the_name_before_it(tagger, text, person):
    people = [m.text for m in tagger.tag(text, keywords=False).mentions_of("PER")]
    assert person in people
    assert not [name for name in people if name.endswith(("饰", "摄", "飾", "攝"))]


@pytest.mark.parametrize("text, organisation", [
    ("卫冕冠军RNG会提前出局吗？", "RNG"),
    ("印尼国会通过了新法案。", "印尼国会"),  # a Chinese name's 会 closes it
])
def test_a_modal_verb_after_a_latin_name_is_no_part_of_it(tagger, text, organisation):
    assert organisation in [m.text for m in tagger.tag(text, keywords=False).mentions_of("ORG")]


@pytest.mark.parametrize("text, people", [
    ("替补席上还有鲁尔邓和诺阿两名老将。", ["鲁尔邓", "诺阿"]),
    ("球队签下了萨里奇和富尔茨。", ["萨里奇", "富尔茨"]),
    ("张和平与王和顺出席。", ["张和平", "王和顺"]),  # 和 inside Chinese names stays
])
def test_two_foreign_names_joined_by_a_conjunction_are_two_people(tagger, text, people):
    assert [m.text for m in tagger.tag(text, keywords=False).mentions_of("PER")] == people


@pytest.mark.parametrize("text, person", [
    ("观众为李大银欢呼。", "李大银"),
    ("二号选手李大银登场。", "李大银"),
    ("记者 何静 汤艺甜 北京报道", "汤艺甜"),
    ("粉丝投票选出“刘诗诗”为最受欢迎女演员。", "刘诗诗"),  # jieba cuts 刘诗|诗
])
def test_a_surname_read_alone_at_the_start_of_a_name_that_jieba_reads_whole_is_the_whole_name(tagger, text, person):
    people = [m.text for m in tagger.tag(text, keywords=False).mentions_of("PER")]
    assert person in people
    assert person[0] not in people


@pytest.mark.parametrize("text", [
    "本报记者 周岚 图/受访者提供\n今年的桂花开得早。",
    "本报记者 周岚 J205\n今年的桂花开得早。",
])
def test_one_letter_that_is_no_surname_is_no_person(tagger, text):
    assert [m.text for m in tagger.tag(text, keywords=False).mentions_of("PER") if len(m.text) == 1] == []


@pytest.mark.parametrize("text, name", [
    ("方硕拿下20分。方硕赛后表示满意。首发是赵睿，方硕，郭艾伦。", "方硕"),
    ("许昕拿下首局。许昕赛后表示满意。男单四强是马龙，许昕，樊振东。", "许昕"),
])
def test_a_name_read_as_a_person_twice_is_the_person_where_it_stands_unread_in_a_list(tagger, text, name):
    people = [(m.text, m.start) for m in tagger.tag(text, keywords=False).mentions_of("PER")]
    assert [start for found, start in people if found == name] == [i for i in range(len(text)) if text.startswith(name, i)]


def test_a_name_read_once_is_not_spread_over_the_words_that_hold_it(tagger):
    text = "库里今天拿下30分。他在仓库里找到了一件球衣。"
    assert [m.text for m in tagger.tag(text, keywords=False).mentions_of("PER")] == ["库里"]


@pytest.mark.parametrize("text, surname", [
    ("李先生说，价格太高。", "李"),
    ("张大妈每天早起锻炼。", "张"),
    ("吕老去了北京。", "吕"),  # 吕老: the honorific
])
def test_a_surname_that_addresses_a_person_stays_the_name(tagger, text, surname):
    assert [m.text for m in tagger.tag(text, keywords=False).mentions_of("PER")] == [surname]


@pytest.mark.parametrize("text, written", [
    ("本报记者 郝 宁\n今年以来，全市新增就业岗位两万个。", "郝 宁"),
    ("　　本报记者　叶　青　报道", "叶　青"),  # ideographic spaces
    ("本報記者 郝 寧\n今年以來，全市新增就業崗位兩萬個。", "郝 寧"),  # traditional
    ("消化科主任医师 陈 洪表示，胃病要早查。", "陈 洪"),
])
def test_a_two_character_name_padded_with_a_space_is_one_person(tagger, text, written):
    people = [(m.start, m.text, m.norm) for m in tagger.tag(text, keywords=False).mentions_of("PER")]
    assert people == [(text.index(written), written, written[0] + written[-1])]


#: The words the model runs on to the front of a name, as the bundled rules give them.
WORDS_BEFORE_NAMES = frozenset(load_rules("model")["words_before_names"])


@pytest.mark.parametrize("text, names_at, wanted", [
    ("比贺子岚更高兴的是队友。贺子岚说：赢了。", [("比贺子岚", 0), ("贺子岚", 12)], [("贺子岚", 1), ("贺子岚", 12)]),
    ("德安东尼说。安东尼来了。", [("德安东尼", 0), ("安东尼", 6)], [("德安东尼", 0), ("安东尼", 6)]),  # 德: no listed word
    ("比贺子岚强。比贺子岚快。贺子岚笑了。", [("比贺子岚", 0), ("比贺子岚", 6), ("贺子岚", 12)],
     [("比贺子岚", 0), ("比贺子岚", 6), ("贺子岚", 12)]),  # read with the word more often
], ids=["cut", "a name's own first character", "the longer reading more often"])
def test_a_name_read_with_a_word_before_it_is_cut_where_the_article_reads_it_alone(text, names_at, wanted):
    mentions = _person_readings(text, *names_at)
    cut = names_without_a_word_before(text, mentions, "model", WORDS_BEFORE_NAMES)
    assert [(m.text, m.start) for m in cut] == wanted
    assert all(text[m.start : m.end] == m.text for m in cut)
