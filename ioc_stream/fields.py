"""Field types of the input contracts that refuse what pydantic would coerce: a number is no timestamp, date or id.

Pydantic's lax mode turns the integer 12 into 1970-01-01T00:00:12Z, "1.5" into a latitude and True into 1.0;
its strict mode, in Python mode (`model_validate` on the dict orjson made, as ingest/messages.py and the
envelope do), refuses the RFC 3339 strings a timestamp must be. These types take the JSON form only (an
RFC 3339 string with its offset, a YYYY-MM-DD date, a string, a number that is not a boolean), plus the
Python objects our own code passes (an aware `datetime`, a `date`), whether validated from Python or JSON.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, cast

from pydantic import AwareDatetime, BeforeValidator, Field, GetCoreSchemaHandler, GetJsonSchemaHandler, Strict
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError
from pydantic_core import core_schema as cs

__all__ = ["MAX_DEPTH", "MAX_TEXT", "Day", "Details", "Id", "Latitude", "Longitude", "Name", "Text", "Timestamp"]

#: The longest post text accepted, in characters (X allows 4,000 for a long post; a DM 10,000).
MAX_TEXT = 10_000
#: How deep an ops event's `details` may nest (the feeds' are flat or one level deep).
MAX_DEPTH = 8

# RFC 3339 section 5.6 date-time: seconds required (fraction optional), an offset required ("Z" or +hh:mm).
# The values themselves (month 13, hour 25, offset +25:00) are checked by pydantic's parser after this.
RFC3339 = r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$"
DAY = r"^\d{4}-\d{2}-\d{2}$"


class _WireForm:
    """Pydantic's own validation of the type, given only the instance or a string in `pattern` (all in Rust: no
    Python call per field), with one clear error; the JSON Schema says the string's pattern."""

    def __init__(self, instance: type, pattern: str, message: str) -> None:
        self.instance, self.pattern, self.message = instance, pattern, message

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> cs.CoreSchema:
        parse = handler(source)
        given = cs.union_schema(
            [cs.is_instance_schema(self.instance), cs.str_schema(pattern=self.pattern, strict=True)],
            mode="left_to_right",
        )
        form = cs.custom_error_schema(given, custom_error_type="wire_form", custom_error_message=self.message)
        return cs.chain_schema([form, parse], serialization=parse.get("serialization"))

    def __get_pydantic_json_schema__(self, schema: cs.CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {**handler(cast(cs.ChainSchema, schema)["steps"][1]), "pattern": self.pattern}


def _deeper_than(value: dict[str, Any] | list[Any], levels: int) -> bool:
    """Whether the object or array `value` nests more than `levels` levels (itself the first)."""
    if levels <= 0:
        return True
    for child in value.values() if type(value) is dict else value:
        if (type(child) is dict or type(child) is list) and _deeper_than(child, levels - 1):
            return True
    return False


def _shallow(value: Any) -> Any:
    """An object nested at most MAX_DEPTH levels as given (pydantic checks it is one), else a clear refusal."""
    if (type(value) is dict or type(value) is list) and _deeper_than(value, MAX_DEPTH):
        raise PydanticCustomError("too_deep", "nested deeper than {limit} levels", {"limit": MAX_DEPTH})
    return value


#: An instant: an RFC 3339 string with its offset ("Z" or +hh:mm) on the wire; never a number or "".
Timestamp = Annotated[
    AwareDatetime,
    _WireForm(datetime, RFC3339, "expected an RFC 3339 timestamp string with its offset, e.g. 2026-03-01T06:00:00Z"),
]
#: A calendar date: "YYYY-MM-DD" on the wire; never a number.
Day = Annotated[date, _WireForm(date, DAY, "expected a date string YYYY-MM-DD")]
#: An identifier: a string with a non-blank character, never a number turned into one.
Id = Annotated[str, Strict(), Field(min_length=1, max_length=128, pattern=r"\S")]
#: A short label (platform, handle, user): a non-blank string.
Name = Annotated[str, Strict(), Field(min_length=1, max_length=200, pattern=r"\S")]
#: A post's text: non-blank, at most MAX_TEXT characters.
Text = Annotated[str, Strict(), Field(min_length=1, max_length=MAX_TEXT, pattern=r"\S")]
#: Degrees north: a JSON number (not a string, not a boolean), -90..90.
Latitude = Annotated[float, Strict(), Field(ge=-90, le=90, allow_inf_nan=False)]
#: Degrees east: a JSON number (not a string, not a boolean), -180..180.
Longitude = Annotated[float, Strict(), Field(ge=-180, le=180, allow_inf_nan=False)]
#: An ops event's free-form details: an object nested at most MAX_DEPTH levels.
Details = Annotated[dict[str, Any], BeforeValidator(_shallow)]
