"""Render: the validated brief through the theme's templates into HTML editions, with its charts."""
