"""Static files storage: hashed, compressed names after collectstatic, plain names before."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ForgivingManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed names once `collectstatic` has run; the plain name before (tests, a fresh checkout).

    WhiteNoise serves the plain name from the app folders only when
    collectstatic has not run, so nothing breaks either way.
    """

    manifest_strict = False

    def stored_name(self, name: str) -> str:
        try:
            return super().stored_name(name)
        except ValueError:
            return name
