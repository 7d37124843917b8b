"""Forms for documents: attach one, strike one out. The services check everything again; their errors
are shown beside these fields, and every field typed is kept when the page is shown again.

A file larger than documents may be is not read past the limit (`RefuseLargeFiles`, one of the
settings' FILE_UPLOAD_HANDLERS): the rest of it is skipped as it arrives, the form's other fields are
still read, and the form says the file was too big.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

from spotlight.cases.models import Family
from spotlight.documents.domain.files import FileRefused, check_file, clean_file_name, offered, size_in_words
from spotlight.documents.models import TITLE_MAX, document_rules
from spotlight.documents.selectors import note_choices


class RefuseLargeFiles(FileUploadHandler):
    """Skips the rest of a file once it is larger than SPOTLIGHT_DOCUMENT_MAX_BYTES, remembering its name."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.max_bytes = document_rules().max_bytes
        self.too_large: dict[str, str] = {}  # field name -> the file's name

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > self.max_bytes:
            self.too_large[str(self.field_name)] = str(self.file_name or "")
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler keeps the file


def too_large_files(request: HttpRequest) -> dict[str, str]:
    """The files of this request skipped for their size: field name -> the file's name."""
    for handler in request.upload_handlers:
        if isinstance(handler, RefuseLargeFiles):
            return handler.too_large
    return {}


class DocumentForm(forms.Form):
    file = forms.FileField(label="The file", required=False, allow_empty_file=True)
    kind = forms.ChoiceField(
        label="What kind of document it is",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what kind of document this is",
            "invalid_choice": "Choose one of the kinds of document listed",
        },
    )
    title = forms.CharField(
        label="A short title",
        max_length=TITLE_MAX,
        help_text="For example, “Police report of the incident on 14 March” or “Letter from Mia’s school”. "
        "Everyone who can read this family’s record sees it: never put a sealed address or phone number in it.",
        widget=forms.TextInput(attrs={"class": "govuk-!-width-two-thirds"}),
        error_messages={
            "required": "Enter a short title for the document",
            "max_length": f"The title must be {TITLE_MAX} characters or fewer",
        },
    )
    case_note = forms.TypedChoiceField(
        label="The case note it belongs to (optional)",
        help_text="Leave this as it is if the document belongs to the family as a whole.",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Choose one of this family’s case notes, or none"},
    )

    def __init__(self, *args: Any, family: Family, too_large: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rules = document_rules()
        self.too_large = too_large
        cast(forms.ChoiceField, self.fields["kind"]).choices = list(self.rules.kinds.items())
        notes: list[tuple[int | str, str]] = [("", "None: it belongs to the family as a whole")]
        cast(forms.ChoiceField, self.fields["case_note"]).choices = notes + list(note_choices(family))
        self.fields[
            "file"
        ].help_text = f"Choose {offered(self.rules.file_types)} of up to {size_in_words(self.rules.max_bytes)}."

    @property
    def accept(self) -> str:
        """For the file input: the endings a browser offers first."""
        return ",".join(e for t in self.rules.file_types for e in t.extensions)

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if self.too_large is not None:
            raise forms.ValidationError(
                f"{clean_file_name(self.too_large, limit=80)} is larger than {size_in_words(self.rules.max_bytes)}: "
                f"choose a file of {size_in_words(self.rules.max_bytes)} or smaller"
            )
        if upload is None:
            raise forms.ValidationError("Choose a file to attach")
        try:
            check_file(
                upload.name or "",
                upload.size or 0,
                upload,
                allowed=self.rules.file_types,
                max_bytes=self.rules.max_bytes,
            )
        except FileRefused as refused:
            raise forms.ValidationError(str(refused)) from None
        return upload


class StrikeOutForm(forms.Form):
    reason = forms.CharField(
        label="Why it is being struck out",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, “Attached to the wrong family” or “A second copy of a letter already here”.",
        error_messages={
            "required": "Enter why this document is being struck out",
            "max_length": "The reason must be 2000 characters or fewer",
        },
    )
