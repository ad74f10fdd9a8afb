"""The conversation: safety first, then an ordered list of small policies around the engine."""

from bobby_core.conversation.conversation import Conversation, touch

__all__ = ["Conversation", "touch"]
