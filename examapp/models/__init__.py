"""SQLAlchemy models: storage only, no business rules. Import models from here."""

from .banks import Bank, BankImport, QuestionRecord, QuestionVersion
from .base import UTCDateTime, utcnow
from .courses import CourseModule, Lesson, LessonProgress
from .exams import (
    Attempt,
    AttemptGrant,
    AttemptItem,
    AttemptState,
    Certificate,
    Exam,
    ExamWindow,
    RegradeRun,
)
from .onboarding import OnboardingEvent
from .users import Cohort, LoginSession, Role, User

__all__ = [
    "Attempt",
    "AttemptGrant",
    "AttemptItem",
    "AttemptState",
    "Bank",
    "BankImport",
    "Certificate",
    "Cohort",
    "CourseModule",
    "Exam",
    "ExamWindow",
    "Lesson",
    "LessonProgress",
    "LoginSession",
    "OnboardingEvent",
    "QuestionRecord",
    "QuestionVersion",
    "RegradeRun",
    "Role",
    "User",
    "UTCDateTime",
    "utcnow",
]
