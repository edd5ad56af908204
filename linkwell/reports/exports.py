"""Report tables as files: CSV and XLSX, each opening with what the figures cover (report, table, period,
filters), then the table, its total row and its method notes.

Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return) as a formula, so a text cell
starting with one of them is written with a leading apostrophe (OWASP's advice on CSV injection): a
provider or team named "=HYPERLINK(…)" arrives as text. Numbers are written as numbers."""

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Font

from linkwell.reports.tables import Cell, Column, Table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: Cell) -> Cell:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _value(column: Column, value: Cell) -> Cell:
    if isinstance(value, float) and column.is_number:
        return round(value, column.decimals) if column.decimals else round(value)
    return safe_cell(value)


def _lines(*, report: str, table: Table, description: Iterable[tuple[str, str]]) -> tuple[list[list[Cell]], int]:
    """The file's lines, and the index of the table's header line."""
    lines: list[list[Cell]] = [["Report", safe_cell(report)], ["Table", safe_cell(table.title)]]
    lines += [[safe_cell(label), safe_cell(value)] for label, value in description]
    lines.append([])
    header = len(lines)
    lines.append([safe_cell(column.label) for column in table.columns])
    for row in table.rows:
        lines.append([_value(column, value) for column, value in zip(table.columns, row, strict=True)])
    if table.total_row is not None:
        lines.append([_value(column, value) for column, value in zip(table.columns, table.total_row, strict=True)])
    if table.notes:
        lines.append([])
        lines += [["Note", safe_cell(note)] for note in table.notes]
    return lines, header


def table_csv(*, report: str, table: Table, description: Iterable[tuple[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    lines, _ = _lines(report=report, table=table, description=description)
    for line in lines:
        writer.writerow("" if value is None else value for value in line)
    # With a byte order mark, Excel reads the file as UTF-8 (names with accents, dashes).
    return buffer.getvalue().encode("utf-8-sig")


def table_xlsx(*, report: str, table: Table, description: Iterable[tuple[str, str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has its first sheet
    sheet.title = table.key[:31]  # Excel's limit on sheet names
    lines, header = _lines(report=report, table=table, description=description)
    for line in lines:
        sheet.append(line)
    for cell in sheet[header + 1]:  # rows count from 1
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
