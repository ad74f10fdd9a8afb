"""Twilio: the WhatsApp Messenger over Twilio's REST API (async, aiohttp)."""

from bobby_adapters.twilio.messenger import TwilioMessenger, twilio_client, whatsapp_address

__all__ = ["TwilioMessenger", "twilio_client", "whatsapp_address"]
