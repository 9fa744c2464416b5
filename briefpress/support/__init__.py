"""Helpers every stage shares: data URIs, atomic file writes, where the built-in theme and caches are."""
