"""Content: reading a brief folder strictly, its schema, and validating it into the model (plain typed data)."""
