"""Meta's WhatsApp Cloud API: the Messenger over the Graph API (async, aiohttp)."""

from bobby_adapters.meta.messenger import MetaCloudMessenger

__all__ = ["MetaCloudMessenger"]
