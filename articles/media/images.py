"""
Hero images and author photos: what an upload must be, what is stored, and the
renditions readers' browsers choose from.

An upload is opened with Pillow (never trusted by its name or content type),
checked, turned upright (EXIF orientation), converted to sRGB and re-encoded
from its pixels alone, so no metadata of the original survives: no EXIF (GPS
position, camera, owner), no XMP, no IPTC, no ICC profile, no comments. Only the
re-encoded file is stored.

Renditions are made once, when a new image is stored (articles/handlers.py runs
make_renditions once the row is committed, whoever saved it; ``manage.py
make_renditions`` makes missing ones), at the widths in ``NEWSROOM_IMAGE_WIDTHS`` (hero
images) and ``NEWSROOM_PORTRAIT_SIZES`` (author photos, square), in WebP and JPEG.
Their names follow from the stored file's name and size, so templates build
``srcset`` from the database row alone and never touch storage while serving.
"""

import io
import struct
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

# Pillow format -> extension of the stored original. MPO is how Pillow reads the JPEGs
# many phones write (a second picture, e.g. a depth map, after the photo): only the
# photo is kept. GIFs are stored as PNG (their first frame): lossless, shown everywhere.
ACCEPTED_FORMATS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "png"}
_DECODERS = ["JPEG", "PNG", "WEBP", "GIF"]  # the only Pillow plugins an upload meets
ACCEPT = "image/jpeg,image/png,image/webp,image/gif"
RENDITION_FORMATS = ("webp", "jpg")
RENDITIONS_ROOT = "renditions"

# Browsers sniff the start of a file for markup; a file that is also HTML (a
# polyglot) could run script if it were ever served from another path or type.
_HEAD_BYTES = 4096
_MARKUP_IN_HEAD = (b"<html", b"<script", b"<!doctype html", b"<body", b"<iframe", b"<svg")
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def max_bytes():
    return getattr(settings, "NEWSROOM_IMAGE_MAX_BYTES", 15 * 1024 * 1024)


def max_pixels():
    return getattr(settings, "NEWSROOM_IMAGE_MAX_PIXELS", 40_000_000)


def hero_widths():
    return tuple(sorted(getattr(settings, "NEWSROOM_IMAGE_WIDTHS", (480, 800, 1200, 1600))))


def portrait_sizes():
    return tuple(sorted(getattr(settings, "NEWSROOM_PORTRAIT_SIZES", (120, 240, 360))))


def _amount(value, decimals=None):
    """
    A number as the editor's language writes it ("8,000" in English, "8.000" in Arabic
    and Kurmanji), in Western digits; a whole number has no decimals, others ``decimals``.
    """
    if decimals is None and float(value).is_integer():
        value = int(value)
    return number_format(value, decimal_pos=decimals, force_grouping=True)


def _megabytes(size, decimals=None):
    return _amount(size / (1024 * 1024), decimals)


def _megapixels(pixels):
    return _amount(pixels / 1_000_000)


def upload_help_text():
    return gettext(
        "JPEG, PNG, WebP or GIF, up to %(megabytes)s MB and %(megapixels)s megapixels. "
        "The image is turned upright and stored without its metadata (camera, GPS "
        "location, captions): write the caption and credit below."
    ) % {"megabytes": _megabytes(max_bytes()), "megapixels": _megapixels(max_pixels())}


# Uploads ------------------------------------------------------------------------------------


class CleanedImage(ContentFile):
    """
    The re-encoded upload: what is stored instead of the file that was sent.
    ``image`` holds its pixels, so the renditions need not decode it again.
    """

    def __init__(self, content, *, name, image, content_type):
        super().__init__(content, name=name)
        self.image = image
        self.content_type = content_type


def _reject(message, code):
    raise ValidationError(message, code=code)


def _read_all(upload):
    upload.seek(0)
    data = b"".join(upload.chunks()) if hasattr(upload, "chunks") else upload.read()
    upload.seek(0)
    return data


def _check_markup(data, name):
    head = data[:_HEAD_BYTES].lower()
    if b"<svg" in head or name.lower().endswith((".svg", ".svgz")):
        _reject(
            gettext(
                "SVG images are not accepted: they can carry scripts. Upload a JPEG, PNG, "
                "WebP or GIF instead."
            ),
            "svg",
        )
    if any(marker in head for marker in _MARKUP_IN_HEAD) or b"<script" in data.lower():
        _reject(
            gettext(
                "This file contains web page code (HTML or script) as well as an image, and "
                "is refused. Export the picture again from a photo editor and upload that."
            ),
            "polyglot",
        )


def _open(data):
    """The decoded first frame of an accepted format, or a ValidationError saying why not."""
    limit = max_pixels()

    def too_big(pixels):
        # Translators: %(pixels)s is "8,000 × 6,000 pixels, 48.0 megapixels" or "far
        # more pixels than any photo has".
        return gettext(
            "This image is too large to process safely (%(pixels)s); the limit is "
            "%(limit)s megapixels. Resize it and upload it again."
        ) % {"pixels": pixels, "limit": _megapixels(limit)}

    far_too_big = gettext("far more pixels than any photo has")
    try:
        image = Image.open(io.BytesIO(data), formats=_DECODERS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _reject(too_big(far_too_big), "too_many_pixels")
    except UnidentifiedImageError:
        _reject(
            gettext(
                "This file is not a JPEG, PNG, WebP or GIF image. Upload one of those formats."
            ),
            "invalid_image",
        )
    except (OSError, ValueError, SyntaxError):
        _reject(
            gettext("This image is damaged and cannot be read. Upload it again."), "invalid_image"
        )
    width, height = image.size
    if width * height > limit:
        described = gettext("%(width)s × %(height)s pixels, %(megapixels)s megapixels") % {
            "width": _amount(width),
            "height": _amount(height),
            "megapixels": _amount(width * height / 1_000_000, 1),
        }
        _reject(too_big(described), "too_many_pixels")
    try:
        image.verify()  # checksums and structure; the image cannot be used afterwards
        image = Image.open(io.BytesIO(data), formats=_DECODERS)
        image.seek(0)
        image.load()  # decodes every pixel: a truncated file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _reject(too_big(far_too_big), "too_many_pixels")
    except (OSError, ValueError, SyntaxError, EOFError):
        _reject(
            gettext(
                "This image is incomplete or damaged (the upload may have been cut off). "
                "Upload it again."
            ),
            "truncated",
        )
    return image


def to_clean_pixels(image):
    """
    A new image holding only ``image``'s pixels, upright and in sRGB: no EXIF, XMP,
    IPTC, ICC profile, comment or any other ``info`` of the original.
    """
    image = ImageOps.exif_transpose(image)
    alpha = image.has_transparency_data
    if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        image = image.convert("RGBA" if alpha else "RGB")
    icc = image.info.get("icc_profile")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            image = ImageCms.profileToProfile(
                image, source, _SRGB, outputMode="RGBA" if image.mode == "RGBA" else "RGB"
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: keep the pixels as they are
    mode = "RGBA" if alpha else "RGB"
    converted = image.convert(mode)
    clean = Image.new(mode, converted.size)
    clean.paste(converted)
    return clean


def _encode(image, extension, *, quality):
    buffer = io.BytesIO()
    if extension == "jpg":
        if image.mode != "RGB":
            image = _on_white(image)
        image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    elif extension == "webp":
        image.save(buffer, "WEBP", quality=quality, method=4)
    elif extension == "gif":
        image.save(buffer, "GIF")
    else:
        image.save(buffer, "PNG")
    return buffer.getvalue()


def _on_white(image):
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image, mask=image.getchannel("A") if image.mode == "RGBA" else None)
    return background


def clean_upload(upload):
    """
    Check an uploaded image and return what to store instead: a CleanedImage,
    re-encoded from its upright sRGB pixels with no metadata at all.

    Raises ValidationError (one clear message) for: more than NEWSROOM_IMAGE_MAX_BYTES;
    SVG; HTML or script inside the file; anything Pillow does not read as JPEG,
    PNG, WebP or GIF; more than NEWSROOM_IMAGE_MAX_PIXELS (decompression bombs
    included); truncated or damaged files.
    """
    size = getattr(upload, "size", None)
    limit = max_bytes()
    if size is not None and size > limit:
        _reject(
            gettext(
                "This file is %(size)s MB; the limit is %(limit)s MB. Export a smaller "
                "version and upload that."
            )
            % {"size": _megabytes(size, 1), "limit": _megabytes(limit)},
            "file_too_big",
        )
    data = _read_all(upload)
    if len(data) > limit:  # the size an upload reports is not trusted either
        _reject(
            gettext("This file is larger than %(limit)s MB.") % {"limit": _megabytes(limit)},
            "file_too_big",
        )
    name = getattr(upload, "name", "") or ""
    _check_markup(data, name)
    image = _open(data)
    source_format = image.format
    try:
        pixels = to_clean_pixels(image)
    except (OSError, ValueError, SyntaxError, TypeError, KeyError, IndexError, struct.error):
        # Hostile or broken EXIF (orientation) or colour profile data.
        _reject(
            gettext("This image's data is damaged and cannot be read. Upload it again."),
            "invalid_image",
        )
    extension = ACCEPTED_FORMATS[source_format]
    if extension == "jpg" and pixels.mode == "RGBA":
        extension = "png"
    content = _encode(pixels, extension, quality=90)
    stem = slugify(PurePosixPath(name).stem)[:80] or "image"
    content_type = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}[extension]
    return CleanedImage(
        content, name=f"{stem}.{extension}", image=pixels, content_type=content_type
    )


# What Pillow reports of a file that says nothing about who, where or with what.
_STRUCTURAL_INFO = {
    "jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi", "progressive",
    "progression", "adobe", "adobe_transform", "loop", "duration", "background",
    "transparency", "gamma", "aspect", "interlace", "version", "extension", "srgb",
    "chromaticity", "compression", "disposal", "lossless", "exif_orientation",
}  # fmt: skip


def has_metadata(image):
    """True if a file carries anything beyond its pixels and their encoding."""
    return bool(set(image.info) - _STRUCTURAL_INFO) or bool(image.getexif())


def strip_stored(field_file):
    """
    Re-encode a stored image in place (same name) if it still carries metadata,
    as files stored before uploads were cleaned may; update the instance's stored
    width and height (orientation may turn it). Return True if it was rewritten.
    """
    storage, name = field_file.storage, field_file.name
    with storage.open(name, "rb") as stored:
        image = Image.open(stored)
        if not has_metadata(image):
            return False
        pixels = to_clean_pixels(image)
    extension = PurePosixPath(name).suffix.lstrip(".").lower()
    extension = {"jpeg": "jpg"}.get(extension, extension)
    if extension not in ("jpg", "png", "webp", "gif"):
        extension = "png"  # an unusual name: the content is what browsers go by
    if extension == "jpg" and pixels.mode == "RGBA":
        pixels = _on_white(pixels)
    content = _encode(pixels, extension, quality=90)
    storage.delete(name)
    saved = storage.save(name, ContentFile(content))
    instance, field = field_file.instance, field_file.field
    setattr(instance, field.attname, saved)
    dimensions = [f for f in (field.width_field, field.height_field) if f]
    if dimensions:
        field.update_dimension_fields(instance, force=True)
    instance.save(update_fields=[field.attname, *dimensions])
    return True


# Renditions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """How one image field is rendered: widths by the image's size, or fixed squares."""

    square: bool

    def sizes_for(self, width, height=None):
        """The widths of the renditions of an image ``width`` wide (never upscaled)."""
        if self.square:
            return portrait_sizes()
        if not width:
            return ()
        widths = hero_widths()
        largest = min(width, widths[-1])  # the full width, up to the largest rendition
        # A width within 10% of the largest would only repeat it.
        return (*(w for w in widths if w < largest * 0.9), largest)


HERO = Kind(square=False)
PORTRAIT = Kind(square=True)
# Every image field with renditions: (app_label.Model, field name) -> kind.
KINDS = {("articles.Article", "hero_image"): HERO, ("articles.Author", "photo"): PORTRAIT}


def image_fields(model):
    """The fields of ``model`` whose images get renditions."""
    return [model._meta.get_field(name) for label, name in KINDS if label == model._meta.label]


def kind_of(field_file):
    return KINDS[(field_file.instance._meta.label, field_file.field.name)]


def rendition_name(name, size, extension):
    """
    Where the rendition of the stored file ``name`` at ``size`` pixels wide lives:
    ``heroes/2025/01/quay.jpg`` -> ``renditions/heroes/2025/01/quay-jpg-800.webp``.
    The original's extension stays in the name, so ``quay.jpg`` and ``quay.png``
    never share renditions.
    """
    path = PurePosixPath(name)
    original_extension = path.suffix.lstrip(".").lower() or "img"
    return f"{RENDITIONS_ROOT}/{path.parent / path.stem}-{original_extension}-{size}.{extension}"


def rendition_names(field_file):
    """Every rendition name of a stored image (for a backfill, a test or a cleanup)."""
    kind = kind_of(field_file)
    width = None if kind.square else _stored_width(field_file)
    return [
        rendition_name(field_file.name, size, extension)
        for size in kind.sizes_for(width)
        for extension in RENDITION_FORMATS
    ]


def _stored_width(field_file):
    width_field = field_file.field.width_field
    return getattr(field_file.instance, width_field) if width_field else field_file.width


def _resize(image, size, *, square):
    if square:
        side = min(size, image.width, image.height)  # never upscaled
        # Faces sit in the upper half of most portraits.
        return ImageOps.fit(image, (side, side), Image.Resampling.LANCZOS, centering=(0.5, 0.4))
    if size >= image.width:
        return image
    height = max(1, round(image.height * size / image.width))
    return image.resize((size, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def make_renditions(field_file, *, image=None, replace=False):
    """
    Write the WebP and JPEG renditions of a stored image; return how many were written.

    ``image``: its pixels when the caller has them (the admin just cleaned the
    upload), else the stored file is read once. ``replace``: write over renditions
    that exist (a new image under a reused name); otherwise they are kept, which
    makes a backfill cheap to run again.
    """
    if not field_file:
        return 0
    kind = kind_of(field_file)
    storage = field_file.storage
    if image is None:
        with storage.open(field_file.name, "rb") as stored:
            image = to_clean_pixels(Image.open(stored))
    sizes = kind.sizes_for(image.width)
    written = 0
    for size in sizes:
        names = {ext: rendition_name(field_file.name, size, ext) for ext in RENDITION_FORMATS}
        if not replace and all(storage.exists(name) for name in names.values()):
            continue
        resized = _resize(image, size, square=kind.square)
        for extension, name in names.items():
            if storage.exists(name):
                if not replace:
                    continue
                storage.delete(name)
            quality = 80 if extension == "webp" else 82
            storage.save(name, ContentFile(_encode(resized, extension, quality=quality)))
            written += 1
    return written


@dataclass(frozen=True)
class Picture:
    """What a <picture> needs, computed from the database row alone."""

    src: str
    webp_srcset: str
    jpeg_srcset: str
    width: int
    height: int
    density: bool  # srcset in x (fixed display size) rather than w descriptors


def picture(field_file, *, width=None, height=None, display=None):
    """
    The srcsets of a stored image without touching storage: from its name, its
    stored ``width`` and ``height`` (hero) or its display size in CSS pixels
    (``display``, for square portraits). None when there is nothing to show.
    """
    if not field_file:
        return None
    url = field_file.storage.url
    name = field_file.name
    if display:
        sizes = portrait_sizes()

        def srcset(extension):
            return ", ".join(
                f"{url(rendition_name(name, size, extension))} {size / display:g}x"
                for size in sizes
            )

        fallback = min(sizes, key=lambda size: abs(size - display))
        return Picture(
            src=url(rendition_name(name, fallback, "jpg")),
            webp_srcset=srcset("webp"),
            jpeg_srcset=srcset("jpg"),
            width=display,
            height=display,
            density=True,
        )
    if not width or not height:
        return None
    sizes = HERO.sizes_for(width)

    def srcset(extension):
        return ", ".join(f"{url(rendition_name(name, size, extension))} {size}w" for size in sizes)

    # The <img> fallback for browsers without srcset: a mid-sized JPEG.
    fallback = max((size for size in sizes if size <= 1200), default=sizes[0])
    return Picture(
        src=url(rendition_name(name, fallback, "jpg")),
        webp_srcset=srcset("webp"),
        jpeg_srcset=srcset("jpg"),
        width=width,
        height=height,
        density=False,
    )
