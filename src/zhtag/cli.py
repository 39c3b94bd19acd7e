"""The ``zhtag`` command: tag collections, show one article, evaluate against gold, list keywords."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from zhtag.dictionaries import DictionaryError

#: Exit codes: 0 done (failed documents are listed in the documents table), 2 bad usage or input.
EXIT_OK, EXIT_USAGE = 0, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (FileNotFoundError, DictionaryError, ValueError) as error:
        print(f"zhtag: error: {str(error).strip(chr(39))}", file=sys.stderr)
        return EXIT_USAGE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zhtag", description="Keywords and named things in Chinese text.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    tag = commands.add_parser("tag", help="tag files or folders; write mentions, keywords and documents tables")
    tag.add_argument("paths", nargs="+", metavar="PATH", help=".txt, .jsonl(.gz), .csv, .tsv, .parquet files or folders")
    tag.add_argument("-o", "--out", required=True, help="output folder")
    tag.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    _add_tagger_options(tag)
    _add_column_options(tag)
    tag.set_defaults(run=_run_tag)

    show = commands.add_parser("show", help="print one article with its entities marked, and its mentions")
    show.add_argument("path", metavar="FILE", help="a .txt article")
    show.add_argument("--date", help="publish date (default: the date-time header in the text)")
    _add_tagger_options(show)
    show.set_defaults(run=_run_show)

    keywords = commands.add_parser("keywords", help="print the keywords of each article")
    keywords.add_argument("paths", nargs="+", metavar="PATH")
    _add_tagger_options(keywords)
    _add_column_options(keywords)
    keywords.set_defaults(run=_run_keywords)

    evaluate = commands.add_parser("evaluate", help="precision, recall, F1 against gold spans (JSONL)")
    evaluate.add_argument("--gold", required=True, help="JSONL of {text, entities:[{start, end, label}]}")
    evaluate.add_argument("--labels", default="PER,LOC,ORG", help="comma-separated labels to score")
    evaluate.add_argument("--json", action="store_true", help="print JSON instead of a table")
    _add_tagger_options(evaluate)
    evaluate.set_defaults(run=_run_evaluate)
    return parser


def _add_tagger_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dict", action="append", default=[], metavar="FILE", help="your own dictionary (repeatable)")
    parser.add_argument("-k", "--keywords", type=int, default=10, help="keywords per document")


def _add_column_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--text-column", default="text")
    parser.add_argument("--id-column", default="id")
    parser.add_argument("--title-column", default="title")
    parser.add_argument("--date-column", default="date")
    parser.add_argument("--date", help="publish date for every article that has none")


def _tagger(args: argparse.Namespace):
    from zhtag.tagger import Tagger

    return Tagger(args.dict, keywords=args.keywords)


def _articles(args: argparse.Namespace):
    from zhtag.io.readers import Columns, input_files, read_file

    columns = Columns(args.text_column, args.id_column, args.title_column, args.date_column)
    files = input_files(args.paths)
    for path in files:
        for article in read_file(path, columns):
            if article.date is None and args.date:
                article.date = args.date
            yield article


def _run_tag(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from zhtag.frames import to_tables
    from zhtag.io.writers import write_tables

    tagger = _tagger(args)
    articles = list(_articles(args))
    docs = tagger.tag_articles(tqdm(articles, desc="tagging", unit="doc", file=sys.stderr))
    tables = to_tables(docs)
    write_tables(tables, args.out, args.format)
    failed = tables.documents[tables.documents["error"].notna()]
    for doc_id, error in zip(failed["doc_id"], failed["error"]):
        print(f"zhtag: skipped {doc_id}: {error}", file=sys.stderr)
    print(
        f"zhtag: {len(docs)} documents ({len(failed)} failed), {len(tables.mentions)} mentions, "
        f"{len(tables.keywords)} keywords -> {args.out}",
        file=sys.stderr,
    )
    return EXIT_OK


def _run_show(args: argparse.Namespace) -> int:
    import pandas as pd

    from zhtag.frames import mentions_frame
    from zhtag.io.readers import read_file

    path = Path(args.path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file")
    article = next(read_file(path))
    if article.error:
        raise ValueError(article.error)
    if not article.text.strip():
        raise ValueError(f"{path}: empty text; give an article with some text")
    doc = _tagger(args).tag(article.text, args.date, title=article.title, id=str(path))
    print(_marked(doc.text, doc.mentions))
    print()
    with pd.option_context("display.max_rows", None, "display.width", 200, "display.max_columns", None):
        columns = ["start", "end", "text", "label", "norm", "value", "unit", "qualifier", "source"]
        print(mentions_frame([doc])[columns].to_string(index=False))
    if doc.keywords:
        print()
        print("keywords: " + "  ".join(k.keyword for k in doc.keywords))
    return EXIT_OK


def _marked(text: str, mentions) -> str:
    """The text with each mention written as 【text|LABEL】."""
    parts, position = [], 0
    for mention in mentions:
        parts.append(text[position : mention.start])
        parts.append(f"【{mention.text}|{mention.label}】")
        position = mention.end
    parts.append(text[position:])
    return "".join(parts)


def _run_keywords(args: argparse.Namespace) -> int:
    tagger = _tagger(args)
    for doc in tagger.tag_articles(_articles(args)):
        if doc.error:
            print(f"{doc.id}\tERROR\t{doc.error}")
        else:
            print(f"{doc.id}\t" + "  ".join(k.keyword for k in doc.keywords))
    return EXIT_OK


def _run_evaluate(args: argparse.Namespace) -> int:
    from zhtag.evaluate import read_gold, score, tagger_system

    labels = [label.strip() for label in args.labels.split(",") if label.strip()]
    if not Path(args.gold).is_file():
        raise FileNotFoundError(f"{args.gold}: no such gold file")
    table = score(read_gold(args.gold), tagger_system(_tagger(args)), labels)
    if args.json:
        print(json.dumps(table.reset_index().to_dict("records"), ensure_ascii=False, indent=2))
    else:
        print(table.to_string(float_format=lambda x: f"{x:.3f}"))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
