"""Studio's side of the prototype's flows, for tests: each HTTP widget body is a Liquid template
rendered the way Studio renders it (python-liquid with Studio's `to_json` filter; an unknown
variable renders empty), posted and signed as Studio posts it, and the parsed answer kept under
`widgets.<name>.parsed` for the templates that follow, as Studio keeps it."""

from __future__ import annotations

import json
import re
from typing import Any

import liquid
from litestar import Litestar
from litestar.testing import TestClient

from tests.integration.http_support import PHONE, studio_post_raw

STUDIO_MAX_BODY = 64 * 1024


def _to_json(value: object) -> str:
    return json.dumps(None if liquid.is_undefined(value) else value)


ENV = liquid.Environment()
ENV.filters["to_json"] = _to_json

# One body per route, written as the prototype's widgets build them from the conversation.
EVENT = "{{widgets.ask_event.inbound.Body | to_json}}"
CALLER = '"{{contact.channel.address}}"'
BODIES: dict[str, str] = {
    "/authenticate_user": '{"user_number": "{{trigger.message.From}}"}',
    "/save_user_info": '{"user_number": ' + CALLER + ', "flow_name": "{{flow.variables.flow_name}}"}',
    "/recommend_tool": '{"user_feeling": {{widgets.ask_feeling.inbound.Body | to_json}}}',
    "/save_user_feedback": '{"flow_name": "{{flow.variables.flow_name}}", "user_number": ' + CALLER
                           + ', "user_feedback": {{widgets.feedback.inbound.Body | to_json}}}',
    "/why_not_buy_save_data": '{"user_id": ' + CALLER + ', "why_not_buy": '
                              '{{widgets.why_not_buy.inbound.Body | to_json}}}',
    "/reflect/ask_for_belief_loop": '{"user_event": ' + EVENT + ', "history": '
        '{{flow.variables.history | to_json}}, "last_user_response": '
        '{{widgets.reply.inbound.Body | to_json}}}',
    "/reflect/distortion_loop": '{"user_event": ' + EVENT + ', "belief_history": '
        '{{flow.variables.belief_history | to_json}}, "user_belief": '
        '{{flow.variables.user_belief | to_json}}, "distortion_history": '
        '{{flow.variables.history | to_json}}, "last_user_response": '
        '{{widgets.reply.inbound.Body | to_json}}}',
    "/save_abc_data": '{"user_feeling": ' + EVENT + ', "user_event": ' + EVENT + ', "bot_feeling": '
        '"\\"\\"", "user_belief": {{flow.variables.user_belief | to_json}}, "bot_distortions": '
        '"", "user_rephrase": {{widgets.rephrase.inbound.Body | to_json}}, "user_feel_after": '
        '"{{widgets.feel_after.inbound.Body}}", "user_feedback": null, "flow_sid": '
        '"{{flow.flow_sid}}", "origin": "studio", "user_id": ' + CALLER + ', "error": '
        '"{{flow.variables.error}}", "event_history": "", "distortion_history": '
        '{{flow.variables.history | to_json}}}',
    "/sphere_of_influence/control_loop": '{"user_event": ' + EVENT + ', "history": '
        '{{flow.variables.history | to_json}}, "last_user_response": '
        '{{widgets.reply.inbound.Body | to_json}}}',
    "/sphere_of_influence/save_control_data": '{"user_event": ' + EVENT + ', "history": '
        '{{flow.variables.history | to_json}}, "user_feel_after": '
        '"{{widgets.feel_after.inbound.Body}}", "flow_sid": "{{flow.flow_sid}}", "origin": '
        '"studio", "user_id": ' + CALLER + ', "error": "{{flow.variables.error}}"}',
    "/journaling/get_journal_prompt": '{"user_number": ' + CALLER + '}',
    "/journaling/ask_user_for_journaling_topic_loop": '{"user_topic_intro": '
        '{{widgets.topic_intro.inbound.Body | to_json}}, "history": '
        '{{flow.variables.topic_history | to_json}}, "last_user_response": '
        '{{widgets.reply.inbound.Body | to_json}}}',
    "/journaling/ask_follow_up_questions_loop": '{"user_event": ' + EVENT + ', "prompt": '
        '{{flow.variables.prompt | to_json}}, "follow_up_questions": '
        '{{flow.variables.follow_up_questions | to_json}}, "history": '
        '{{flow.variables.history | to_json}}, "last_user_response": '
        '{{widgets.reply.inbound.Body | to_json}}}',
    "/journaling/save_data": '{"prompt": {{flow.variables.prompt | to_json}}, "user_topic_intro": '
        '{{widgets.topic_intro.inbound.Body | to_json}}, "topic_history": '
        '{{flow.variables.topic_history | to_json}}, "last_user_topic_response": null, '
        '"free_style_user_event": null, "user_event_var": null, "user_event": ' + EVENT + ', '
        '"start_time": "{{flow.variables.start}}", "approx_end_time": "", "last_user_response": '
        '{{widgets.reply.inbound.Body | to_json}}, "user_unsure": null, "user_does_not_commit": '
        'null, "user_feel_after": "{{widgets.feel_after.inbound.Body}}", "history": '
        '{{flow.variables.history | to_json}}, "flow_sid": "{{flow.flow_sid}}", "origin": '
        '"studio", "user_id": ' + CALLER + ', "error": "{{flow.variables.error}}", "topic": '
        '{{flow.variables.topic | to_json}}, "topic_idx": "{{flow.variables.topic_idx}}"}',
    "/burnout_survey/get_burnout_infographic": '{"results": {{flow.variables.results | to_json}}, '
        '"user_number": ' + CALLER + '}',
    "/burnout_survey/save_data": '{"results": {{flow.variables.results | to_json}}, '
        '"user_number": ' + CALLER + ', "flow_sid": "{{flow.flow_sid}}", "origin": "studio", '
        '"error": "{{flow.variables.error}}"}',
    "/custom_reminder/set_custom_reminder": '{"user_number_of_days": '
        '"{{widgets.days.inbound.Body}}", "user_number": ' + CALLER + '}',
    "/custom_reminder/save_data": '{"is_reminder_set": "{{widgets.want.inbound.Body}}", '
        '"why_not_set_reminder": {{widgets.why_not.inbound.Body | to_json}}, '
        '"user_number_of_days": "{{widgets.days.inbound.Body}}", "flow_sid": '
        '"{{flow.flow_sid}}", "origin": "studio", "user_id": ' + CALLER + ', "error": null}',
}

# As the prototype's flow exports print them (../shared/STUDIO_COMPAT.md, "How the flows use the
# answers"): every history without a JSON filter (`"history": {{flow.variables.history}}`), the
# variable holding the route's last `parsed.history` as it came (empty histories start as
# `[]`), and `topic_idx` unquoted into the journaling save.
_UNFILTERED = re.compile(r"\{\{(flow\.variables\.\w*history) \| to_json\}\}")
AS_EXPORTED: dict[str, str] = {
    route: _UNFILTERED.sub(r"{{\1}}", body).replace(
        '"topic_idx": "{{flow.variables.topic_idx}}"', '"topic_idx": {{flow.variables.topic_idx}}')
    for route, body in BODIES.items()}
EMPTY_HISTORY = "[]"


class StudioRun:
    """One Studio flow execution for one contact: the Liquid context and the widgets so far.
    `exported`: the bodies as the prototype's flow exports print them (AS_EXPORTED); the body
    Studio posts must then be valid JSON, which the call checks."""

    def __init__(self, client: TestClient[Litestar], phone: str = PHONE, *,
                 exported: bool = False) -> None:
        self.client = client
        self.exported = exported
        address = f"whatsapp:{phone}"
        self.widgets: dict[str, Any] = {}
        self.variables: dict[str, Any] = {}
        self.context: dict[str, Any] = {
            "contact": {"channel": {"address": address}},
            "trigger": {"message": {"From": address, "Body": ""}},
            "flow": {"flow_sid": "FW" + "0" * 32, "variables": self.variables},
            "widgets": self.widgets,
        }

    def said(self, widget: str, text: str) -> None:
        """The user answered the Send & Wait widget `widget` with `text`."""
        self.widgets[widget] = {"inbound": {"Body": text}}

    def render(self, route: str) -> str:
        bodies = AS_EXPORTED if self.exported else BODIES
        return ENV.from_string(bodies[route]).render(**self.context)

    def post(self, route: str, name: str | None = None) -> Any:
        """Render and post the route's widget; return the raw response (any status)."""
        response = studio_post_raw(self.client, route, self.render(route))
        if response.headers.get("content-type", "").startswith("application/json"):
            self.widgets[name or route] = {"parsed": response.json(), "body": response.text,
                                           "status_code": response.status_code}
        return response

    def call(self, route: str, name: str | None = None) -> dict[str, Any]:
        """Post the widget and check what Studio needs: a 2xx JSON object under 64 kB."""
        if self.exported:
            json.loads(self.render(route))  # what Studio posts is JSON, or the widget fails
        response = self.post(route, name)
        assert 200 <= response.status_code < 300, response.text
        assert response.headers["content-type"].startswith("application/json")
        assert len(response.content) < STUDIO_MAX_BODY
        parsed = response.json()
        assert isinstance(parsed, dict)
        return parsed

    def loop(self, route: str, replies: list[str], *, history_as_text: bool = False,
             max_calls: int = 12) -> tuple[dict[str, Any], int]:
        """Run a loop widget as the flows do until `is_done`: send `question`, wait for the
        reply, pass the history back (as a list, or as the JSON text of one; exported flows
        print what the route returned)."""
        self.variables["history"] = EMPTY_HISTORY if self.exported else ""
        self.said("reply", "")
        for calls in range(1, max_calls + 1):
            parsed = self.call(route)
            history = parsed["history"]
            if self.exported:
                self.variables["history"] = history
            else:
                self.variables["history"] = history if history_as_text else json.loads(history)
            if parsed["is_done"]:
                return parsed, calls
            self.said("reply", replies[min(calls - 1, len(replies) - 1)])
        raise AssertionError(f"{route} was not done after {max_calls} calls")
