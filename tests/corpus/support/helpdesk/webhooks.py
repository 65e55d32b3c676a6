"""Incoming webhooks: their "source" is an HTTP header, nothing to do with cases."""


def origin(request) -> str:
    return request.source  # expect-not


def headers(event: dict) -> dict:
    return {"source": event.get("source")}  # expect-not
