import pytest

from dossiers.publishing.models import ArticleStatus
from tests.factories import ArticleFactory, AuthorFactory

# Three topics with words of their own, so every pair's relatedness is plain.
TOPICS = {
    "naval": "frigate corvette shipyard hull sonar torpedo destroyer harbour flotilla",
    "space": "satellite orbit launcher rocket payload telescope booster capsule lunar",
    "farm": "harvest wheat barley tractor irrigation fertiliser cattle orchard silo",
}


def text_of(topic: str, variant: int) -> str:
    vocabulary = TOPICS[topic].split()
    # Each variant leaves out more words and stresses another, so that no two scores
    # inside a topic tie (a tie would be ordered by rounding noise).
    stressed = vocabulary[variant % len(vocabulary)]
    return " ".join(vocabulary[: len(vocabulary) - variant]) + f" {stressed} {stressed}."


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Save an article through the real service and run what waits for the commit."""
    author = AuthorFactory()

    def save(topic: str, variant: int = 0, **fields):
        fields.setdefault("status", ArticleStatus.PUBLISHED)
        with django_capture_on_commit_callbacks(execute=True):
            return ArticleFactory(
                title=fields.pop("title", f"{topic.title()} {variant}"),
                body=text_of(topic, variant),
                authors=[author],
                **fields,
            )

    return save
