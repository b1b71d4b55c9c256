"""The reader's comment form, with its honeypot and time-to-submit checks."""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.core import signing
from django.core.validators import MaxLengthValidator

from dossiers.core.config import conf

TICKET_SALT = "dossiers.comments.ticket"


def issue_ticket(article_id: int, *, now: float | None = None) -> str:
    """A signed note of when the form was shown, and for which article."""
    return signing.dumps({"a": article_id, "t": int(now or time.time())}, salt=TICKET_SALT)


class CommentForm(forms.Form):
    name = forms.CharField(max_length=80, label="Name")
    email = forms.EmailField(
        max_length=254, label="Email", help_text="Never shown. Used to recognise returning readers."
    )
    url = forms.URLField(
        max_length=300, required=False, label="Website (optional)", assume_scheme="https"
    )
    body = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Plain text with *emphasis*, **bold**, `code`, links, lists and > quotes.",
    )
    parent = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1
    )
    # Honeypot: hidden from people by CSS, filled in by naive bots.
    website = forms.CharField(required=False, label="Leave this field empty")
    ticket = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, article_id: int, now: float | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.article_id = article_id
        self.now = now
        limit = conf().comments_max_length
        body = self.fields["body"]
        assert isinstance(body, forms.CharField)
        body.max_length = limit
        body.validators.append(
            MaxLengthValidator(
                limit,
                message="Your comment is %(show_value)d characters long and the limit is "
                "%(limit_value)d: shorten it, then send it again.",
            )
        )
        body.widget.attrs["maxlength"] = str(limit)
        if not self.is_bound:
            self.initial.setdefault("ticket", issue_ticket(article_id, now=now))

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("Write something before sending.")
        return body

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Give a name to sign your comment with.")
        return name

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("website"):
            # Says nothing of the hidden field: a person never fills it, a bot learns nothing.
            raise forms.ValidationError(
                "Your comment could not be accepted as sent. Your text is kept below: "
                "please send it again.",
                code="honeypot",
            )
        self._check_ticket(cleaned.get("ticket") or "")
        return cleaned

    def _check_ticket(self, ticket: str) -> None:
        options = conf()
        try:
            data = signing.loads(ticket, salt=TICKET_SALT, max_age=options.comments_max_age_seconds)
        except signing.SignatureExpired:
            raise forms.ValidationError(
                "This form has expired. Your text is kept below: send it again.", code="expired"
            ) from None
        except signing.BadSignature:
            raise forms.ValidationError(
                "This form is damaged. Reload the page and send your comment again.", code="ticket"
            ) from None
        if data.get("a") != self.article_id:
            raise forms.ValidationError("This form belongs to another article.", code="ticket")
        elapsed = (self.now or time.time()) - data.get("t", 0)
        if elapsed < options.comments_min_seconds:
            raise forms.ValidationError(
                "That was very quick. Take a moment to read your comment, then send it again.",
                code="too_fast",
            )

    def fresh_ticket(self) -> str:
        return issue_ticket(self.article_id, now=self.now)
