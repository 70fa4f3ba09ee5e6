#!/usr/bin/env python3
# check-xlsx.py WALKROUND PACK PACK-DIGEST.PY
#
# "walkround report --format xlsx" on a pack, read back with Python's own
# zipfile and ElementTree (not libxlsxwriter): one sheet per CSV table with
# the same header and rows, a frozen header row and an autofilter over the
# table, times and due dates as real dates with a date format, counts as
# numbers, and a cell that a spreadsheet would run as a formula kept as
# plain text, without the CSV files' apostrophe.

import csv
import datetime
import os
import re
import subprocess
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET

NS = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
      'r': 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'}
FORMULA = "=HYPERLINK(\"http://example.com\",\"click\")"
SHEETS = [('Visits', 'visits.csv'), ('Answers', 'answers.csv'),
          ('Observations', 'observations.csv'), ('Actions', 'actions.csv')]


def fail(why):
    print('FAIL:', why, file=sys.stderr)
    sys.exit(1)


def check(condition, why):
    if not condition:
        fail(why)


def run(binary, data_dir, *args):
    done = subprocess.run([binary, '--data-dir', data_dir, *args], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)
    check(done.returncode == 0, f'walkround {" ".join(args)} exited {done.returncode}: {done.stderr}')


def column_index(ref):
    letters = re.match(r'[A-Z]+', ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def serial(when):
    delta = when - datetime.datetime(1899, 12, 30)
    return delta.days + delta.seconds / 86400


def read_workbook(path):
    with zipfile.ZipFile(path) as z:
        check(z.testzip() is None, 'the workbook is damaged')
        workbook = ET.fromstring(z.read('xl/workbook.xml'))
        rels = ET.fromstring(z.read('xl/_rels/workbook.xml.rels'))
        targets = {r.get('Id'): r.get('Target') for r in rels}
        styles = ET.fromstring(z.read('xl/styles.xml'))
        formats = {int(f.get('numFmtId')): f.get('formatCode') for f in styles.iterfind('m:numFmts/m:numFmt', NS)}
        xfs = [int(xf.get('numFmtId', '0')) for xf in styles.iterfind('m:cellXfs/m:xf', NS)]
        sheets = []
        for sheet in workbook.iterfind('m:sheets/m:sheet', NS):
            target = targets[sheet.get('{%s}id' % NS['r'])]
            sheets.append((sheet.get('name'), ET.fromstring(z.read('xl/' + target.lstrip('/').replace('xl/', '')))))
    return sheets, formats, xfs


def cells_of(sheet):
    rows = []
    for row in sheet.iterfind('m:sheetData/m:row', NS):
        cells = {}
        for c in row.iterfind('m:c', NS):
            check(c.find('m:f', NS) is None, f'cell {c.get("r")} is a formula')
            kind = c.get('t')
            if kind == 'inlineStr':
                value = ''.join(t.text or '' for t in c.iterfind('m:is/m:t', NS))
            elif kind == 's':
                fail('shared strings were not expected in constant memory mode')
            else:
                value = float(c.find('m:v', NS).text)
            cells[column_index(c.get('r'))] = (value, int(c.get('s', '0')))
        rows.append(cells)
    return rows


def main():
    binary, pack, digest_script = sys.argv[1], sys.argv[2], sys.argv[3]
    with tempfile.TemporaryDirectory(prefix='walkround-xlsx-') as scratch:
        with open(pack, encoding='utf-8') as f:
            text = f.read()
        old = '"We have nowhere else to put the linen since the store room flooded."'
        check(old in text, 'the example pack has changed')
        changed = os.path.join(scratch, 'pack.xml')
        text = text.replace(old, FORMULA.replace('"', '&quot;'))
        with open(changed, 'w', encoding='utf-8') as f:
            f.write(text)
        # The changed visit gets its new digest from the reference script.
        digests = subprocess.run([sys.executable, digest_script, changed], capture_output=True, text=True)
        for line in digests.stdout.splitlines():
            _, computed, stated = line.split()
            text = text.replace(stated, computed)
        with open(changed, 'w', encoding='utf-8') as f:
            f.write(text)
        data = os.path.join(scratch, 'data')
        book = os.path.join(scratch, 'report.xlsx')
        tables = os.path.join(scratch, 'tables')
        run(binary, data, 'report', '--format', 'xlsx', '--output', book, '--pack', changed)
        run(binary, data, 'report', '--format', 'csv', '--output', tables, '--pack', changed)

        sheets, formats, xfs = read_workbook(book)
        check([name for name, _ in sheets] == [name for name, _ in SHEETS],
              f'the sheets are {[name for name, _ in sheets]}')

        for (name, sheet), (_, csv_name) in zip(sheets, SHEETS):
            with open(os.path.join(tables, csv_name), encoding='utf-8-sig', newline='') as f:
                table = list(csv.reader(f))
            rows = cells_of(sheet)
            header = [rows[0][i][0] for i in sorted(rows[0])]
            check(header == table[0], f'{name}: header {header} is not the CSV file\'s {table[0]}')
            check(len(rows) == len(table), f'{name}: {len(rows) - 1} rows, the CSV file {len(table) - 1}')
            pane = sheet.find('m:sheetViews/m:sheetView/m:pane', NS)
            check(pane is not None and pane.get('ySplit') == '1' and pane.get('state') == 'frozen',
                  f'{name}: the header row is not frozen')
            last = chr(64 + len(header)) if len(header) <= 26 else 'A' + chr(64 + len(header) - 26)
            autofilter = sheet.find('m:autoFilter', NS)
            check(autofilter is not None and autofilter.get('ref') == f'A1:{last}{len(rows)}',
                  f'{name}: autofilter {autofilter.get("ref") if autofilter is not None else None}')

            for r in range(1, len(rows)):
                for c, column in enumerate(header):
                    expected = table[r][c]
                    value, style = rows[r].get(c, ('', 0))
                    number_format = formats.get(xfs[style], '')
                    if expected == '':
                        check(value == '', f'{name}!{column}{r}: {value!r} for an empty cell')
                    elif column.endswith('-local'):
                        when = datetime.datetime.strptime(expected, '%Y-%m-%d %H:%M:%S')
                        check(isinstance(value, float) and abs(value - serial(when)) < 1e-6,
                              f'{name}!{column}{r}: {value!r} is not {expected} as a date')
                        check(number_format == 'yyyy-mm-dd hh:mm:ss', f'{name}!{column}: format {number_format}')
                    elif column == 'due':
                        when = datetime.datetime.strptime(expected, '%Y-%m-%d')
                        check(value == serial(when) and number_format == 'yyyy-mm-dd',
                              f'{name}!due{r}: {value!r} in {number_format!r} is not {expected}')
                    elif column in ('revision', 'form-version', 'answers', 'observations', 'actions', 'attachments', 'score'):
                        check(value == float(expected), f'{name}!{column}{r}: {value!r} is not {expected}')
                    else:
                        # The CSV file's apostrophe before a formula is not needed.
                        text_expected = expected[1:] if expected.startswith("'=") else expected
                        check(value == text_expected, f'{name}!{column}{r}: {value!r} is not {text_expected!r}')

        observations = cells_of(sheets[2][1])
        texts = [v for row in observations[1:] for v, _ in row.values()]
        check(FORMULA in texts, 'the formula-like observation is not there as text')

        # This computer's visits, through the same filters as the CSV tables.
        store_book = os.path.join(scratch, 'store.xlsx')
        store_tables = os.path.join(scratch, 'store-tables')
        run(binary, data, 'demo', '--visits', '30', '--seed', '3', '--today', '2026-11-27')
        run(binary, data, 'report', '--format', 'xlsx', '--output', store_book, '--status', 'all')
        run(binary, data, 'report', '--format', 'csv', '--output', store_tables, '--status', 'all')
        sheets, _, _ = read_workbook(store_book)
        for (name, sheet), (_, csv_name) in zip(sheets, SHEETS):
            with open(os.path.join(store_tables, csv_name), encoding='utf-8-sig', newline='') as f:
                n = len(list(csv.reader(f)))
            check(len(cells_of(sheet)) == n and n > 1, f'{name}: not the {n - 1} rows of {csv_name}')
    print('The workbook has the four tables, with dates, numbers, frozen headers and filters')


if __name__ == '__main__':
    main()
