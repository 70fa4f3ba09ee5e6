#!/usr/bin/env python3
# make-bad-packs.py: makes hostile evidence packs from tests/data/packs/example.xml.
#
# Copyright 2026 The Walkround authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: make-bad-packs.py [--big] OUT_DIR
#
# Without --big, writes the small packs kept in tests/data/packs/bad/ (run
# it again after changing example.xml). With --big, writes the large ones
# that are made at test time so that the repository does not hold them.
# Each pack is example.xml with one thing wrong; where the visit digest
# would also change, it is recomputed (with build-aux/pack-digest.py), so
# that the pack is refused for that one thing.

import importlib.util
import os
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(TOP, "tests", "data", "packs", "example.xml")

spec = importlib.util.spec_from_file_location("pack_digest", os.path.join(TOP, "build-aux", "pack-digest.py"))
pack_digest = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pack_digest)

V2_ANSWER = '<value>yes</value>'


def fix_digests(text):
    """Replaces each visit's stated digest by the one its content has."""
    import tempfile
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
        f.write(text)
        path = f.name
    try:
        results = pack_digest.digests(path)
    finally:
        os.unlink(path)
    out = text
    for _uuid, computed, stated in results:
        if stated and computed != stated:
            out = out.replace(stated, computed, 1)
    return out


def replace(text, old, new, count=1):
    assert old in text, old
    return text.replace(old, new, count)


def other_form(form):
    """The form element with other bytes (a comment added) but the same id and version."""
    import base64
    import hashlib
    import re
    data = base64.b64decode(re.search(r">([^<]*)</form>", form, re.S).group(1))
    other = data + b"<!-- another copy -->\n"
    text = base64.b64encode(other).decode()
    out = re.sub(r">[^<]*</form>", ">" + text + "</form>", form, flags=re.S)
    out = re.sub(r'sha256="[0-9a-f]{64}"', 'sha256="%s"' % hashlib.sha256(other).hexdigest(), out)
    return re.sub(r'size="[0-9]+"', 'size="%d"' % len(other), out)


def small(example):
    packs = {}
    packs["malformed.xml"] = replace(example, "</team>", "</tea>")
    packs["wrong-namespace.xml"] = replace(example, 'xmlns="https://walkround.github.io/ns/evidence-pack/1"',
                                           'xmlns="https://example.org/ns/pack"')
    packs["unknown-version.xml"] = replace(example, 'format-version="1"', 'format-version="7"')
    # What later versions added, in a pack that says it is older.
    packs["older-version-action-repeat.xml"] = replace(
        replace(example, 'format-version="1"', 'format-version="2"'),
        '<action uuid="d52b8fa3-6e4c-4f70-9b2d-8c3e0f1a2b45"',
        '<action uuid="d52b8fa3-6e4c-4f70-9b2d-8c3e0f1a2b45" repeat="0b0c0d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e"')
    packs["older-version-change.xml"] = replace(
        replace(example, 'format-version="1"', 'format-version="3"'),
        '<action uuid="d52b8fa3-6e4c-4f70-9b2d-8c3e0f1a2b45"',
        '<action uuid="d52b8fa3-6e4c-4f70-9b2d-8c3e0f1a2b45" change="7"')
    packs["invalid-element.xml"] = replace(example, "<team>", "<crew/>\n      <team>")
    packs["invalid-kind.xml"] = fix_digests(replace(example, 'kind="concern"', 'kind="complaint"'))
    packs["invalid-missing-attribute.xml"] = fix_digests(replace(example, 'role="ned" ', ''))
    packs["invalid-order.xml"] = fix_digests(replace(example, "<answers>\n        <answer question=\"env-clean\" modified=\"2026-03-11",
                                                     "<answers>\n        <answer question=\"env-clean\" modified=\"2026-03-11")
                                             .replace("      <team>\n        <member uuid=\"a07f", "      <answers/>\n      <team>\n        <member uuid=\"a07f", 1))
    packs["invalid-uuid.xml"] = fix_digests(replace(example, 'uuid="d52b8fa3-6e4c-4f70-9b2d-8c3e0f1a2b45"',
                                                    'uuid="D52B8FA3-6E4C-4F70-9B2D-8C3E0F1A2B45"'))
    # 201 characters of two bytes each, where at most 200 are allowed.
    packs["invalid-too-long.xml"] = fix_digests(replace(example, 'owner="Ward manager"', 'owner="%s"' % ("\u00e9" * 201)))
    packs["changed-answer.xml"] = replace(example, V2_ANSWER, "<value>no</value>")
    packs["truncated.xml"] = example[: len(example) * 2 // 3]
    # Cut inside a tag whose required attributes have not come yet.
    packs["truncated-in-tag.xml"] = example[: example.index("<answer ", example.index("<visit ")) + len("<answer ")]
    packs["external-entity.xml"] = replace(
        replace(example, "<evidence-pack ", '<!DOCTYPE evidence-pack [\n  <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n<evidence-pack '),
        V2_ANSWER, "<value>&xxe;</value>")
    laughs = "".join('  <!ENTITY l%d "&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;">\n' % ((i,) + (i - 1,) * 10)
                     for i in range(1, 10))
    packs["billion-laughs.xml"] = replace(
        replace(example, "<evidence-pack ", '<!DOCTYPE evidence-pack [\n  <!ENTITY l0 "lol">\n' + laughs + "]>\n<evidence-pack "),
        V2_ANSWER, "<value>&l9;</value>")
    packs["doctype-after-comment.xml"] = replace(example, "<evidence-pack ",
                                                 "<!-- - -- -->\n<?pi ?>\n<!DOCTYPE evidence-pack SYSTEM \"http://example.org/x.dtd\">\n<evidence-pack ")
    second_visit = example[example.index('    <visit uuid="7b1e3b9f'): example.index("  </visits>")]
    packs["duplicate-visit.xml"] = replace(example, "  </visits>", second_visit + "  </visits>")
    packs["attachment-bytes.xml"] = replace(example, "AAH7ARF0JhTpAAAAAElFTkSuQmCC", "AAH7ARF0JhTpAAAAAElFTkSuQmCD")
    packs["attachment-size.xml"] = fix_digests(replace(example, 'size="69"', 'size="70"'))
    packs["form-bytes.xml"] = replace(example, "PD94bWwgdmVyc2lvbj0iMS4w", "PD94bWwgdmVyc2lvbj0iMS4x")
    packs["form-not-in-pack.xml"] = fix_digests(replace(
        example, 'form-sha256="32baa0fb155c990c962751a33c3e01202b404bf2df7ce3e1178b84deedac38dd"\n           service="0c6f5a52-3f4b-4d7e-8a11-6b2d9e0f4c21"\n           device="5b1e3c1a-7d1f-4c55-9a0e-2f9c7a6b8d01"\n           created="2026-03-11',
        'form-sha256="0000000000000000000000000000000000000000000000000000000000000000"\n           service="0c6f5a52-3f4b-4d7e-8a11-6b2d9e0f4c21"\n           device="5b1e3c1a-7d1f-4c55-9a0e-2f9c7a6b8d01"\n           created="2026-03-11'))
    packs["service-not-in-pack.xml"] = fix_digests(replace(
        example, 'service="0c6f5a52-3f4b-4d7e-8a11-6b2d9e0f4c21"\n           device="5b1e3c1a-7d1f-4c55-9a0e-2f9c7a6b8d01"\n           created="2026-03-11',
        'service="1c6f5a52-3f4b-4d7e-8a11-6b2d9e0f4c21"\n           device="5b1e3c1a-7d1f-4c55-9a0e-2f9c7a6b8d01"\n           created="2026-03-11'))
    # The schema's identity constraints, which the reader checks itself.
    first_form = example[example.index("    <form "): example.index("</form>") + len("</form>\n")]
    packs["duplicate-form.xml"] = replace(example, "  </forms>", first_form + "  </forms>")
    packs["duplicate-form-version.xml"] = replace(example, "  </forms>", other_form(first_form) + "  </forms>")
    first_service = example[example.index("    <service "): example.index("/>\n", example.index("    <service ")) + 3]
    packs["duplicate-service.xml"] = replace(example, "  </services>", first_service + "  </services>")
    packs["duplicate-row.xml"] = fix_digests(replace(example, 'uuid="d52b8fa3-6e4c-4f70-9b2d-8c3e0f1a2b45"',
                                                     'uuid="2f7d9c10-4e8a-4b1f-8c3d-5a6e7f809a12"'))
    first_answer = example[example.index("        <answer "): example.index("</answer>\n", example.index("        <answer ")) + 10]
    packs["duplicate-answer.xml"] = fix_digests(replace(example, first_answer, first_answer + first_answer))
    first_action = example.index("<action ")
    action_text = example[example.index("<text>", first_action): example.index("</text>", first_action) + 7]
    packs["blank-action.xml"] = fix_digests(example[:first_action] + example[first_action:].replace(action_text, "<text>   </text>", 1))
    # xs:date takes a time zone; the pattern does not.
    packs["invalid-date.xml"] = fix_digests(replace(example, 'due="2026-04-01"', 'due="2026-04-01Z"'))
    packs["missing-digest.xml"] = replace(example, '      <digest algorithm="sha256">1fd6f6d20f134126c2caad42759d71022a209caad4da8c59dbfbafd2fb703440</digest>\n', '')
    packs["invalid-digest-text.xml"] = replace(example, '<digest algorithm="sha256">1fd6f6d2', '<digest algorithm="sha256">1FD6F6D2')
    packs["empty.xml"] = ""
    packs["not-xml.xml"] = "PK\x03\x04 this is a zip file, not a pack\n"
    return packs


def big(example):
    packs = {}
    deep = "<x>" * 10000 + "</x>" * 10000
    packs["deep-nesting.xml"] = replace(example, V2_ANSWER, "<value>" + deep + "</value>")
    # Below libxml2's own 10 MB limit, above Walkround's 8 MiB.
    packs["huge-text.xml"] = replace(example, V2_ANSWER, "<value>" + "y" * (9 * 1024 * 1024) + "</value>")
    # Above libxml2's own limit.
    packs["huge-text-20mb.xml"] = replace(example, V2_ANSWER, "<value>" + "y" * (20 * 1024 * 1024) + "</value>")
    packs["huge-attribute.xml"] = replace(example, 'name="Jo Hughes"', 'name="' + "J" * (2 * 1024 * 1024) + '"')
    return packs


def main():
    args = sys.argv[1:]
    make = big if args[:1] == ["--big"] else small
    if make is big:
        args = args[1:]
    if len(args) != 1:
        sys.exit("usage: make-bad-packs.py [--big] OUT_DIR")
    with open(EXAMPLE, encoding="utf-8") as f:
        example = f.read()
    os.makedirs(args[0], exist_ok=True)
    for name, text in make(example).items():
        with open(os.path.join(args[0], name), "w", encoding="utf-8", newline="") as f:
            f.write(text)


if __name__ == "__main__":
    main()
