"""Publish: outputs written all at once (``output``), listed (``manifest``), stamped copies and inspection."""
