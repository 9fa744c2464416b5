"""Series: many briefs on one static site (``briefpress site``), with versions, redlines, a feed and search."""
