"""The commit: all or nothing, idempotent, consistent with custody events, one notification."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inmates import custody, importing
from inmates.importing import commit
from inmates.models import CustodyEvent, CustodyState, ImportRecord, Inmate, NikStatus
from inmates.signals import registry_changed
from tests.factories import make_inmate
from tests.inmates.conftest import registry_snapshot, row_values, rows_file, workbook_bytes


def run(world, data: bytes, *, user="petugas.blora", **kwargs) -> importing.ImportOutcome:
    return importing.inmates_import(facility=world.blora, data=data, file_name="wbp.xlsx",
                                    user=world.users.get(user), **kwargs)


def summary_from_events(inmate: Inmate) -> custody.Summary:
    return custody.summarize(custody.Event(e.kind, e.date) for e in inmate.events.order_by("recorded_at", "pk"))


@pytest.fixture
def quiet():
    """Only the import's own queries: listeners of registry_changed (voter lists) are set aside."""
    saved = registry_changed.receivers[:]
    registry_changed.receivers = []
    registry_changed.sender_receivers_cache.clear()
    yield
    registry_changed.receivers = saved
    registry_changed.sender_receivers_cache.clear()


def test_new_people_get_their_stay_events_and_history(world, changes):
    user = world.users["petugas.blora"]
    data = workbook_bytes([
        row_values(1),
        row_values(2, NIK="", TANGGAL_EKSPIRASI=""),
        row_values(3, KODE_WILAYAH="33.16.09", sex="P", STATUS_TAHANAN="TAHANAN"),
    ])
    outcome = run(world, data)
    assert outcome.ok and outcome.written
    assert outcome.summary() == {"created": 3, "updated": 0, "unchanged": 0, "errors": [], "warnings": [
        {"row": 4, "column": "KODE_WILAYAH", "message": "Kode wilayah 33.16.09 hanya sampai kecamatan (Blora); alamat "
                                                        "disimpan di tingkat kecamatan. Lengkapi desa/kelurahan di halaman WBP."}]}
    first, second, third = Inmate.objects.filter(facility=world.blora).order_by("register_number")
    assert (first.full_name, first.nik, first.nik_status, first.nkk, first.home_region_id, first.rt, first.ktp_el_recorded) == (
        "WBP NOMOR 1", row_values(1)["NIK"], NikStatus.UNVERIFIED, "3316090101230001", "33.16.09.1013", "001", True)
    assert (second.nik, second.nik_status, second.expected_release) == (None, NikStatus.NONE, None)
    assert (third.sex, third.detention_status, third.home_region.level, third.home_region.name) == ("P", "tahanan", 3, "Blora")
    for inmate in (first, second, third):
        assert summary_from_events(inmate) == custody.Summary(
            state=inmate.custody_state, admitted_on=inmate.admitted_on, expected_release=inmate.expected_release,
            left_on=inmate.left_on)
        assert inmate.custody_state == CustodyState.HELD and inmate.admitted_on == date(2023, 6, 1)
        history = list(inmate.history.all())
        assert [(h.history_type, h.history_user, h.history_change_reason, h.full_name) for h in history] == [
            ("+", user, "Impor Excel: wbp.xlsx", inmate.full_name)]
    assert [(e.kind, e.date, e.recorded_by) for e in first.events.order_by("recorded_at", "pk")] == [
        ("masuk", date(2023, 6, 1), user), ("ekspirasi", date(2026, 12, 31), user)]
    assert [e.kind for e in second.events.all()] == ["masuk"]
    assert CustodyEvent.history.filter(history_type="+", history_user=user).count() == CustodyEvent.objects.count() == 5
    assert changes == [{world.blora.pk}]
    record = ImportRecord.objects.get()
    assert (record.facility, record.user, record.file_name, record.status, record.source, record.rows,
            record.created_count, record.updated_count, record.unchanged_count, record.error_count,
            record.warning_count) == (world.blora, user, "wbp.xlsx", "selesai", "web", 3, 3, 0, 0, 0, 1)
    assert outcome.record == record and len(record.file_sha256) == 64


def test_text_is_stored_as_written_whatever_characters_it_holds(world):
    # PostgreSQL receives new stays with COPY (tps_khusus.bulk.copy_values): a backslash, or text that
    # spells COPY's NULL, is kept as written.
    data = workbook_bytes([row_values(1, ALAMAT=r"\N", NAMA_IBU=r"SITI \ AMINAH\t", TEMPAT_LAHIR="BLORA\\")])
    assert run(world, data).written
    stay = Inmate.objects.get(facility=world.blora)
    assert (stay.address, stay.mother_name, stay.birth_place) == (r"\N", r"SITI \ AMINAH\t", "BLORA\\")
    assert stay.history.get().address == r"\N"


def test_the_same_file_twice_changes_nothing_the_second_time(world, changes):
    data = rows_file(5)
    run(world, data)
    before = registry_snapshot()
    stamps = dict(Inmate.objects.values_list("pk", "updated_at"))
    outcome = run(world, data)
    assert outcome.summary() == {"created": 0, "updated": 0, "unchanged": 5, "errors": [], "warnings": []}
    assert not outcome.written
    assert registry_snapshot() == {**before, "records": before["records"] + 1}
    assert dict(Inmate.objects.values_list("pk", "updated_at")) == stamps
    assert changes == [{world.blora.pk}]  # only the first import wrote anything
    assert ImportRecord.objects.order_by("pk").last().unchanged_count == 5


def test_changed_people_are_updated_with_history_and_a_new_expected_release(world, changes):
    user = world.users["petugas.blora"]
    run(world, rows_file(3))
    moved_nik = row_values(2)["NIK"][:-4] + "0999"
    data = workbook_bytes([
        row_values(0),
        row_values(1, NAMA="WBP GANTI NAMA", TANGGAL_EKSPIRASI="30-06-2027"),
        row_values(2, NIK=moved_nik, STATUS_PERKAWINAN="P"),
    ])
    Inmate.objects.filter(register_number="BI.00002/2024").update(nik_status=NikStatus.VERIFIED)
    outcome = run(world, data, user="admin")
    assert outcome.plan.counts() == {"created": 0, "updated": 2, "unchanged": 1}
    renamed = Inmate.objects.get(register_number="BI.00001/2024")
    assert (renamed.full_name, renamed.expected_release) == ("WBP GANTI NAMA", date(2027, 6, 30))
    assert [(e.kind, e.date) for e in renamed.events.order_by("recorded_at", "pk")] == [
        ("masuk", date(2023, 6, 1)), ("ekspirasi", date(2026, 12, 31)), ("ekspirasi", date(2027, 6, 30))]
    assert summary_from_events(renamed).expected_release == renamed.expected_release
    latest = renamed.history.first()
    assert (latest.history_type, latest.history_user, latest.full_name) == ("~", world.users["admin"], "WBP GANTI NAMA")
    assert renamed.history.count() == 2
    renumbered = Inmate.objects.get(register_number="BI.00002/2024")
    assert (renumbered.nik, renumbered.nik_status, renumbered.marital_status) == (moved_nik, NikStatus.UNVERIFIED, "P")
    untouched = Inmate.objects.get(register_number="BI.00000/2024")
    assert untouched.history.count() == 1 and untouched.events.count() == 2
    assert changes == [{world.blora.pk}, {world.blora.pk}]
    assert [h.history_user for h in CustodyEvent.history.filter(inmate=renamed).order_by("history_id")] == [
        user, user, world.users["admin"]]


def test_an_update_keeps_the_nik_status_when_the_nik_is_the_same(world):
    stay = make_inmate(world.blora, register_number="BI.00001/2024", nik=row_values(1)["NIK"],
                       birth_date=row_values(1)["TANGGAL_LAHIR"], nik_status=NikStatus.VERIFIED, full_name="LAMA")
    run(world, workbook_bytes([row_values(1)]))
    stay.refresh_from_db()
    assert (stay.full_name, stay.nik_status) == ("WBP NOMOR 1", NikStatus.VERIFIED)


def test_a_kecamatan_code_never_replaces_a_stored_desa_inside_it(world):
    stay = make_inmate(world.blora, register_number="BI.00001/2024", nik=row_values(1)["NIK"],
                       birth_date=row_values(1)["TANGGAL_LAHIR"], home_region_id="33.16.09.1013", full_name="WBP NOMOR 1")
    outcome = run(world, workbook_bytes([row_values(1, KODE_WILAYAH="33.16.09")]))
    stay.refresh_from_db()
    assert stay.home_region_id == "33.16.09.1013"
    assert [w.message for w in outcome.plan.warnings if w.column == "KODE_WILAYAH"] == [
        "KODE_WILAYAH di file hanya sampai kecamatan; desa yang tersimpan (33.16.09.1013) tetap dipakai."]
    outcome = run(world, workbook_bytes([row_values(1, KODE_WILAYAH="33.16.08")]))  # another kecamatan: a real move
    stay.refresh_from_db()
    assert stay.home_region_id == "33.16.08"


def test_a_rejected_file_writes_nothing_but_its_record(world, changes):
    before = registry_snapshot()
    outcome = run(world, workbook_bytes([row_values(1), row_values(2, NIK="123")]))
    assert not outcome.ok and not outcome.written
    assert outcome.summary() == {"created": 0, "updated": 0, "unchanged": 0, "warnings": [],
                                 "errors": [{"row": 3, "column": "NIK", "message": "NIK harus 16 digit; yang diisi 3 digit."}]}
    assert registry_snapshot() == {**before, "records": 1}
    record = ImportRecord.objects.get()
    assert (record.status, record.rows, record.created_count, record.error_count, record.first_error) == (
        "ditolak", 2, 0, 1, "NIK harus 16 digit; yang diisi 3 digit.")
    assert changes == []


def test_a_dry_run_writes_nothing_at_all(world, changes):
    outcome = run(world, rows_file(4), dry_run=True)
    assert outcome.ok and outcome.summary()["created"] == 4
    assert registry_snapshot() == {"inmates": 0, "inmate_history": 0, "events": 0, "event_history": 0, "records": 0}
    assert changes == []


def test_a_failing_listener_rolls_the_whole_import_back(world):
    def refuse(sender, facility_ids, **kwargs):
        raise RuntimeError("voter lists could not be refreshed")

    registry_changed.connect(refuse)
    try:
        with pytest.raises(RuntimeError):
            run(world, rows_file(5))
    finally:
        registry_changed.disconnect(refuse)
    assert registry_snapshot() == {"inmates": 0, "inmate_history": 0, "events": 0, "event_history": 0, "records": 0}


def test_a_conflict_found_by_the_database_while_writing(world, monkeypatch):
    """Someone registers the same NIK elsewhere between the check and the write: nothing is kept."""
    real_write = commit.write_plan

    def write_after_a_rival(plan, **kwargs):
        rival = row_values(3)
        make_inmate(world.pati, nik=rival["NIK"], birth_date=rival["TANGGAL_LAHIR"])
        real_write(plan, **kwargs)

    monkeypatch.setattr(commit, "write_plan", write_after_a_rival)
    outcome = run(world, rows_file(5))
    assert not outcome.ok
    assert [issue.message for issue in outcome.plan.errors] == [
        "Data berubah saat impor berjalan (misalnya NIK yang sama baru saja dicatat di Lapas/Rutan lain). Tidak ada "
        "yang disimpan; periksa file lalu ulangi impor."]
    assert Inmate.objects.count() == 0 and CustodyEvent.objects.count() == 0 and Inmate.history.count() == 0
    assert ImportRecord.objects.get().status == ImportRecord.Status.REJECTED


def _queries(callable_) -> int:
    with CaptureQueriesContext(connection) as context:
        callable_()
    return len(context.captured_queries)


def test_the_preview_costs_the_same_queries_for_2_and_20_rows(world):
    make_inmate(world.pati, full_name="Di tempat lain")
    small, large = rows_file(2), rows_file(20, start=100)

    def preview(data):
        user = User.objects.get(username="petugas.blora")  # a fresh object each time: its role is read again
        return lambda: importing.validate(data, facility=world.blora, user=user, file_name="x.xlsx")

    # Active stays here, ended stays here, the user's role; the checks against other facilities counted
    # (inmates.crosscheck: a savepoint around the user's row locked, earlier days forgotten, today's count,
    # one INSERT of the new ones); the NIK active elsewhere. Whatever the count; no match, so nothing logged.
    assert _queries(preview(small)) == _queries(preview(large)) == 10


def test_the_commit_costs_the_same_queries_for_2_and_20_rows(world, quiet):
    def commit(data, facility):
        return lambda: importing.inmates_import(facility=facility, data=data, file_name="x.xlsx",
                                                user=world.users["admin"])

    new_small = _queries(commit(rows_file(2), world.pati))
    new_large = _queries(commit(rows_file(20, start=100), world.blora))
    assert new_small == new_large
    changed_small = _queries(commit(workbook_bytes([row_values(i, NAMA="GANTI") for i in range(2)]), world.pati))
    changed_large = _queries(commit(workbook_bytes([row_values(i, NAMA="GANTI", TANGGAL_EKSPIRASI="01-01-2028")
                                                    for i in range(100, 120)]), world.blora))
    assert changed_small + 2 == changed_large  # the second file also moves expected releases: event + its history
    unchanged_small = _queries(commit(workbook_bytes([row_values(i, NAMA="GANTI") for i in range(2)]), world.pati))
    unchanged_large = _queries(commit(workbook_bytes([row_values(i, NAMA="GANTI", TANGGAL_EKSPIRASI="01-01-2028")
                                                      for i in range(100, 120)]), world.blora))
    assert unchanged_small == unchanged_large


def test_dated_statuses_are_written_and_reach_the_voter_lists(world):
    from registration.demo import PEMILU_2024, PEMILU_2024_CONTESTS, _election
    from registration.models import Registration

    pemilu = _election(PEMILU_2024, PEMILU_2024_CONTESTS)
    data = workbook_bytes([
        row_values(1, TNI_POLRI="Y"),  # the old yes: active, TMS
        row_values(2, TNI_POLRI="PURNAWIRAWAN", TANGGAL_TNI_POLRI="01-03-2020"),  # retired: votes
        row_values(3, TNI_POLRI="PURNAWIRAWAN", TANGGAL_TNI_POLRI="01-03-2024"),  # retired after voting day: TMS
        row_values(4, HAK_PILIH_DICABUT="DIPILIH", DICABUT_SEJAK="01-01-2023"),  # only hak dipilih: votes
        row_values(5, HAK_PILIH_DICABUT="Y"),  # the old yes: the right to vote, no end: TMS
    ])
    assert run(world, data).written
    stays = {i.register_number: i for i in Inmate.objects.filter(facility=world.blora)}
    assert (stays["BI.00003/2024"].tni_polri_status, stays["BI.00003/2024"].tni_polri_since) == (
        "purnawirawan", date(2024, 3, 1))
    assert (stays["BI.00004/2024"].revoked_right, stays["BI.00004/2024"].revoked_from) == ("dipilih", date(2023, 1, 1))
    status = {r.inmate.register_number: (r.status, r.reasons.replace("nik_belum_verifikasi,", ""))
              for r in Registration.objects.filter(election=pemilu).select_related("inmate")}
    assert status == {  # imported NIK are not verified yet: potential voters, unless TMS
        "BI.00001/2024": ("tms", ",tni_polri,"), "BI.00002/2024": ("potensial", ","),
        "BI.00003/2024": ("tms", ",tni_polri,"), "BI.00004/2024": ("potensial", ","),
        "BI.00005/2024": ("tms", ",hak_pilih_dicabut,")}
