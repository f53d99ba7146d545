"""
Hero images and author photos: what an upload must be, that nothing but pixels
is stored (GPS above all), and renditions made once, on save, never per request.
"""

import io
import re
import struct
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import ExifTags, Image, ImageCms

from articles.media import images
from articles.models import Article, Author
from tests.articles.test_query_budgets import STORY_PAGE_QUERIES, count_queries, story
from tests.factories import article_form, make_article, make_author, make_section, management

pytestmark = pytest.mark.django_db

GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (59.0, 19.0, 44.5),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (18.0, 4.0, 7.25),
}
XMP = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="59,19.74N"/></rdf:RDF>'
    b'</x:xmpmeta><?xpacket end="w"?>'
)


# Files ------------------------------------------------------------------------------------


def two_colour(size=(1800, 1200)):
    """Left half red, right half blue: shows which way an image was turned."""
    image = Image.new("RGB", size, (220, 30, 30))
    image.paste((30, 30, 220), (size[0] // 2, 0, size[0], size[1]))
    return image


def encode(image, fmt="JPEG", **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def located_jpeg(size=(1800, 1200), orientation=1):
    """A photo as a phone takes it: EXIF with GPS and orientation, XMP, ICC, a comment."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = GPS
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encode(
        two_colour(size), exif=exif, xmp=XMP, icc_profile=icc, comment=b"at the safe house"
    )
    opened = Image.open(io.BytesIO(data))
    assert opened.getexif().get_ifd(ExifTags.IFD.GPSInfo), "the test photo carries GPS"
    return data


def png_header(width, height):
    """A PNG that claims ``width`` x ``height`` pixels in a few dozen bytes."""

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def rejected(data, name="photo.jpg"):
    with pytest.raises(ValidationError) as error:
        images.clean_upload(upload(data, name))
    return error.value


def stored_files(root):
    return sorted(p for p in Path(root).rglob("*") if p.is_file())


def assert_no_metadata(path):
    data = Path(path).read_bytes()
    image = Image.open(path)
    assert not image.getexif(), f"EXIF in {path}"
    assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert not set(image.info) & {"exif", "xmp", "icc_profile", "comment", "photoshop"}, (
        f"{path}: {sorted(image.info)}"
    )
    for trace in (b"Exif\0\0", b"xmpmeta", b"GPSLatitude", b"PhoneMaker", b"safe house"):
        assert trace not in data, f"{trace!r} in {path}"


# Validation -------------------------------------------------------------------------------


def test_jpeg_png_webp_and_gif_are_accepted_and_named_by_what_they_are():
    image = two_colour((64, 48))
    for fmt, sent_as, stored_as in [
        ("JPEG", "a.jpg", "a.jpg"),
        ("PNG", "b.jpg", "b.png"),  # the content decides, not the name
        ("WEBP", "c.webp", "c.webp"),
        ("GIF", "d.gif", "d.png"),  # first frame, stored losslessly
    ]:
        cleaned = images.clean_upload(upload(encode(image, fmt), sent_as))
        assert cleaned.name == stored_as
        assert Image.open(io.BytesIO(cleaned.read())).size == (64, 48)


def test_a_phone_jpeg_with_a_second_picture_keeps_only_the_photo():
    photo, depth_map = two_colour((64, 48)), Image.new("L", (64, 48), 128).convert("RGB")
    data = encode(photo, "MPO", save_all=True, append_images=[depth_map])
    assert Image.open(io.BytesIO(data)).n_frames == 2
    cleaned = images.clean_upload(upload(data, "PXL_0001.jpg"))
    stored = Image.open(io.BytesIO(cleaned.read()))
    assert cleaned.name == "pxl_0001.jpg" and stored.format == "JPEG"
    assert getattr(stored, "n_frames", 1) == 1


def test_decompression_bombs_are_refused_before_decoding():
    error = rejected(png_header(30_000, 30_000), "bomb.png")  # 900 megapixels
    assert error.code == "too_many_pixels"
    assert "too large to process safely" in error.message


def test_images_over_the_pixel_limit_are_refused(settings):
    error = rejected(png_header(8_000, 6_000), "big.png")  # 48 megapixels
    assert error.code == "too_many_pixels"
    assert "8,000 × 6,000 pixels" in error.message and "40 megapixels" in error.message
    settings.NEWSROOM_IMAGE_MAX_PIXELS = 1000
    assert rejected(encode(two_colour((40, 30)))).code == "too_many_pixels"


def test_files_over_the_size_limit_are_refused(settings):
    settings.NEWSROOM_IMAGE_MAX_BYTES = 1024
    error = rejected(encode(Image.effect_noise((200, 200), 60).convert("RGB"), "PNG"))
    assert error.code == "file_too_big" and "the limit is" in error.message


@pytest.mark.parametrize(
    "data,name",
    [
        (encode(two_colour((40, 30)), "BMP"), "photo.bmp"),
        (encode(two_colour((40, 30)), "TIFF"), "photo.jpg"),
        (b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n", "photo.jpg"),
        (b"Just some text, not a picture.", "notes.png"),
    ],
)
def test_other_formats_and_non_images_are_refused(data, name):
    error = rejected(data, name)
    assert error.code == "invalid_image"
    assert "not a JPEG, PNG, WebP or GIF" in error.message


@pytest.mark.parametrize("name", ["logo.svg", "logo.png"])
def test_svg_is_refused_whatever_its_name(name):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    error = rejected(svg, name)
    assert error.code == "svg" and "SVG images are not accepted" in error.message


def test_html_image_polyglots_are_refused():
    gif_with_html = encode(two_colour((40, 30)), "GIF", comment=b"<html><body>hi</body></html>")
    jpeg_with_script = encode(two_colour((40, 30)), comment=b"<SCRIPT>alert(document.cookie)")
    html_first = b"<!DOCTYPE html><html><body>" + encode(two_colour((40, 30)), "GIF")
    for data in (gif_with_html, jpeg_with_script, html_first):
        error = rejected(data)
        assert error.code == "polyglot" and "web page code" in error.message


def test_truncated_files_are_refused():
    jpeg = encode(Image.effect_noise((400, 300), 50).convert("RGB"), quality=95)
    png = encode(Image.effect_noise((400, 300), 50).convert("RGB"), "PNG")
    for data in (jpeg[: len(jpeg) // 2], png[: len(png) // 2]):
        error = rejected(data)
        assert error.code in {"truncated", "invalid_image"}
        assert "incomplete or damaged" in error.message or "damaged" in error.message


# Through the admin ------------------------------------------------------------------------


def post_story(client, section, **fields):
    data = article_form(section, **fields) | management("bylines", 0) | management("interview", 0)
    return client.post("/admin/articles/article/add/", data)


def test_a_refused_upload_says_why_and_keeps_the_rest_of_the_form(editor_client, settings):
    section = make_section()
    response = post_story(
        editor_client,
        section,
        hero_image=upload(png_header(30_000, 30_000), "bomb.png", "image/png"),
        hero_alt="A dredger at the quay",
        hero_caption="Caption the editor typed",
    )
    assert response.status_code == 200
    assert not Article.objects.exists()
    errors = response.context["adminform"].form.errors
    assert "too large to process safely" in errors["hero_image"][0]
    html = response.content.decode()
    assert "too large to process safely" in html
    for typed in (
        "A quiet winter at the lighthouse",
        "A dredger at the quay",
        "Caption the editor",
    ):
        assert typed in html
    assert stored_files(settings.MEDIA_ROOT) == []


def test_the_file_inputs_ask_for_the_accepted_formats(editor_client):
    accept = 'accept="image/jpeg,image/png,image/webp,image/gif"'
    for url in ("/admin/articles/article/add/", "/admin/articles/author/add/"):
        html = editor_client.get(url).content.decode()
        assert accept in html and "up to 15 MB and 40 megapixels" in html


def test_alt_text_is_required_with_an_image(editor_client):
    response = post_story(editor_client, make_section(), hero_image=upload(located_jpeg()))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["hero_alt"] == ["Describe the image for readers who cannot see it."]


def test_a_photo_with_gps_is_stored_and_served_without_any_metadata(editor_client, settings):
    response = post_story(
        editor_client,
        make_section(),
        hero_image=upload(located_jpeg(), "IMG_2041.JPG"),
        hero_alt="Boats in the harbour at dawn",
    )
    assert response.status_code == 302, response.context["adminform"].errors
    article = Article.objects.get()
    assert article.hero_image.name.endswith("img_2041.jpg")
    files = stored_files(settings.MEDIA_ROOT)
    renditions = [f for f in files if "renditions" in f.parts]
    # The original and 4 widths (480, 800, 1200, 1600 of 1800) x 2 formats.
    assert len(files) == 9 and len(renditions) == 8
    for path in files:
        assert_no_metadata(path)


def test_exif_orientation_is_applied(editor_client):
    # Orientation 6: the camera was turned; the picture must be turned 90° clockwise.
    response = post_story(
        editor_client,
        make_section(),
        hero_image=upload(located_jpeg(size=(600, 400), orientation=6)),
        hero_alt="A tall picture",
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.hero_width, article.hero_height) == (400, 600)
    stored = Image.open(article.hero_image.path).convert("RGB")
    assert stored.size == (400, 600)
    red, blue = stored.getpixel((200, 50)), stored.getpixel((200, 550))
    assert red[0] > 150 > red[2] and blue[2] > 150 > blue[0], "left half is now on top"
    assert Image.open(
        Path(
            article.hero_image.storage.path(
                images.rendition_name(article.hero_image.name, 400, "webp")
            )
        )
    ).size == (400, 600)


def test_renditions_are_made_once_on_save_and_never_per_request(editor_client, client, monkeypatch):
    saves, opens, reads = [], [], []
    real_save, real_open = FileSystemStorage.save, Image.open
    monkeypatch.setattr(
        FileSystemStorage,
        "save",
        lambda self, name, *a, **k: saves.append(name) or real_save(self, name, *a, **k),
    )
    monkeypatch.setattr(Image, "open", lambda *a, **k: opens.append(a) or real_open(*a, **k))
    for method in ("open", "exists", "size"):
        real = getattr(FileSystemStorage, method)
        monkeypatch.setattr(
            FileSystemStorage,
            method,
            lambda self, name, *a, _real=real, **k: (
                reads.append(name) or _real(self, name, *a, **k)
            ),
        )

    author = make_author()
    section = make_section()
    response = post_story(
        editor_client,
        section,
        hero_image=upload(located_jpeg()),
        hero_alt="Boats in the harbour at dawn",
        status="published",
        new_tags="",
    )
    assert response.status_code == 302
    article = Article.objects.get()
    article.bylines.create(author=author, position=1)
    assert len(saves) == 1 + 8  # the cleaned original, then each rendition once
    assert sorted(saves[1:]) == sorted(images.rendition_names(article.hero_image))

    saves.clear(), opens.clear(), reads.clear()
    for url in (article.get_absolute_url(), "/en/", section.get_absolute_url()):
        for _ in range(2):
            cache.clear()  # two real renders, not one render and a cached copy
            assert b"-jpg-800.webp 800w" in client.get(url).content
    assert (saves, opens, reads) == ([], [], [])

    # Saving the story again without a new image makes no renditions.
    data = article_form(section, hero_alt="Boats at dawn", status="published", new_tags="")
    data |= management("bylines", 0) | management("interview", 0)
    data["bylines-INITIAL_FORMS"] = "0"
    response = editor_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].errors
    assert [name for name in saves if "renditions" in name] == []


class Pictures(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sources, self.images, self.in_picture = [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "picture":
            self.in_picture = True
        elif tag == "source" and self.in_picture:
            self.sources.append(attrs)
        elif tag == "img" and self.in_picture:
            self.images.append(attrs)

    def handle_endtag(self, tag):
        if tag == "picture":
            self.in_picture = False


def pictures(html):
    parser = Pictures()
    parser.feed(html)
    return parser


def srcset_files(srcset, media_root):
    entries = [item.strip().rsplit(" ", 1) for item in srcset.split(",")]
    return [(Path(media_root) / url.removeprefix("/media/"), size) for url, size in entries]


def test_story_page_and_cards_offer_webp_and_jpeg_srcsets_with_width_and_height(client, settings):
    section = make_section()
    article = make_article(
        section=section,
        hero_image=upload(encode(two_colour((1800, 1200))), "quay.jpg"),
        hero_alt='The quay at "low" tide',
    )
    assert (article.hero_width, article.hero_height) == (1800, 1200)
    html = client.get(article.get_absolute_url()).content.decode()
    found = pictures(html)
    assert len(found.sources) == 1 and len(found.images) == 1
    source, img = found.sources[0], found.images[0]
    assert source["type"] == "image/webp"
    assert (img["width"], img["height"]) == ("1800", "1200")
    assert img["alt"] == 'The quay at "low" tide'
    assert img["fetchpriority"] == "high"
    assert source["sizes"] == img["sizes"] == "(min-width: 62em) 62rem, 100vw"
    for srcset, extension in ((source["srcset"], ".webp"), (img["srcset"], ".jpg")):
        files = srcset_files(srcset, settings.MEDIA_ROOT)
        assert [size for _, size in files] == ["480w", "800w", "1200w", "1600w"]
        for path, size in files:
            assert path.suffix == extension and path.exists()
            assert Image.open(path).width == int(size[:-1])
    assert img["src"].endswith("-jpg-1200.jpg")
    assert " style=" not in html and "<script>" not in html

    for url in ("/en/", section.get_absolute_url()):
        card = pictures(client.get(url).content.decode())
        assert card.images and card.images[0]["alt"] == ""
        assert card.images[0]["width"] == "1800" and "sizes" in card.images[0]


def test_a_small_image_is_never_upscaled(client):
    article = make_article(hero_image=upload(encode(two_colour((320, 180)))), hero_alt="Small")
    img = pictures(client.get(article.get_absolute_url()).content.decode()).images[0]
    assert img["srcset"].endswith("-jpg-320.jpg 320w") and "480w" not in img["srcset"]


def test_story_page_with_a_hero_image_keeps_its_query_budget(client):
    article = story(turns=5, authors=2, tags=2)
    article.hero_image = upload(encode(two_colour((900, 600))))
    article.hero_alt = "The quay"
    article.save()
    images.make_renditions(article.hero_image)
    assert count_queries(client, article.get_absolute_url()) == STORY_PAGE_QUERIES


def test_author_photos_are_cleaned_and_shown_square_at_three_densities(
    editor_client, client, settings
):
    response = editor_client.post(
        "/admin/articles/author/add/",
        {
            "name": "Mara Lindqvist",
            "slug": "mara-lindqvist",
            "photo": upload(located_jpeg(size=(800, 1000)), "mara.jpg"),
        },
    )
    assert response.status_code == 302, response.context["adminform"].errors
    author = Author.objects.get()
    for path in stored_files(settings.MEDIA_ROOT):
        assert_no_metadata(path)
    for size in (120, 240, 360):
        for extension in ("webp", "jpg"):
            name = images.rendition_name(author.photo.name, size, extension)
            assert Image.open(author.photo.storage.path(name)).size == (size, size)

    html = client.get(author.get_absolute_url()).content.decode()
    img = pictures(html).images[0]
    assert img["class"] == "author-header__photo"
    assert img["alt"] == "Portrait of Mara Lindqvist"
    assert (img["width"], img["height"]) == ("120", "120")
    assert re.fullmatch(r"\S+-120\.jpg 1x, \S+-240\.jpg 2x, \S+-360\.jpg 3x", img["srcset"])


def test_make_renditions_backfills_and_strips_images_stored_before(settings):
    article = make_article(hero_alt="Old photo")
    # As an image stored before uploads were cleaned: GPS and a turned camera.
    article.hero_image = ContentFile(located_jpeg((600, 400), 6), name="old.jpg")
    article.save()
    author = make_author()
    author.photo = ContentFile(encode(two_colour((300, 300)), "PNG"), name="old-portrait.png")
    author.save()
    assert (article.hero_width, article.hero_height) == (600, 400)

    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    # Turned upright, 400 pixels wide: one width, in WebP and JPEG.
    assert "hero images: 1 images, 2 renditions written, 1 originals stripped" in out.getvalue()
    assert "author photos: 1 images, 6 renditions written" in out.getvalue()
    article.refresh_from_db()
    assert (article.hero_width, article.hero_height) == (400, 600)
    for path in stored_files(settings.MEDIA_ROOT):
        assert_no_metadata(path)
    portraits = images.rendition_names(author.photo)
    assert all(author.photo.storage.exists(name) for name in portraits)

    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert "hero images: 1 images, 0 renditions written" in out.getvalue()


def test_the_demo_makes_its_renditions_once(monkeypatch, django_capture_on_commit_callbacks):
    def load_demo():
        # As run from a shell: the command commits, and what waits for the commit runs.
        with django_capture_on_commit_callbacks(execute=True):
            call_command("load_demo", force=True, verbosity=0, stdout=io.StringIO())

    load_demo()
    for article in Article.objects.exclude(hero_image=""):
        names = images.rendition_names(article.hero_image)
        assert len(names) == 8 and all(article.hero_image.storage.exists(n) for n in names)
    for author in Author.objects.exclude(photo=""):
        assert all(author.photo.storage.exists(n) for n in images.rendition_names(author.photo))

    saves = []
    real_save = FileSystemStorage.save
    monkeypatch.setattr(
        FileSystemStorage,
        "save",
        lambda self, name, *a, **k: saves.append(name) or real_save(self, name, *a, **k),
    )
    load_demo()
    assert saves == []
