"""What a CSV file's text and rows say before they become a table, in a student's words: a
file that is not text at all (a workspace, a spreadsheet, an archive), whether the first row
is a header, why a cell is not a number, and why no row could be used.

``tabular.read_csv`` calls these; each refusal is a ``DataError`` naming the file.
"""
from __future__ import annotations

import codecs
from pathlib import Path

from dlstudio.data.errors import DataError
from dlstudio.messages import Message

#: how much of the start of a file decides whether it is text
_SNIFF_BYTES = 64 * 1024
#: the share of the start of a file that may be control bytes or invalid UTF-8 in a text file
_MOST_NOISE = 0.01
#: the suffixes of dlstudio's own binary files, and what each is (``file.kind.*`` messages)
_OWN_FILES = {".dlsw": "data.csv.is_workspace", ".dlsnet": "data.csv.is_network"}


def csv_text(data: bytes, path: Path) -> str:
    """The text of a CSV file's bytes (UTF-8, with or without a byte-order mark, or UTF-16
    with one); a file that is not text is refused, naming what it looks like (walker38
    W38-20: a workspace was read as a table of 5541 classes)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    head = data[:_SNIFF_BYTES]
    text = head.decode("utf-8", errors="replace")
    noise = sum(1 for ch in text if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f\v"))
    if b"\0" in head or noise > _MOST_NOISE * max(len(text), 1):
        own = _OWN_FILES.get(path.suffix.lower())
        if own is not None:
            raise DataError(Message(own, path=str(path)))
        raise DataError(Message("data.csv.not_text", path=str(path)))
    return data.decode("utf-8-sig", errors="replace")


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def is_header(first: list[str]) -> bool:
    """Whether the first row names the columns: more than half of its cells are not numbers.
    (A data row with a text cell or a text label is read as data and its cells are checked
    as any row's: walker38 W38-10 lost such a row as a silent 'header'.)"""
    words = sum(1 for cell in first if not is_number(cell))
    return 2 * words > len(first)


def header_note(header: list[str]) -> Message | None:
    """The load report's line for a header row that holds numbers: it may have been the
    first example, and it is not used as one."""
    numbers = [cell for cell in header if is_number(cell)]
    if not numbers:
        return None
    return Message("data.skip.header_numbers", values=", ".join(numbers[:3]))


def not_a_number(row: list[str], label: int, header: list[str] | None) -> tuple[Message, int]:
    """Why a row with a feature that is not a number is skipped, and that feature's column
    (0-based): which value, which column (its name when the file has a header, else its
    number counted from 1, as a spreadsheet shows them); an empty cell is a missing value."""
    for j, cell in enumerate(row):
        if j == label or is_number(cell):
            continue
        value = cell.strip()
        named = bool(header and header[j])
        if value == "":
            if named:
                return Message("data.skip.feature_missing_named", name=header[j]), j
            return Message("data.skip.feature_missing", column=j + 1), j
        if named:
            return Message("data.skip.not_number_named", value=value, name=header[j]), j
        return Message("data.skip.not_number", value=value, column=j + 1), j
    return Message("data.skip.not_number", value="", column=0), -1


def no_rows_error(path: Path, report: list, text_cells: dict[int, list[str]],
                  header: list[str] | None) -> DataError:
    """The error for a CSV file none of whose rows can be used, saying why (walker38 W38-11,
    W38-12): a header and no data; one column of text in every row (perhaps the labels: the
    label column to type is named); else the first skipped row's reason."""
    if not report:
        return DataError(Message("data.csv.header_only", path=str(path)))
    if len(text_cells) == 1:
        (column, values), = text_cells.items()
        if column >= 0 and len(values) == len(report):
            shown = list(dict.fromkeys(values))[:3]
            name = header[column] if header and header[column] else str(column + 1)
            label = header[column] if header and header[column] else str(column)
            return DataError(Message("data.csv.text_column", path=str(path), column=name,
                                     values=", ".join(repr(v) for v in shown), label=label))
    where, why = report[0]
    return DataError(Message("data.csv.no_rows", path=str(path), skipped=len(report),
                             where=where.rsplit(":", 1)[-1], reason=why))
