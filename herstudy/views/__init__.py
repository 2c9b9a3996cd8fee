"""What each read command shows, built once from the Film as plain data.

A view is a ``doc.View``: blocks for people (rendered as Rich, Markdown or plain
text) and ``data`` for ``--format json``. The JSON keys are the data file's own
keys (see docs/json.md); nothing here knows about terminals or formats.

Text that names another entry is a ``doc.Ref``, and a block that shows an entry in
full says which (``about``), so that the vault's notes (``export.vault``) are these
same views with links. A view built ``full`` adds what a page of notes has room for
and a read command leaves out: mostly cross-references, such as the questions on a
theme or the quotes of a beat.

One module per read command (``info``, ``themes``, ``symbols``, ``arcs``,
``characters``, ``quotes``, ``questions``, ``essays``, ``search``), the helpers
they share in ``common`` and the lookups by name in ``find``. A command imports
only its own module, so it compiles only the views it can show (herstudy's modules
are compiled on every run under ``PYTHONDONTWRITEBYTECODE``). This package imports
nothing: import the module, ``from herstudy.views.themes import themes``.
"""
