"""Reading one configuration value: its type, its allowed values, its rule.

Split from :mod:`kiosk.core.config` (which declares the sections) so each module holds
one thing: here, how a TOML or environment value becomes a checked setting.
"""

from __future__ import annotations

import types
import typing
from dataclasses import Field, fields
from typing import Any

from kiosk.core.errors import ConfigError


def coerce(value: Any, annotation: Any, where: str) -> Any:
    """Convert a TOML or environment value to the field's declared type."""
    hint = typing.get_origin(annotation)
    if annotation is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in {"1", "true", "yes", "on"}:
            return True
        if text in {"0", "false", "no", "off"}:
            return False
        raise ConfigError(f"{where} must be true or false, not {value!r}.")
    if annotation is int or annotation is float:
        try:
            return annotation(value)
        except (TypeError, ValueError):
            raise ConfigError(f"{where} must be a number, not {value!r}.") from None
    if annotation is str:
        if not isinstance(value, str | int | float):
            raise ConfigError(f"{where} must be text, not {value!r}.")
        return str(value)
    if hint is tuple:
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list | tuple):
            raise ConfigError(f"{where} must be a list, not {value!r}.")
        return tuple(str(item).strip() for item in items if str(item).strip())
    if isinstance(annotation, types.UnionType):
        return value
    raise ConfigError(f"{where}: unsupported setting type.")


def canonical(value: str, choices: tuple[str, ...], where: str) -> str:
    """``value`` spelled as in ``choices`` (case does not matter), else a ConfigError."""
    for choice in choices:
        if value.strip().lower() == choice.lower():
            return choice
    raise ConfigError(f"{where} must be one of {', '.join(choices)}, not {value!r}.")


def setting(value: Any, spec: Field[Any], annotation: Any, where: str) -> Any:
    """One setting: converted to its type, then checked against its allowed values."""
    result = coerce(value, annotation, where)
    choices: tuple[str, ...] | None = spec.metadata.get("choices")
    if choices is not None and isinstance(result, tuple):
        if not result:
            raise ConfigError(f"{where} must name at least one of {', '.join(choices)}.")
        return tuple(canonical(item, choices, where) for item in result)
    if choices is not None:
        return canonical(result, choices, where)
    rule: typing.Callable[[str], str] | None = spec.metadata.get("rule")
    if rule is not None:
        problem = rule(result)
        if problem:
            raise ConfigError(f"{where} {problem}" + ("" if problem.endswith("?") else "."))
    return result


def section_from(cls: type[Any], data: dict[str, Any], section: str) -> Any:
    """The section dataclass ``cls`` built from its TOML table ``data``, every value checked."""
    hints = typing.get_type_hints(cls)
    specs = {f.name: f for f in fields(cls)}
    unknown = set(data) - set(specs)
    if unknown:
        raise ConfigError(
            f"Unknown setting(s) {', '.join(sorted(unknown))} in [{section}]; "
            f"known: {', '.join(sorted(specs))}."
        )
    values = {k: setting(v, specs[k], hints[k], f"The setting [{section}] {k}")
              for k, v in data.items()}
    return cls(**values)
