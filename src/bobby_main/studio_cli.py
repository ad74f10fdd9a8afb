"""`bobby studio routes`: the routes a Studio flow can call, with the fields each one takes and
the fields it answers (read from the routes themselves)."""

from __future__ import annotations

from bobby_http.studio.catalogue import RouteFields, catalogue


def _print(route: RouteFields) -> None:
    print(f"POST {route.path}    {route.summary}")
    print(f"    takes:   {', '.join(route.request) or '-'}")
    print(f"    answers: {', '.join(route.answer) or '-'}")


def list_studio_routes() -> int:
    routes, generic = catalogue()
    print("The prototype's routes (its Studio flows call them unchanged; signed, JSON):\n")
    for route in routes:
        _print(route)
    print("\nThe generic step endpoint (one exercise step per call):\n")
    _print(generic)
    return 0
