"""Audit rounds in the browser. Thin: services write, selectors read, `results` computes."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spotlight.access import policy
from spotlight.access.log import access_log_write_many
from spotlight.access.models import AccessAction
from spotlight.audit import selectors, services
from spotlight.audit.domain import charts, report, results, tables
from spotlight.audit.domain.evidence_lines import evidence_lines
from spotlight.audit.forms import NOT_APPLICABLE, AuditRatingForm, AuditRoundForm
from spotlight.audit.models import AuditRound
from spotlight.cases.gate import families_readable_by, family_for_read
from spotlight.ui.requests import not_allowed, staff_user

NOT_A_RUNNER = "Only team managers and domestic abuse specialists can set up audit rounds and read their results."
ROUND_CSV_COLUMNS = ("family_ref", "team", "domain", "item", "suggested_rating", "reasons", "auditor_rating", "auditor")


@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    runner = policy.may_run_audits(user)
    if not runner and not policy.is_auditor(user):
        return not_allowed(request, NOT_A_RUNNER)
    rounds = list(selectors.rounds_for(user)[:50])
    trend = _trend(rounds) if runner else []
    progress = selectors.rounds_progress(rounds) if runner else {}
    context: dict[str, Any] = {
        "trend": trend,
        "trend_spec": charts.trend_spec(trend) if len({p["round"] for p in trend}) > 1 else None,
        "trend_rows": _trend_rows(trend),
        "runner": runner,
        "rounds": [(r, progress[r.pk]) for r in rounds] if runner else [],
        "my_files": list(selectors.auditor_open_files(user)) if policy.is_auditor(user) else [],
    }
    return render(request, "audit/round_list.html", context)


def _trend(rounds: list[AuditRound]) -> list[dict[str, Any]]:
    """Each rated round's mean rating per domain, oldest round first (rounds with no ratings left out).
    The ratings of every round are read in one query."""
    points: list[dict[str, Any]] = []
    ratings = selectors.rounds_ratings(rounds)
    for order, audit_round in enumerate(sorted(rounds, key=lambda r: (r.created_at, r.pk))):
        summary = results.round_summary(services.round_instrument(audit_round), ratings[audit_round.pk])
        if not summary.families:
            continue
        for domain in summary.domains:
            if domain.distribution.mean is not None:
                points.append(
                    {
                        "round": audit_round.name,
                        "order": order,
                        "domain": domain.title,
                        "mean": round(domain.distribution.mean, 2),
                        "n": summary.families,
                    }
                )
    return points


def _trend_rows(points: list[dict[str, Any]]) -> dict[str, Any]:
    """The trend as a table: one row per domain, one column per round."""
    rounds = list(dict.fromkeys(p["round"] for p in sorted(points, key=lambda p: p["order"])))
    domains = list(dict.fromkeys(p["domain"] for p in points))
    means = {(p["domain"], p["round"]): p["mean"] for p in points}
    return {"rounds": rounds, "rows": [(d, [means.get((d, r)) for r in rounds]) for d in domains]}


@require_http_methods(["GET", "POST"])
def audit_round_new(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    if not policy.may_run_audits(user):
        return not_allowed(request, NOT_A_RUNNER)
    form = AuditRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        request_ = services.RoundRequest(
            name=data["name"],
            sample_size=data["sample_size"],
            seed=data["seed"],
            by_team=data["by_team"],
            auditors=list(data["auditors"]),
            double_rated=data["double_rated"] or 0,
            opened_from=data["opened_from"],
            opened_to=data["opened_to"],
        )
        try:
            audit_round = services.audit_round_create(user=user, request=request_)
        except ValidationError as exc:
            for field, problems in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            done = f"Round \u201c{audit_round.name}\u201d is set up: {audit_round.sample_size} files sampled"
            if audit_round.sample_size < request_.sample_size:
                done += f" (only {audit_round.population} families were open to you, so every one is in the sample)"
            messages.success(request, done + ".")
            return redirect("audit_round_detail", round_id=audit_round.pk)
    context = {
        "form": form,
        "families_open": families_readable_by(user).count(),
        "auditors_available": selectors.available_auditors().count(),
    }
    return render(request, "audit/round_new.html", context, status=400 if form.errors else 200)


def _team(request: HttpRequest, audit_round: AuditRound) -> str:
    """The team whose results were asked for (?team=), if it has files in the round; else all teams."""
    team = request.GET.get("team", "")
    return team if team in selectors.round_teams(audit_round) else ""


def _round_results(audit_round: AuditRound, team: str = "") -> dict[str, Any]:
    instrument = services.round_instrument(audit_round)
    ratings = selectors.round_ratings(audit_round, team or None)
    summary = results.round_summary(instrument, ratings)
    suggestion = results.suggestion_agreement(instrument, ratings)
    auditors = results.auditor_agreement(instrument, ratings)
    return {
        "instrument": instrument,
        "summary": summary,
        "distribution_rows": tables.distribution_rows(summary),
        "suggestion_agreement": suggestion,
        "suggestion_rows": tables.agreement_rows(suggestion),
        "auditor_agreement": auditors,
        "auditor_rows": tables.agreement_rows(auditors),
        "distribution_spec": charts.distribution_spec(summary),
        "rated_files": len({(r.family_ref, r.auditor) for r in ratings}),
        "team": team,
        "teams": selectors.round_teams(audit_round),
    }


@require_GET
def audit_round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    user = staff_user(request)
    audit_round = selectors.round_for(user, round_id)
    runner = policy.may_run_audits(user)
    context: dict[str, Any] = {
        "round": audit_round,
        "runner": runner,
        "progress": selectors.round_progress(audit_round),
        "my_files": selectors.auditor_files_in_round(user, audit_round),
    }
    if runner:
        listed = list(selectors.listable_assignments(user, audit_round))
        context["listed"] = listed
        context["unlisted"] = context["progress"].assignments - len(listed)
        context.update(_round_results(audit_round, _team(request, audit_round)))
        context["other_rounds"] = list(selectors.rounds_for(user).exclude(pk=audit_round.pk)[:50])
    return render(request, "audit/round_detail.html", context)


@require_GET
def audit_round_report(request: HttpRequest, round_id: int) -> HttpResponse:
    user = staff_user(request)
    if not policy.may_run_audits(user):
        return not_allowed(request, NOT_A_RUNNER)
    audit_round = selectors.round_for(user, round_id)
    context = _round_results(audit_round, _team(request, audit_round))
    context["round"] = audit_round
    context["progress"] = selectors.round_progress(audit_round)
    context["distribution_svg"] = charts.to_svg(context["distribution_spec"]) if context["summary"].families else ""
    context["agreement_tables"] = [("Spotlight's suggestions and the auditors' ratings", context["suggestion_rows"])]
    if context["auditor_agreement"].families:
        context["agreement_tables"].append(("Two auditors who rated the same files", context["auditor_rows"]))
    return render(request, "audit/round_report.html", context)


def _csv_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def audit_round_csv(request: HttpRequest, round_id: int) -> HttpResponse:
    """The round's ratings in the round-file format `spotlight audit compare` reads."""
    user = staff_user(request)
    if not policy.may_run_audits(user):
        return not_allowed(request, NOT_A_RUNNER)
    audit_round = selectors.round_for(user, round_id)
    instrument = services.round_instrument(audit_round)
    domain_of = {item.id: domain.id for domain, item in instrument.items()}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ROUND_CSV_COLUMNS)
    family_ids: set[int] = set()
    for r in selectors.exportable_ratings(user, audit_round):
        family = r.assignment.family
        family_ids.add(family.pk)
        writer.writerow(
            (
                family.reference,
                family.team.name,
                domain_of.get(r.item, ""),
                r.item,
                "" if r.suggested is None else r.suggested,
                " ".join(r.reasons),
                NOT_APPLICABLE if r.not_applicable else ("" if r.rating is None else r.rating),
                r.assignment.auditor.username,
            )
        )
    access_log_write_many(
        user=user,
        action=AccessAction.EXPORT,
        what=f"audit ratings of round {audit_round.pk}",
        family_ids=sorted(family_ids),
    )
    return _csv_response(out.getvalue(), f"audit-{slugify(audit_round.name) or audit_round.pk}.csv")


@require_http_methods(["GET", "POST"])
def audit_file(request: HttpRequest, round_id: int, assignment_id: int) -> HttpResponse:
    user = staff_user(request)
    assignment = selectors.assignment_for(user, round_id, assignment_id)
    instrument = services.round_instrument(assignment.round)
    rows = selectors.ratings_by_item(assignment)
    initial: dict[str, Any] = {}
    for item_id, row in rows.items():
        if row.rated_at is not None:
            initial[f"rating_{item_id}"] = NOT_APPLICABLE if row.not_applicable else str(row.rating)
        elif row.suggested is not None:
            initial[f"rating_{item_id}"] = str(row.suggested)
        initial[f"comment_{item_id}"] = row.comment
    form = AuditRatingForm(
        request.POST or None,
        instrument=instrument,
        suggested={item_id: row.suggested for item_id, row in rows.items()},
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_ratings_save(user=user, assignment=assignment, ratings=form.item_ratings())
        except services.RoundClosed as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            for field, problems in exc.message_dict.items():
                form.add_error(f"rating_{field}" if f"rating_{field}" in form.fields else None, problems)
        else:
            messages.success(request, f"Your ratings for {assignment.family.name} are saved.")
            following = selectors.next_file_to_rate(assignment)
            if following is not None:
                return redirect("audit_file", round_id=round_id, assignment_id=following.pk)
            return redirect("audit_round_detail", round_id=round_id)
    if request.method == "GET":  # her grant opens the family to her through the one read gate, which logs it
        family_for_read(user, assignment.family_id, what=f"audit evidence in round {assignment.round_id}")
    scale = {p.value: p.label for p in instrument.scale}
    domains = [
        {
            "domain": domain,
            "items": [
                {
                    "item": item,
                    "rating": form.rating_field(item.id),
                    "comment": form.comment_field(item.id),
                    "suggested": rows[item.id].suggested if item.id in rows else None,
                    "suggested_label": scale.get(rows[item.id].suggested or 0, "") if item.id in rows else "",
                    "reasons": rows[item.id].reasons if item.id in rows else [],
                    "evidence": evidence_lines(item.evidence, assignment.evidence),
                }
                for item in domain.items
            ],
        }
        for domain in instrument.domains
    ]
    context = {
        "assignment": assignment,
        "round": assignment.round,
        "family": assignment.family,
        "form": form,
        "domains": domains,
        "evidence": assignment.evidence,
    }
    return render(request, "audit/file.html", context, status=400 if form.errors else 200)


@require_POST
def audit_round_close(request: HttpRequest, round_id: int) -> HttpResponse:
    user = staff_user(request)
    if not policy.may_run_audits(user):
        return not_allowed(request, NOT_A_RUNNER)
    audit_round = selectors.round_for(user, round_id)
    try:
        ended = services.audit_round_close(user=user, audit_round=audit_round)
    except PermissionDenied as exc:
        return not_allowed(request, str(exc))
    except services.RoundClosed as exc:
        messages.info(request, str(exc))
    else:
        accesses = f"{ended} auditor access{'es' if ended != 1 else ''}"
        messages.success(request, f"\u201c{audit_round.name}\u201d is closed: {accesses} to families ended.")
    return redirect("audit_round_detail", round_id=audit_round.pk)


@require_GET
def audit_file_ratings(request: HttpRequest, round_id: int, assignment_id: int) -> HttpResponse:
    """One rated file, read-only, for a manager or specialist who may read the family."""
    user = staff_user(request)
    if not policy.may_run_audits(user):
        return not_allowed(request, NOT_A_RUNNER)
    family_id = selectors.family_of_file(round_id, assignment_id)
    family = family_for_read(user, family_id, what=f"audit ratings in round {round_id}")  # logs a refusal too
    audit_round = selectors.round_for(user, round_id)
    assignment = selectors.assignment_in_round(audit_round, assignment_id)
    instrument = services.round_instrument(audit_round)
    scale = {p.value: p.label for p in instrument.scale}
    rows = selectors.ratings_by_item(assignment)
    domains = [(domain, [(item, rows.get(item.id)) for item in domain.items]) for domain in instrument.domains]
    context = {"round": audit_round, "assignment": assignment, "family": family, "domains": domains, "scale": scale}
    return render(request, "audit/file_ratings.html", context)


@require_GET
def audit_compare(request: HttpRequest) -> HttpResponse:
    """Two rounds side by side: the change per item, its confidence interval and significance."""
    user = staff_user(request)
    if not policy.may_run_audits(user):
        return not_allowed(request, NOT_A_RUNNER)
    rounds = list(selectors.rounds_for(user))
    before_id, after_id = request.GET.get("before", ""), request.GET.get("after", "")
    errors: dict[str, str] = {}
    chosen = {str(r.pk): r for r in rounds}
    if request.GET:
        if before_id not in chosen:
            errors["before"] = "Choose the earlier round"
        if after_id not in chosen:
            errors["after"] = "Choose the later round"
        if not errors and before_id == after_id:
            errors["after"] = "Choose a different round to compare with the earlier one"
    context: dict[str, Any] = {
        "rounds": rounds,
        "pickers": [("before", "Earlier round", before_id), ("after", "Later round", after_id)],
        "errors": errors,
    }
    if request.GET and not errors:
        before, after = chosen[before_id], chosen[after_id]
        instrument = services.round_instrument(after)
        comparison = results.compare_round_ratings(
            instrument, selectors.round_ratings(before), selectors.round_ratings(after)
        )
        fmt = request.GET.get("format", "")
        if fmt == "csv":
            name = f"audit-compare-{slugify(before.name)}-{slugify(after.name)}.csv"
            return _csv_response(report.comparison_csv(comparison), name)
        if fmt == "report":
            html = report.comparison_html(
                comparison,
                instrument,
                before_name=before.name,
                after_name=after.name,
                style_nonce=str(request.csp_nonce),  # type: ignore[attr-defined]  # set by django-csp
            )
            return HttpResponse(html)
        context.update(
            before=before,
            after=after,
            comparison=comparison,
            alpha=f"{1 - comparison.confidence:.2f}",
            change_rows=tables.change_rows(comparison),
            sentences=comparison.summary(before.name, after.name),
            instrument=instrument,
            comparison_spec=charts.comparison_spec(comparison),
        )
    return render(request, "audit/compare.html", context, status=400 if errors else 200)
