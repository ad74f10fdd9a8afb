"""Ports: the roles the core needs filled. Adapters implement them without subclassing."""

from bobby_core.ports.billing import (
    MailingList,
    MailingSyncRepository,
    PaymentGateway,
    SubscriptionRepository,
)
from bobby_core.ports.privacy import ErasureRepository, PersonalDataRepository
from bobby_core.ports.queue import TaskQueue
from bobby_core.ports.repositories import (
    ConversationRepository,
    ExerciseResultRepository,
    FeedbackRepository,
    MessageRepository,
    ProcessedEventRepository,
    ReminderRepository,
    SafetyEventRepository,
    StatusChange,
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
    PublicAddress,
    ScreeningResult,
    ZoneFinder,
)

__all__ = [
    "ChartRenderer",
    "Clock",
    "ConversationRepository",
    "CrisisScreener",
    "ErasureRepository",
    "ExerciseResultRepository",
    "FeedbackRepository",
    "IdGenerator",
    "LanguageModel",
    "MailingList",
    "MailingSyncRepository",
    "MediaStorage",
    "MessageRepository",
    "Messenger",
    "PaymentGateway",
    "PersonalDataRepository",
    "ProcessedEventRepository",
    "PublicAddress",
    "ReminderRepository",
    "SafetyEventRepository",
    "ScreeningResult",
    "StatusChange",
    "SubscriptionRepository",
    "TaskQueue",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "UserRepository",
    "ZoneFinder",
]
