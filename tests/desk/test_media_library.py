"""The desk's media library: several files at once, each with its own result."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dossiers.media.models import Image
from tests.conftest import parse_html
from tests.media.images import picture_bytes

pytestmark = pytest.mark.django_db


def test_several_files_are_uploaded_at_once_and_each_says_what_became_of_it(admin_client):
    files = [
        SimpleUploadedFile("harbour.jpg", picture_bytes(colour=(10, 20, 30)), "image/jpeg"),
        SimpleUploadedFile("evil.svg", b"<svg onload='alert(1)'/>", "image/svg+xml"),
        SimpleUploadedFile("quay.png", picture_bytes(fmt="PNG", colour=(90, 20, 30)), "image/png"),
        SimpleUploadedFile("no-alt.jpg", picture_bytes(colour=(1, 2, 3)), "image/jpeg"),
    ]
    data = {
        "files": files,
        "alt-0": "A harbour",
        "alt-1": "An evil drawing",
        "alt-2": "A quay",
        "caption-2": "The quay at noon",
        "credit": "Photo: the desk",
    }
    response = admin_client.post("/admin/media/image/upload/", data)
    assert response.status_code == 200
    results = [" ".join(li.text().split()) for li in parse_html(response).css(".upload-results li")]
    assert len(results) == 4
    assert "harbour.jpg: uploaded" in results[0]
    assert "SVG files are not accepted" in results[1]
    assert "quay.png: uploaded" in results[2]
    assert "give its alt text" in results[3]
    assert sorted(Image.objects.values_list("alt", flat=True)) == ["A harbour", "A quay"]
    quay = Image.objects.get(alt="A quay")
    assert (quay.caption, quay.credit) == ("The quay at noon", "Photo: the desk")


def test_the_image_page_sets_the_focal_point_and_shows_how_to_use_it(admin_client):
    admin_client.post(
        "/admin/media/image/upload/",
        {"files": [SimpleUploadedFile("a.jpg", picture_bytes(), "image/jpeg")], "alt": "Alt"},
    )
    image = Image.objects.get()
    page = admin_client.get(f"/admin/media/image/{image.pk}/change/")
    assert f"(media:{image.pk})" in page.content.decode()
    assert parse_html(page).css_first(".focal-picker img") is not None
    answer = admin_client.post(
        f"/admin/media/image/{image.pk}/change/",
        {
            "alt": "New alt",
            "title": "",
            "caption": "",
            "credit": "",
            "focal_x": 0.2,
            "focal_y": 0.8,
        },
    )
    assert answer.status_code == 302
    image.refresh_from_db()
    assert (image.alt, image.focal_x, image.focal_y) == ("New alt", 0.2, 0.8)
    assert admin_client.get("/admin/media/image/add/").status_code == 302
    assert admin_client.get("/admin/media/image/").status_code == 200


def test_articles_hubs_and_authors_pick_their_image_by_searching_the_library(admin_client):
    from dossiers.media.services import image_upload

    image = image_upload(data=picture_bytes(), alt="A harbour at dawn")
    for page in ("/admin/publishing/article/add/", "/admin/hubs/hub/add/"):
        assert parse_html(admin_client.get(page)).css_first("select[name$=image]") is not None
    assert parse_html(admin_client.get("/admin/publishing/author/add/")).css_first(
        "select[name=photo]"
    )
    found = admin_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "publishing",
            "model_name": "article",
            "field_name": "featured_image",
            "term": "harbour",
        },
    ).json()
    assert [item["id"] for item in found["results"]] == [str(image.pk)]
