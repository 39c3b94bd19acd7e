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

    tag = commands.add_parser(
        "tag",
        help="tag files or folders; write mentions, keywords and documents tables",
        description="Streams the inputs in chunks through worker processes into Parquet datasets "
        "OUT/mentions.parquet/, OUT/keywords.parquet/, OUT/documents.parquet/ (part files; "
        "pd.read_parquet reads a folder). Keywords use the IDF of the whole collection.",
    )
    tag.add_argument("paths", nargs="+", metavar="PATH", help=".txt, .jsonl(.gz), .csv, .tsv, .parquet files or folders")
    tag.add_argument("-o", "--out", required=True, help="output folder")
    tag.add_argument("--format", choices=("parquet", "csv"), default="parquet", help="csv: one file per table")
    tag.add_argument("-j", "--jobs", type=int, default=None, metavar="N", help="worker processes (default: every core)")
    tag.add_argument("--chunk-size", type=int, default=500, metavar="N", help="documents per part file (default 500)")
    tag.add_argument("--max-chars", type=int, default=100_000, metavar="N", help="longer texts are tagged in parts")
    tag.add_argument(
        "--doc-timeout", type=float, default=120.0, metavar="SECONDS",
        help="a document taking longer in a phase is recorded as failed and the run goes on (default 120; 0: no limit)",
    )  # fmt: skip
    tag.add_argument("--idf", metavar="FILE", help="rank keywords with this IDF (from --save-idf) instead of learning one")
    tag.add_argument("--save-idf", metavar="FILE", help="save the IDF the keywords were ranked with")
    tag.add_argument("--resume", action="store_true", help="continue an interrupted run into the same OUT")
    tag.add_argument("--engine", choices=("processes", "dask"), default="processes", help="dask: a local Dask cluster")
    tag.add_argument("--scheduler", metavar="ADDRESS", help="run on this dask.distributed scheduler (tcp://HOST:PORT)")
    tag.add_argument("--start-method", choices=("fork", "spawn", "forkserver"), help="how worker processes start")
    tag.add_argument("--no-progress", action="store_true", help="no progress bar")
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

    report = commands.add_parser("report", help="write one self-contained HTML page: entities, keywords, timeline, figures")
    report.add_argument("paths", nargs="+", metavar="PATH", help="files or folders, as for `zhtag tag`")
    report.add_argument("-o", "--out", required=True, metavar="HTML", help="the HTML file to write")
    report.add_argument("--title", default="zhtag report", help="the page's heading")
    _add_tagger_options(report)
    _add_column_options(report)
    report.set_defaults(run=_run_report)

    from zhtag.train import add_arguments as add_training_arguments

    train = commands.add_parser(
        "train", help="train the name model (character CRF) from gold JSONL corpora",
        description="Writes MODEL and its model card MODEL.json; sentences of the *_dev.jsonl files next to "
        "the corpora are left out. Rebuild the shipped model with: zhtag train --corpus "
        "../shared/data/msra_train.jsonl ../shared/data/cluener_train.jsonl -o src/zhtag/models/ner.crfsuite",
    )
    add_training_arguments(train)
    train.set_defaults(run=_run_train)
    return parser


def _add_tagger_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dict", action="append", default=[], metavar="FILE", help="your own dictionary (repeatable)")
    parser.add_argument("-k", "--keywords", type=int, default=10, help="keywords per document")


def _add_column_options(parser: argparse.ArgumentParser) -> None:
    """Which inputs to read and which of their fields hold what (other fields are carried through)."""
    parser.add_argument("--text-column", default="text")
    parser.add_argument("--id-column", default="id")
    parser.add_argument("--title-column", default="title")
    parser.add_argument("--date-column", default="date")
    parser.add_argument("--date", help="publish date for every article that has none")
    parser.add_argument("--include", action="append", default=[], metavar="GLOB", help="in folders, read only matching files")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="in folders, skip matching files")


def _tagger(args: argparse.Namespace):
    from zhtag.tagger import Tagger

    return Tagger(args.dict, keywords=args.keywords)


def _articles(args: argparse.Namespace):
    from zhtag.io.readers import Columns, read_articles

    columns = Columns(args.text_column, args.id_column, args.title_column, args.date_column)
    for article in read_articles(args.paths, columns, args.include, args.exclude):
        if article.date is None and args.date and article.error is None:
            article.date = args.date
        yield article


def _run_tag(args: argparse.Namespace) -> int:
    import multiprocessing
    from contextlib import nullcontext

    from zhtag.batch import BatchError, default_jobs, run_batch
    from zhtag.io.readers import Columns

    jobs = args.jobs or default_jobs()
    if jobs < 1:
        raise ValueError(f"--jobs {jobs}: give at least 1 worker")
    if args.engine == "dask" or args.scheduler:
        try:
            from distributed import Client

            from zhtag.dask import local_client
        except ImportError:
            raise ValueError("--engine dask needs Dask: pip install 'zhtag[dask]'") from None
        cluster = Client(args.scheduler) if args.scheduler else local_client(jobs)
    else:
        cluster = nullcontext()
    try:
        with cluster as client:
            summary = run_batch(
                args.paths, args.out, include=args.include, exclude=args.exclude,
                columns=Columns(args.text_column, args.id_column, args.title_column, args.date_column),
                default_date=args.date, dictionaries=args.dict, keywords=args.keywords, jobs=jobs,
                chunk_docs=args.chunk_size, max_chars=args.max_chars, doc_timeout=args.doc_timeout or None,
                idf=args.idf, save_idf=args.save_idf,
                resume=args.resume, fmt=args.format, progress=not args.no_progress, client=client,
                mp_context=multiprocessing.get_context(args.start_method) if args.start_method else None,
            )  # fmt: skip
    except BatchError as error:
        raise ValueError(str(error)) from None
    except KeyboardInterrupt:
        print(f"zhtag: interrupted; finished chunks are kept: add --resume to continue into {args.out}", file=sys.stderr)
        return 130
    for doc_id, error in summary.stats.failures:
        print(f"zhtag: failed {error}" if error.startswith(doc_id) else f"zhtag: failed {doc_id}: {error}", file=sys.stderr)
    unlisted = summary.stats.failed - len(summary.stats.failures)
    if unlisted > 0:
        print(f"zhtag: … and {unlisted:,} more failed documents: see the error column of documents", file=sys.stderr)
    print(summary, file=sys.stderr)
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
        print("keywords: " + "  ".join(k.keyword for k in doc.keywords if k.method == "zhtag"))
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
            print(f"{doc.id}\t" + "  ".join(k.keyword for k in doc.keywords if k.method == "zhtag"))
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


def _run_train(args: argparse.Namespace) -> int:
    from zhtag.train import run

    return run(args)


def _run_report(args: argparse.Namespace) -> int:
    try:
        from zhtag.report import write_report
    except ImportError as error:
        print(f"zhtag: error: zhtag report needs the plot extra ({error.name} is missing): pip install 'zhtag[plot]'", file=sys.stderr)
        return EXIT_USAGE
    docs = _tagger(args).tag_articles(_articles(args))
    path = write_report(docs, args.out, args.title)
    failed = sum(doc.error is not None for doc in docs)
    print(f"zhtag: {len(docs)} documents ({failed} failed) -> {path}", file=sys.stderr)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
