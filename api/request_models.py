"""The base of every request body: a JSON `null` for an optional field means the same as
leaving the field out (DESIGN.md), so `{"portal": null}` gets the default portal."""

from typing import Any

from pydantic import BaseModel, model_validator


class RequestModel(BaseModel):
    @model_validator(mode="before")
    @classmethod
    def _null_means_absent(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        fields = cls.model_fields
        return {
            key: value
            for key, value in data.items()
            if value is not None or key not in fields or fields[key].is_required()
        }
