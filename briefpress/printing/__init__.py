"""Printing: print HTML to PDF with WeasyPrint in a bounded child process, sandboxed and checked.

The build's side (``worker``, ``job``, ``limits``) starts the child and sends it jobs; the child
(``child``) runs the engine (``engine``), with its fetcher (``fetcher``, ``sandbox``), pagination
(``paginate``, ``plans``), layout checks (``checks``, ``glyphs``) and finishing (``finishing``).
"""
