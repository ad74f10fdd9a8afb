"""Ports: the roles the core needs filled. Adapters implement them without subclassing."""

from bobby_core.ports.billing import (
    MailingList,
    MailingSyncRepository,
    PaymentGateway,
    SubscriptionRepository,
)
from bobby_core.ports.messages import Inbox, Outbox, StatusChange, Transcript
from bobby_core.ports.privacy import ErasureRepository, PersonalDataRepository
from bobby_core.ports.queue import TaskQueue
from bobby_core.ports.repositories import (
    ConversationRepository,
    ExerciseResultRepository,
    FeedbackRepository,
    GuardEventRepository,
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
    GuardMeter,
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
    "GuardEventRepository",
    "GuardMeter",
    "IdGenerator",
    "Inbox",
    "LanguageModel",
    "MailingList",
    "MailingSyncRepository",
    "MediaStorage",
    "Messenger",
    "Outbox",
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
    "Transcript",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "UserRepository",
    "ZoneFinder",
]
