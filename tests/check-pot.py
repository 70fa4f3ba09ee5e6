#!/usr/bin/env python3
# The translation template builds from po/POTFILES.in: xgettext reads every
# listed file (C and GtkBuilder) without error and finds the strings.
import os
import subprocess
import sys
import tempfile

root, = sys.argv[1:]
with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, 'walkround.pot')
    subprocess.run(['xgettext', '--package-name=walkround', '--from-code=UTF-8', '--add-comments',
                    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
                    '--keyword=g_dgettext:2', '--keyword=g_dngettext:2,3',
                    '--directory', root, '--files-from', os.path.join(root, 'po', 'POTFILES.in'),
                    '--output', pot], check=True)
    with open(pot, encoding='utf-8') as f:
        text = f.read()

msgids = text.count('\nmsgid "') - 1  # the header's empty msgid
for wanted in ('msgid "Walkround"', 'msgid "No Visits Yet"', 'msgid "Record care quality visits'):
    if wanted not in text:
        print(f'the template lacks {wanted}')
        sys.exit(1)
print(f'{msgids} strings in the template')
sys.exit(0 if msgids > 50 else 1)
