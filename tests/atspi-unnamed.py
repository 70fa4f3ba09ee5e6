#!/usr/bin/python3
"""usage: atspi-unnamed.py PID

Walks the AT-SPI tree of the application with process id PID, as a screen
reader sees it, and prints one line for each control a person operates
(button, toggle, check, entry, drop-down, list item, menu item...) that has
no accessible name: `ROLE: PATH`. The last line is `controls N unnamed M`.
Exit 0 when it walked the tree, 2 when the application never appeared.

It judges names as ../shared/tools/a11y-audit does: a name that is only a
widget's type name (GtkImage, AdwGizmo), which GTK 4.8 falls back to, is no
name; a control labelled by a named widget is named. A name with a
mnemonic's underscore ("_New Visit", read as such) counts as unnamed too. test-a11y-tree runs it
on itself, with the window showing what it wants checked.
"""
import re, sys, time

import gi
gi.require_version('Atspi', '2.0')
from gi.repository import Atspi

ROLES = {'push button', 'toggle button', 'check box', 'radio button', 'combo box', 'entry', 'text',
         'password text', 'spin button', 'slider', 'menu item', 'check menu item', 'radio menu item',
         'list item', 'page tab', 'link', 'switch'}


def real_name(acc):
    name = (acc.get_name() or '').strip()
    return '' if re.fullmatch(r'[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+', name) else name


def is_named(acc):
    name = real_name(acc)
    # A mnemonic's underscore read out ("_New Visit") is a name read wrong.
    if re.search(r'(^|\s)_\w', name):
        return False
    if name:
        return True
    for rel in acc.get_relation_set() or []:
        if rel.get_relation_type() == Atspi.RelationType.LABELLED_BY and \
           any(real_name(rel.get_target(j)) for j in range(rel.get_n_targets())):
            return True
    return False


def walk(acc, path, counts, out):
    try:
        role = acc.get_role_name()
        n = acc.get_child_count()
        here = path + ['%s %r' % (role, (acc.get_name() or '')[:40])]
        if role in ROLES:
            counts[0] += 1
            if not is_named(acc):
                counts[1] += 1
                out.append('%s: %s' % (role, ' / '.join(here[-4:])))
    except gi.repository.GLib.Error:
        return  # the object went away under us
    for i in range(min(n, 5000)):
        child = acc.get_child_at_index(i)
        if child is not None:
            walk(child, here, counts, out)


def main():
    pid = int(sys.argv[1])
    Atspi.init()
    desktop = Atspi.get_desktop(0)
    deadline = time.time() + 30
    app = None
    while app is None:
        for i in range(desktop.get_child_count()):
            a = desktop.get_child_at_index(i)
            try:
                if a is not None and a.get_process_id() == pid and a.get_child_count() > 0:
                    app = a
            except gi.repository.GLib.Error:
                pass
        if app is None:
            if time.time() > deadline:
                print('process %d is not on the AT-SPI desktop' % pid, file=sys.stderr)
                return 2
            time.sleep(0.1)
    app.clear_cache()
    counts, out = [0, 0], []
    for i in range(app.get_child_count()):
        window = app.get_child_at_index(i)
        if window is not None:
            walk(window, [], counts, out)
    for line in out:
        print(line)
    print('controls %d unnamed %d' % tuple(counts))
    return 0


if __name__ == '__main__':
    sys.exit(main())
