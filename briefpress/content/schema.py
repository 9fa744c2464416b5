"""Checking a YAML document against its schema model, one located problem per error."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import Problems
from .reader import Document

M = TypeVar("M", bound=BaseModel)


def _field_name(loc: Iterable[str | int]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _message(error: dict[str, Any]) -> str:
    kind, ctx = error["type"], error.get("ctx", {})
    messages = {
        "string_type": "expected text",
        "int_parsing": "expected an integer",
        "int_type": "expected an integer",
        "list_type": "expected a list",
        "dict_type": "expected a mapping",
        "model_type": "expected a mapping",
        "model_attributes_type": "expected a mapping",
        "literal_error": f"expected {ctx.get('expected', 'one of the allowed values')}",
        "too_short": f"needs at least {ctx.get('min_length')} item(s)",
        "too_long": f"has more than {ctx.get('max_length')} items",
        "string_pattern_mismatch": f"'{error.get('input')}' does not have the expected form ({ctx.get('pattern')})",
    }
    if kind in messages:
        return messages[kind]
    return str(error["msg"]).removeprefix("Value error, ")


def check_schema(model: type[M], document: Document, problems: Problems) -> M | None:
    """Validate a document against a schema model, adding one located problem per error."""
    try:
        return model.model_validate(document.data if document.data is not None else {})
    except ValidationError as error:
        for item in error.errors():
            loc = tuple(item["loc"])
            if item["type"] in ("missing", "extra_forbidden"):
                parent, name = loc[:-1], loc[-1]
                what = "missing field" if item["type"] == "missing" else "unknown field"
                prefix = f"{_field_name(parent)}: " if parent else ""
                problems.add(document.where(*loc), f"{prefix}{what} '{name}'")
            else:
                problems.add(document.where(*loc), f"{_field_name(loc)}: {_message(dict(item))}")
    return None

