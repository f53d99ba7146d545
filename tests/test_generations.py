"""
The single-host store of page-cache generations (NEWSROOM_PAGE_GENERATIONS_FILE):
a bump in one process is what the next read in any other process on the host sees,
no bump is lost when processes bump at once, and a file replaced under a running
server never brings an old page back.
"""

import multiprocessing
import os
import stat

import pytest
from django.core.checks import run_checks

from newsroom.pagecache import invalidate_site, invalidate_story
from newsroom.pagecache.generations import SharedFileGenerations
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

FORK = multiprocessing.get_context("fork")


def bump_many(path, story_pk, times, start):
    start.wait()
    store = SharedFileGenerations(path)
    for _ in range(times):
        store.bump(story_pk)


def test_a_bump_in_another_process_is_seen_by_the_next_read(tmp_path):
    path = tmp_path / "generations"
    store = SharedFileGenerations(path)
    before = store.read(7)
    start = FORK.Event()
    start.set()
    child = FORK.Process(target=bump_many, args=(path, None, 1, start))
    child.start()
    child.join(10)
    assert child.exitcode == 0
    after = store.read(7)
    assert after[0] != before[0]  # the site moved on
    assert after[1] == before[1]  # this story's comments did not


def test_processes_bumping_at_once_lose_no_bump(tmp_path):
    path = tmp_path / "generations"
    store = SharedFileGenerations(path)
    start = FORK.Event()
    children = [FORK.Process(target=bump_many, args=(path, 42, 200, start)) for _ in range(4)]
    for child in children:
        child.start()
    start.set()
    for child in children:
        child.join(30)
        assert child.exitcode == 0
    epoch, count = store.read(42)[1].split(".")
    assert int(count) == 800


def test_a_replaced_file_never_brings_back_an_old_generation(tmp_path):
    path = tmp_path / "generations"
    store = SharedFileGenerations(path)
    first = store.read(3)
    os.unlink(path)  # an operator clears /dev/shm under a running server
    SharedFileGenerations(path).bump(3)  # a command writes to the new file
    after = store.read(3)
    assert after[0] != first[0] and after[1] != first[1]
    assert after == SharedFileGenerations(path).read(3)


def test_a_file_cut_short_under_a_running_server_is_made_whole_not_read_past_its_end(tmp_path):
    path = tmp_path / "generations"
    store = SharedFileGenerations(path)
    before = store.read(3)
    os.truncate(path, 0)  # reading the old mapping now would kill the process (SIGBUS)
    after = store.read(3)
    assert after[0] != before[0] and after[1] != before[1]  # a new epoch
    assert os.path.getsize(path) == SharedFileGenerations.SIZE


def test_the_file_is_group_writable_whatever_the_umask(tmp_path):
    previous = os.umask(0o077)
    try:
        SharedFileGenerations(tmp_path / "generations").read()
    finally:
        os.umask(previous)
    assert stat.S_IMODE(os.stat(tmp_path / "generations").st_mode) == 0o660


def test_stories_sharing_a_slot_only_refresh_each_other(tmp_path):
    store = SharedFileGenerations(tmp_path / "generations")
    neighbour = 5 + SharedFileGenerations.STORY_SLOTS
    before = store.read(5)[1], store.read(neighbour)[1], store.read(6)[1]
    store.bump(5)
    after = store.read(5)[1], store.read(neighbour)[1], store.read(6)[1]
    assert after[0] != before[0] and after[1] != before[1]
    assert after[2] == before[2]


def test_invalidation_goes_through_the_file(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.NEWSROOM_PAGE_GENERATIONS_FILE = str(tmp_path / "generations")
    reader = SharedFileGenerations(settings.NEWSROOM_PAGE_GENERATIONS_FILE)
    site, story = reader.read(9)
    with django_capture_on_commit_callbacks(execute=True):
        invalidate_story(9)
    site_now, story_now = reader.read(9)
    assert site_now == site and story_now != story
    with django_capture_on_commit_callbacks(execute=True):
        invalidate_site()
    assert reader.read(9)[0] != site


def test_an_unusable_file_is_reported_and_pages_are_still_served(client, settings, tmp_path):
    settings.NEWSROOM_PAGE_GENERATIONS_FILE = str(tmp_path / "missing-folder" / "generations")
    story = make_article(headline="Served all the same", section=make_section())
    errors = [message for message in run_checks() if message.id == "newsroom.E001"]
    assert errors and "missing-folder" in errors[0].msg
    for _ in range(2):
        response = client.get(story.get_absolute_url())
        assert response.status_code == 200 and b"Served all the same" in response.content
        assert response["X-Page-Cache"] == "miss"  # never trusted without generations
