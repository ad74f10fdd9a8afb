"""Twilio: the WhatsApp Messenger over Twilio's REST API (async, aiohttp)."""

from bobby_adapters.twilio.errors import is_permanent
from bobby_adapters.twilio.messenger import TwilioMessenger, twilio_client, whatsapp_address

__all__ = ["TwilioMessenger", "is_permanent", "twilio_client", "whatsapp_address"]
