#!/usr/bin/env python3
# pack-digest.py: the evidence-pack visit digest, written independently of
# the C code, as a reference for other tools (docs/evidence-pack.md).
#
# Copyright 2026 The Walkround authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: pack-digest.py PACK.xml
# Prints "UUID COMPUTED STATED" for each visit and exits 1 if any differ.
#
# One rule for every element of a visit, so it reads packs of format
# versions 1 to 4 alike: version 2's <support-requests> and <reviews>,
# version 3's repeat on an <action> and version 4's change numbers and
# clock are digested as any other element or attribute, and a visit
# without them (every visit of a version 1 pack) gets the digest it always
# had.

import hashlib
import sys
import xml.sax

NS = "https://walkround.github.io/ns/evidence-pack/1"
LEFT_OUT = ("digest", "data")


class Handler(xml.sax.handler.ContentHandler):
    def __init__(self):
        super().__init__()
        self.results = []
        self.sha = None      # the digest of the visit being read
        self.stack = []      # per open element: has it had a child element?
        self.text = []
        self.skip = 0
        self.uuid = None
        self.stated = None
        self.in_digest = False
        self.outer = []      # the open elements outside visits

    def feed(self, *parts):
        for part in parts:
            self.sha.update(part)

    def startElementNS(self, name, qname, attrs):
        uri, local = name
        if self.sha is None:
            # A visit is in <visits>; the <visit> of a <scope> only names one.
            if uri == NS and local == "visit" and self.outer[-1:] == ["visits"]:
                self.sha = hashlib.sha256()
                self.uuid = attrs.get((None, "uuid"))
                self.stated = ""
            else:
                self.outer.append(local)
                return
        if self.skip:
            self.skip += 1
            return
        if self.stack:
            self.stack[-1] = True
            self.text = []
        if local in LEFT_OUT:
            self.skip = 1
            self.in_digest = local == "digest" and len(self.stack) == 1
            return
        self.feed(b"S", local.encode(), b"\0")
        for (a_uri, a_local), value in sorted(attrs.items(), key=lambda kv: kv[0][1].encode()):
            self.feed(b"A", a_local.encode(), b"\0", value.encode(), b"\0")
        self.stack.append(False)

    def characters(self, content):
        if self.sha is None:
            return
        if self.skip:
            if self.in_digest:
                self.stated += content
            return
        if self.stack and not self.stack[-1]:
            self.text.append(content)

    def endElementNS(self, name, qname):
        if self.sha is None:
            if self.outer:
                self.outer.pop()
            return
        if self.skip:
            self.skip -= 1
            self.in_digest = self.in_digest and self.skip > 0
            return
        has_children = self.stack.pop()
        text = "".join(self.text)
        if not has_children and text:
            self.feed(b"T", text.encode(), b"\0")
        self.text = []
        self.feed(b"E")
        if not self.stack:
            self.results.append((self.uuid, self.sha.hexdigest(), self.stated.strip()))
            self.sha = None


def digests(path):
    parser = xml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_namespaces, True)
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    handler = Handler()
    parser.setContentHandler(handler)
    parser.parse(path)
    return handler.results


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: pack-digest.py PACK.xml")
    bad = 0
    for uuid, computed, stated in digests(sys.argv[1]):
        print(uuid, computed, stated)
        bad += computed != stated
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
