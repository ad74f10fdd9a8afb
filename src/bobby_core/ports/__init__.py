"""Ports: the roles the core needs filled. Adapters implement them without subclassing."""

from bobby_core.ports.repositories import (
    ConversationRepository,
    ExerciseResultRepository,
    FeedbackRepository,
    MessageRepository,
    ProcessedEventRepository,
    SafetyEventRepository,
    UnitOfWork,
    UnitOfWorkFactory,
    UserRepository,
)
from bobby_core.ports.services import (
    ChartRenderer,
    Clock,
    CrisisScreener,
    IdGenerator,
    LanguageModel,
    MediaStorage,
    Messenger,
    ReminderScheduler,
    ScreeningResult,
)

__all__ = [
    "ChartRenderer",
    "Clock",
    "ConversationRepository",
    "CrisisScreener",
    "ExerciseResultRepository",
    "FeedbackRepository",
    "IdGenerator",
    "LanguageModel",
    "MediaStorage",
    "MessageRepository",
    "Messenger",
    "ProcessedEventRepository",
    "ReminderScheduler",
    "SafetyEventRepository",
    "ScreeningResult",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "UserRepository",
]
