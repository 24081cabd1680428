"""JSON Schema documents of the wire contracts, rendered from the pydantic models."""

from __future__ import annotations

import json

from ioc_stream.models import CONTRACTS


def render_all() -> dict[str, str]:
    """Contract name -> its JSON Schema as stable, pretty JSON text."""
    docs = {}
    for name, model in CONTRACTS.items():
        schema = model.model_json_schema(
            mode="serialization" if name in ("enriched_mention", "alert") else "validation"
        )
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"ioc-stream/{name}.json", **schema}
        docs[name] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return docs
