"""CSV import keeps the good rows and reports each bad one; export is safe."""

import csv
import io
import json

from calculator.api import export_csv, import_csv, import_json
from calculator.csvio import COLUMNS, read_csv, write_csv

HEADER = ",".join(COLUMNS)


def test_rows_are_grouped_into_sites_in_the_order_they_appear():
    text = (f"{HEADER}\nHQ,Db2,2,10,100.50,2027-03-15,Q1\nPlant,MQ,1,5,20,,\n"
            "HQ,Cognos,3,1.5,9,,\n")
    result = read_csv(text)
    assert result["errors"] == []
    assert [(s["name"], [i["description"] for i in s["items"]]) for s in result["sites"]] == [
        ("HQ", ["Db2", "Cognos"]), ("Plant", ["MQ"])]
    assert result["sites"][0]["items"][0] == {
        "description": "Db2", "quantity": "2", "points_per_unit": "10", "unit_price": "100.50",
        "renewal_date": "2027-03-15", "order": "Q1"}


def test_each_bad_row_is_reported_and_the_good_rows_kept():
    text = f"{HEADER}\nHQ,a,1,1,1,,\nHQ,b,-1,1,1,,\nHQ,c,1,x,1,2026-02-30,\nHQ,d,2,1,1,,\n"
    result = read_csv(text)
    assert [i["description"] for i in result["sites"][0]["items"]] == ["a", "d"]
    assert [(e["code"], e["path"], e["params"]["row"]) for e in result["errors"]] == [
        ("negative", "rows[2].quantity", 2),
        ("not_a_number", "rows[3].points_per_unit", 3),
        ("invalid_date", "rows[3].renewal_date", 3)]


def test_columns_may_come_in_any_order_and_optional_ones_may_be_missing():
    result = read_csv("unit_price,quantity,site,points_per_unit\n5,2,HQ,1\n")
    assert result["errors"] == []
    assert result["sites"][0]["items"][0]["unit_price"] == "5"


def test_a_bad_header_is_reported_and_nothing_loaded():
    result = read_csv("site,qty\nHQ,1\n")
    codes = {(e["code"], e["path"]) for e in result["errors"]}
    assert ("unknown_field", "header.qty") in codes and ("required", "header.quantity") in codes
    assert result["sites"] == []


def test_binary_empty_and_oversized_files_are_refused_with_a_code():
    assert read_csv("\x00\x01PK")["errors"][0]["code"] == "invalid_csv"
    assert read_csv("\n\n")["errors"][0]["code"] == "empty"
    big = HEADER + "\n" + "HQ,a,1,1,1,,\n" * 50_001
    assert read_csv(big)["errors"][0]["code"] == "too_many"


def test_export_neutralizes_spreadsheet_formulas():
    state = {"sites": [{"name": "=HYPERLINK(\"http://x\")", "items": [
        {"description": "+1+1", "quantity": "-2", "points_per_unit": "@SUM(A1)", "unit_price": "\t1",
         "renewal_date": "\r2", "order": "plain"}]}]}
    rows = list(csv.reader(io.StringIO(write_csv(state))))
    assert rows[0] == list(COLUMNS)
    assert rows[1] == ["'=HYPERLINK(\"http://x\")", "'+1+1", "'-2", "'@SUM(A1)", "'\t1", "'\r2", "plain"]


def test_export_then_import_gives_the_same_items():
    state = {"sites": [{"name": "HQ", "items": [{"description": "Db2, \"Std\"", "quantity": "2",
                                                 "points_per_unit": "10", "unit_price": "100.50",
                                                 "renewal_date": "2027-03-15", "order": ""}]}]}
    back = json.loads(import_csv(export_csv(json.dumps(state))))
    assert back["errors"] == [] and back["sites"] == state["sites"]


def test_json_import_gives_form_values_as_exact_strings_and_the_problems():
    result = json.loads(import_json('{"sites":[{"name":"HQ","items":[{"quantity":2,"points_per_unit":0.1,'
                                    '"unit_price":1e2}]}],"existing_points":NaN}'))
    item = result["input"]["sites"][0]["items"][0]
    assert (item["quantity"], item["points_per_unit"], item["unit_price"]) == ("2", "0.1", "100")
    assert result["errors"] == [{"code": "not_a_number", "path": "existing_points", "params": {}}]
    assert json.loads(import_json("{nope"))["input"] is None


def test_bytes_are_read_as_the_browser_reads_a_file():
    good = (HEADER + "\nHQ,Db2,2,10,100,,\n").encode()
    assert json.loads(import_csv(b"\xef\xbb\xbf" + good))["errors"] == []
    for bad in (HEADER.encode("utf-16"), b"\x89PNG\r\n\x1a\n\xff"):
        assert [e["code"] for e in json.loads(import_csv(bad))["errors"]] == ["invalid_encoding"]


def test_an_unknown_column_is_named_as_the_file_spells_it():
    (error,) = read_csv(HEADER + ",Colour\n")["errors"]
    assert error == {"code": "unknown_field", "path": "header.Colour", "params": {"field": "Colour"}}


def test_json_import_keeps_a_huge_exponent_short():
    """Written out, 1e99999999 is a 100 MB string: the form gets 1E+99999999."""
    result = json.loads(import_json('{"sites":[{"name":"HQ","items":[{"quantity":1e99999999,'
                                    '"points_per_unit":1,"unit_price":1}]}]}'))
    assert result["input"]["sites"][0]["items"][0]["quantity"] == "1E+99999999"
    assert [e["code"] for e in result["errors"]] == ["too_large"]


def test_a_danish_spreadsheet_with_semicolons_and_decimal_commas_is_read():
    text = "site;description;quantity;points_per_unit;unit_price;renewal_date;order\r\n" \
           "Aarhus;Db2, Standard;2;12,5;1.200,50;2027-03-15;\r\nAarhus;MQ;1;3;99;;\r\n"
    result = read_csv(text)
    assert result["errors"] == []
    first, second = result["sites"][0]["items"]
    read = (first["description"], first["points_per_unit"], first["unit_price"])
    assert read == ("Db2, Standard", "12.5", "1200.50")
    assert second["unit_price"] == "99"


def test_the_export_writes_the_readers_convention_and_reads_back_the_same():
    state = {"sites": [{"name": "=HQ", "items": [
        {"description": "'=quoted", "quantity": "2", "points_per_unit": "12.5", "unit_price": "1200.50",
         "renewal_date": "", "order": "＝SUM(1)"}]}]}
    for decimal in (".", ","):
        text = export_csv(json.dumps(state), decimal)
        if decimal == ",":
            assert text.splitlines()[1] == "'=HQ;''=quoted;2;12,5;1200,50;;'＝SUM(1)"
        back = read_csv(text)
        assert back["errors"] == []
        assert back["sites"] == [{"name": "=HQ", "items": state["sites"][0]["items"]}], decimal
