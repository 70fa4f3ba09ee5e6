#!/usr/bin/env python3
# pack-unseal.py: opens a sealed evidence pack, written independently of the
# C code from docs/evidence-pack.md ("Sealed packs"), as a reference for
# other tools.
#
# Copyright 2026 The Walkround authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: pack-unseal.py [--passphrase-file FILE] KEYFILE SEALED [OUTPUT]
#        pack-unseal.py --recipients SEALED
#
# KEYFILE is a database's signing key file (walkround.db.device-key, its
# Ed25519 secret key converted to X25519), a team key installed beside a
# database (walkround.db.team-keys/*.key), or a team key file from
# `walkround team-key create` with its passphrase on the first line of
# --passphrase-file FILE. The pack is written to OUTPUT, or to standard
# output. Uses PyNaCl (Debian's python3-nacl) for libsodium's
# crypto_box_seal, crypto_secretstream_xchacha20poly1305, crypto_pwhash and
# crypto_secretbox. With --recipients, prints the fingerprints the pack is
# sealed for, one a line.
#
# Exits 0 once the whole pack is opened, up to its FINAL part; otherwise
# says what is wrong on standard error and exits 1 (nothing is written to
# OUTPUT then).

import base64
import configparser
import hashlib
import os
import struct
import sys

try:
    import nacl.bindings as b
    import nacl.exceptions
    import nacl.pwhash
except ImportError:
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", os.path.abspath(__file__), *sys.argv[1:]])
    sys.exit("pack-unseal.py needs PyNaCl: on Debian, apt-get install python3-nacl")

MAGIC = b"WALKROUND SEALED PACK\n"
VERSION = 1
ENTRY = 16 + 80            # fingerprint, crypto_box_seal of the 32-byte pack key
STREAM_HEADER = 24
ABYTES = 17
CHUNK = 64 * 1024


def fail(message):
    sys.exit(f"pack-unseal.py: {message}")


def fingerprint_of(public_key):
    digest = hashlib.sha256(public_key).digest()[:16].hex().upper()
    return " ".join(digest[i:i + 4] for i in range(0, 32, 4))


def read_key(path, passphrase_file):
    """The X25519 key pair in KEYFILE, and its fingerprint as Walkround shows it."""
    parser = configparser.ConfigParser(interpolation=None, comment_prefixes=("#",))
    parser.optionxform = str
    with open(path, encoding="utf-8") as f:
        parser.read_file(f)
    if parser.has_section("Walkround Device Key"):
        keys = parser["Walkround Device Key"]
        if "SecretKey" not in keys:
            fail(f"{path} holds a public key only; opening needs the database's key file, with its SecretKey")
        ed_secret = base64.b64decode(keys["SecretKey"])
        ed_public = base64.b64decode(keys["PublicKey"])
        if ed_secret[32:] != ed_public:
            fail(f"{path}: its SecretKey is not that of its PublicKey")
        public = b.crypto_sign_ed25519_pk_to_curve25519(ed_public)
        secret = b.crypto_sign_ed25519_sk_to_curve25519(ed_secret)
        return public, secret, fingerprint_of(ed_public)
    if parser.has_section("Walkround Team Key"):
        keys = parser["Walkround Team Key"]
        public = base64.b64decode(keys["PublicKey"])
        if "SecretKey" in keys:
            secret = base64.b64decode(keys["SecretKey"])
        elif "SealedSecretKey" in keys:
            if passphrase_file is None:
                fail(f"{path} is a team key file: give its passphrase with --passphrase-file FILE")
            with open(passphrase_file, encoding="utf-8") as f:
                passphrase = f.readline().rstrip("\r\n").encode("utf-8")
            key = nacl.pwhash.argon2id.kdf(32, passphrase, base64.b64decode(keys["PassphraseSalt"]),
                                           opslimit=int(keys["PassphraseOpsLimit"]),
                                           memlimit=int(keys["PassphraseMemLimit"]))
            try:
                secret = b.crypto_secretbox_open(base64.b64decode(keys["SealedSecretKey"]),
                                                 base64.b64decode(keys["Nonce"]), key)
            except nacl.exceptions.CryptoError:
                fail(f"the passphrase is not that of the team key {path}")
        else:
            fail(f"{path} holds a team's public key only")
        if b.crypto_scalarmult_base(secret) != public:
            fail(f"{path}: its secret key is not that of its PublicKey")
        return public, secret, fingerprint_of(public)
    fail(f"{path} is not a Walkround key file")


def read_header(f):
    start = f.read(len(MAGIC) + 2)
    if start[:len(MAGIC)] != MAGIC:
        fail("not a sealed pack (no magic line)")
    if len(start) < len(MAGIC) + 2:
        fail("the header is cut short")
    if start[len(MAGIC)] != VERSION:
        fail(f"container version {start[len(MAGIC)]}; this script opens version {VERSION}")
    n = start[len(MAGIC) + 1]
    if n == 0:
        fail("no recipients")
    rest = f.read(n * ENTRY + STREAM_HEADER)
    if len(rest) < n * ENTRY + STREAM_HEADER:
        fail("the header is cut short")
    entries = [(rest[i * ENTRY:i * ENTRY + 16], rest[i * ENTRY + 16:(i + 1) * ENTRY]) for i in range(n)]
    return start + rest, entries, rest[n * ENTRY:]


def text_of(fingerprint):
    digest = fingerprint.hex().upper()
    return " ".join(digest[i:i + 4] for i in range(0, 32, 4))


def main(argv):
    passphrase_file = None
    if argv[:1] == ["--recipients"] and len(argv) == 2:
        with open(argv[1], "rb") as f:
            _, entries, _ = read_header(f)
        for fingerprint, _ in entries:
            print(text_of(fingerprint))
        return 0
    if argv[:1] == ["--passphrase-file"]:
        passphrase_file = argv[1]
        argv = argv[2:]
    if len(argv) not in (2, 3):
        sys.exit(__doc__ or "usage: pack-unseal.py [--passphrase-file FILE] KEYFILE SEALED [OUTPUT]")
    public, secret, fingerprint = read_key(argv[0], passphrase_file)

    with open(argv[1], "rb") as f:
        header, entries, stream_header = read_header(f)
        mine = [sealed for fp, sealed in entries if text_of(fp) == fingerprint]
        if not mine:
            fail(f"the pack is sealed for {', '.join(text_of(fp) for fp, _ in entries)}, not for {fingerprint}")
        try:
            pack_key = b.crypto_box_seal_open(mine[0], public, secret)
        except nacl.exceptions.CryptoError:
            fail("the pack key sealed for this key does not open: the pack was changed")
        state = b.crypto_secretstream_xchacha20poly1305_state()
        b.crypto_secretstream_xchacha20poly1305_init_pull(state, stream_header, pack_key)

        out = []
        ad = header
        final = False
        while not final:
            length = f.read(4)
            if len(length) < 4:
                fail("the pack is cut short: it ends before its FINAL part")
            (n,) = struct.unpack(">I", length)
            if n < ABYTES or n > CHUNK + ABYTES:
                fail(f"a part of {n} bytes, which no sealed pack has")
            cipher = f.read(n)
            if len(cipher) < n:
                fail("the pack is cut short inside a part")
            try:
                plain, tag = b.crypto_secretstream_xchacha20poly1305_pull(state, cipher, ad)
            except nacl.exceptions.CryptoError:
                fail("a part does not open: the pack was changed or damaged")
            ad = None
            out.append(plain)
            if tag == b.crypto_secretstream_xchacha20poly1305_TAG_FINAL:
                final = True
            elif tag != b.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE:
                fail(f"a part with tag {tag}")
        if f.read(1):
            fail("bytes after the FINAL part")

    data = b"".join(out)
    if len(argv) == 3:
        with open(argv[2], "wb") as f:
            f.write(data)
    else:
        sys.stdout.buffer.write(data)
    print(f"opened with {fingerprint}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
