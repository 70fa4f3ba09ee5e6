#!/usr/bin/env python3
# pack-verify.py: checks an evidence pack's signature, written independently
# of the C code, as a reference for other tools (docs/evidence-pack.md,
# "Signatures").
#
# Copyright 2026 The Walkround authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: pack-verify.py [--manifest] [--key KEYFILE] PACK.xml
#
# Rebuilds the pack's manifest from the pack (each visit's digest worked
# out as build-aux/pack-digest.py does, and checked against the one the
# pack states), and checks the Ed25519 signature of its SHA-256 with
# PyNaCl (Debian's python3-nacl; Python's standard library has no
# Ed25519). With --key, the signer must also be the key in KEYFILE (a file
# from `walkround devices export-key`). With --manifest, the manifest is
# printed on standard output.
#
# Prints "signed by FINGERPRINT (device DEVICE): the signature is good" and
# exits 0; otherwise says what is wrong on standard error and exits 1.

import base64
import configparser
import hashlib
import os
import sys
import xml.sax

try:
    import nacl.exceptions
    import nacl.signing
except ImportError:
    # A python3 of its own (pyenv, a virtualenv) first on PATH does not see
    # Debian's python3-nacl: run under Debian's python3, which does.
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", os.path.abspath(__file__), *sys.argv[1:]])
    sys.exit("pack-verify.py needs PyNaCl: on Debian, apt-get install python3-nacl")

NS = "https://walkround.github.io/ns/evidence-pack/1"
MAGIC = "walkround-pack-manifest 1"


class Canonical:
    """The digest of one element and what it holds (docs/evidence-pack.md,
    "The visit digest"), for a visit, the scope or a service."""

    LEFT_OUT = ("digest", "data")

    def __init__(self):
        self.sha = hashlib.sha256()
        self.stack = []      # per open element: has it had a child element?
        self.text = []
        self.skip = 0
        self.stated = ""
        self.in_digest = False

    def feed(self, *parts):
        for part in parts:
            self.sha.update(part)

    def start(self, local, attrs):
        if self.skip:
            self.skip += 1
            return
        if self.stack:
            self.stack[-1] = True
            self.text = []
        if local in self.LEFT_OUT and self.stack:
            self.skip = 1
            self.in_digest = local == "digest" and len(self.stack) == 1
            return
        self.feed(b"S", local.encode(), b"\0")
        for (a_uri, a_local), value in sorted(attrs.items(), key=lambda kv: kv[0][1].encode()):
            self.feed(b"A", a_local.encode(), b"\0", value.encode(), b"\0")
        self.stack.append(False)

    def characters(self, content):
        if self.skip:
            if self.in_digest:
                self.stated += content
            return
        if self.stack and not self.stack[-1]:
            self.text.append(content)

    def end(self):
        """Returns True once the element it started with has ended."""
        if self.skip:
            self.skip -= 1
            self.in_digest = self.in_digest and self.skip > 0
            return False
        has_children = self.stack.pop()
        text = "".join(self.text)
        if not has_children and text:
            self.feed(b"T", text.encode(), b"\0")
        self.text = []
        self.feed(b"E")
        return not self.stack


class Handler(xml.sax.handler.ContentHandler):
    def __init__(self):
        super().__init__()
        self.lines = []
        self.path = []           # the open elements outside the one being digested
        self.part = None         # (tag, Canonical, uuid) being digested
        self.root = {}
        self.device = None
        self.key = None
        self.algorithm = None
        self.signature = None
        self.problems = []

    def startElementNS(self, name, qname, attrs):
        uri, local = name
        if self.part is not None:
            self.part[1].start(local, attrs)
            return
        depth = len(self.path)
        parent = self.path[-1] if self.path else None
        get = lambda a: attrs.get((None, a))
        if uri != NS:
            pass
        elif depth == 0:
            self.root = {"format-version": get("format-version"), "created": get("created")}
        elif depth == 1 and local == "generator":
            self.device = get("device")
            self.lines += [MAGIC, "format-version " + self.root["format-version"],
                           "created " + self.root["created"], "generator " + self.device]
        elif (depth == 1 and local == "scope") or (parent == "services" and local == "service") or \
                (parent == "visits" and local == "visit"):
            tag = {"scope": "scope", "service": "service", "visit": "visit"}[local]
            self.part = (tag, Canonical(), get("uuid"))
            self.part[1].start(local, attrs)
            return
        elif parent == "forms" and local == "form":
            self.lines.append("form " + get("sha256"))
        elif parent == "revocations" and local == "revoked":
            self.lines.append("revoked " + get("key"))
        elif depth == 1 and local == "signature":
            self.key = get("key")
            self.algorithm = get("algorithm")
            self.signature = ""
        self.path.append(local)

    def characters(self, content):
        if self.part is not None:
            self.part[1].characters(content)
        elif self.path[-1:] == ["signature"]:
            self.signature += content

    def endElementNS(self, name, qname):
        if self.part is None:
            self.path.pop()
            return
        tag, canonical, uuid = self.part
        if not canonical.end():
            return
        self.part = None
        computed = canonical.sha.hexdigest()
        if tag == "visit":
            if computed != canonical.stated.strip():
                self.problems.append(f"visit {uuid}: its digest does not match its content")
            self.lines.append(f"visit {uuid} {computed}")
        else:
            self.lines.append(f"{tag} {computed}")


def fingerprint(raw):
    digest = hashlib.sha256(raw).hexdigest().upper()[:32]
    return " ".join(digest[i:i + 4] for i in range(0, 32, 4))


def read_key_file(path):
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return parser["Walkround Device Key"]["PublicKey"].strip()


def read_pack(path):
    """The pack's manifest as far as the signer's line (which the caller
    adds: the key of the signature, or of a new one), and its handler."""
    parser = xml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_namespaces, True)
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    handler = Handler()
    parser.setContentHandler(handler)
    parser.parse(path)
    return handler


def manifest_bytes(lines):
    return "".join(line + "\n" for line in lines).encode()


def verify(path, key_file=None, show_manifest=False):
    """Returns (ok, message)."""
    handler = read_pack(path)

    if handler.problems:
        return False, f"{path}: " + "; ".join(handler.problems)
    if handler.signature is None:
        return False, f"{path}: the pack is not signed"
    if handler.algorithm != "ed25519":
        return False, f"{path}: the signature's algorithm is {handler.algorithm!r}, not 'ed25519'"

    handler.lines.append("signer " + handler.key)
    manifest = manifest_bytes(handler.lines)
    if show_manifest:
        sys.stdout.write(manifest.decode())
    raw_key = base64.b64decode(handler.key, validate=True)
    signature = base64.b64decode(handler.signature.strip(), validate=True)
    try:
        nacl.signing.VerifyKey(raw_key).verify(hashlib.sha256(manifest).digest(), signature)
    except (nacl.exceptions.BadSignatureError, ValueError):
        return False, (f"{path}: the signature does not match what the pack holds: it was changed after it "
                       f"was signed, or damaged")
    if key_file is not None and read_key_file(key_file) != handler.key:
        return False, (f"{path}: the signature is good, but by the key {fingerprint(raw_key)}, "
                       f"not the one in {key_file}")
    return True, f"signed by {fingerprint(raw_key)} (device {handler.device}): the signature is good"


def main():
    args = sys.argv[1:]
    show_manifest = "--manifest" in args
    args = [a for a in args if a != "--manifest"]
    key_file = None
    if len(args) == 3 and args[0] == "--key":
        key_file = args[1]
        args = args[2:]
    if len(args) != 1:
        sys.exit("usage: pack-verify.py [--manifest] [--key KEYFILE] PACK.xml")
    ok, message = verify(args[0], key_file, show_manifest)
    print(message, file=sys.stdout if ok else sys.stderr)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
