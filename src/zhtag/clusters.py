"""Word clusters for the name model: tokens that occur in the same contexts share a cluster id.

A CRF only knows the words it was trained on; a cluster id carries what it
learnt about 上港 or 浦发 over to 申花 or 招行 if those sit in the same
contexts (before 队, after 对阵). The clusters are learnt, without labels,
from the training texts and any plain news given: counts of each frequent
token's left and right neighbours, weighted by positive PMI, reduced by a
truncated SVD (scipy) and grouped by spherical k-means, at two granularities. The table
ships next to the model (``ner.clusters``, one ``token<TAB>fine<TAB>coarse``
line per token).
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

#: Tokens seen fewer times get no cluster (their contexts say too little).
MIN_COUNT = 5
#: At most this many tokens are clustered, the most frequent first.
MAX_VOCABULARY = 40_000
#: Neighbours counted as context: this many of the most frequent tokens, left and right apart.
CONTEXT_WORDS = 3_000
DIMENSIONS = 50
FINE_CLUSTERS = 256
COARSE_CLUSTERS = 50
SEED = 16


def learn(sentences: Iterable[Sequence[str]]) -> dict[str, tuple[int, int]]:
    """The (fine, coarse) cluster of every frequent token of ``sentences`` (lists of token texts).

    Needs scipy (the ``train`` extra): only training learns clusters, tagging just reads them.
    """
    from scipy.sparse import coo_matrix
    sentences = [list(sentence) for sentence in sentences]
    counts = Counter(token for sentence in sentences for token in sentence)
    vocabulary = [
        token for token, n in counts.most_common(MAX_VOCABULARY) if n >= MIN_COUNT and not any(c in token for c in "\t\n")
    ]
    if len(vocabulary) <= DIMENSIONS:  # too few words to learn anything from (a toy corpus)
        return {}
    row_of = {token: i for i, token in enumerate(vocabulary)}
    column_of = {token: i for i, token in enumerate(vocabulary[:CONTEXT_WORDS])}
    pairs: Counter[tuple[int, int]] = Counter()
    for sentence in sentences:
        padded = ["^", *sentence, "$"]
        for i in range(1, len(padded) - 1):
            row = row_of.get(padded[i])
            if row is None:
                continue
            left, right = column_of.get(padded[i - 1], -1), column_of.get(padded[i + 1], -1)
            if left >= 0:
                pairs[row, left] += 1
            if right >= 0:
                pairs[row, CONTEXT_WORDS + right] += 1
    keys = np.array(list(pairs), dtype=np.int64).reshape(-1, 2)
    values = np.fromiter(pairs.values(), dtype=np.float64, count=len(pairs))
    matrix = coo_matrix((values, (keys[:, 0], keys[:, 1])), shape=(len(vocabulary), 2 * CONTEXT_WORDS)).tocsr()
    embedding = _ppmi_svd(matrix)
    fine = _kmeans(embedding, min(FINE_CLUSTERS, len(vocabulary)))
    coarse = _kmeans(embedding, min(COARSE_CLUSTERS, len(vocabulary)))
    return {token: (int(fine[i]), int(coarse[i])) for i, token in enumerate(vocabulary)}


def _ppmi_svd(matrix) -> np.ndarray:
    """Rows of positive PMI (context distribution smoothed to the power 0.75), SVD-reduced, unit length."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.linalg import svds

    total = matrix.sum()
    row_sums = np.asarray(matrix.sum(axis=1)).ravel()
    column_sums = np.asarray(matrix.sum(axis=0)).ravel() ** 0.75
    column_sums /= column_sums.sum()
    coo = matrix.tocoo()
    pmi = np.log(coo.data / total / (row_sums[coo.row] / total) / column_sums[coo.col])
    keep = pmi > 0
    ppmi = coo_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=matrix.shape).tocsr()
    u, s, _ = svds(ppmi, k=DIMENSIONS, random_state=SEED)
    vectors = u * np.sqrt(s)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def _kmeans(vectors: np.ndarray, k: int, iterations: int = 25) -> np.ndarray:
    """Spherical k-means (unit vectors, cosine), seeded with random tokens of a fixed RNG.

    A few matrix products per pass: scipy's kmeans2 took minutes on 40k tokens.
    """
    rng = np.random.default_rng(SEED)
    centroids = vectors[rng.choice(len(vectors), size=k, replace=False)]
    assignment = np.zeros(len(vectors), dtype=np.int64)
    for _ in range(iterations):
        assignment = np.argmax(vectors @ centroids.T, axis=1)
        sums = np.zeros_like(centroids)
        np.add.at(sums, assignment, vectors)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        empty = norms.ravel() == 0
        centroids = np.where(empty[:, None], centroids, sums / np.where(norms == 0, 1, norms))
    return assignment


def write(clusters: dict[str, tuple[int, int]], path: Path) -> None:
    """One ``token<TAB>fine<TAB>coarse`` line per token, sorted, so rebuilds diff cleanly."""
    lines = (f"{token}\t{fine}\t{coarse}\n" for token, (fine, coarse) in sorted(clusters.items()))
    Path(path).write_text("".join(lines), encoding="utf-8")


def read(text: str) -> dict[str, tuple[str, str]]:
    """The table written by :func:`write`, cluster ids kept as strings (they become feature strings)."""
    table = {}
    for line in text.splitlines():
        token, fine, coarse = line.split("\t")
        table[token] = (fine, coarse)
    return table
