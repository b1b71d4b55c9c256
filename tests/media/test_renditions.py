"""Where crops come from and what they are called: pure functions."""

from dossiers.media.renditions import (
    SPECS,
    Source,
    all_renditions,
    crop_box,
    is_current,
    parse_rendition_name,
    spec_sizes,
)


def test_crop_keeps_the_focal_point_in_view_and_stays_inside_the_picture():
    wide = Source("k" * 20, 2000, 1000, focal_x=0.9, focal_y=0.5)
    left, top, right, bottom = crop_box(wide, (1, 1))
    assert (right - left, bottom - top) == (1000, 1000)
    assert right == 2000  # pushed against the right edge, the focal point (x=1800) inside
    centred = crop_box(Source("k" * 20, 2000, 1000), (1, 1))
    assert centred == (500, 0, 1500, 1000)
    tall = crop_box(Source("k" * 20, 1000, 3000, focal_y=0.0), (16, 9))
    assert tall == (0, 0, 1000, 562)


def test_renditions_are_never_wider_than_the_picture():
    small = Source("a" * 20, 500, 400)
    assert spec_sizes(small, SPECS["wide"]) == [(500, 281)]
    assert spec_sizes(Source("a" * 20, 4000, 3000), SPECS["card"]) == [(400, 267), (800, 533)]
    assert spec_sizes(Source("a" * 20, 4000, 3000), SPECS["social"]) == [(1200, 630)]


def test_a_name_says_everything_it_was_made_from_and_only_current_names_are_made():
    source = Source("0123456789abcdef0123", 1600, 1000, 0.3, 0.7)
    made = all_renditions(source, "avif")
    names = {r.name for r in made}
    assert "renditions/0123456789abcdef0123/card-800x533-30-70.avif" in names
    assert "renditions/0123456789abcdef0123/social-1200x630-30-70.jpg" in names
    assert not any(r.name.endswith(".avif") and r.spec == "social" for r in made)
    assert parse_rendition_name("renditions/0123456789abcdef0123/card-800x533-30-70.avif")
    assert parse_rendition_name("renditions/../../etc/passwd") is None
    assert is_current(source, "renditions/0123456789abcdef0123/card-800x533-30-70.avif", "avif")
    # another size, or the focal point it had before: not made on request
    assert not is_current(source, "renditions/0123456789abcdef0123/card-801x534-30-70.avif", "avif")
    assert not is_current(source, "renditions/0123456789abcdef0123/card-800x533-50-50.avif", "avif")
