"""Image uploads in editors' forms."""

from django import forms

from . import images


class UploadedImageField(forms.ImageField):
    """
    An image upload checked and re-encoded by articles.media.images.clean_upload(): the
    form stores the cleaned file (upright, no metadata), never the one sent.
    """

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        return images.clean_upload(upload)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if "accept" in attrs:
            attrs["accept"] = images.ACCEPT
        return attrs


class ImageUploadsMixin:
    """
    For model forms with image fields: each says what it accepts. Renditions of a
    new upload are made once the row is committed (articles/handlers.py).
    """

    image_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.image_fields:
            if name in self.fields:
                self.fields[name].help_text = images.upload_help_text()
