"""The public pages' Jinja2 environment: core's, plus the media library's `picture`."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from dossiers.core.jinja import environment as core_environment
from dossiers.media.markup import picture as picture_markup
from dossiers.media.models import Image
from dossiers.media.selectors import ImageRef, image_ref


def picture(image: ImageRef | Image | None, spec: str, **options: Any) -> Markup:
    """`{{ picture(card.image, 'card', sizes='…') }}`: nothing when there is no image."""
    if image is None:
        return Markup("")
    ref = image_ref(image) if isinstance(image, Image) else image
    return picture_markup(ref, spec, **options)


def environment(**options: Any) -> Environment:
    env = core_environment(**options)
    env.globals["picture"] = picture
    return env
