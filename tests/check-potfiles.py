#!/usr/bin/env python3
# Every file with a translatable string must be listed in po/POTFILES.in,
# or its strings never reach translators. Listed files must exist.
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..')
marker = re.compile(r'\b(?:N?_|C_|NC_|g_dgettext|g_dngettext|ngettext)\s*\(|translatable="yes"')
# Desktop, metainfo and schema files are translated whole by their own tools.
whole_files = ('.desktop.in', '.metainfo.xml.in', '.gschema.xml')

with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
    listed = [line.strip() for line in f if line.strip() and not line.startswith('#')]

problems = []
for path in listed:
    if not os.path.exists(os.path.join(root, path)):
        problems.append(f'po/POTFILES.in lists {path}, which does not exist')

if listed != sorted(listed, key=lambda p: (not p.startswith('data/'), p)):
    problems.append('po/POTFILES.in is not sorted (data files first, then the rest by path)')

for top in ('src', 'ui', 'data'):
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.relpath(os.path.join(dirpath, name), root)
            if not name.endswith(('.c', '.h', '.ui')) and not name.endswith(whole_files):
                continue
            with open(os.path.join(root, path), encoding='utf-8', errors='replace') as f:
                text = f.read()
            wanted = name.endswith(whole_files) or marker.search(text)
            if wanted and path not in listed:
                problems.append(f'{path} has translatable strings but is not in po/POTFILES.in')

for problem in problems:
    print(problem)
print(f'{len(problems)} problem(s) in {len(listed)} listed files')
sys.exit(1 if problems else 0)
