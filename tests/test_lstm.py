"""The BiLSTM that joins the name CRF: shipped with its card, read in windows, equal to PyTorch, trainable.

All sentences are our own; the names in them are made up.
"""
from __future__ import annotations

import json
import shutil
from importlib import resources

import numpy as np
import pytest

from zhtag import Tagger
from zhtag.document import Tokens
from zhtag.features import normalize_chars, sentence_bounds
from zhtag.lstm import WINDOW_CONTEXT, WINDOW_CORE, LstmScorer
from zhtag.recognizers.model import ModelRecognizer, lstm_file
from zhtag.train import char_labels

SENTENCES = [
    ("记者龚晓岚从遵义市人民政府获悉，黔北云图科技公司将在湄潭县建设数据中心。",
     [(2, 5, "PER"), (6, 13, "ORG"), (16, 24, "ORG"), (26, 29, "LOC")]),
    ("柏思远说，贵阳的游客比去年多了三成。", [(0, 3, "PER"), (5, 7, "LOC")]),
    ("好。", []),
]


def test_the_bilstm_ships_next_to_the_crf_with_its_card():
    folder = resources.files("zhtag.models")
    assert (folder / "ner.lstm.npz").is_file()
    card = json.loads((folder / "ner.lstm.json").read_text(encoding="utf-8"))
    assert card["command"].startswith("python -m zhtag.train_lstm --corpus")
    assert card["sentences"] > 10_000
    assert 0 < card["params"]["weight"] <= 1
    scorer = LstmScorer.read(lstm_file(folder / "ner.crfsuite"))
    assert scorer.weight == card["params"]["weight"]
    assert set(scorer.labels) == {"O"} | {f"{m}-{label}" for label in ("PER", "LOC", "ORG") for m in "BIES"}


def test_the_bilstm_takes_back_a_false_name_that_the_crf_alone_reads(tagger):
    text = "昨天，云岭智联在昆明发布了新一代物流机器人。"
    crf_alone = {(m.text, m.label) for m in Tagger(lstm=False).tag(text, keywords=False).mentions}
    both = {(m.text, m.label) for m in tagger.tag(text, keywords=False).mentions}
    assert ("云岭智联", "PER") in crf_alone
    assert ("云岭智联", "PER") not in both
    assert ("昆明", "LOC") in both


def _spells_whole_names(labels: list[str]) -> bool:
    """Whether each B or I is followed by an I or E of its label, and each I or E follows one."""
    open_name = None
    for label in labels:
        if (label[0] in "IE") != (open_name is not None) or (open_name and label[2:] != open_name):
            return False
        open_name = label[2:] if label[0] in "BI" else None
    return open_name is None


def test_the_bilstms_scores_cannot_break_a_name_into_pieces(tagger, monkeypatch):
    """Scores of the BiLSTM that would pick B-PER S-PER (two one-character names in 阿秀) and a sentence
    ending on I-LOC still give a path of whole names."""
    decoder = ModelRecognizer()._decoder
    text = "阿秀到过黔西"
    wanted = ["B-PER", "S-PER", "O", "O", "B-LOC", "I-LOC"]
    assert not _spells_whole_names(wanted)
    columns = [decoder._scorer.labels.index(label) for label in wanted]

    def log_probs(codes, lengths, *_):
        scores = np.full((len(codes), len(decoder._scorer.labels)), -1000.0)
        scores[np.arange(len(codes)), columns] = 0.0
        return scores

    monkeypatch.setattr(decoder._scorer, "log_probs", log_probs)
    (_, ids), = decoder.label(tagger.segmenter.segment(text), text)
    labels = [decoder.labels[i] for i in ids]
    assert _spells_whole_names(labels)
    assert labels[:2] == ["B-PER", "E-PER"]


def _long_sentence() -> tuple[str, list[tuple[int, int]]]:
    """One sentence of 12 clauses, each naming 柏思远: far longer than a window."""
    clause = "记者柏思远在黔灵山公园采访了游客，"
    text = clause * 12
    text = text[:-1] + "。"
    starts = [i * len(clause) + 2 for i in range(12)]
    return text, [(start, start + 3) for start in starts]


def test_a_sentence_longer_than_a_window_keeps_every_name_at_its_offsets(tagger):
    text, names = _long_sentence()
    assert len(text) > 2 * (WINDOW_CORE + 2 * WINDOW_CONTEXT)
    doc = tagger.tag(text, keywords=False)
    assert [(m.start, m.end) for m in doc.mentions_of("PER")] == names
    assert all(m.text == "柏思远" for m in doc.mentions_of("PER"))


def test_a_long_sentence_is_read_in_windows_close_to_reading_it_whole(tagger):
    """Each character's scores come from a window that gives it 16 characters or more on either side.

    With the shipped BiLSTM, 4 of this sentence's 204 characters take another label read in
    windows than read whole (the names stay, see above); on 300 news articles, 0.07%."""
    text, _ = _long_sentence()
    scorer = ModelRecognizer()._decoder._scorer
    arguments = _scorer_arguments(tagger, [text])
    windowed = scorer.log_probs(*arguments)
    projected_whole = _whole_sentence_scores(scorer, *arguments)
    assert windowed.shape == projected_whole.shape
    assert (windowed.argmax(axis=1) == projected_whole.argmax(axis=1)).mean() > 0.97


def _scorer_arguments(tagger: Tagger, texts: list[str]):
    codes, lengths, token_lengths, poses, labels = [], [], [], [], []
    for text in texts:
        tokens = Tokens.of(tagger.segmenter.segment(text))
        for first, stop in sentence_bounds(tokens, text):
            chars = "".join(tokens.texts[first:stop])
            codes.extend(map(ord, normalize_chars(chars)))
            lengths.append(len(chars))
            token_lengths.extend(map(len, tokens.texts[first:stop]))
            poses.extend(tokens.poses[first:stop])
            labels.extend(tokens.labels[first:stop])
    return (np.array(codes, dtype=np.uint32), np.array(lengths), np.array(token_lengths), poses, labels)


def _whole_sentence_scores(scorer: LstmScorer, codes, lengths, token_lengths, poses, labels) -> np.ndarray:
    """log_probs with every sentence read whole (no windows)."""
    original = scorer._recur
    scorer._recur = scorer._recur_sentences
    try:
        return scorer.log_probs(codes, lengths, token_lengths, poses, labels)
    finally:
        scorer._recur = original


def test_the_numpy_forward_pass_gives_pytorchs_log_probabilities(tagger):
    torch = pytest.importorskip("torch")
    from zhtag.train_lstm import LSTM_LABELS, Sentences, _model, _padded, model_arrays

    texts = [normalize_chars(text) for text, _ in SENTENCES]  # as training reads them (，->,)
    examples = [(text, tagger.segmenter.segment(text), char_labels(len(text), [
        {"start": s, "end": e, "label": label} for s, e, label in names])) for text, (_, names) in zip(texts, SENTENCES)]
    data = Sentences(examples, min_char=1, min_bigram=1)
    torch.manual_seed(3)
    model = _model(data.inputs.sizes(), (8, 4, 4, 3, 2), 6, dropout=0.0)
    with torch.no_grad():  # weights as the model file stores them (float16), so both sides compute alike
        for parameter in model.parameters():
            parameter.copy_(parameter.half().float())
    model.eval()
    ids, _, lengths = _padded(data, np.arange(len(SENTENCES)))
    with torch.no_grad():
        expected = torch.log_softmax(model(ids, lengths), dim=-1).numpy()
    expected = np.concatenate([expected[i, :n] for i, n in enumerate(lengths.tolist())])
    scorer = LstmScorer(model_arrays(model, data.inputs, 6, 0.5))
    got = scorer.log_probs(*_scorer_arguments(tagger, [text for text, _ in SENTENCES]))
    assert scorer.labels == LSTM_LABELS
    np.testing.assert_allclose(got, expected, atol=1e-4)


def _gold_corpus(folder):
    """A gold JSONL file of SENTENCES, four times over."""
    corpus = folder / "gold.jsonl"
    with open(corpus, "w", encoding="utf-8") as handle:
        for text, names in SENTENCES * 4:
            entities = [{"start": s, "end": e, "label": label} for s, e, label in names]
            handle.write(json.dumps({"text": text, "entities": entities}, ensure_ascii=False) + "\n")
    return corpus


def test_training_writes_a_bilstm_that_joins_its_crf(tmp_path, tagger):
    pytest.importorskip("torch")
    from zhtag.train_lstm import train

    corpus = _gold_corpus(tmp_path)
    out = tmp_path / "ner.lstm.npz"
    card = train([corpus], out, held_out=[], epochs=2, hidden=8, weight=0.4)
    assert card["sentences"] == 12 and len(card["losses"]) == 2
    assert json.loads((tmp_path / "ner.lstm.json").read_text(encoding="utf-8"))["params"]["weight"] == 0.4
    folder = resources.files("zhtag.models")
    for name in ("ner.crfsuite", "ner.json"):
        shutil.copy(folder / name, tmp_path / name)
    recognizer = ModelRecognizer(tmp_path / "ner.crfsuite")
    assert recognizer._decoder._scorer.weight == pytest.approx(0.4)
    doc = Tagger(model=tmp_path / "ner.crfsuite").tag(SENTENCES[1][0], keywords=False)
    assert doc.text == SENTENCES[1][0]


def test_pretraining_gives_characters_and_bigrams_of_unlabelled_text_their_own_rows(tmp_path):
    pytest.importorskip("torch")
    pytest.importorskip("gensim")
    from zhtag.lstm import LstmInputs
    from zhtag.train_lstm import train

    corpus = _gold_corpus(tmp_path)
    unlabelled = tmp_path / "news.jsonl"
    with open(unlabelled, "w", encoding="utf-8") as handle:
        for _ in range(6):  # 飨 and 醍醐 never occur in the gold sentences
            handle.write(json.dumps({"title": "醍醐灌顶", "text": "飨宴在贵阳举办。醍醐味十足！"}, ensure_ascii=False) + "\n")
    out = tmp_path / "ner.lstm.npz"
    card = train([corpus], out, held_out=[], epochs=1, hidden=8, pretrain=[unlabelled])
    assert card["pretrained"]["files"] == ["news.jsonl"] and card["pretrained"]["rows"] > 0
    assert "--pretrain" in card["command"]
    with np.load(out) as arrays:
        inputs = LstmInputs.of(dict(arrays))
    codes = np.array([ord(char) for char in "飨醍醐"], dtype=np.uint32)
    char, left, right, _, _ = inputs.ids(codes, np.array([3]), np.array([3]), ["n"], [None])
    assert (char > 0).all()  # each character its own row, not the unknown one
    assert left[2] > 0 and right[1] > 0  # the bigram 醍醐, as the left one of 醐 and the right one of 醍
