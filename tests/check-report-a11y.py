#!/usr/bin/env python3
# check-report-a11y.py WALKROUND AXE_FILE
#
# Runs axe-core in headless Chromium on the HTML report of demo visits and
# on the HTML feedback letter of a NED and a 15 Steps visit, in the light
# and the dark colour scheme, for WCAG 2.0, 2.1 and 2.2 levels A and AA,
# and fails on any violation, naming each with the elements it found.
#
# axe-core is kept in tests/data/axe-core (see its README), so the check
# needs no network. Chromium is Debian's `chromium`. Without it (a
# developer's machine) the test is skipped (exit 77), with the reason;
# CI's build-aux/dev installs it, so it runs there.

import html
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

AXE_VERSION = '4.10.3'
TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']


def skip(why):
    print(f'SKIP: {why}')
    sys.exit(77)


def fail(why):
    print(f'FAIL: {why}', file=sys.stderr)
    sys.exit(1)


def find_chromium():
    for name in ('chromium', 'chromium-browser', 'google-chrome'):
        path = shutil.which(name)
        if path:
            return path
    return None


def find_axe(axe_file):
    if not os.path.exists(axe_file):
        fail(f'axe-core is missing: {axe_file}')
    with open(axe_file, encoding='utf-8') as f:
        if f'axe v{AXE_VERSION}' not in f.read(200):
            fail(f'{axe_file} is not axe-core {AXE_VERSION}')
    return axe_file


def walkround(binary, data_dir, *args):
    run = subprocess.run([binary, '--data-dir', data_dir, *args], capture_output=True, text=True,
                         stdin=subprocess.DEVNULL)
    if run.returncode != 0:
        fail(f'walkround {" ".join(args)} exited {run.returncode}: {run.stderr}')


RUNNER = '''
<script src="axe.min.js"></script>
<script>
axe.run(document, { runOnly: { type: 'tag', values: %s }, resultTypes: ['violations'] })
  .then(function (results) {
    var out = document.createElement('pre');
    out.id = 'axe-results';
    out.textContent = JSON.stringify({ version: axe.version, violations: results.violations.map(function (v) {
      return { id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
               nodes: v.nodes.map(function (n) { return { target: n.target, summary: n.failureSummary }; }) };
    }), passes: results.passes.length, dark: matchMedia('(prefers-color-scheme: dark)').matches });
    document.body.appendChild(out);
  }, function (error) {
    var out = document.createElement('pre');
    out.id = 'axe-results';
    out.textContent = JSON.stringify({ error: String(error) });
    document.body.appendChild(out);
  });
</script>
'''


def letter_visits(data_dir):
    """The completed NED and 15 Steps visits with the most observations and
    actions, so that the letter shows every part it has."""
    db = sqlite3.connect('file:' + os.path.join(data_dir, 'walkround.db') + '?mode=ro', uri=True)
    try:
        uuids = []
        for kind in ('ned-visit', 'fifteen-steps'):
            row = db.execute(
                'SELECT v.uuid FROM visits v WHERE v.kind = ? AND v.status = \'completed\''
                ' AND v.deleted IS NULL'
                ' ORDER BY (SELECT count(*) FROM observations o WHERE o.visit_id = v.id)'
                '        + (SELECT count(*) FROM actions a WHERE a.visit_id = v.id) DESC, v.uuid'
                ' LIMIT 1', (kind,)).fetchone()
            if row is None:
                fail(f'the demo made no completed {kind} for the feedback letter')
            uuids.append(row[0])
        return uuids
    finally:
        db.close()


def check(chromium, axe, report, scratch, dark):
    name = os.path.splitext(os.path.basename(report))[0]
    page = os.path.join(scratch, f'checked-{name}-dark.html' if dark else f'checked-{name}.html')
    with open(report, encoding='utf-8') as f:
        text = f.read()
    if '</body>' not in text:
        fail(f'{report} has no </body>')
    text = text.replace('</body>', RUNNER % json.dumps(TAGS) + '</body>', 1)
    with open(page, 'w', encoding='utf-8') as f:
        f.write(text)
    shutil.copy(axe, os.path.join(scratch, 'axe.min.js'))

    # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    args = [chromium, '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run',
            '--disable-dev-shm-usage', '--user-data-dir=' + os.path.join(scratch, 'profile'),
            '--allow-file-access-from-files', '--virtual-time-budget=120000',
            '--window-size=1280,1024', '--dump-dom']
    if dark:
        args.append('--force-dark-mode')
        args.append('--blink-settings=preferredColorScheme=0')
    args.append('file://' + page)
    run = subprocess.run(args, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    found = re.search(r'<pre id="axe-results">(.*?)</pre>', run.stdout, re.S)
    if not found:
        fail(f'axe-core did not report (Chromium exited {run.returncode}):\n{run.stderr[-3000:]}')
    results = json.loads(html.unescape(found.group(1)))
    if 'error' in results:
        fail('axe-core failed: ' + results['error'])
    scheme = f'{name}, dark' if dark else f'{name}, light'
    if results['dark'] != dark:
        fail(f'Chromium did not show the report in the {scheme} scheme')
    if results['passes'] == 0:
        fail(f'axe-core {results["version"]} checked nothing in the {scheme} scheme')
    for v in results['violations']:
        print(f'{scheme}: {v["id"]} ({v["impact"]}): {v["help"]}: {len(v["nodes"])} places; {v["helpUrl"]}')
        for n in v['nodes'][:5]:
            print(f'    {" ".join(map(str, n["target"]))}: {n["summary"]}'.replace('\n', ' '))
    print(f'{scheme}: axe-core {results["version"]}: {results["passes"]} rules passed, '
          f'{len(results["violations"])} violated')
    return len(results['violations'])


def main():
    if len(sys.argv) != 3:
        print(__doc__ or 'usage: check-report-a11y.py WALKROUND AXE_FILE', file=sys.stderr)
        sys.exit(2)
    binary, axe_file = sys.argv[1], sys.argv[2]
    chromium = find_chromium()
    if not chromium:
        skip('Chromium is not installed (apt-get install chromium; build-aux/dev deps does it)')
    axe = find_axe(axe_file)

    with tempfile.TemporaryDirectory(prefix='walkround-a11y-') as scratch:
        data = os.path.join(scratch, 'data')
        report = os.path.join(scratch, 'report.html')
        letter = os.path.join(scratch, 'letter.html')
        # Enough visits for every kind of visit, observation and action.
        walkround(binary, data, 'demo', '--visits', '40', '--seed', '11', '--today', '2026-11-27')
        walkround(binary, data, 'report', '--format', 'html', '--output', report, '--status', 'all')
        # One letter for two visits, with the quotes put in and the
        # organisation and marking in its header and footer.
        visit_args = [arg for uuid in letter_visits(data) for arg in ('--visit', uuid)]
        walkround(binary, data, 'report', '--letter', '--format', 'html', '--output', letter,
                  '--include-quotes', '--organisation', 'Northshire NHS Foundation Trust',
                  '--marking', 'OFFICIAL-SENSITIVE', *visit_args)
        violations = 0
        for page in (report, letter):
            violations += check(chromium, axe, page, scratch, dark=False)
            violations += check(chromium, axe, page, scratch, dark=True)
    if violations:
        fail(f'{violations} kinds of WCAG 2.2 AA violation in the HTML report and feedback letter')
    print('The HTML report and feedback letter meet WCAG 2.2 A and AA as axe-core checks them, light and dark')


if __name__ == '__main__':
    main()
