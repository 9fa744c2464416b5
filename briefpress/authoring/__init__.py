"""Authoring: starting a brief (``scaffold``), the live preview (``watch``) and stage times (``progress``)."""
