"""
Campaign grouping at volume: 10,000 pending comments on one story, a realistic share
of them near-duplicates sent by many senders (some in Arabic script: Sorani Kurdish
and Arabic, typed on different keyboards), grouped at once by the task a worker runs
after an import (comments.holds.tasks.regroup_pending_comments).

    .venv/bin/python bench/campaigns.py        # database newsroom_campaigns on 127.0.0.1
    .venv/bin/python bench/campaigns.py --comments 2000
    .venv/bin/python bench/campaigns.py --database-url postgres://postgres@127.0.0.1:5432/other

A database of its own (the task groups every pending comment there is: the 40,000 of
bench/scale.py's would be grouped too), created when missing; each run empties its
comments and campaigns and seeds them again. The task runs through django-tasks'
immediate backend, in this process, as a worker would run it: once on comments that
have no similarity keys yet (the cost after an import), then again on the same
comments (every key there: the cost of a catch-up run). Prints the times, what was
found against what was planted, and PASS/MISS against the target; exits 0 either
way: it is not a test.
"""

import argparse
import hashlib
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import benchlib

COMMENTS = 10_000
TARGET_SECONDS = 60
SEED = 20261130

# What a campaign says: Sorani Kurdish, Arabic and English, as organisers hand it out.
CAMPAIGNS = [
    "کۆمپانیاکە گەندەڵە و خەڵکی شارەکە زیانی پێ دەگات، تکایە پڕۆژەی بەنداوەکە ڕابگرن",
    "نرفض مشروع الميناء الجديد لأنه يدمر الشاطئ ويهجر الصيادين من بيوتهم، أوقفوا المشروع الآن",
    "Stop the harbour tower: it blocks the light for every family on Quay Street and the "
    "council never asked us",
    "ئاوی خواردنەوەی گەڕەکەکەمان سێ هەفتەیە نییە و شارەوانی هیچ وەڵامێکی نەداوەتەوە",
    "Save the night ferry! Shift workers and nurses have no other way home after midnight",
    "يجب محاسبة المجلس البلدي على هدر أموال الميزانية في مشروع الجسر الذي لم يكتمل",
    "The fishermen deserve a fair quota, not a deal made behind closed doors with the "
    "big trawler companies",
    "تکایە قوتابخانەی گەڕەکەکە دامەخەن، منداڵەکانمان ناچار دەبن ڕێگایەکی دوور بڕۆن",
    "Vote no on the parking levy, small shops on the high street will close within a year",
    "لا لرفع أسعار تذاكر العبارة، العائلات الفقيرة لا تستطيع دفع المزيد",
    "Rebuild the library where it was. The children of the old town need it more than a car park",
    "شارەوانی دەبێت ڕێگای گوندەکان چاک بکاتەوە پێش زستان",
]
# Comments per campaign: a few big pushes, many small ones, some too small to count.
SIZES = [520, 380, 260, 190, 140, 100, 70, 50, 30, 20, 8, 2]

LATIN_WORDS = benchlib.WORDS
ARABIC_SCRIPT_WORDS = (
    "شار ئاو پرد بەنداو قوتابخانە ڕێگا باران زستان بازار کرێ خانوو شەقام ماسیگر کەشتی "
    "دەریا منداڵ مامۆستا نەخۆشخانە کارەبا گاز نان ئیش پارە باج شارەوانی هەڵبژاردن "
    "المدينة الماء الجسر المدرسة الطريق المطر الشتاء السوق الإيجار البيت الشارع الصياد "
    "السفينة البحر الطفل المعلم المستشفى الكهرباء الخبز العمل المال الضريبة البلدية"
).split()
SHORT = ["Thanks!", "+1", "سوپاس", "شكرا جزيلا", "Well said.", "بەڕاستی؟", "Agreed", "👍"]


def typed_by(text, n, rng):
    """``text`` as sender ``n`` typed it: keyboard letters, marks, case, spacing, endings."""
    if n & 1:
        text = text.replace("ک", "ك")  # an Arabic keyboard's kaf
    if n & 2:
        text = text.replace("ی", "ي")  # ... and yeh
    if n & 4:
        text = text.replace("ە", "ە\u200c", 1)  # a stray ZWNJ
    if n & 8:
        text = text.replace("ا", "ـا", 2)  # tatweel
    if n % 3 == 0:
        text = text.replace(" ", "  ")
    text = text.upper() if n % 7 == 0 else text.lower() if n % 5 == 0 else text
    words = text.split(" ")
    if n % 4 == 1 and len(words) > 8:  # a word left out
        del words[rng.randrange(len(words))]
    text = " ".join(words)
    ending = ["", "!", "!!!", ".", " ؟", " #حملة", " - a resident", " تکایە"][n % 8]
    return text + ending


def unrelated(rng):
    if rng.random() < 0.3:
        text = " ".join(rng.choice(ARABIC_SCRIPT_WORDS) for _ in range(rng.randint(6, 30)))
        return text + rng.choice([".", "؟", "!", ""])
    return benchlib.sentence(rng, rng.randint(8, 40))


def seed(total):
    """
    ``total`` pending comments on a fresh story: the campaigns of SIZES (scaled when
    ``total`` is not 10,000), short replies, one sender saying different things many
    times, the rest comments of their own; shuffled, over the last two hours.
    Returns the planted campaigns' sizes and senders by campaign number.
    """
    from django.db import connection, transaction

    from articles.models import Article, Section
    from comments.models import Campaign, Comment

    rng = random.Random(SEED)
    now = datetime.now(UTC)
    scale = total / COMMENTS
    posts = []  # (body, sender, campaign number or None)
    sender = 0
    planted = {}
    for number, (text, size) in enumerate(zip(CAMPAIGNS, SIZES, strict=True)):
        size = max(2, round(size * scale))
        senders = set()
        for n in range(size):
            # Most senders post once; one in ten posts a second copy.
            who = sender if n % 10 else max(0, sender - 1)
            posts.append((typed_by(text, n, rng), who, number))
            senders.add(who)
            sender += 1 if n % 10 else 0
        planted[number] = (size, len(senders))
    for _ in range(round(300 * scale)):
        posts.append((rng.choice(SHORT), sender, None))
        sender += 1
    chatty = sender
    sender += 1
    for n in range(round(40 * scale)):
        posts.append((f"{unrelated(rng)} ({n})", chatty, None))
    while len(posts) < total:
        posts.append((unrelated(rng), sender, None))
        sender += 1
    posts = posts[:total]
    rng.shuffle(posts)

    with transaction.atomic():
        with connection.cursor() as cursor:  # this bench's own database: start again
            tables = (Comment._meta.db_table, Campaign._meta.db_table)
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        section, _ = Section.objects.get_or_create(
            edition="en", slug="campaign-bench", defaults={"name": "Campaign bench", "position": 99}
        )
        article, _ = Article.objects.get_or_create(
            slug="campaign-bench-story",
            defaults={
                "headline": "Harbour tower approved",
                "section": section,
                "status": Article.Status.PUBLISHED,
                "published_at": now - timedelta(hours=3),
                "body": "The council approved the tower.",
            },
        )
        step = timedelta(hours=2) / max(1, len(posts))
        Comment.objects.bulk_create(
            (
                Comment(
                    article=article,
                    name=f"Reader {who}",
                    email=f"reader{who}@example.org",
                    body=body,
                    fingerprint=hashlib.sha256(f"{n}:{body}".encode()).hexdigest(),
                    sender_hash=hashlib.sha256(f"sender {who}".encode()).hexdigest(),
                    submitted_at=now - timedelta(hours=2) + step * n,
                )
                for n, (body, who, _) in enumerate(posts)
            ),
            batch_size=1000,
        )
    bodies = {body: number for body, _, number in posts if number is not None}
    return planted, bodies


def found_against_planted(planted, bodies):
    """Campaigns found, planted comments grouped, other comments grouped (mistakes)."""
    from collections import Counter

    from comments.models import Campaign, Comment

    grouped = Comment.objects.filter(campaign__isnull=False).values_list("body", "campaign_id")
    per_campaign = Counter()
    strays = 0
    for body, campaign in grouped:
        if body in bodies:
            per_campaign[(bodies[body], campaign)] += 1
        else:
            strays += 1
    countable = sum(1 for size, senders in planted.values() if size >= 3 and senders >= 2)
    members = sum(size for size, senders in planted.values() if size >= 3 and senders >= 2)
    return {
        "campaigns": Campaign.objects.filter(size__gt=0).count(),
        "countable": countable,
        "grouped": sum(per_campaign.values()),
        "members": members,
        "split": len(per_campaign) - len({number for number, _ in per_campaign}),
        "strays": strays,
    }


def run_task():
    """The task through the immediate backend: (seconds, its return value)."""
    from comments.holds.tasks import regroup_pending_comments

    started = time.perf_counter()
    result = regroup_pending_comments.enqueue()
    seconds = time.perf_counter() - started
    if result.status != "SUCCESSFUL":
        raise RuntimeError(f"regroup_pending_comments: {result.status}")
    return seconds, result.return_value


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--comments", type=int, default=COMMENTS)
    args = parser.parse_args(argv)
    if args.comments < 100:
        parser.error("--comments is at least 100")
    database_url = args.database_url or "postgres://postgres@127.0.0.1:5432/newsroom_campaigns"
    benchlib.stop_on_sigterm()
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-campaigns-"))
    static_root = Path(tempfile.gettempdir()) / "newsroom-bench-static"
    env = benchlib.server_env(
        database_url=database_url, redis_url="", static_root=static_root, workdir=workdir
    )
    env["NEWSROOM_TASKS_BACKEND"] = "immediate"  # the task runs here, as a worker runs it
    benchlib.setup_django(env)
    benchlib.prepare_database(static_root=static_root, collect=False)

    from comments.models import Comment, SimilarityKey

    started = time.perf_counter()
    planted, bodies = seed(args.comments)
    benchlib.log(
        f"  seeded {args.comments:,} pending comments in {time.perf_counter() - started:.1f} s"
    )
    first_s, first_groups = run_task()
    benchlib.log(f"  grouped (keys made): {first_s:.1f} s")
    again_s, again_groups = run_task()
    benchlib.log(f"  grouped again (keys there): {again_s:.1f} s")
    found = found_against_planted(planted, bodies)
    pending = Comment.objects.filter(status=Comment.Status.PENDING).count()
    keys = SimilarityKey.objects.count()

    print(f"\nnewsroom bench/campaigns.py, {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(f"machine: {benchlib.machine_line()}; load average {os.getloadavg()[0]:.2f}")
    print(
        f"data: PostgreSQL, {pending:,} pending comments on one story, "
        f"{sum(size for size, _ in planted.values()):,} of them sent as {len(planted)} "
        f"campaigns ({found['countable']} of 3+ comments from 2+ senders), "
        f"{keys:,} similarity keys; the task through the immediate backend"
    )
    print()
    print(f"{'run':<44}{'s':>8}{'campaigns':>11}")
    print(f"{'regroup_pending_comments (keys made)':<44}{first_s:>8.1f}{first_groups:>11}")
    print(f"{'regroup_pending_comments again (keys there)':<44}{again_s:>8.1f}{again_groups:>11}")
    print()
    print(
        f"found {found['campaigns']} campaigns of {found['countable']} planted; "
        f"{found['grouped']:,} of their {found['members']:,} comments grouped; "
        f"{found['split']} planted campaigns split in two or more; "
        f"{found['strays']} other comments grouped"
    )
    verdict = "PASS" if first_s < TARGET_SECONDS else "MISS"
    print(
        f"{verdict}  grouping {pending:,} pending comments in a task: {first_s:.1f} s "
        f"(target < {TARGET_SECONDS} s)"
    )
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
