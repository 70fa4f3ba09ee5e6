#!/usr/bin/env python3
# The README's code map must be a true picture of the folders: every file,
# folder and type it names exists, and every folder of src/ and src/core/ is
# named in it.
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..')

with open(os.path.join(root, 'README.md'), encoding='utf-8') as f:
    text = f.read()
start = text.index('## How the code is laid out')
end = text.find('\n## ', start + 1)
section = text[start:end if end >= 0 else len(text)]
section = re.sub(r'```.*?```', '', section, flags=re.S)

files = set()
for dirpath, dirnames, filenames in os.walk(root):
    dirnames[:] = [d for d in dirnames if not d.startswith(('.', '_build'))]
    for name in filenames:
        files.add(name)
sources = ''
for dirpath, dirnames, filenames in os.walk(os.path.join(root, 'src')):
    for name in filenames:
        if name.endswith(('.c', '.h')):
            with open(os.path.join(dirpath, name), encoding='utf-8') as f:
                sources += f.read()

problems = []
for line in section.splitlines():
    tokens = re.findall(r'`([^`]+)`', line)
    # A table row's paths may be relative to the folder in its first cell.
    here = tokens[0] if line.startswith('| `') and tokens and tokens[0].endswith('/') else ''
    for token in tokens:
        # Outside the tree (../shared/), patterns and build folders are not checked.
        if 'NAME' in token or '*' in token or token.startswith(('<', '_build', '../')):
            continue
        if token.endswith('/') or '/' in token:
            if not any(os.path.exists(os.path.join(root, base, token)) for base in ('', here)):
                problems.append(f'the code map names {token}, which does not exist')
        elif re.fullmatch(r'[\w.-]+\.(c|h|py|ui|css|xsl)', token):
            if token not in files:
                problems.append(f'the code map names {token}, which no folder holds')
        elif re.fullmatch(r'Wr[A-Z]\w+', token):
            if not re.search(r'\b_?' + token + r'\b', sources):
                problems.append(f'the code map names {token}, which the sources do not define')

for top in ('src', os.path.join('src', 'core')):
    for name in sorted(os.listdir(os.path.join(root, top))):
        path = os.path.join(top, name)
        if os.path.isdir(os.path.join(root, path)) and f'`{path}/`' not in section:
            problems.append(f'the code map does not name the folder {path}/')

for problem in problems:
    print(problem)
print(f'{len(problems)} problem(s) in the README code map')
sys.exit(1 if problems else 0)
