"""Knowledge search benchmark: recall@3 and self-service precision on the question set, latency over 10,000 articles.

Run from the repository root:  python bench/knowledge.py [--articles 10000] [--rounds 20]

Recall@3 and the threshold table use the shipped seed FAQ (knowledge/seed) and the paraphrased
questions in bench/data/knowledge_questions.csv (plus messages that must NOT be answered in
bench/data/knowledge_negatives.csv). Latency is measured on an index of generated articles: every
seed article repeated with the names of townships, offices and extra keywords, in both languages.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlmodel import Session, SQLModel, create_engine  # noqa: E402

import wiring.schema  # noqa: E402, F401  (every table, for the scratch database)
from feedback.answers.suggestions import CaseIndex, PastCase  # noqa: E402
from feedback.cases import search_index  # noqa: E402
from knowledge import drafts, formats, search  # noqa: E402
from knowledge.models import Article  # noqa: E402
from knowledge.search import KnowledgeIndex  # noqa: E402

DATA = ROOT / "bench" / "data"
_TOWNS_ZH = "城关镇 东山乡 西河镇 南岭乡 北坝镇 青石镇 白沙乡 黄土岭 柳树湾 桃源乡 新河镇 龙泉镇 石门乡 高坪镇 梅花乡"
_TOWNS_EN = "Chengguan Dongshan Xihe Nanling Beiba Qingshi Baisha Huangtuling Liushuwan Taoyuan Xinhe Longquan"
_EXTRA_ZH = "窗口 网上办理 预约 材料清单 收费标准 办理时限 咨询电话 便民服务站 代办 邮寄 跨省通办 容缺受理"
_EXTRA_EN = "counter online appointment checklist fee deadline helpline township office proxy post nationwide"
TOWNS_ZH, TOWNS_EN = _TOWNS_ZH.split(), _TOWNS_EN.split()
EXTRA_ZH, EXTRA_EN = _EXTRA_ZH.split(), _EXTRA_EN.split()


def seed_articles() -> list[Article]:
    """Read the shipped seed FAQ into unsaved articles (departments numbered in order of appearance)."""
    departments: dict[str, int] = {}
    articles = []
    for path in sorted((ROOT / "knowledge" / "seed").glob("*.md")):
        for draft in formats.read(path.name, path.read_text(encoding="utf-8")):
            departments.setdefault(draft.department, len(departments) + 1)
            articles.append(Article(id=len(articles) + 1, **drafts.values(draft, departments)))
    return articles


def variations(seed: list[Article], count: int, rng: random.Random) -> list[Article]:
    """Return `count` articles made from the seed: local versions for townships, with extra words."""
    made = []
    for n in range(count):
        base = seed[n % len(seed)]
        zh = base.language == "zh"
        town = rng.choice(TOWNS_ZH if zh else TOWNS_EN)
        extra = rng.sample(EXTRA_ZH if zh else EXTRA_EN, 3)
        title = f"{base.title}（{town}{n}）" if zh else f"{base.title} ({town} {n})"
        questions = [f"{town}{q}" if zh else f"{q} ({town})" for q in base.questions]
        made.append(
            Article(
                id=n + 1,
                title=title,
                questions=questions,
                short_answer=base.short_answer,
                body=base.body,
                language=base.language,
                department_id=base.department_id,
                keywords=[*base.keywords, town, *extra],
            )
        )
    return made


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def quality(index: KnowledgeIndex, questions: list[dict], negatives: list[dict]) -> None:
    """Print recall@1 and @3, and how many questions each threshold would answer, rightly or wrongly."""
    ranked = [(q, index.search(q["question"], q["language"], limit=3)) for q in questions]
    at1 = sum(1 for q, found in ranked if found and found[0].entry.title == q["expected"])
    at3 = sum(1 for q, found in ranked if q["expected"] in [m.entry.title for m in found])
    print(f"questions: {len(questions)} ({sum(q['language'] == 'zh' for q in questions)} zh), articles: {index.size}")
    print(f"recall@1: {at1 / len(questions):.3f}   recall@3: {at3 / len(questions):.3f}")
    tops = [
        (found[0].confidence if found else 0.0, bool(found) and found[0].entry.title == q["expected"])
        for q, found in ranked
    ]
    negative_tops = [(index.search(n["message"], n["language"], limit=1) or [None])[0] for n in negatives]
    print(f"threshold  answered  right  wrong  negatives answered (of {len(negatives)})")
    for threshold in (0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9):
        answered = [right for confidence, right in tops if confidence >= threshold]
        wrong_negatives = sum(1 for m in negative_tops if m is not None and m.confidence >= threshold)
        print(
            f"{threshold:9.2f}  {len(answered):8d}  {sum(answered):5d}  {len(answered) - sum(answered):5d}  "
            f"{wrong_negatives}"
        )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def latency(articles: list[Article], questions: list[dict], rounds: int) -> None:
    """Print index build time and search latency in memory and through the database (fingerprint included)."""
    started = time.perf_counter()
    index = KnowledgeIndex(articles)
    print(f"\n{len(articles)} articles: index built in {time.perf_counter() - started:.2f} s")
    timings = []
    for _ in range(rounds):
        for q in questions:
            started = time.perf_counter()
            index.search(q["question"], q["language"], limit=3)
            timings.append((time.perf_counter() - started) * 1000)
    print(
        f"in memory, {len(timings)} searches: median {statistics.median(timings):.3f} ms, "
        f"p99 {percentile(timings, 0.99):.3f} ms, max {max(timings):.3f} ms"
    )
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite:///{folder}/bench.sqlite3")
        SQLModel.metadata.create_all(engine)
        with engine.begin() as connection:
            search_index.create_table(connection)  # the cases' search index, which no model describes
        with Session(engine) as session:
            session.add_all([Article(**a.model_dump(exclude={"id", "department_id"})) for a in articles])
            session.commit()
        with Session(engine) as session:
            started = time.perf_counter()
            search.search(session, "身份证", "zh")
            print(f"first search through SQLite (loads and indexes): {time.perf_counter() - started:.2f} s")
            timings = []
            for _ in range(max(1, rounds // 4)):
                for q in questions:
                    started = time.perf_counter()
                    search.search(session, q["question"], q["language"], limit=3)
                    timings.append((time.perf_counter() - started) * 1000)
        engine.dispose()
    print(
        f"through SQLite (freshness check + search), {len(timings)} searches: median "
        f"{statistics.median(timings):.3f} ms, p99 {percentile(timings, 0.99):.3f} ms"
    )


def similar_cases(rounds: int) -> None:
    """Print how long the resolved-case index takes to build and rebuild, and to search, on the hotline data."""
    path = ROOT.parent / "shared" / "data" / "replies" / "messages_with_replies.csv"
    if not path.exists():
        print(f"\nsimilar cases: skipped ({path} not found)")
        return
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    cases = [PastCase(n, r["id"], f"{r['subject']}\n{r['text']}", r["reply"]) for n, r in enumerate(rows)]
    started = time.perf_counter()
    index = CaseIndex(cases)
    print(f"\nsimilar cases: {len(cases)} resolved cases indexed in {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    CaseIndex([*cases, PastCase(-1, "new", "新的问题", "新的答复")], index.tokens)
    print(f"rebuild after one more resolved case: {time.perf_counter() - started:.2f} s")
    timings = []
    for _ in range(max(1, rounds // 10)):
        for row in rows[:300]:
            started = time.perf_counter()
            index.similar(row["subject"] + row["text"][:200], 3)
            timings.append((time.perf_counter() - started) * 1000)
    print(
        f"{len(timings)} similar-case searches: median {statistics.median(timings):.2f} ms, "
        f"p99 {percentile(timings, 0.99):.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    seed = seed_articles()
    questions, negatives = read_csv("knowledge_questions.csv"), read_csv("knowledge_negatives.csv")
    quality(KnowledgeIndex(seed), questions, negatives)
    latency(variations(seed, args.articles, random.Random(7)), questions, args.rounds)
    similar_cases(args.rounds)


if __name__ == "__main__":
    main()
