import pytest

from dossiers.demo.loader import load_demo


@pytest.fixture
def demo(db):
    load_demo()
