"""Forms of the manager's exam pages: windows, grants, certificate revocation."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from ..services.windows import MAX_EXTRA_ATTEMPTS, MAX_EXTRA_MINUTES

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


class WindowForm(FlaskForm):
    """Opening and closing are wall-clock Beijing time; the service stores UTC."""

    target = RadioField(
        _l("Assign to"),
        choices=[("cohort", _l("A cohort")), ("person", _l("One person"))],
        default="cohort",
    )
    cohort_id = SelectField(_l("Cohort"), coerce=int, validate_choice=False)
    user_id = SelectField(_l("Person"), coerce=int, validate_choice=False)
    opens_at = DateTimeLocalField(
        _l("Opens (Beijing time)"),
        format=DATETIME_FORMATS,
        validators=[InputRequired(message=_l("Enter the opening date and time."))],
    )
    closes_at = DateTimeLocalField(
        _l("Closes (Beijing time)"),
        format=DATETIME_FORMATS,
        validators=[InputRequired(message=_l("Enter the closing date and time."))],
    )
    submit = SubmitField(_l("Add window"))

    def validate_closes_at(self, field: DateTimeLocalField) -> None:
        if self.opens_at.data and field.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("The closing time must be later than the opening time."))

    def validate_cohort_id(self, field: SelectField) -> None:
        if self.target.data == "cohort" and not field.data:
            raise ValidationError(_l("Choose a cohort."))

    def validate_user_id(self, field: SelectField) -> None:
        if self.target.data == "person" and not field.data:
            raise ValidationError(_l("Choose a person."))


class GrantForm(FlaskForm):
    user_id = SelectField(_l("Person"), coerce=int, validate_choice=False)
    extra_minutes = IntegerField(
        _l("Extra minutes"),
        default=0,
        validators=[InputRequired(), NumberRange(min=0, max=MAX_EXTRA_MINUTES)],
    )
    extra_attempts = IntegerField(
        _l("Extra attempts"),
        default=0,
        validators=[InputRequired(), NumberRange(min=0, max=MAX_EXTRA_ATTEMPTS)],
    )
    reason = StringField(
        _l("Reason"),
        validators=[
            DataRequired(message=_l("A reason is required: say why this person gets more.")),
            Length(max=500),
        ],
    )
    submit = SubmitField(_l("Record grant"))

    def validate_user_id(self, field: SelectField) -> None:
        if not field.data:
            raise ValidationError(_l("Choose a person."))


class RevokeForm(FlaskForm):
    reason = StringField(
        _l("Reason for revoking"),
        validators=[
            DataRequired(message=_l("Say why the certificate is revoked.")),
            Length(max=500),
        ],
    )
    submit = SubmitField(_l("Revoke"))
