from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ..navigation import ROLE_LABELS


def role_choices() -> list[tuple[str, str]]:
    return [(role, str(label)) for role, label in ROLE_LABELS.items()]


class UserCreateForm(FlaskForm):
    username = StringField(
        _l("Username"),
        validators=[
            DataRequired(),
            Length(max=64),
            Regexp(r"^[A-Za-z0-9_.-]+$", message=_l("Letters, digits, '.', '_' and '-' only")),
        ],
    )
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_l("Initial password"), validators=[DataRequired(), Length(min=8)])
    role = SelectField(_l("Role"), choices=role_choices)
    cohort_id = SelectField(_l("Cohort"), coerce=int, validate_choice=True)
    submit = SubmitField(_l("Create user"))


class UserEditForm(FlaskForm):
    role = SelectField(_l("Role"), choices=role_choices)
    cohort_id = SelectField(_l("Cohort"), coerce=int)
    active = BooleanField(_l("Account active"))
    new_password = PasswordField(
        _l("New password (leave empty to keep the current one)"),
        validators=[Optional(), Length(min=8, max=200)],
    )
    submit = SubmitField(_l("Save"))


class CohortForm(FlaskForm):
    name = StringField(_l("Cohort name"), validators=[DataRequired(), Length(max=80)])
    starts_on = DateField(_l("Start date"), validators=[Optional()])
    submit = SubmitField(_l("Create cohort"))
