# SPDX-License-Identifier: LGPL-2.1-or-later
"""Files shaped like real exports, written by the tests (a French
spreadsheet, a Salesforce-style report, an accounting export, a German
one), read by `kpi eval` with the options a user would pass, with
detection where it applies, and through a definitions file. The sums are
worked out by hand in the comments, and checked again against Python's own
reading of the same bytes."""

import csv
import datetime
import io
import json
import math
import os
import pty
import subprocess

import pytest

KPI = os.environ.get("KPI_TOOL")

NBSP = "\u00a0"     # what spreadsheets put before € and %
NNBSP = "\u202f"    # and between digit groups, in recent French locales

# A French spreadsheet's "CSV (séparateur : point-virgule)": a byte order
# mark, CRLF, `;`, quotes only where a field needs them, amounts with no-break
# spaces and €, day-first dates, a discount in percent.
#   February: 1 234,56 + 2 000,00 + 89,90 = 3 324,46
#   March:   12 345,67 − 15,00            = 12 330,67
FRENCH = (
    "Date;Client;Canal;Montant;Remise\r\n"
    "19/02/2025;Dupont SARL;en ligne;1" + NNBSP + "234,56" + NBSP + "€;12,5" + NBSP + "%\r\n"
    "03/02/2025;Martin & Fils;magasin;2 000,00 €;5 %\r\n"
    "28/02/2025;\"Café \"\"Le Zinc\"\"; Paris\";en ligne;89,90" + NBSP + "€;0" + NBSP + "%\r\n"
    "14/03/2025;Dupont SARL;mobile;12" + NBSP + "345,67" + NBSP + "€;10" + NBSP + "%\r\n"
    "01/03/2025;Bernard;magasin;-15,00" + NBSP + "€;0" + NBSP + "%\r\n"
)
FRENCH_SUMS = {"2025-02": 3324.46, "2025-03": 12330.67}

# A Salesforce-style report export: every field quoted, a comma delimiter,
# month-first dates with a 12-hour clock, amounts with their currency code.
#   February: 1,234.56 + 25,000.00 = 26,234.56
#   March:    980.00 + 12,500.50   = 13,480.50
#   weighted (Amount × Probability): February 1,234.56 × 1 + 25,000 × 0.75
#   = 19,984.56; March 980 × 0.10 + 12,500.50 × 1 = 12,598.50
SALESFORCE = (
    '"Opportunity Name","Account Name","Stage","Amount","Probability (%)","Created Date"\r\n'
    '"Acme - 200 Widgets","Acme Corp","Closed Won","USD 1,234.56","100","2/19/2025 2:05 PM"\r\n'
    '"Globex Renewal","Globex","Negotiation/Review","USD 25,000.00","75","2/3/2025 9:30 AM"\r\n'
    '"Initech, Phase 2","Initech","Prospecting","USD 980.00","10","3/14/2025 12:15 PM"\r\n'
    '"Umbrella ""Pilot""","Umbrella","Closed Won","USD 12,500.50","100","3/1/2025 11:59 PM"\r\n'
)
SALESFORCE_SUMS = {"2025-02": 26234.56, "2025-03": 13480.50}
SALESFORCE_WEIGHTED = {"2025-02": 19984.56, "2025-03": 12598.50}

# An accounting export: negatives in parentheses, account numbers that are
# digits but name things (a dimension, forced).
#   January:  12 500,00 − 4 321,09            = 8 178,91
#   February: −1 234,56 + 9 876,54 − 0,45     = 8 641,53
#   sales (account 706000): January 12 500, February 9 876,54
ACCOUNTING = (
    "Date;Journal;Compte;Libellé;Montant\n"
    "31/01/2025;VE;706000;Ventes janvier;12 500,00\n"
    "31/01/2025;AC;607000;Achats marchandises;(4 321,09)\n"
    "15/02/2025;BQ;512000;Remboursement client;(1 234,56)\n"
    "28/02/2025;VE;706000;Ventes février;9 876,54\n"
    "28/02/2025;OD;658000;Écart de règlement;(0,45)\n"
)
ACCOUNTING_SUMS = {"2025-01": 8178.91, "2025-02": 8641.53}
ACCOUNTING_SALES = {"2025-01": 12500.0, "2025-02": 9876.54}

# A German export: `.` between digit groups, a decimal comma, dates with dots.
#   February: 1.234,56 + 987,65    = 2.222,21
#   March:   12.000,00 − 250,50    = 11.749,50
GERMAN = (
    "Datum;Kunde;Region;Umsatz\n"
    "19.02.2025;Müller GmbH;Süd;1.234,56\n"
    "03.02.2025;Schmidt AG;Nord;987,65\n"
    "27.03.2025;Weber KG;Süd;12.000,00\n"
    "05.03.2025;Fischer;West;-250,50\n"
)
GERMAN_SUMS = {"2025-02": 2222.21, "2025-03": 11749.50}


def kpi(*args, **kwargs):
    if not KPI:
        pytest.fail("KPI_TOOL does not name the kpi command")
    return subprocess.run([KPI, *args], capture_output=True, text=True, **kwargs)


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    # newline="" keeps the line ends of the text as they are (CRLF or LF)
    with open(path, "w", encoding=encoding, newline="") as f:
        f.write(text)
    return str(path)


def by_period(result):
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    return {row["period"]: float(row["value"]) for row in rows}


def assert_sums(got, expected):
    assert sorted(got) == sorted(expected)
    for period, value in expected.items():
        assert math.isclose(got[period], value, rel_tol=1e-12, abs_tol=1e-9), (period, got[period], value)


def python_number(text, decimal, thousands, percent=False):
    """A number as the export writes it, read with Python alone."""
    t = text.strip()
    for currency in ("€", "USD", "EUR", "%"):
        t = t.replace(currency, "")
    t = t.strip().replace(NBSP, " ").replace(NNBSP, " ").strip()
    negative = t.startswith("(") and t.endswith(")")
    t = t.strip("()").strip()
    for sep in thousands:
        t = t.replace(sep, "")
    value = float(t.replace(decimal, "."))
    value = -value if negative else value
    return value / 100 if percent else value


def python_sums(path, delimiter, time_column, date_format, value, decimal, thousands,
                weight=None, where=None):
    """The sums by month of the file, read with the csv module and datetime."""
    sums = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f, delimiter=delimiter):
            if where is not None and not where(row):
                continue
            when = datetime.datetime.strptime(row[time_column], date_format)
            x = python_number(row[value], decimal, thousands)
            if weight is not None:
                x *= python_number(row[weight], decimal, thousands, percent=True)
            key = "%04d-%02d" % (when.year, when.month)
            sums[key] = sums.get(key, 0.0) + x
    return sums


# ---- the French spreadsheet

def test_french_spreadsheet_the_issue_reproducer(tmp_path):
    # the issue's command, on the issue's two lines: the delimiter and the
    # day-first dates detected, the number style said
    path = write(tmp_path, "fr.csv", "Date;Montant;Canal\n19/02/2025;1 234,56;en ligne\n")
    assert_sums(by_period(kpi("eval", path, "sum(Montant)", "--time", "Date",
                              "--number-style", "french")), {"2025-02": 1234.56})


def test_french_spreadsheet_without_the_number_style_says_which(tmp_path):
    path = write(tmp_path, "fr.csv", "Date;Montant;Canal\n19/02/2025;1 234,56;en ligne\n")
    result = kpi("eval", path, "sum(Montant)", "--time", "Date")
    if result.returncode == 0:
        # the decimal comma detected: the same sum, and said
        assert_sums(by_period(result), {"2025-02": 1234.56})
        assert "french" in result.stderr
    else:
        assert result.returncode == 2
        assert "--number-style french" in result.stderr, result.stderr


def test_french_spreadsheet(tmp_path):
    path = write(tmp_path, "ventes.csv", FRENCH, encoding="utf-8-sig")
    assert open(path, "rb").read().startswith(b"\xef\xbb\xbfDate;")
    expected = python_sums(path, ";", "Date", "%d/%m/%Y", "Montant", ",", " ")
    assert_sums(expected, FRENCH_SUMS)

    # as a user types it, everything said (the discount column is in
    # percent: declared, or the file does not load)
    given = by_period(kpi("eval", path, "sum(Montant)", "--time", "Date", "--delimiter", ";",
                          "--number-style", "french", "--date-format", "%d/%m/%Y",
                          "--percent", "Remise"))
    assert_sums(given, FRENCH_SUMS)
    # the same with the separators one by one, and the format for the column
    assert_sums(by_period(kpi("eval", path, "sum(Montant)", "--time", "Date", "--delimiter", ";",
                              "--decimal", ",", "--thousands", "space", "--percent", "Remise",
                              "--date-format", "Date=%d/%m/%Y")), FRENCH_SUMS)
    # and with the delimiter and the dates detected
    assert_sums(by_period(kpi("eval", path, "sum(Montant)", "--time", "Date",
                              "--number-style", "fr", "--percent", "Remise")), FRENCH_SUMS)


def test_french_spreadsheet_percent_column(tmp_path):
    path = write(tmp_path, "ventes.csv", FRENCH, encoding="utf-8-sig")
    # the discount granted: Montant × Remise; February 1 234,56 × 0,125
    # + 2 000 × 0,05 + 89,90 × 0 = 154,32 + 100 = 254,32; March
    # 12 345,67 × 0,10 + (−15) × 0 = 1 234,567
    expected = python_sums(path, ";", "Date", "%d/%m/%Y", "Montant", ",", " ", weight="Remise")
    assert_sums(expected, {"2025-02": 254.32, "2025-03": 1234.567})
    got = by_period(kpi("eval", path, "sum(Montant * Remise)", "--time", "Date",
                        "--number-style", "french", "--percent", "Remise"))
    assert_sums(got, expected)
    # without --percent, the % is refused and the message says to declare it
    result = kpi("eval", path, "sum(Remise)", "--time", "Date", "--number-style", "french")
    assert result.returncode == 2
    assert "Remise" in result.stderr and "percent" in result.stderr, result.stderr


def test_french_spreadsheet_through_a_definitions_file(tmp_path):
    write(tmp_path, "ventes.csv", FRENCH, encoding="utf-8-sig")
    doc = {
        "version": 1,
        "datasets": [
            {"name": "ventes", "path": "ventes.csv", "time_column": "Date", "delimiter": "auto",
             "number_style": "french", "date_format": "%d/%m/%Y", "percent_columns": ["Remise"]}
        ],
        "indicators": [
            {"id": "ca", "formula": "sum(Montant)", "dataset": "ventes", "granularity": "month"},
            {"id": "remises", "formula": "sum(Montant * Remise)", "dataset": "ventes",
             "granularity": "month"}
        ],
    }
    (tmp_path / "ventes.json").write_text(json.dumps(doc))
    assert_sums(by_period(kpi("eval", str(tmp_path / "ventes.json"), "ca")), FRENCH_SUMS)
    assert_sums(by_period(kpi("eval", str(tmp_path / "ventes.json"), "remises")),
                {"2025-02": 254.32, "2025-03": 1234.567})
    # the load options come from the document
    result = kpi("eval", str(tmp_path / "ventes.json"), "ca", "--number-style", "german")
    assert result.returncode == 2
    assert "--number-style" in result.stderr and "definitions file" in result.stderr


# ---- the Salesforce-style report

def test_salesforce_report(tmp_path):
    path = write(tmp_path, "report.csv", SALESFORCE)
    created = "Created Date"
    expected = python_sums(path, ",", created, "%m/%d/%Y %I:%M %p", "Amount", ".", ",")
    assert_sums(expected, SALESFORCE_SUMS)
    assert_sums(by_period(kpi("eval", path, "sum(Amount)", "--time", created,
                              "--number-style", "english",
                              "--date-format", "%m/%d/%Y %I:%M %p")), SALESFORCE_SUMS)
    # month-first detected: 2/19 and 3/14 cannot be read day first
    assert_sums(by_period(kpi("eval", path, "sum(Amount)", "--time", created,
                              "--number-style", "english")), SALESFORCE_SUMS)
    assert_sums(by_period(kpi("eval", path, "sum(Amount)", "--time", created,
                              "--thousands", ",")), SALESFORCE_SUMS)
    # the default reads 1234.56, not 1,234.56: the error says what to pass
    result = kpi("eval", path, "sum(Amount)", "--time", created)
    assert result.returncode == 2
    assert "“Amount”" in result.stderr and "--number-style english" in result.stderr, result.stderr


def test_salesforce_report_weighted_pipeline(tmp_path):
    path = write(tmp_path, "report.csv", SALESFORCE)
    created = "Created Date"
    expected = python_sums(path, ",", created, "%m/%d/%Y %I:%M %p", "Amount", ".", ",",
                           weight="Probability (%)")
    assert_sums(expected, SALESFORCE_WEIGHTED)
    got = by_period(kpi("eval", path, "sum(Amount * `Probability (%)`)", "--time", created,
                        "--number-style", "en", "--percent", "Probability (%)",
                        "--date-format", "Created Date=%m/%d/%Y %I:%M %p"))
    assert_sums(got, SALESFORCE_WEIGHTED)


def test_salesforce_report_through_a_definitions_file(tmp_path):
    write(tmp_path, "report.csv", SALESFORCE)
    doc = {
        "version": 1,
        "calendar": {"time_zone": "America/New_York"},
        "datasets": [
            {"name": "opportunities", "path": "report.csv", "time_column": "Created Date",
             "number_style": "english", "date_format": {"Created Date": "%m/%d/%Y %I:%M %p"},
             "percent_columns": ["Probability (%)"], "time_zone": "America/New_York"}
        ],
        "indicators": [
            {"id": "weighted_pipeline", "formula": "sum(Amount * `Probability (%)`)",
             "dataset": "opportunities", "granularity": "month"}
        ],
    }
    (tmp_path / "pipeline.json").write_text(json.dumps(doc))
    assert_sums(by_period(kpi("eval", str(tmp_path / "pipeline.json"), "weighted_pipeline")),
                SALESFORCE_WEIGHTED)


# ---- the accounting export

def test_accounting_export(tmp_path):
    path = write(tmp_path, "grand-livre.csv", ACCOUNTING)
    expected = python_sums(path, ";", "Date", "%d/%m/%Y", "Montant", ",", " ")
    assert_sums(expected, ACCOUNTING_SUMS)
    assert_sums(by_period(kpi("eval", path, "sum(Montant)", "--time", "Date",
                              "--delimiter", ";", "--number-style", "french")), ACCOUNTING_SUMS)
    # the account numbers are digits: forced to a dimension, they filter
    sales = python_sums(path, ";", "Date", "%d/%m/%Y", "Montant", ",", " ",
                        where=lambda row: row["Compte"] == "706000")
    assert_sums(sales, ACCOUNTING_SALES)
    assert_sums(by_period(kpi("eval", path, 'sum(Montant where Compte = "706000")',
                              "--column", "time:Date", "--column", "dimension:Compte",
                              "--decimal", ",", "--thousands", "space")), ACCOUNTING_SALES)


def test_accounting_export_through_a_definitions_file(tmp_path):
    write(tmp_path, "grand-livre.csv", ACCOUNTING)
    doc = {
        "version": 1,
        "datasets": [
            {"name": "ecritures", "path": "grand-livre.csv", "time_column": "Date",
             "delimiter": ";", "number_style": "french", "columns": {"Compte": "dimension"}}
        ],
        "indicators": [
            {"id": "ventes", "formula": 'sum(Montant where Compte = "706000")',
             "dataset": "ecritures", "granularity": "month"}
        ],
    }
    (tmp_path / "compta.json").write_text(json.dumps(doc))
    assert_sums(by_period(kpi("eval", str(tmp_path / "compta.json"), "ventes")), ACCOUNTING_SALES)
    assert_sums(by_period(kpi("eval", str(tmp_path / "compta.json"), "sum(Montant)")),
                ACCOUNTING_SUMS)


# ---- the German export

def test_german_export(tmp_path):
    path = write(tmp_path, "umsatz.csv", GERMAN)
    expected = python_sums(path, ";", "Datum", "%d.%m.%Y", "Umsatz", ",", ".")
    assert_sums(expected, GERMAN_SUMS)
    assert_sums(by_period(kpi("eval", path, "sum(Umsatz)", "--time", "Datum",
                              "--number-style", "german", "--date-format", "%d.%m.%Y")), GERMAN_SUMS)
    # the separators one by one, the delimiter and the dates detected
    assert_sums(by_period(kpi("eval", path, "sum(Umsatz)", "--time", "Datum",
                              "--decimal", ",", "--thousands", ".")), GERMAN_SUMS)
    # by region: Süd 1.234,56 in February, 12.000,00 in March
    result = kpi("eval", path, "sum(Umsatz)", "--time", "Datum", "--number-style", "de",
                 "--group", "Region")
    assert result.returncode == 0, result.stderr
    rows = {(r["period"], r["Region"]): float(r["value"])
            for r in csv.DictReader(io.StringIO(result.stdout)) if r["value"]}
    assert rows[("2025-02", "Süd")] == 1234.56 and rows[("2025-03", "Süd")] == 12000.0


def test_german_export_through_a_definitions_file(tmp_path):
    write(tmp_path, "umsatz.csv", GERMAN)
    doc = {
        "version": 1,
        "datasets": [
            {"name": "umsatz", "path": "umsatz.csv", "time_column": "Datum",
             "number_style": "german", "date_format": "%d.%m.%Y"}
        ],
        "indicators": [{"id": "umsatz", "formula": "sum(Umsatz)", "dataset": "umsatz"}],
    }
    (tmp_path / "umsatz.json").write_text(json.dumps(doc))
    assert_sums(by_period(kpi("eval", str(tmp_path / "umsatz.json"), "umsatz")), GERMAN_SUMS)


def test_german_export_without_the_style_says_which(tmp_path):
    path = write(tmp_path, "umsatz.csv", GERMAN)
    result = kpi("eval", path, "sum(Umsatz)", "--time", "Datum", "--delimiter", ";",
                 "--date-format", "%d.%m.%Y")
    if result.returncode != 0:
        assert "--number-style german" in result.stderr, result.stderr


# ---- what the command says

def test_detected_delimiter_said_with_verbose(tmp_path):
    path = write(tmp_path, "umsatz.csv", GERMAN)
    result = kpi("eval", path, "sum(Umsatz)", "--time", "Datum", "--number-style", "german",
                 "--verbose")
    assert result.returncode == 0, result.stderr
    assert "delimiter “;”" in result.stderr and "detected" in result.stderr, result.stderr
    # without --verbose and into a pipe: nothing said
    quiet = kpi("eval", path, "sum(Umsatz)", "--time", "Datum", "--number-style", "german")
    assert quiet.returncode == 0 and quiet.stderr == ""
    # given, not detected: nothing to say
    given = kpi("eval", path, "sum(Umsatz)", "--time", "Datum", "--number-style", "german",
                "--delimiter", ";", "--verbose")
    assert given.returncode == 0 and "delimiter" not in given.stderr


def test_detected_delimiter_said_on_a_terminal(tmp_path):
    path = write(tmp_path, "umsatz.csv", GERMAN)
    if not KPI:
        pytest.fail("KPI_TOOL does not name the kpi command")
    # stdout a terminal, stderr a pipe
    leader, follower = pty.openpty()
    try:
        result = subprocess.run([KPI, "eval", path, "sum(Umsatz)", "--time", "Datum",
                                 "--number-style", "german"],
                                stdout=follower, stderr=subprocess.PIPE, text=True)
    finally:
        os.close(follower)
        os.close(leader)
    assert result.returncode == 0, result.stderr
    assert "delimiter “;”" in result.stderr, result.stderr


def test_a_latin1_file_is_refused_with_a_hint_to_convert(tmp_path):
    path = write(tmp_path, "latin1.csv", "date;libellé;montant\n2025-02-19;café;12\n",
                 encoding="latin-1")
    result = kpi("eval", path, "sum(montant)", "--delimiter", ";")
    assert result.returncode == 2
    assert "UTF-8" in result.stderr and "convert" in result.stderr, result.stderr
    assert "latin1.csv:1:" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["--delimiter", ";;"], "--delimiter: “;;” is not a CSV delimiter"),
    (["--decimal", "x"], "--decimal: “x” is not a decimal separator"),
    (["--thousands", "_"], "--thousands: “_” is not a thousands separator"),
    (["--decimal", ",", "--thousands", ","], "--thousands: "),
    (["--number-style", "klingon"], "--number-style: "),
    (["--date-format", "%Q"], "--date-format: "),
    (["--date-format", "Date="], "--date-format “Date=”: expected"),
    (["--column", "date:Date"], "--column “date:Date”: expected KIND:NAME"),
    (["--column", "measure"], "--column “measure”: expected KIND:NAME"),
    (["--time", "Date", "--column", "time:Other"], "--column “time:Other”"),
    (["--tz", "Mars/Olympus"], "--tz “Mars/Olympus”: expected a time zone"),
])
def test_bad_load_options_exit_2_naming_the_option(tmp_path, args, message):
    path = write(tmp_path, "umsatz.csv", GERMAN)
    result = kpi("eval", path, "sum(Umsatz)", *args)
    assert result.returncode == 2
    assert message in result.stderr, result.stderr


def test_check_takes_the_same_options(tmp_path):
    path = write(tmp_path, "umsatz.csv", GERMAN)
    checks = tmp_path / "checks.json"
    checks.write_text(json.dumps({"checks": [
        {"id": "umsatz_range", "type": "validity", "fields": ["Umsatz"], "min": -1000, "max": 20000}
    ]}))
    result = kpi("check", path, "--checks", str(checks), "--time", "Datum",
                 "--number-style", "german", "--date-format", "%d.%m.%Y")
    assert result.returncode == 0, result.stderr + result.stdout
    assert result.stdout.startswith("PASS"), result.stdout
    # read the English way, the amounts are no numbers: the check cannot run
    wrong = kpi("check", path, "--checks", str(checks), "--time", "Datum", "--delimiter", ";",
                "--date-format", "%d.%m.%Y")
    assert wrong.returncode != 0


# ---- a database source in a definitions file

def test_database_source_through_a_definitions_file(tmp_path):
    import sqlite3
    db = sqlite3.connect(str(tmp_path / "crm.db"))
    db.execute("CREATE TABLE orders (date TEXT, channel TEXT, amount REAL)")
    db.executemany("INSERT INTO orders VALUES (?, ?, ?)",
                   [("2025-02-19", "online", 1234.56), ("2025-02-03", "store", 2000.0),
                    ("2025-03-14", "store", 12345.67)])
    db.commit()
    db.close()
    doc = {
        "version": 1,
        "datasets": [
            {"name": "orders", "database": "sqlite:crm.db", "table": "orders"},
            {"name": "store", "database": "sqlite:crm.db",
             "query": "SELECT date, amount FROM orders WHERE channel = 'store'"}
        ],
        "indicators": [
            {"id": "revenue", "formula": "sum(amount)", "dataset": "orders"},
            {"id": "store_revenue", "formula": "sum(amount)", "dataset": "store"}
        ],
    }
    (tmp_path / "crm.json").write_text(json.dumps(doc))
    # February 1 234,56 + 2 000 = 3 234,56; March 12 345,67
    assert_sums(by_period(kpi("eval", str(tmp_path / "crm.json"), "revenue")),
                {"2025-02": 3234.56, "2025-03": 12345.67})
    assert_sums(by_period(kpi("eval", str(tmp_path / "crm.json"), "store_revenue")),
                {"2025-02": 2000.0, "2025-03": 12345.67})
    # a table that is not there: the dataset and the JSON path named
    doc["datasets"][0]["table"] = "order"
    (tmp_path / "crm.json").write_text(json.dumps(doc))
    result = kpi("eval", str(tmp_path / "crm.json"), "revenue")
    assert result.returncode == 2
    assert "$.datasets[0] (dataset “orders”)" in result.stderr, result.stderr
