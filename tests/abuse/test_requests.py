"""
Hostile requests rather than hostile text: forged Host headers, posts without CSRF
proof, redirects aimed off the site, paths climbing out of /static/ and /media/,
uploads that are not the images they claim to be, and link schemes that run code.
"""

from urllib.parse import urlsplit

import pytest
from django.test import Client

from articles.models import Article
from tests.articles.test_images import png_header
from tests.factories import (
    article_form,
    image_upload,
    make_article,
    make_author,
    make_section,
    make_staff,
    management,
)

from .checks import html_problems
from .conftest import checked

pytestmark = pytest.mark.django_db

EVIL = "evil.example"


@pytest.fixture
def story(db):
    return make_article(headline="Ferry fares rise again", authors=[make_author()], tags=["Port"])


# Host header -------------------------------------------------------------------------------

HOSTS = [
    EVIL,
    f"{EVIL}:80",
    f"testserver.{EVIL}",
    f"testserver@{EVIL}",
    f"{EVIL}#testserver",
    "testserver:80@evil.example",
    "127.0.0.1.evil.example",
    "[::1].evil.example",
    "",
    "testserver\r\nX-Injected: 1",
]
# "/" chooses an edition; "/feed/" is an old address (a 301 to /en/feed/).
HOST_PAGES = [
    "/",
    "/en/",
    "story",
    "/en/feed/",
    "/en/sitemap.xml",
    "/admin/login/",
    "/en/search/?q=ferry",
    "/feed/",
]


@pytest.mark.parametrize("page", HOST_PAGES)
@pytest.mark.parametrize("host", HOSTS, ids=repr)
def test_a_forged_host_gets_400_and_never_reaches_a_link(client, story, host, page):
    url = story.get_absolute_url() if page == "story" else page
    response = client.get(url, HTTP_HOST=host)
    checked(f"host={host!r}")
    assert response.status_code == 400, f"Host {host!r} on {url}: {response.status_code}"
    assert EVIL.encode() not in response.content, f"Host {host!r} on {url} echoed"


@pytest.mark.parametrize("header", ["HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_SERVER"])
def test_forwarded_host_headers_never_make_absolute_links(client, story, header):
    for url in [story.get_absolute_url(), "/en/feed/", "/en/sitemap-news.xml"]:
        response = client.get(url, **{header: EVIL})
        checked(f"{header}={EVIL}")
        assert response.status_code == 200, url
        assert EVIL.encode() not in response.content, f"{header} reached {url}"


# CSRF --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "url", "data"),
    [
        ("editor", "/admin/articles/section/add/", {"name": "Coast", "slug": "coast"}),
        ("editor", "/admin/logout/", {}),
        ("editor", "/admin/password_change/", {"old_password": "x", "new_password1": "y"}),
        ("moderator", "/moderation/decide/", {"bulk": "approve", "selected": ["1"]}),
    ],
    ids=["admin add", "admin logout", "password change", "moderation decision"],
)
def test_a_staff_post_without_a_csrf_token_is_refused(who, url, data):
    user = make_staff(who, group="Editor" if who == "editor" else "Moderator")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    response = browser.post(url, data)
    checked(f"csrf-missing:{url}")
    assert response.status_code == 403, f"{url} without a token: {response.status_code}"


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": f"https://{EVIL}"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "http://testserver.evil.example"},
        {"HTTP_REFERER": f"https://{EVIL}/page"},
    ],
    ids=["other origin", "null origin", "look-alike origin", "other referer"],
)
def test_a_comment_sent_from_another_site_is_refused(story, post_comment, headers):
    from comments.models import Comment

    response = post_comment(story, origin=None, **headers)
    checked(f"comment-origin:{headers}")
    assert response.status_code == 403, headers
    assert "could not confirm that this form was sent" in response.content.decode()
    assert not Comment.objects.exists()


# Redirects ---------------------------------------------------------------------------------

OFFSITE = [
    f"https://{EVIL}",
    f"//{EVIL}",
    f"///{EVIL}",
    f"/\\{EVIL}",
    f"\\\\{EVIL}",
    f"https:{EVIL}",
    f"http://testserver@{EVIL}",
    f" //{EVIL}",
    f"/%09/{EVIL}",
    f"\t//{EVIL}",
    f"https://{EVIL}/admin/",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
]


def stays_on_site(location):
    parts = urlsplit(location)
    return parts.scheme in {"", "http", "https"} and parts.netloc in {"", "testserver"}


@pytest.mark.parametrize("target", OFFSITE, ids=repr)
def test_signing_in_never_sends_an_editor_off_site(target):
    make_staff("editor", group="Editor")
    response = Client().post(
        "/admin/login/",
        {"username": "editor", "password": "a-long-test-password", "next": target},
        REMOTE_ADDR="192.0.2.10",
    )
    checked(f"login-next={target!r}")
    assert response.status_code == 302, target
    assert stays_on_site(response["Location"]), f"next={target!r} -> {response['Location']}"


@pytest.mark.parametrize("target", OFFSITE, ids=repr)
def test_moderation_decisions_return_to_the_queue_only(target, moderator_client):
    response = moderator_client.post("/moderation/decide/", {"next": target})
    checked(f"moderation-next={target!r}")
    assert response.status_code == 302
    assert response["Location"].startswith("/moderation/"), response["Location"]


@pytest.mark.parametrize(
    "suffix",
    [f"//{EVIL}/", f"%2F%2F{EVIL}/", f"..%2F..%2F{EVIL}/", "x/..//evil.example/", "%0d%0aX:1/"],
    ids=repr,
)
# The story's address in its edition, and the unprefixed one from before editions.
@pytest.mark.parametrize("prefix", ["/en", ""], ids=["edition", "old"])
def test_story_addresses_redirect_only_to_the_story(client, story, suffix, prefix):
    response = client.get(f"{prefix}/stories/{story.pk}/{suffix}")
    checked(f"story-slug={suffix!r}")
    assert response.status_code in {301, 302, 404}, suffix
    if response.status_code in {301, 302}:
        assert response["Location"] == story.get_absolute_url(), response["Location"]
    shortlink = client.get(f"{prefix}/stories/{story.pk}/")
    assert shortlink["Location"] == story.get_absolute_url()


# Path traversal ----------------------------------------------------------------------------

TRAVERSALS = [
    "/media/../newsroom/settings.py",
    "/media/..%2f..%2fnewsroom%2fsettings.py",
    "/media/%2e%2e/%2e%2e/newsroom/settings.py",
    "/media/..%5c..%5cnewsroom%5csettings.py",
    "/media/....//....//newsroom/settings.py",
    "/media/%252e%252e%252fnewsroom%252fsettings.py",
    "/media/..%c0%af..%c0%afnewsroom/settings.py",
    "/media/heroes/../../db.sqlite3",
    "/media//etc/passwd",
    "/static/..%2f..%2fnewsroom/settings.py",
    "/static/../newsroom/settings.py",
    "/static/%2e%2e%2f%2e%2e%2fnewsroom%2fsettings.py",
    "/static/..\\..\\newsroom\\settings.py",
    "/static//etc/passwd",
    "/static/%00../newsroom/settings.py",
    "/section/..%2f..%2fnewsroom%2fsettings.py/",
    "/tag/../../../etc/passwd/",
    "/author/%2e%2e%2f%2e%2e%2fetc%2fpasswd/",
    "/en/section/..%2f..%2fnewsroom%2fsettings.py/",
    "/en/tag/../../../etc/passwd/",
    "/ckb/author/%2e%2e%2f%2e%2e%2fetc%2fpasswd/",
    "/en/../newsroom/settings.py",
]
SECRETS = [b"SECRET_KEY", b"DJANGO_SETTINGS", b"root:x:0:0", b"SQLite format 3", b"import os"]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_paths_never_climb_out_of_static_or_media(client, settings, path):
    settings.MEDIA_ROOT = settings.BASE_DIR / "media"  # the real folder, beside the code
    response = client.get(path)
    checked(f"path={path}")
    assert response.status_code in {400, 404}, f"{path}: {response.status_code}"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert not any(secret in body for secret in SECRETS), f"{path} served a file"


# Uploads -----------------------------------------------------------------------------------


def svg_with_script():
    return (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
    )


def truncated_jpeg():
    return image_upload().read()[:300]


UPLOADS = {
    "html-named-jpg": ("hero.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"),
    "gif-html-polyglot": ("hero.gif", b"GIF89a/*<script>alert(1)</script>*/=1;", "image/gif"),
    "svg-with-script": ("hero.svg", svg_with_script(), "image/svg+xml"),
    "svg-named-jpg": ("hero.jpg", svg_with_script(), "image/jpeg"),
    "huge-dimensions-png": ("hero.png", png_header(100_000, 100_000), "image/png"),
    "truncated-jpeg": ("hero.jpg", truncated_jpeg(), "image/jpeg"),
    "empty-file": ("hero.jpg", b"", "image/jpeg"),
    "php-double-extension": ("hero.php.jpg", b"<?php system($_GET['c']); ?>", "image/jpeg"),
    "traversal-name": ("../../newsroom/settings.py", b"SECRET_KEY = 'x'", "text/x-python"),
}


@pytest.mark.parametrize("upload", list(UPLOADS))
def test_a_hero_image_that_is_not_a_photo_is_refused_and_the_form_kept(editor_client, upload):
    from django.core.files.uploadedfile import SimpleUploadedFile

    name, content, kind = UPLOADS[upload]
    section = make_section()
    data = article_form(section, headline="Kept headline after a bad upload")
    data["hero_image"] = SimpleUploadedFile(name, content, content_type=kind)
    data["hero_alt"] = "A ferry at the quay"
    data |= management("bylines", 0) | management("interview", 0)
    response = editor_client.post("/admin/articles/article/add/", data)
    checked(f"upload={upload}")
    assert response.status_code == 200, f"{upload}: {response.status_code}"
    assert not Article.objects.exists(), f"{upload} was saved"
    errors = response.context["adminform"].form.errors
    assert "hero_image" in errors, f"{upload}: no message on the image ({errors})"
    html = response.content.decode()
    assert 'value="Kept headline after a bad upload"' in html, f"{upload}: the form was lost"
    assert not html_problems(html)


# Links that run code -----------------------------------------------------------------------

CODE_URLS = [
    "javascript:alert('PWN_profile_url')",
    " JavaScript:alert('PWN_profile_url')",
    "java\tscript:alert('PWN_profile_url')",
    "vbscript:msgbox('PWN_profile_url')",
    "data:text/html,<script>alert('PWN_profile_url')</script>",
]


@pytest.mark.parametrize("url", CODE_URLS, ids=repr)
def test_an_author_link_stored_with_a_code_scheme_is_never_a_live_link(client, url):
    # Stored past the admin's validation (an import, an old row, the shell).
    author = make_author(profile_url=url, website=url, handle="@mara")
    article = make_article(authors=[author])
    for surface in [article.get_absolute_url(), author.get_absolute_url()]:
        response = client.get(surface)
        checked(f"author_url={url!r}")
        assert response.status_code == 200
        assert not html_problems(response.content), f"{url!r} live on {surface}"


def test_the_editor_admin_refuses_code_schemes_in_author_links(editor_client):
    for url in CODE_URLS:
        response = editor_client.post(
            "/admin/articles/author/add/",
            {"name": "Mara", "slug": "mara", "profile_url": url, "website": url},
        )
        checked(f"admin_author_url={url!r}")
        assert response.status_code == 200, url
        assert {"profile_url", "website"} <= set(response.context["adminform"].form.errors)
