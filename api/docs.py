"""
/api/v1/docs: the OpenAPI document rendered on the server as plain HTML.

Ninja's own pages load Swagger UI or Redoc from a CDN and start them with an inline
script: the site's Content-Security-Policy (script-src 'self', no inline code)
blocks both. This page needs no script at all: each operation with its parameters
and answers, its stylesheet served by the site itself, and a link to the machine-
readable document (/api/v1/openapi.json) for tools such as Swagger UI.
"""

from django.shortcuts import render
from ninja.openapi.docs import DocsBase


def _type_of(schema, components):
    """A short type label for a JSON schema: "integer", "string (date)", "StoryPage"..."""
    if not schema:
        return ""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        kinds = [_type_of(s, components) for s in schema["anyOf"] if s.get("type") != "null"]
        return " or ".join(kinds) + (" or null" if len(kinds) < len(schema["anyOf"]) else "")
    if schema.get("type") == "array":
        return f"list of {_type_of(schema.get('items', {}), components)}"
    kind = schema.get("type", "object")
    if schema.get("format"):
        kind += f" ({schema['format']})"
    return kind


def _limits(schema):
    found = []
    for key, label in (("minimum", "≥"), ("maximum", "≤"), ("maxLength", "length ≤")):
        if key in schema:
            found.append(f"{label} {schema[key]}")
    if "default" in schema and schema["default"] is not None:
        found.append(f"default {schema['default']}")
    return ", ".join(found)


def operations(schema):
    """The operations of ``schema`` for the template, in the document's order."""
    components = schema.get("components", {}).get("schemas", {})
    found = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            parameters = [
                {
                    "name": p["name"],
                    "where": p["in"],
                    "required": p.get("required", False),
                    "type": _type_of(p.get("schema", {}), components),
                    "limits": _limits(p.get("schema", {})),
                    "description": p.get("description", "")
                    or p.get("schema", {}).get("description", ""),
                }
                for p in operation.get("parameters", [])
            ]
            answers = []
            for status, answer in operation.get("responses", {}).items():
                content = answer.get("content", {}).get("application/json", {})
                answers.append(
                    {
                        "status": status,
                        "description": answer.get("description", ""),
                        "type": _type_of(content.get("schema", {}), components),
                    }
                )
            found.append(
                {
                    "id": operation.get("operationId", ""),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                    "answers": answers,
                }
            )
    return found


def models(schema):
    """The answer schemas, each with its properties, for the template."""
    found = []
    for name, model in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(model.get("required", []))
        found.append(
            {
                "name": name,
                "properties": [
                    {
                        "name": key,
                        "type": _type_of(value, {}),
                        "required": key in required,
                        "description": value.get("description", ""),
                    }
                    for key, value in model.get("properties", {}).items()
                ],
            }
        )
    return found


class SchemaPage(DocsBase):
    template = "api/docs.html"

    def render_page(self, request, api, **kwargs):
        schema = api.get_openapi_schema(path_params=kwargs)
        return render(
            request,
            self.template,
            {
                "api": api,
                "info": schema.get("info", {}),
                "openapi_url": self.get_openapi_url(api, kwargs),
                "operations": operations(schema),
                "models": models(schema),
            },
        )
