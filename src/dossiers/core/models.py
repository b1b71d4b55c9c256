from django.db import models


class ContentVersion(models.Model):
    """One row: a token that changes whenever published content may have changed.

    Rendered pages are cached under this token, so every worker process (and a
    shared cache) stops serving them the moment the token moves. `next_change`
    is the earliest scheduled publication still to come: when it passes, the
    first request moves the token, so scheduled articles appear with no cron.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.CharField(max_length=32)
    next_change = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.token
