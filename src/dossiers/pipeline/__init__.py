"""The derivation pipeline: what a save of an article derives, in order and in the open.

    save (admin, API, importer, demo, CLI)
      1. write     publishing  Markdown -> sanitised HTML, text, word count, summary; row, byline
      2. link      knowledge   the alias matcher finds mentions; salience; stored
      3. filings   knowledge   how an import filed the article, merged into its mentions
      4. hubs      hubs        memberships recomputed, each with its reason (once per save)
    after commit
      5. search    search      the article's index entry synced (once per transaction)
      6. related   related     the article's related analyses, and the lists it belongs in
      (cache: every write moves the content token inside its transaction)

The bulk path (an import, a re-link after the knowledge base changed) runs the
same steps as phases over the archive (`services.archive_derive`). See
docs/architecture.md for the picture and the layers.
"""
