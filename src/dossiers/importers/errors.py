class ImportRefused(Exception):
    """The source cannot be imported at all; the message says what is wrong and what to do.

    Raised before anything is written, or inside the import's transaction so
    that nothing written survives.
    """
