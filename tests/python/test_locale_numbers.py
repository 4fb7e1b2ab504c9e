# SPDX-License-Identifier: LGPL-2.1-or-later
"""Numbers as exports write them, and the CSV delimiter detected.

Files shaped like real exports (written here, byte for byte): a French
spreadsheet, an accounting export, German and Swiss ones, a CRM report in
US dollars, a column of percentages.  The differential test formats random
numbers in each style with its own code (no `locale`) and reads them back.
"""

import random
from decimal import Decimal

import gi

gi.require_version("Kpi", "1.0")
from gi.repository import Kpi, GLib  # noqa: E402

import pytest  # noqa: E402

NBSP = "\u00a0"
NNBSP = "\u202f"


def load(text, style=None, percent=(), delimiter=None, fmt=Kpi.FileFormat.CSV, encoding="utf-8",
         newline="\n", bom=False):
    options = Kpi.LoadOptions()
    options.set_format(fmt)
    options.set_source_name("export.csv" if fmt == Kpi.FileFormat.CSV else "export.json")
    if style is not None:
        options.set_number_style(style)
    if delimiter is not None:
        options.set_delimiter(delimiter)
    for column in percent:
        options.set_percent_column(column, True)
    data = text.replace("\n", newline).encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    ds = Kpi.Dataset.new("date")
    ds.load_data(data, options)
    return ds


def load_error(text, **kwargs):
    with pytest.raises(GLib.Error) as excinfo:
        load(text, **kwargs)
    assert excinfo.value.domain == "kpi-dataset-error-quark"
    return excinfo.value


def test_french_spreadsheet():
    # What LibreOffice or Excel writes in a French locale: BOM, ';', CRLF,
    # no-break spaces between thousands and before the euro sign.
    text = (
        "date;client;canal;montant\n"
        f"2025-02-19;Société Générale;en ligne;1{NBSP}234,56{NBSP}€\n"
        f"2025-02-19;Dupont;magasin;-12,50{NBSP}€\n"
        f"2025-02-20;Martin;en ligne;1{NNBSP}000{NNBSP}000,00{NBSP}€\n"
        "2025-02-21;Müller;magasin;\n"
    )
    ds = load(text, style="french", newline="\r\n", bom=True)
    assert ds.get_csv_delimiter() == ";"
    assert ds.list_columns(Kpi.ColumnKind.MEASURE) == ["montant"]
    assert ds.get_measure("montant")[:3] == [1234.56, -12.5, 1000000.0]
    assert ds.get_column_currency("montant") == "EUR"
    assert ds.dup_dimension_values("client")[0] == "Société Générale"


def test_accounting_export():
    # Negatives in parentheses, the currency inside or outside them
    text = (
        "date,account,balance\n"
        '2025-01-31,4010,"(1 234,56)"\n'
        '2025-01-31,4011,"1 234,56"\n'
        '2025-01-31,4012,"(99,00 €)"\n'
        '2025-01-31,4013,"(5,00) €"\n'
        '2025-01-31,4014,"7,25-"\n'
        '2025-01-31,4015,"+3,00"\n'
    )
    ds = load(text, style="fr")
    assert ds.get_csv_delimiter() == ","
    assert ds.get_measure("balance") == [-1234.56, 1234.56, -99.0, -5.0, -7.25, 3.0]
    assert ds.get_column_currency("balance") == "EUR"


def test_german_export():
    text = "date;Umsatz\n2025-02-19;1.234,56\n2025-02-20;12.345.678,9 EUR\n2025-02-21;-0,5\n"
    ds = load(text, style="german")
    assert ds.get_measure("Umsatz") == [1234.56, 12345678.9, -0.5]
    assert ds.get_column_currency("Umsatz") == "EUR"


def test_swiss_export():
    text = "date\tUmsatz\n2025-02-19\tCHF 1'234.56\n2025-02-20\t1\u2019234.50 CHF\n"
    ds = load(text, style="swiss")
    assert ds.get_csv_delimiter() == "\t"
    assert ds.get_measure("Umsatz") == [1234.56, 1234.5]
    assert ds.get_column_currency("Umsatz") == "CHF"


def test_crm_report_in_dollars():
    # A Salesforce-style report: every field quoted, amounts with a code
    text = (
        '"date","Opportunity","Amount"\n'
        '"2025-02-19","Acme, Inc.","USD 1,234.56"\n'
        '"2025-02-20","Globex","USD 99.00"\n'
        '"2025-02-21","Initech","($1,000.00)"\n'
    )
    ds = load(text, style="english")
    assert ds.get_measure("Amount") == [1234.56, 99.0, -1000.0]
    assert ds.get_column_currency("Amount") == "USD"
    assert ds.dup_dimension_values("Opportunity")[0] == "Acme, Inc."


def test_percent_column():
    text = "date;taux;marge\n2025-01-01;12,5 %;3\n2025-01-02;12,5%;4\n2025-01-03;7;5\n"
    ds = load(text, style="fr", percent=["taux"])
    assert ds.get_measure("taux") == [0.125, 0.125, 0.07]
    assert ds.get_measure("marge") == [3.0, 4.0, 5.0]

    error = load_error(text, style="fr")
    assert error.code == Kpi.DatasetError.INVALID_NUMBER
    assert "percentage “12,5 %” in column “taux”" in error.message
    assert "declared as percentages" in error.message


def test_mixed_currencies_refused():
    text = "date,amount\n2025-01-01,€1\n" + "2025-01-02,2\n" * 4 + "2025-01-06,$6\n"
    error = load_error(text)
    assert error.code == Kpi.DatasetError.INVALID_NUMBER
    assert error.message == ("export.csv: column “amount” mixes currencies: EUR (line 2) "
                             "and USD (line 7): expected one currency per column")


def test_json_strings_follow_the_number_rules():
    text = ('[{"date": "2025-01-01", "amount": "1 234,56 €", "rate": "12,5 %"},'
            ' {"date": "2025-01-02", "amount": "(10,00 €)", "rate": 7}]')
    options = Kpi.LoadOptions()
    options.set_format(Kpi.FileFormat.JSON)
    options.set_number_style("french")
    options.set_column_kind("amount", Kpi.ColumnKind.MEASURE)
    options.set_percent_column("rate", True)
    ds = Kpi.Dataset.new("date")
    ds.load_data(text.encode(), options)
    assert ds.get_measure("amount") == [1234.56, -10.0]
    assert ds.get_measure("rate") == [0.125, 0.07]
    assert ds.get_column_currency("amount") == "EUR"
    assert ds.get_csv_delimiter() is None


@pytest.mark.parametrize("text, delimiter, region", [
    ("date;region;amount\n2025-01-01;north, east;1,5\n2025-01-02;south;2\n", ";", "north, east"),
    ("date\tregion\tamount\n2025-01-01\tnorth;x\t2\n", "\t", "north;x"),
    ("date|region|amount\n2025-01-01|a, b|3\n", "|", "a, b"),
    ('date,region,amount\n2025-01-01,"north; east",1\n2025-01-02,"a;b;c",2\n', ",", "north; east"),
])
def test_sniffing(text, delimiter, region):
    ds = load(text)
    assert ds.get_csv_delimiter() == delimiter
    assert ds.dup_dimension_values("region")[0] == region


def test_sniffing_inconsistent_file_fails_as_before():
    error = load_error("date;amount\n2025-01-01;1;2\n2025-01-02;3\n")
    assert error.code == Kpi.DatasetError.NO_TIME_COLUMN
    assert "or another delimiter" in error.message


def test_number_style_options():
    options = Kpi.LoadOptions()
    assert options.get_number_style() is None
    options.set_number_style("de")
    assert (options.props.decimal_separator, options.props.thousands_separator) == (",", ".")
    assert options.get_number_style() == "german"
    with pytest.raises(GLib.Error) as excinfo:
        options.set_number_style("klingon")
    assert "english" in excinfo.value.message and "swiss" in excinfo.value.message


# --- Differential: Python formats, libkpi reads back -----------------------

STYLES = {
    # style: (decimal, thousands separators an export may write)
    "english": (".", [","]),
    "french": (",", [" ", NBSP, NNBSP]),
    "german": (",", ["."]),
    "swiss": (".", ["'", "\u2019"]),
}


def format_number(value, decimals, decimal, thousands):
    """`value` with `decimals` digits after the point, grouped by three."""
    text = f"{abs(value):.{decimals}f}"
    integer, _, fraction = text.partition(".")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    out = thousands.join(groups)
    if fraction:
        out += decimal + fraction
    return ("-" if value < 0 else "", out, text)


@pytest.mark.parametrize("style", sorted(STYLES))
def test_differential_styles(style):
    rng = random.Random(f"kpi-{style}")
    decimal, separators = STYLES[style]
    lines, expected = [], []
    for i in range(2000):
        value = rng.uniform(-1e7, 1e7) / 10 ** rng.randrange(0, 4)
        decimals = rng.randrange(0, 4)
        sign, digits, plain = format_number(value, decimals, decimal,
                                            rng.choice(separators))
        form = rng.randrange(5)
        if form == 0:
            cell = sign + digits
        elif form == 1:
            cell = (f"({digits} €)" if sign else f"{digits}{NBSP}€")
        elif form == 2:
            cell = f"€{sign}{digits}"
        elif form == 3:
            cell = f"{digits}-" if sign else f"+{digits}"
        else:
            cell = f"EUR {sign}{digits}"
        lines.append(f'2025-01-01;"{cell}"')
        # The reference: the same digits read by Python, as a decimal
        expected.append(float(Decimal(("-" if sign else "") + plain)))
    ds = load("date;amount\n" + "\n".join(lines) + "\n", style=style)
    got = ds.get_measure("amount")
    mismatches = [(lines[i], got[i], expected[i]) for i in range(len(lines))
                  if got[i] != expected[i]]
    assert mismatches == []
    assert ds.get_column_currency("amount") == "EUR"


def test_differential_percentages():
    rng = random.Random(15)
    lines, expected = [], []
    for i in range(2000):
        sign, digits, plain = format_number(rng.uniform(-500, 500), rng.randrange(0, 5), ",", " ")
        lines.append(f"2025-01-01;{sign}{digits}{rng.choice(['', ' %', '%', NNBSP + '%'])}")
        # Decimal division by 100 is exact; float() rounds once
        expected.append(float(Decimal(("-" if sign else "") + plain) / 100))
    ds = load("date;rate\n" + "\n".join(lines) + "\n", style="french", percent=["rate"])
    assert list(ds.get_measure("rate")) == expected
