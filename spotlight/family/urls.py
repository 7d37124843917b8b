from django.urls import path

from spotlight.family import agencies, caseload, corrections, letters, matching, outcomes_report, printing, views

urlpatterns = [
    path("", caseload.caseload, name="caseload"),
    path("export.jsonl", views.caseload_export, name="caseload_export"),
    path("outcomes/", outcomes_report.outcomes_report, name="outcomes_report"),
    path("families/<id:family_id>/", views.family_detail, name="family_detail"),
    path("families/<id:family_id>/sections/<slug:key>/", views.family_section, name="family_section"),
    path("families/<id:family_id>/on-its-own/<slug:key>/", views.family_section_page, name="family_section_page"),
    path("families/<id:family_id>/export.jsonl", views.family_export, name="family_export"),
    path("families/<id:family_id>/print/chronology/", printing.chronology_print, name="chronology_print"),
    path("families/<id:family_id>/print/summary/", printing.summary_print, name="summary_print"),
    path("families/<id:family_id>/strengths-letter/", letters.letter_draft, name="letter_draft"),
    path("families/<id:family_id>/programmes/", matching.programme_matches, name="programme_matches"),
    path("families/<id:family_id>/agencies/", agencies.family_agencies, name="family_agencies"),
    path("families/<id:family_id>/strengths-letter/<id:letter_id>/", letters.letter_print, name="letter_print"),
    path(
        "families/<id:family_id>/records/<slug:kind>/<id:record_id>/change/",
        corrections.record_change,
        name="record_change",
    ),
    path(
        "families/<id:family_id>/records/<slug:kind>/<id:record_id>/strike-out/",
        corrections.record_strike_out,
        name="record_strike_out",
    ),
    path(
        "families/<id:family_id>/records/<slug:kind>/<id:record_id>/versions/",
        corrections.record_versions,
        name="record_versions",
    ),
]
