"""hypothesis on every parser of provider payloads: Twilio's inbound forms and status callbacks,
Studio's JSON, Meta's notifications, Stripe's events, Paddle's notifications. Any input gives a
value or the parser's own clear error, never an exception that escapes (which the app would
answer with a 500)."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from stripe import StripeClient

from bobby_adapters.paddle_events import HANDLED as PADDLE_EVENTS
from bobby_adapters.stripe_events import KINDS
from bobby_adapters.stripe_payments import StripePaymentGateway
from bobby_core.errors import InvalidPhoneError, InvalidWebhookError
from bobby_core.model import normalise_phone
from bobby_core.subscriptions.events import BillingEvent
from bobby_http.meta_schemas import MetaNotificationIn
from bobby_http.schemas import StudioStepIn, TwilioMessageIn, TwilioStatusIn
from tests.integration import paddle_signing
from tests.integration.stripe_signing import SECRET, signed

pytestmark = [pytest.mark.integration, pytest.mark.slow]

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TWILIO_FIELDS = ["From", "To", "Body", "MessageSid", "WaId", "ProfileName", "NumMedia",
                 "MediaUrl0", "ButtonPayload", "MessageStatus", "ErrorCode", "SmsStatus"]
text = st.text(alphabet=st.characters(codec="utf-8"), max_size=80)
forms = st.dictionaries(st.sampled_from(TWILIO_FIELDS) | text, text, max_size=12)
# Everything JSON can hold, nested a few levels, with the keys events and steps use.
json_keys = st.sampled_from(["id", "type", "created", "data", "object", "status", "items",
                             "current_period_end", "customer", "metadata", "subscription",
                             "customer_details", "phone", "email", "client_reference_id",
                             "parent", "subscription_details", "lines", "period", "end",
                             "mode", "payment_status", "phone", "text", "bobby_user_id",
                             "event_id", "event_type", "occurred_at", "custom_data",
                             "current_billing_period", "ends_at", "canceled_at", "updated_at",
                             "subscription_id", "billing_period", "price", "billing_cycle",
                             "transaction_id", "action", "customer_id", "scheduled_change",
                             "refunded", "payment_intent"]) | text
scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text
           | st.sampled_from(sorted(KINDS)) | st.sampled_from(sorted(PADDLE_EVENTS))
           | st.sampled_from(["2024-04-12T10:18:49.621022Z", "approved", "full", "refund",
                              "canceled", "active", "paused"]))
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(json_keys, inner, max_size=6), max_leaves=30)


@FUZZ
@given(forms)
def test_an_inbound_form_is_a_message_or_a_validation_error(form: dict[str, str]) -> None:
    try:
        command = TwilioMessageIn.model_validate(form).to_command()
    except ValidationError:
        return
    assert isinstance(command.text, str)
    with contextlib.suppress(InvalidPhoneError):  # the inbox answers 400
        normalise_phone(command.sender or "")


@FUZZ
@given(forms, st.none() | text)
def test_a_status_callback_is_a_status_or_a_validation_error(form: dict[str, str],
                                                            ref: str | None) -> None:
    try:
        command = TwilioStatusIn.model_validate(form).to_command(reference=ref)
    except ValidationError:
        return
    assert command.provider_message_id


@FUZZ
@given(json_values, text, text)
def test_a_studio_body_is_a_step_or_a_validation_error(body: Any, flow: str, step: str) -> None:
    try:
        command = StudioStepIn.model_validate(body).to_command(flow, step)
    except ValidationError:
        return
    assert command.flow_id == flow


def gateway() -> StripePaymentGateway:
    return StripePaymentGateway(StripeClient("sk_test_fuzz"), has_api_key=False,
                                webhook_secret=SECRET)


def read(payload: str) -> BillingEvent | None:
    try:
        return gateway().read_event(payload.encode(), signed(payload))
    except InvalidWebhookError:
        return None


@FUZZ
@given(json_values)
def test_a_signed_stripe_body_of_any_json_is_an_event_or_invalid(body: Any) -> None:
    read(json.dumps(body))


@FUZZ
@given(st.sampled_from(sorted(KINDS)),
       st.integers(), st.dictionaries(json_keys, json_values, max_size=8))
def test_a_signed_stripe_event_with_any_object_is_an_event_or_invalid(
        kind: str, created: int, obj: dict[str, Any]) -> None:
    event = read(json.dumps({"id": "evt_fuzz", "type": kind, "created": created,
                             "data": {"object": obj}}))
    assert event is None or event.id == "evt_fuzz"


@pytest.mark.parametrize("payload", [
    "[" * 5000 + "]" * 5000,  # deeper than json's recursion limit
    '{"id": "evt_1", "type": "invoice.paid", "created": 1e400, "data": {"object": {}}}',
    '{"id": "evt_1", "type": "invoice.paid", "created": 99999999999999999999, '
    '"data": {"object": {}}}',
    '{"id": "evt_1", "type": "customer.subscription.updated", "created": 1, "data": '
    '{"object": {"id": "sub_1", "items": {"data": [{"current_period_end": -99999999999999}]}}}}',
    "\ud800",
])
def test_pathological_stripe_bodies_are_invalid_not_a_crash(payload: str) -> None:
    try:
        raw = payload.encode()
    except UnicodeEncodeError:
        raw = payload.encode("utf-8", "surrogatepass")
    with contextlib.suppress(InvalidWebhookError):
        gateway().read_event(raw, signed(raw.decode("utf-8", "replace")))


def read_paddle(payload: str) -> BillingEvent | None:
    try:
        return paddle_signing.reader().read_event(payload.encode("utf-8", "surrogatepass"),
                                  paddle_signing.signed(payload))
    except InvalidWebhookError:
        return None


@FUZZ
@given(json_values)
def test_a_signed_paddle_body_of_any_json_is_a_notification_or_invalid(body: Any) -> None:
    read_paddle(json.dumps(body))


@FUZZ
@given(st.sampled_from(sorted(PADDLE_EVENTS)), text,
       st.dictionaries(json_keys, json_values, max_size=8))
def test_a_signed_paddle_notification_with_any_entity_is_an_event_or_invalid(
        kind: str, occurred: str, data: dict[str, Any]) -> None:
    event = read_paddle(json.dumps({"event_id": "evt_fuzz", "event_type": kind,
                                    "occurred_at": occurred or "2024-04-12T10:18:49Z",
                                    "notification_id": "ntf_fuzz", "data": data}))
    assert event is None or event.id == "evt_fuzz"


meta_keys = st.sampled_from(["object", "entry", "id", "changes", "field", "value", "contacts",
                             "messages", "statuses", "wa_id", "user_id", "profile", "name",
                             "from", "from_user_id", "type", "text", "body", "interactive",
                             "button_reply", "list_reply", "title", "image", "caption",
                             "system", "previous_user_id", "status", "errors", "code",
                             "recipient_id", "button", "payload", "reaction"]) | text
meta_scalars = (scalars | st.sampled_from(["whatsapp_business_account", "messages", "text",
                                           "interactive", "image", "system", "reaction",
                                           "user_changed_number", "user_changed_user_id",
                                           "sent", "delivered", "read", "failed",
                                           "447700900123", "GB.1349", "wamid.HBgL"]))
meta_values = st.recursive(meta_scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(meta_keys, inner, max_size=6), max_leaves=40)


@FUZZ
@given(meta_values)
def test_a_meta_notification_is_commands_or_a_validation_error(payload: Any) -> None:
    try:
        notification = MetaNotificationIn.model_validate(payload)
    except ValidationError:
        return
    for change in notification.identity_changes():
        with contextlib.suppress(InvalidPhoneError):  # the route answers 400
            normalise_phone(change.phone or "+447700900123")
    for message in notification.messages():
        assert isinstance(message.text, str)
        assert message.provider_message_id
    for status in notification.statuses():
        assert status.provider_message_id
