import csv
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.directory.models import Postcode
from linkwell.directory.postcodes import locate

pytestmark = pytest.mark.django_db

# Header rows as ONS has published them (standards.md §5.3); columns the import ignores get a filler value.
LEGACY_ONSPD = (
    "pcd,pcd2,pcds,dointr,doterm,oscty,ced,oslaua,osward,parish,usertype,oseast1m,osnrth1m,osgrdind,oshlthau,"
    "nhser,ctry,rgn,streg,pcon,eer,teclec,ttwa,pct,itl,statsward,oa01,casward,park,lsoa01,msoa01,ur01ind,oac01,"
    "oa11,lsoa11,msoa11,wz11,sicbl,bua11,buasd11,ru11ind,oac11,lat,long,lep1,lep2,pfa,imd,calncv,icb,oa21,lsoa21,"
    "msoa21"
)
NSPL_2025 = (
    "pcd,pcd2,pcds,dointr,doterm,usertype,oseast1m,osnrth1m,osgrdind,oa21,cty,ced,laua,ward,nhser,ctry,rgn,pcon,"
    "ttwa,itl,park,lsoa21,msoa21,wz11,sicbl,bua24,ruc21,oac11,lat,long,lep1,lep2,pfa,imd,icb"
)
VINTAGE_SUFFIXED = (
    "pcd7,pcd8,pcds,dointr,doterm,usrtypind,east1m,north1m,gridind,oa21cd,cty25cd,ced25cd,lad25cd,wd25cd,nhser24cd,"
    "ctry25cd,rgn25cd,pcon24cd,ttwa15cd,itl25cd,npark16cd,lsoa21cd,msoa21cd,wz11cd,sicbl24cd,bua24cd,ruc21ind,"
    "oac11ind,lat,long,lep21cd1,lep21cd2,pfa23cd,imd20ind,icb23cd"
)
# Only the fixed-width forms, so the postcode has to be rebuilt from pcd7 or pcd8.
FIXED_WIDTH_ONLY = VINTAGE_SUFFIXED.replace(",pcds,", ",")

# (postcode, lat, long, doterm): fictional inward codes in real Essex districts.
ROWS = [
    ("CM1 1AA", "51.736100", "0.479800", ""),
    ("SS0 7ZZ", "51.541900", "0.688900", ""),
    ("CO15 9ZZ", "51.791800", "1.153500", "201904"),
    ("CM2 9ZY", "99.999999", "0.000000", ""),  # ONS: no grid reference
    ("NOT A PC", "51.700000", "0.400000", ""),
    ("ZZ99 3VZ", "99.999999", "0.000000", ""),
]
LOADED, NO_LOCATION, BAD_POSTCODE = 3, 1, 2


def padded(postcode: str, width: int) -> str:
    """The ONS fixed-width forms: outward code left-aligned, inward code at the end."""
    outward, _, inward = postcode.rpartition(" ")
    return outward.ljust(width - 3) + inward if outward else postcode


def write_onspd(path, header, rows=ROWS):
    columns = header.split(",")
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(columns)
        for postcode, lat, long, doterm in rows:
            values = {
                "pcds": postcode,
                "pcd": padded(postcode, 7),
                "pcd7": padded(postcode, 7),
                "pcd2": padded(postcode, 8),
                "pcd8": padded(postcode, 8),
                "lat": lat,
                "long": long,
                "doterm": doterm,
                "dointr": "198001",
            }
            writer.writerow([values.get(column, "E00000001") for column in columns])
    return path


def run_import(path, *extra):
    out, err = StringIO(), StringIO()
    call_command("import_postcodes", str(path), *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "header",
    [LEGACY_ONSPD, NSPL_2025, VINTAGE_SUFFIXED, FIXED_WIDTH_ONLY],
    ids=["onspd-2023", "nspl-2025", "vintage-suffixed", "pcd7-without-pcds"],
)
def test_every_header_style_loads_the_postcodes_with_a_location(tmp_path, header):
    out, _ = run_import(write_onspd(tmp_path / "onspd.csv", header))
    assert out.splitlines()[0] == (
        f"{LOADED} loaded, {NO_LOCATION} skipped (no location), {BAD_POSTCODE} skipped (bad postcode)"
    )
    assert set(Postcode.objects.values_list("postcode", "latitude", "longitude", "terminated")) == {
        ("CM1 1AA", 51.7361, 0.4798, False),
        ("SS0 7ZZ", 51.5419, 0.6889, False),
        ("CO15 9ZZ", 51.7918, 1.1535, True),
    }


def test_rows_without_a_grid_reference_are_skipped(tmp_path):
    run_import(write_onspd(tmp_path / "onspd.csv", NSPL_2025))
    assert not Postcode.objects.filter(postcode="CM2 9ZY").exists()


def test_pseudo_postcodes_and_malformed_ones_are_counted_as_bad(tmp_path):
    run_import(write_onspd(tmp_path / "onspd.csv", NSPL_2025))
    assert not Postcode.objects.filter(postcode__startswith="ZZ99").exists()
    assert Postcode.objects.count() == LOADED


def test_importing_again_changes_nothing_but_what_changed(tmp_path):
    path = write_onspd(tmp_path / "onspd.csv", NSPL_2025)
    run_import(path)
    first = set(Postcode.objects.values_list())
    out, _ = run_import(path)
    assert set(Postcode.objects.values_list()) == first
    assert out.startswith(f"{LOADED} loaded")

    moved = [("CM1 1AA", "51.740000", "0.470000", "202501")]
    run_import(write_onspd(tmp_path / "newer.csv", NSPL_2025, moved))
    assert Postcode.objects.count() == LOADED
    assert Postcode.objects.filter(postcode="CM1 1AA").values_list("latitude", "longitude", "terminated").get() == (
        51.74,
        0.47,
        True,
    )


def test_small_batches_load_the_same_rows_and_report_progress(tmp_path):
    _, err = run_import(write_onspd(tmp_path / "onspd.csv", LEGACY_ONSPD), "--batch-size", "1")
    assert Postcode.objects.count() == LOADED
    assert "100%" in err
    assert "6 rows read" in err


def test_a_repeated_postcode_in_one_batch_keeps_the_last_row(tmp_path):
    rows = [("CM1 1AA", "51.1", "0.1", ""), ("CM1 1AA", "51.2", "0.2", "")]
    out, _ = run_import(write_onspd(tmp_path / "onspd.csv", NSPL_2025, rows))
    assert out.startswith("1 loaded")
    assert Postcode.objects.get().latitude == 51.2


def test_the_import_is_audited_as_the_system(tmp_path):
    run_import(write_onspd(tmp_path / "ONSPD_FEB_2026_UK.csv", LEGACY_ONSPD))
    event = AuditEvent.objects.get(action=AuditAction.POSTCODES_IMPORTED)
    assert event.actor_id is None
    assert event.actor_label == "system"
    assert event.detail == {
        "file": "ONSPD_FEB_2026_UK.csv",
        "loaded": LOADED,
        "skipped_no_location": NO_LOCATION,
        "skipped_bad_postcode": BAD_POSTCODE,
        "with_deprivation_decile": 0,
    }


def test_a_file_without_the_needed_columns_is_refused_naming_them(tmp_path):
    path = write_onspd(tmp_path / "wrong.csv", "pcds,oseast1m,osnrth1m")
    with pytest.raises(CommandError, match=r"missing columns .*latitude \(lat or latitude\); longitude \(long,"):
        run_import(path)
    assert not AuditEvent.objects.filter(action=AuditAction.POSTCODES_IMPORTED).exists()


def test_a_file_without_a_postcode_column_is_refused(tmp_path):
    path = write_onspd(tmp_path / "wrong.csv", "lat,long")
    with pytest.raises(CommandError, match=r"a postcode \(pcds, pcd, pcd7, pcd2 or pcd8\)"):
        run_import(path)


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(CommandError, match="missing columns"):
        run_import(path)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="There is no file at"):
        run_import(tmp_path / "nowhere.csv")


def test_a_batch_size_below_one_is_refused(tmp_path):
    with pytest.raises(CommandError, match="--batch-size"):
        run_import(write_onspd(tmp_path / "onspd.csv", NSPL_2025), "--batch-size", "0")


def test_the_whole_uk_csv_is_read_from_the_zip_ons_publishes(tmp_path):
    full = write_onspd(tmp_path / "full.csv", NSPL_2025)
    part = write_onspd(tmp_path / "part.csv", NSPL_2025, ROWS[:1])
    archive = tmp_path / "ONSPD_FEB_2026.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("Documents/LA_UA names and codes UK as at 04_25.csv", "LAD25CD,LAD25NM\nE07000070,Chelmsford\n")
        zipped.write(part, "Data/multi_csv/ONSPD_FEB_2026_UK_CM.csv")
        zipped.write(full, "Data/ONSPD_FEB_2026_UK.csv")
    out, _ = run_import(archive)
    assert out.startswith(f"{LOADED} loaded")
    assert Postcode.objects.count() == LOADED


def test_a_zip_without_a_postcode_csv_is_refused(tmp_path):
    archive = tmp_path / "other.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("names.csv", "code,name\n1,One\n")
    with pytest.raises(CommandError, match="holds no CSV with a postcode column"):
        run_import(archive)


def test_a_byte_order_mark_and_stray_bytes_do_not_stop_the_import(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbfpcds,lat,long,parish\r\nCM1 1AA,51.7361,0.4798,Caf\xe9\r\n")
    out, _ = run_import(path)
    assert out.startswith("1 loaded")


def test_locate_uses_the_district_before_the_import_and_the_postcode_after(tmp_path):
    assert locate("CM1 1AA").precision == "district"
    run_import(write_onspd(tmp_path / "onspd.csv", FIXED_WIDTH_ONLY))
    point = locate("CM1 1AA")
    assert point.precision == "postcode"
    assert (point.latitude, point.longitude) == (51.7361, 0.4798)


# --- Deprivation deciles ----------------------------------------------------------------------------
def write_rows(path, header: str, rows: list[dict[str, str]]):
    """A file with `header`'s columns; each row gives the values it cares about, the rest a filler."""
    columns = header.split(",")
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(columns)
        for values in rows:
            row = {"lat": "51.7", "long": "0.47", "doterm": "", **values}
            writer.writerow([row.get(column, "E00000001") for column in columns])
    return path


def deciles() -> dict[str, int | None]:
    return dict(Postcode.objects.values_list("postcode", "imd_decile"))


def test_english_postcodes_get_the_decile_of_their_lsoas_imd_rank(tmp_path):
    rows = [
        {"pcds": "CM1 1AA", "ctry": "E92000001", "imd": "1"},
        {"pcds": "CM1 1AB", "ctry": "E92000001", "imd": "3284"},
        {"pcds": "CM1 1AD", "ctry": "E92000001", "imd": "3285"},
        {"pcds": "CM1 1AE", "ctry": "E92000001", "imd": "32844"},
        {"pcds": "CM1 1AF", "ctry": "E92000001", "imd": ""},
    ]
    out, _ = run_import(write_rows(tmp_path / "nspl.csv", NSPL_2025, rows))
    assert deciles() == {"CM1 1AA": 1, "CM1 1AB": 1, "CM1 1AD": 2, "CM1 1AE": 10, "CM1 1AF": None}
    assert out.splitlines()[1] == "4 with a deprivation decile (England)"


def test_wales_scotland_and_northern_ireland_are_left_without_a_decile(tmp_path):
    rows = [
        {"pcds": "CF10 1AA", "ctry": "W92000004", "imd": "100"},
        {"pcds": "EH1 1AA", "ctry": "S92000003", "imd": "100"},
        {"pcds": "BT1 1AA", "ctry": "N92000002", "imd": "100"},
    ]
    run_import(write_rows(tmp_path / "nspl.csv", NSPL_2025, rows))
    assert set(deciles().values()) == {None}


def test_a_rank_beyond_the_number_of_english_areas_gets_no_decile(tmp_path):
    run_import(write_rows(tmp_path / "nspl.csv", NSPL_2025, [{"pcds": "CM1 1AA", "ctry": "E92000001", "imd": "32845"}]))
    assert deciles() == {"CM1 1AA": None}


@pytest.mark.parametrize(
    ("imd_column", "expected"),
    # 3290 is in the 2nd tenth of 32,844 LSOAs (2019) but the 1st of 33,755 (2025); 32,900 exists only in 2025.
    [("imd20ind", {"CM1 1AA": 2, "CM1 1AB": None}), ("imd25ind", {"CM1 1AA": 1, "CM1 1AB": 10})],
)
def test_the_column_name_says_which_edition_of_the_index_ranks_the_areas(tmp_path, imd_column, expected):
    header = VINTAGE_SUFFIXED.replace("imd20ind", imd_column)
    rows = [
        {"pcds": "CM1 1AA", "ctry25cd": "E92000001", imd_column: "3290"},
        {"pcds": "CM1 1AB", "ctry25cd": "E92000001", imd_column: "32900"},
    ]
    run_import(write_rows(tmp_path / "onspd.csv", header, rows))
    assert deciles() == expected


def test_the_edition_can_be_given_when_the_column_name_does_not_say(tmp_path):
    path = write_rows(tmp_path / "nspl.csv", NSPL_2025, [{"pcds": "CM1 1AA", "ctry": "E92000001", "imd": "32900"}])
    run_import(path, "--imd-edition", "2025")
    assert deciles() == {"CM1 1AA": 10}


def test_without_a_country_column_an_english_lsoa_code_marks_an_english_postcode(tmp_path):
    rows = [
        {"pcds": "CM1 1AA", "lsoa21cd": "E01021000", "imd": "5000"},
        {"pcds": "CF10 1AA", "lsoa21cd": "W01001000", "imd": "5000"},
    ]
    run_import(write_rows(tmp_path / "postcodes.csv", "pcds,lat,long,lsoa21cd,imd", rows))
    assert deciles() == {"CM1 1AA": 2, "CF10 1AA": None}


def test_a_file_that_cannot_say_which_nation_a_postcode_is_in_gives_no_deciles(tmp_path):
    run_import(write_rows(tmp_path / "postcodes.csv", "pcds,lat,long,imd", [{"pcds": "CM1 1AA", "imd": "5000"}]))
    assert deciles() == {"CM1 1AA": None}


def test_a_file_without_an_imd_column_keeps_the_deciles_already_loaded(tmp_path):
    run_import(write_rows(tmp_path / "nspl.csv", NSPL_2025, [{"pcds": "CM1 1AA", "ctry": "E92000001", "imd": "1"}]))
    out, _ = run_import(write_rows(tmp_path / "plain.csv", "pcds,lat,long", [{"pcds": "CM1 1AA", "lat": "51.8"}]))
    assert Postcode.objects.values_list("latitude", "imd_decile").get() == (51.8, 1)
    assert out.splitlines()[1] == "No deprivation deciles: the file has no imd column"
