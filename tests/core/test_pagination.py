import pytest
from django.http import Http404, QueryDict

from dossiers.core.pagination import page_window, requested_page


@pytest.mark.parametrize("raw", ["0", "-1", "x", "1.5", "１", "9999999", "", " 2"])
def test_requested_page_rejects_anything_but_a_positive_whole_number(raw):
    with pytest.raises(Http404):
        requested_page(QueryDict(f"page={raw}"))


def test_requested_page_defaults_to_one_and_ignores_other_parameters():
    assert requested_page(QueryDict("utm_source=x&q=%00")) == 1
    assert requested_page(QueryDict("page=3")) == 3


def test_page_window_counts_pages_and_404s_past_the_end():
    window = page_window(number=2, per_page=10, total=25)
    assert (window.num_pages, window.offset, window.first_position) == (3, 10, 11)
    assert window.has_previous and window.has_next
    with pytest.raises(Http404):
        page_window(number=4, per_page=10, total=25)


def test_an_empty_list_still_has_a_first_page():
    window = page_window(number=1, per_page=10, total=0)
    assert window.num_pages == 1 and not window.has_next
