"""Images where readers expect them, served under /media/."""

import json
import re

import pytest
from django.core.management import call_command

from dossiers.demo.loader import load_demo
from dossiers.hubs.models import Hub
from dossiers.media.models import Image
from dossiers.media.services import image_upload
from dossiers.pipeline.services import article_save
from dossiers.publishing.models import Article, Author
from tests.conftest import parse_html
from tests.factories import AuthorFactory
from tests.media.images import picture_bytes

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_drawn_picture_on_every_article_hub_and_author_with_its_credit():
    load_demo()
    assert not Article.objects.filter(featured_image__isnull=True).exists()
    assert not Hub.objects.filter(image__isnull=True).exists()
    assert not Author.objects.filter(photo__isnull=True).exists()
    assert set(Image.objects.values_list("credit", flat=True)) == {"Illustration: Dossiers demo"}
    count = Image.objects.count()
    load_demo()  # idempotent: the same pictures, not new ones
    assert Image.objects.count() == count


@pytest.fixture
def demo_site(db):
    call_command("demo", verbosity=0)


def test_hub_cards_carry_responsive_images_that_answer_as_images(client, demo_site):
    hub = Hub.objects.get(slug="turkey-nato")
    page = parse_html(client.get(f"/topics/{hub.slug}/"))
    cards = page.css(".card-image img")
    assert len(cards) >= 5
    for img in cards:
        attrs = img.attributes
        assert attrs["alt"] and attrs["width"] and attrs["height"]
        assert attrs["loading"] == "lazy" and attrs["decoding"] == "async"
        assert " 400w" in attrs["srcset"] and " 800w" in attrs["srcset"]
        assert attrs["src"].startswith("/media/renditions/")
    sources = page.css(".card-image source")
    assert sources and sources[0].attributes["type"] in ("image/avif", "image/webp")
    header = page.css_first(".hub-image img")
    assert "loading" not in header.attributes  # above the fold: not lazy
    response = client.get(cards[0].attributes["src"])
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "immutable" in response["Cache-Control"]
    modern = sources[0].attributes["srcset"].split(" ")[0]
    answer = client.get(modern)
    assert answer.status_code == 200 and answer["Content-Type"].startswith("image/")
    assert client.get("/media/renditions/0000/card-1x1-50-50.jpg").status_code == 404
    assert client.get("/media/originals/../../secret_key").status_code in (400, 404)


def test_article_pages_show_the_hero_and_share_the_social_crop(client, demo_site):
    article = Article.objects.visible().order_by("-published_at").first()
    page = parse_html(client.get(f"/analysis/{article.slug}/"))
    hero = page.css_first(".article-hero img")
    assert hero is not None and "loading" not in hero.attributes
    og = page.css_first('meta[property="og:image"]').attributes["content"]
    assert re.search(r"^http://testserver/media/renditions/\w+/social-1200x630-\d+-\d+\.jpg$", og)
    assert page.css_first('meta[name="twitter:image"]').attributes["content"] == og
    assert page.css_first('meta[property="og:image:width"]').attributes["content"] == "1200"
    data = json.loads(page.css_first('script[type="application/ld+json"]').text())
    nodes = data["@graph"]
    assert any(node.get("image") == og for node in nodes)
    assert client.get(og.removeprefix("http://testserver")).status_code == 200
    author = article.authors.first()
    portrait = parse_html(client.get(f"/authors/{author.slug}/")).css_first(".profile-photo img")
    assert portrait is not None and "square-" in portrait.attributes["src"]
    home = parse_html(client.get("/"))
    assert len(home.css(".card-image img")) >= 5


def test_an_image_in_the_text_becomes_a_figure_with_its_caption_and_credit():
    image = image_upload(
        data=picture_bytes(), alt="Library alt", caption="Harbour at dawn", credit="Photo: us"
    )
    body = (
        f"Before.\n\n![](media:{image.pk})\n\nInline ![Own alt](media:{image.pk}) here."
        "\n\n![Gone](media:999999)\n"
    )
    article = article_save(title="With pictures", body=body, authors=[AuthorFactory()])
    page = parse_html_fragment(article.body_html)
    figure = page.css_first("figure.media-figure")
    assert figure.css_first("img").attributes["alt"] == "Library alt"
    assert "srcset" in figure.css_first("img").attributes
    assert figure.css_first("figcaption").text() == "Harbour at dawn Photo: us"
    inline = [img for img in page.css("img") if img.attributes.get("alt") == "Own alt"]
    assert inline and "media:" not in article.body_html
    assert "Gone" in article.body_html  # a deleted image leaves its words


def parse_html_fragment(fragment):
    from selectolax.lexbor import LexborHTMLParser

    return LexborHTMLParser(fragment)


def test_feeds_carry_the_images_of_the_text_at_absolute_addresses(client):
    image = image_upload(data=picture_bytes(), alt="Quay")
    article_save(
        title="Fed pictures",
        body=f"Text.\n\n![](media:{image.pk})\n",
        authors=[AuthorFactory()],
        status="published",
    )
    rss = client.get("/rss.xml").content.decode()
    assert "http://testserver/media/renditions/" in rss
    assert "&quot;/media/" not in rss and " /media/" not in rss
