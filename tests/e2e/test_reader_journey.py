"""A reader in a real Chromium: hub -> article -> comment -> held; an editor approves it."""

import pytest
from django.contrib.auth import get_user_model

from dossiers.comments.models import Comment
from dossiers.demo.loader import load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_reader_comments_from_a_hub_and_an_editor_approves(page, live_server, settings):
    settings.DOSSIERS = {**settings.DOSSIERS, "COMMENTS_MIN_SECONDS": 1}
    load_demo()
    page.goto(f"{live_server.url}/topics/turkey-nato/")
    assert page.locator("h1").inner_text().startswith("Turkey NATO: Alliance Tensions")
    assert page.locator(".key-terms .term").count() >= 3
    assert "Also known as" in page.locator(".key-terms").inner_text()

    first_card = page.locator(".card-list .card").first
    title = first_card.locator(".card-title a").inner_text()
    count_before = first_card.locator(".card-comments").inner_text()
    first_card.locator(".card-title a").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == title

    page.fill("#id_name", "Browser Reader")
    page.fill("#id_email", "browser.reader@example.net")
    page.fill("#id_body", "A first comment written in **Chromium**.")
    trap = page.locator("#id_website").bounding_box()
    assert trap is not None and trap["x"] + trap["width"] < 0  # the honeypot is off-screen
    page.wait_for_timeout(1200)
    page.click("#comment-form button[type=submit]")
    page.wait_for_load_state()

    held = page.locator("#comment-held")
    assert "awaiting moderation" in held.inner_text()
    assert held.locator("strong", has_text="Chromium").count() == 1
    assert page.locator("#comments-heading").inner_text() == count_before
    comment = Comment.objects.get(email="browser.reader@example.net")
    assert comment.status == "pending"

    # An editor approves it from the moderation queue.
    get_user_model().objects.create_superuser(
        "editor", "editor@example.org", "a-long-test-password"
    )
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/comments/comment/?status__exact=pending")
    page.check(f"input[name=_selected_action][value='{comment.pk}']")
    page.select_option("select[name=action]", "approve")
    page.click("button[name=index]")
    assert "marked approved" in page.locator(".messagelist").inner_text()

    page.goto(f"{live_server.url}{comment.article.get_absolute_url()}")
    assert "Chromium" in page.locator(f"#comment-{comment.pk}").inner_text()
    n = int(count_before.split()[0]) + 1
    assert page.locator("#comments-heading").inner_text() == f"{n} Comment{'s' if n != 1 else ''}"
