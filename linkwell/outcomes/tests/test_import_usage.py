"""`linkwell import_usage`: rows matched, unmatched and rejected (with reasons and masked NHS numbers), loading
again replaces, a dry run saves nothing, the audit log holds counts only."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.casework.discharge import discharge_case
from linkwell.casework.models import DischargeReason
from linkwell.casework.tests.builders import open_case
from linkwell.outcomes.models import UsageRecord
from linkwell.outcomes.usage_import import mask_nhs_number
from linkwell.people.nhs_numbers import check_digit
from linkwell.referrals.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

HEADER = "nhs_number,timepoint,period_end,source,gp_appointments,prescriptions,ae_attendances"


def nhs_number(serial: int) -> str:
    """A Modulus-11-valid test number in the 999 range."""
    for start in range(serial, serial + 1000):
        first_nine = f"999{start:06d}"
        digit = check_digit(first_nine)
        if digit is not None:
            return f"{first_nine}{digit}"
    raise AssertionError("unreachable")


def failing_check_digit(serial: int) -> str:
    number = nhs_number(serial)
    return number[:9] + str((int(number[9]) + 1) % 10)


def write(tmp_path, lines: list[str], name: str = "usage.csv"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(path, *extra: str) -> str:
    out = StringIO()
    call_command("import_usage", str(path), *extra, stdout=out)
    return out.getvalue()


@pytest.fixture
def known():
    """A person with two cases, the later one still open, and a person with no case at all."""
    first = open_case(received_at=timezone.now() - timedelta(days=400))
    first.person.nhs_number = nhs_number(1)
    first.person.save(update_fields=["nhs_number"])
    discharge_case(case=first, reason=DischargeReason.GOALS_MET, summary="Done", by=first.link_worker)
    latest = open_case(team=first.team, worker=first.link_worker, person=first.person)
    no_case = PersonFactory.create(nhs_number=nhs_number(2))
    return {"person": first.person, "latest_case": latest, "no_case": no_case}


def test_matched_rows_load_onto_the_persons_latest_case_and_blank_is_unknown(tmp_path, known):
    path = write(
        tmp_path,
        [
            HEADER,
            f"{nhs_number(1)},baseline,2026-05-31,gp_record,6,,0",
            f"{nhs_number(2)[:3]} {nhs_number(2)[3:6]} {nhs_number(2)[6:]},follow_up,30/11/2025,gp_record,2,3,1",
        ],
    )
    out = run(path)
    assert out.strip().endswith(
        "2 rows read: 2 matched and loaded, 0 unmatched (no person with that NHS number), 0 rejected."
    )
    usage = UsageRecord.objects.get(person=known["person"])
    assert usage.case == known["latest_case"]
    assert (usage.timepoint, usage.period_end, usage.source) == ("baseline", date(2026, 5, 31), "gp_record")
    assert (usage.gp_appointments, usage.prescriptions, usage.ae_attendances) == (6, None, 0)
    assert (usage.outpatient_appointments, usage.social_care_contacts) == (None, None)
    assert (usage.recorded_by, usage.import_label) == (None, "usage.csv")
    without_case = UsageRecord.objects.get(person=known["no_case"])
    assert without_case.case is None
    assert without_case.period_end == date(2025, 11, 30)


def test_unmatched_and_rejected_rows_are_reported_by_row_with_the_nhs_number_masked(tmp_path, known):
    stranger = nhs_number(500)
    path = write(
        tmp_path,
        [
            HEADER,
            f"{stranger},baseline,2026-05-31,gp_record,1,1,1",
            f"{failing_check_digit(3)},baseline,2026-05-31,gp_record,1,1,1",
            "12345,baseline,2026-05-31,gp_record,1,1,1",
            f"{nhs_number(1)},midway,2026-05-31,gp_record,1,1,1",
            f"{nhs_number(1)},baseline,31 May,gp_record,1,1,1",
            f"{nhs_number(1)},baseline,2026-05-31,hearsay,-1,two,1",
            f"{nhs_number(1)},baseline,2026-05-31,gp_record,,,",
            f"{nhs_number(1)},baseline,{timezone.localdate() + timedelta(days=1)},gp_record,1,1,1",
            f"{nhs_number(1)},baseline,2026-05-31,gp_record,1000,1,1",
            f"{nhs_number(1)},baseline,2026-05-31",
            f"{nhs_number(1)},baseline,2026-05-31,gp_record,4,4,4",
        ],
    )
    out = run(path)
    lines = out.strip().splitlines()
    assert lines[:-1] == [
        f"Row 2: unmatched (*******{stranger[-3:]}): no person with this NHS number",
        f"Row 3: rejected (*******{failing_check_digit(3)[-3:]}): the NHS number fails the Modulus 11 check",
        "Row 4: rejected (not shown): the NHS number is not 10 digits",
        f"Row 5: rejected (*******{nhs_number(1)[-3:]}): the timepoint must be baseline or follow_up",
        f"Row 6: rejected (*******{nhs_number(1)[-3:]}): period_end must be a date like 2026-05-31 or 31/05/2026",
        f"Row 7: rejected (*******{nhs_number(1)[-3:]}): the source must be self_reported, gp_record or other; "
        "prescriptions must be a whole number, or blank if not known",
        f"Row 8: rejected (*******{nhs_number(1)[-3:]}): every count is blank: at least one must be known",
        f"Row 9: rejected (*******{nhs_number(1)[-3:]}): The 6 months must end today or earlier",
        f"Row 10: rejected (*******{nhs_number(1)[-3:]}): gp_appointments: The number of GP appointments must be "
        "between 0 and 999",
        "Row 11: rejected (not shown): it has 3 values but the header has 7 columns",
    ]
    assert lines[-1] == "11 rows read: 1 matched and loaded, 1 unmatched (no person with that NHS number), 9 rejected."
    for line in lines:
        assert stranger not in line
        assert nhs_number(1) not in line
    assert UsageRecord.objects.get().gp_appointments == 4


def test_a_negative_count_is_rejected_with_the_same_words_as_on_the_form(tmp_path, known):
    out = run(write(tmp_path, [HEADER, f"{nhs_number(1)},baseline,2026-05-31,gp_record,1,-1,1"]))
    assert "prescriptions: The number of prescriptions must be between 0 and 999" in out
    assert not UsageRecord.objects.exists()


def test_loading_the_same_file_again_replaces_rather_than_doubles(tmp_path, known):
    path = write(tmp_path, [HEADER, f"{nhs_number(1)},baseline,2026-05-31,gp_record,6,2,0"])
    run(path)
    first = UsageRecord.objects.get()
    run(write(tmp_path, [HEADER, f"{nhs_number(1)},baseline,2026-05-31,gp_record,7,,0"], name="corrected.csv"))
    again = UsageRecord.objects.get()
    assert again.pk == first.pk
    assert (again.gp_appointments, again.prescriptions, again.import_label) == (7, None, "corrected.csv")


def test_a_row_repeated_in_one_file_keeps_the_later_values(tmp_path, known):
    line = f"{nhs_number(1)},baseline,2026-05-31,gp_record"
    out = run(write(tmp_path, [HEADER, f"{line},1,1,1", f"{line},2,2,2"]))
    assert "2 rows read: 2 matched and loaded" in out
    assert UsageRecord.objects.get().gp_appointments == 2


def test_small_batches_load_the_same_rows(tmp_path, known):
    lines = [HEADER] + [f"{nhs_number(1)},baseline,2026-05-{day:02d},gp_record,{day},1,1" for day in range(1, 8)]
    lines.append(f"{nhs_number(500)},baseline,2026-05-31,gp_record,1,1,1")
    out = run(write(tmp_path, lines), "--batch-size", "3")
    assert "8 rows read: 7 matched and loaded, 1 unmatched" in out
    assert UsageRecord.objects.count() == 7


def test_a_dry_run_reports_the_same_and_saves_nothing(tmp_path, known):
    path = write(
        tmp_path,
        [
            HEADER,
            f"{nhs_number(1)},baseline,2026-05-31,gp_record,6,2,0",
            f"{nhs_number(500)},baseline,2026-05-31,gp_record,1,,",
        ],
    )
    out = run(path, "--dry-run")
    assert "2 rows read: 1 matched and loaded, 1 unmatched" in out
    assert out.strip().endswith("Dry run: nothing was saved.")
    assert not UsageRecord.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.USAGE_IMPORTED).exists()


def test_the_import_is_audited_as_the_system_with_counts_only(tmp_path, known):
    path = write(
        tmp_path,
        [
            HEADER,
            f"{nhs_number(1)},baseline,2026-05-31,gp_record,6,2,0",
            f"{nhs_number(500)},baseline,2026-05-31,gp_record,1,,",
        ],
        name="practice-extract.csv",
    )
    run(path)
    event = AuditEvent.objects.get(action=AuditAction.USAGE_IMPORTED)
    assert (event.actor_id, event.actor_label, event.person_id) == (None, "system", "")
    assert event.detail == {"file": "practice-extract.csv", "rows": 2, "matched": 1, "unmatched": 1, "rejected": 0}


def test_columns_may_come_in_any_order_and_counts_may_be_left_out(tmp_path, known):
    path = write(
        tmp_path,
        [
            "Source,Period_End,social_care_contacts,NHS_Number,Timepoint",
            f"gp_record,2026-05-31,3,{nhs_number(1)},follow-up",
        ],
    )
    run(path)
    usage = UsageRecord.objects.get()
    assert (usage.timepoint, usage.social_care_contacts, usage.gp_appointments) == ("follow_up", 3, None)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("", "The file is empty"),
        ("nhs_number,period_end,source,gp_appointments", "it has no timepoint column"),
        (f"{HEADER},gp_visits", "these columns are not known: gp_visits"),
        (f"{HEADER},prescriptions", "these columns appear twice: prescriptions"),
        ("nhs_number,timepoint,period_end,source", "it has no count columns"),
        (f"{nhs_number(1)},baseline,2026-05-31,gp_record,1,1,1", "it has no nhs_number, timepoint, period_end, source"),
    ],
)
def test_a_file_without_a_usable_header_is_refused_and_nothing_is_saved(tmp_path, known, header, message):
    path = write(tmp_path, [header, f"{nhs_number(1)},baseline,2026-05-31,gp_record,1,1,1"])
    with pytest.raises(CommandError, match=message):
        run(path)
    assert not UsageRecord.objects.exists()


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="There is no file at"):
        run(tmp_path / "nowhere.csv")


def test_a_byte_order_mark_and_a_stray_byte_do_not_stop_the_import(tmp_path, known):
    path = tmp_path / "excel.csv"
    path.write_bytes(
        b"\xef\xbb\xbf"
        + HEADER.encode()
        + b"\r\n"
        + f"{nhs_number(1)},baseline,2026-05-31,gp_record,1,1,1\r\n".encode()
        + f"{nhs_number(1)},follow_up,2026-05-31,gp_record,1,\xe9,1\r\n".encode("latin-1")
    )
    out = run(path)
    assert "2 rows read: 1 matched and loaded, 0 unmatched (no person with that NHS number), 1 rejected." in out


@pytest.mark.parametrize(
    ("raw", "masked"),
    [("9990000018", "*******018"), ("999 000 0018", "*******018"), ("12345", "not shown"), ("", "not shown")],
)
def test_nhs_numbers_are_masked_to_their_last_three_digits(raw, masked):
    assert mask_nhs_number(raw) == masked
