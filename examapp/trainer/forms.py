"""Trainer forms: bank upload, its confirm, and the question filters."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ..domain.bank_schema import MODULES
from ..domain.formats import SUPPORTED_EXTENSIONS


def module_choices(blank: str) -> list[tuple[str, str]]:
    return [("", blank)] + [(key, f"{label} ({key})") for key, label in MODULES.items()]


class UploadForm(FlaskForm):
    file = FileField(
        _l("Bank file"),
        validators=[FileRequired(_l("Choose a file to upload."))],
        render_kw={"accept": ",".join(SUPPORTED_EXTENSIONS)},
    )
    bank_id = StringField(
        _l("Bank id (for Excel, GIFT and Aiken files)"),
        validators=[
            Optional(),
            Length(max=64),
            Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$", message=_l("Lowercase letters, digits and '-'")),
        ],
    )
    module = SelectField(
        _l("Module (for Excel, GIFT and Aiken files)"),
        choices=lambda: module_choices(str(_l("(as written in the file)"))),
        validators=[Optional()],
    )
    submit = SubmitField(_l("Check and preview"))


class ConfirmForm(FlaskForm):
    token = HiddenField(validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Import these changes"))


class QuestionFilterForm(FlaskForm):
    """Read from the query string, so a filtered list is a link one can share."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=100)])
    module = SelectField(
        _l("Module"), choices=lambda: module_choices(str(_l("All"))), validators=[Optional()]
    )
    bank = SelectField(_l("Bank"), choices=[], validate_choice=False)
    tag = SelectField(_l("Tag"), choices=[], validate_choice=False)
    type = SelectField(
        _l("Type"),
        choices=[
            ("", _l("All")),
            ("single", _l("Single choice")),
            ("multiple", _l("Multiple choice")),
            ("truefalse", _l("True/false")),
        ],
        validators=[Optional()],
    )
    page = IntegerField(default=1, validators=[Optional()])
