"""The article editor and import forms (Flask-WTF, so every post carries a CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from knowledge.drafts import Draft, split_keywords
from knowledge.models import Article


class ArticleForm(FlaskForm):
    """One article; the checks are the importer's (knowledge.drafts), so both say the same."""

    title = StringField(_l("Title"))
    questions = TextAreaField(_l("Question variants (one per line)"))
    short_answer = TextAreaField(_l("Short answer (fits in two SMS)"))
    body = TextAreaField(_l("Full answer (Telegram and email)"))
    language = SelectField(_l("Language"), choices=[("zh", "中文"), ("en", "English")])
    department = SelectField(_l("Department"), choices=[])
    keywords = StringField(_l("Keywords (comma-separated)"))
    published = BooleanField(_l("Published"), default=True)
    reviewed_on = DateField(_l("Last reviewed"), validators=[Optional()])

    def to_draft(self) -> Draft:
        """Return the form's values as a draft for the shared checks."""
        return Draft(
            title=self.title.data or "",
            questions=[q.strip() for q in (self.questions.data or "").splitlines() if q.strip()],
            short_answer=self.short_answer.data or "",
            body=self.body.data or "",
            language=self.language.data or "",
            department=self.department.data or "",
            keywords=split_keywords(self.keywords.data or ""),
            published="yes" if self.published.data else "no",
            reviewed=self.reviewed_on.data.isoformat() if self.reviewed_on.data else "",
        )

    def fill(self, article: Article, codes_by_id: dict[int, str]) -> None:
        """Put an article's values in the form for editing."""
        self.title.data = article.title
        self.questions.data = "\n".join(article.questions)
        self.short_answer.data = article.short_answer
        self.body.data = article.body
        self.language.data = article.language
        self.department.data = codes_by_id.get(article.department_id or 0, "")
        self.keywords.data = ", ".join(article.keywords)
        self.published.data = article.published
        self.reviewed_on.data = article.reviewed_on


class ImportForm(FlaskForm):
    """A CSV or Markdown file of articles."""

    file = FileField(_l("CSV or Markdown file"), validators=[FileRequired()])
