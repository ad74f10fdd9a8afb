"""Ports: the roles the core needs filled. Adapters implement them without subclassing."""

from bobby_core.ports.queue import TaskQueue
from bobby_core.ports.repositories import (
    ConversationRepository,
    ExerciseResultRepository,
    FeedbackRepository,
    MessageRepository,
    ProcessedEventRepository,
    ReminderRepository,
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
    ScreeningResult,
    ZoneFinder,
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
    "ReminderRepository",
    "SafetyEventRepository",
    "ScreeningResult",
    "TaskQueue",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "UserRepository",
    "ZoneFinder",
]
