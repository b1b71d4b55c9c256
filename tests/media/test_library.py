"""Uploads: what is accepted, what is refused (with nothing written), what is stored."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image as PILImage

from dossiers.media.models import Image
from dossiers.media.services import image_renditions, image_upload, renditions_make
from tests.media.images import jpeg_with_exif, picture_bytes

pytestmark = pytest.mark.django_db


def stored_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_an_upload_is_stored_without_its_exif_and_turned_the_way_it_was_shot():
    image = image_upload(data=jpeg_with_exif(), alt="A test card", credit="Photo: us")
    with PILImage.open(Path(settings.MEDIA_ROOT) / image.file.name) as stored:
        assert stored.size == (600, 800)  # orientation 6 applied: portrait
        assert not stored.getexif()  # no camera, no GPS
        assert "exif" not in stored.info
    assert (image.width, image.height) == (600, 800)
    assert image.file.name.startswith("originals/")


def test_the_same_picture_twice_is_one_image():
    data = picture_bytes()
    first = image_upload(data=data, alt="One")
    assert image_upload(data=data, alt="Two").pk == first.pk
    assert Image.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>',
            "SVG",
        ),
        (b"<svg onload='alert(1)'></svg>", "SVG"),
        (b"GIF89a not really", "not an image"),
        (b"plain text, not a picture at all", "not an image"),
        (b"", "empty"),
        (picture_bytes()[:400], "not an image"),  # cut short
        (picture_bytes(fmt="BMP"), "BMP images are not accepted"),
    ],
)
def test_what_is_not_an_image_we_take_is_refused_with_a_reason_and_nothing_written(data, reason):
    before = stored_files()
    with pytest.raises(ValidationError) as refused:
        image_upload(data=data, alt="Anything")
    assert reason in " ".join(refused.value.message_dict["file"])
    assert Image.objects.count() == 0
    assert stored_files() == before


def test_size_and_pixel_caps_come_from_the_settings(settings):
    settings.DOSSIERS = {**settings.DOSSIERS, "MEDIA_MAX_MEGAPIXELS": 1, "MEDIA_MAX_MB": 1}
    with pytest.raises(ValidationError, match="megapixels"):
        image_upload(data=picture_bytes((1500, 1000), "PNG"), alt="Too many pixels")
    noise = PILImage.effect_noise((1000, 1000), 120).convert("RGB")
    big = io.BytesIO()
    noise.save(big, "PNG")
    assert len(big.getvalue()) > 1024 * 1024
    with pytest.raises(ValidationError, match="limit is 1 MB"):
        image_upload(data=big.getvalue(), alt="Too big")
    assert Image.objects.count() == 0


def test_alt_text_is_required_and_nothing_is_written_without_it():
    before = stored_files()
    with pytest.raises(ValidationError) as refused:
        image_upload(data=picture_bytes(), alt="   ")
    assert "alt" in refused.value.message_dict
    assert stored_files() == before


def test_a_failed_save_removes_the_file_it_wrote(monkeypatch):
    before = stored_files()

    def broken_save(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Image, "save", broken_save)
    with pytest.raises(RuntimeError):
        image_upload(data=picture_bytes(), alt="Doomed")
    assert stored_files() == before


def test_renditions_are_made_once_in_every_format_and_width(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = image_upload(data=picture_bytes((2000, 1400)), alt="Made at upload")
    wanted = image_renditions(image)
    root = Path(settings.MEDIA_ROOT)
    assert all((root / r.name).is_file() for r in wanted)
    assert {r.format for r in wanted} >= {"jpg"} and len({r.format for r in wanted}) == 2
    for rendition in wanted:
        with PILImage.open(root / rendition.name) as made:
            assert made.size == (rendition.width, rendition.height)
    assert renditions_make(image=image) == 0  # nothing made twice


def test_the_command_makes_every_missing_rendition_once():
    from io import StringIO

    from django.core.management import call_command

    image = image_upload(data=picture_bytes(), alt="Later", make_renditions=False)
    out = StringIO()
    call_command("media", "renditions", stdout=out)
    assert f"{len(image_renditions(image))} renditions made for 1 images" in out.getvalue()
    call_command("media", "renditions", stdout=out)
    assert "0 renditions made" in out.getvalue()
