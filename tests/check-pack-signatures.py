#!/usr/bin/env python3
# check-pack-signatures.py WALKROUND PACK-VERIFY.PY
#
# Packs signed by their device (docs/evidence-pack.md, "Signatures"), from
# the command line: a pack that "walkround export" wrote verifies with
# build-aux/pack-verify.py (PyNaCl, not the C code) and is refused by both
# once tampered with; and "walkround import" refuses, with the reason and
# exit status 1, and with the database unchanged byte for byte ("sqlite3
# DB .dump" before and after), a pack with a visit removed, one put
# together from two packs, a forged revision re-digested, the same
# re-signed by a key nobody trusts, an unsigned pack, and a pack from a
# revoked device; a revocation travels in a trusted device's pack.

import base64
import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

WALKROUND, PACK_VERIFY = sys.argv[1:3]

try:
    import nacl.signing
except ImportError:
    # pack-verify.py runs itself under Debian's python3; so does this test.
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", os.path.abspath(__file__), *sys.argv[1:]])
    print("1..0 # SKIP PyNaCl (python3-nacl) is not installed")
    sys.exit(0)

spec = importlib.util.spec_from_file_location("pack_verify", PACK_VERIFY)
pack_verify = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pack_verify)

n_checks = 0


def ok(condition, what):
    global n_checks
    n_checks += 1
    if not condition:
        print(f"not ok {n_checks} - {what}")
        sys.exit(1)
    print(f"ok {n_checks} - {what}")


def run(data_dir, *args):
    return subprocess.run([WALKROUND, "--data-dir", data_dir, *args], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)


def must(data_dir, *args):
    done = run(data_dir, *args)
    if done.returncode != 0:
        sys.exit(f"walkround {' '.join(args)} failed ({done.returncode}): {done.stdout}{done.stderr}")
    return done.stdout


def dump(data_dir):
    return subprocess.run(["sqlite3", os.path.join(data_dir, "walkround.db"), ".dump"], capture_output=True,
                          check=True).stdout


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def verify(path, key=None):
    done = subprocess.run([sys.executable, PACK_VERIFY, *(["--key", key] if key else []), path], capture_output=True,
                          text=True)
    return done.returncode, done.stdout + done.stderr


def refused(data_dir, path, why, what, *options):
    """Imports path, which must be refused for `why`, changing nothing."""
    before = dump(data_dir)
    done = run(data_dir, "import", *options, path)
    ok(done.returncode == 1 and why in done.stderr and path in done.stderr,
       f"{what}: refused, exit 1, saying why ({done.returncode}: {done.stderr.strip()[:300]})")
    ok(dump(data_dir) == before, f"{what}: the database is unchanged byte for byte")


def redigest(text, uuid):
    """Puts in the visit's stated digest what its content now gives."""
    path = os.path.join(tmp, "redigest.xml")
    write(path, text)
    handler = pack_verify.read_pack(path)
    computed = next(line.split()[2] for line in handler.lines if line.startswith(f"visit {uuid} "))
    start = text.index(f'<visit uuid="{uuid}"')
    at = text.index('<digest algorithm="sha256">', start) + len('<digest algorithm="sha256">')
    return text[:at] + computed + text[at + 64:]


def resign(text, signing_key):
    """Signs the pack again, as a forger would, with a key of their own."""
    path = os.path.join(tmp, "resign.xml")
    key = base64.b64encode(bytes(signing_key.verify_key)).decode()
    body = re.sub(r"<signature [^>]*>[^<]*</signature>\n?", "", text)
    write(path, body)
    handler = pack_verify.read_pack(path)
    manifest = pack_verify.manifest_bytes(handler.lines + ["signer " + key])
    signature = base64.b64encode(signing_key.sign(hashlib.sha256(manifest).digest()).signature).decode()
    element = f'<signature algorithm="ed25519" key="{key}">{signature}</signature>\n'
    return body.replace("</evidence-pack>", element + "</evidence-pack>")


tmp = tempfile.mkdtemp(prefix="walkround-signatures-")
try:
    laptop = os.path.join(tmp, "laptop")
    hub = os.path.join(tmp, "hub")
    must(laptop, "demo", "--visits", "12")
    must(hub, "devices", "list")

    # Two packs of the laptop's, a second apart.
    first = os.path.join(tmp, "first.xml")
    second = os.path.join(tmp, "second.xml")
    must(laptop, "export", "--output", first)
    time.sleep(1.1)
    must(laptop, "export", "--output", second)
    key_file = os.path.join(tmp, "laptop.key")
    must(laptop, "devices", "export-key", key_file)
    fingerprint = re.search(r"^Fingerprint=(.*)$", read(key_file), re.M).group(1)
    ok(re.fullmatch(r"([0-9A-F]{4} ){7}[0-9A-F]{4}", fingerprint) is not None, f"a readable fingerprint: {fingerprint}")
    key_path = os.path.join(laptop, "walkround.db.device-key")
    ok(os.stat(key_path).st_mode & 0o777 == 0o600, "the signing key file is the owner's only (0600)")
    ok("SecretKey" not in read(key_file) and "SecretKey" in read(key_path), "the exported key has no secret")

    # The reference verifier agrees with the C code, and not on a tampered pack.
    code, said = verify(first, key_file)
    ok(code == 0 and fingerprint in said, f"pack-verify.py: the signature of a pack the C code wrote is good ({said.strip()})")
    text = read(first)
    tampered = os.path.join(tmp, "tampered.xml")
    write(tampered, text.replace('archived="false"', 'archived="true"', 1))
    code, said = verify(tampered)
    ok(code == 1 and "does not match" in said, "pack-verify.py: a service changed after signing is refused")

    # An unknown device: a dry run says so, with the fingerprint; the import refuses.
    done = run(hub, "import", "--dry-run", first)
    ok(done.returncode == 0 and "unknown here" in done.stdout and fingerprint in done.stdout and "12 new" in done.stdout,
       f"a dry run names the unknown device by its fingerprint and says what it would import: {done.stdout.strip()}")
    refused(hub, first, "does not know", "a pack from an unknown device")
    refused(hub, tampered, "signature does not match", "a pack changed after signing, even when trusting new devices",
            "--trust-new-device")

    # A visit removed.
    visits = re.findall(r'<visit uuid="([0-9a-f-]{36})"', text)
    start = text.index(f'<visit uuid="{visits[3]}"')
    end = text.index("</visit>", start) + len("</visit>\n")
    removed = os.path.join(tmp, "removed.xml")
    write(removed, text[:start] + text[end:])
    refused(hub, removed, "signature does not match", "a pack with a visit removed", "--trust-new-device")

    # Pieces of two packs: the first's header, the second's visits and signature.
    other = read(second)
    assembled = os.path.join(tmp, "assembled.xml")
    write(assembled, text[:text.index("<forms>")] + other[other.index("<forms>"):])
    ok(read(assembled) != other and read(assembled) != text, "the assembled pack is neither")
    refused(hub, assembled, "signature does not match", "a pack assembled from two packs", "--trust-new-device")

    # A forged revision, re-digested so that only the signature can tell.
    forged_text = text.replace(f'<visit uuid="{visits[0]}" revision="1"', f'<visit uuid="{visits[0]}" revision="999"')
    ok(forged_text != text, "the forged revision is in the pack")
    forged_text = redigest(forged_text, visits[0])
    forged = os.path.join(tmp, "forged.xml")
    write(forged, forged_text)
    ok(not pack_verify.read_pack(forged).problems, "the forged visit's digest matches its content")
    refused(hub, forged, "signature does not match", "a forged revision, re-digested", "--trust-new-device")

    # The same, re-signed by a key of the forger's: the hub trusts the laptop only.
    must(hub, "devices", "trust", key_file)
    resigned = os.path.join(tmp, "resigned.xml")
    write(resigned, resign(forged_text, nacl.signing.SigningKey.generate()))
    code, said = verify(resigned)
    ok(code == 0, "the re-signed pack's signature is good, by another key")
    code, said = verify(resigned, key_file)
    ok(code == 1 and "not the one in" in said, "pack-verify.py --key: but not by the laptop's key")
    refused(hub, resigned, "does not know", "a forged pack re-signed by an untrusted key")

    # Unsigned: refused unless allowed.
    unsigned = os.path.join(tmp, "unsigned.xml")
    write(unsigned, re.sub(r"<signature [^>]*>[^<]*</signature>\n?", "", text))
    refused(hub, unsigned, "not signed", "an unsigned pack")

    # The laptop's own pack, from a trusted device, goes in.
    done = run(hub, "import", first)
    ok(done.returncode == 0 and "12 new" in done.stdout, f"the trusted laptop's pack is imported: {done.stdout.strip()}")

    # Revoked: its later packs are refused, on the hub and on whoever trusts the hub.
    time.sleep(1.1)
    must(laptop, "demo", "--visits", "2", "--seed", "7")
    later = os.path.join(tmp, "later.xml")
    must(laptop, "export", "--output", later)
    must(hub, "devices", "revoke", fingerprint.replace(" ", "").lower())
    refused(hub, later, "was revoked", "a pack from a revoked device", "--trust-new-device")

    board = os.path.join(tmp, "board")
    hub_pack = os.path.join(tmp, "hub.xml")
    must(hub, "export", "--output", hub_pack)
    ok("<revocations>" in read(hub_pack), "the hub's pack carries the revocation")
    code, said = verify(hub_pack)
    ok(code == 0, "pack-verify.py: the revocation is signed with the rest")
    done = run(board, "import", "--trust-new-device", hub_pack)
    ok(done.returncode == 0, f"the board trusts the hub and imports its pack: {done.stdout.strip()} {done.stderr.strip()}")
    listed = must(board, "devices", "list")
    ok(listed.splitlines()[0].split() == ["FINGERPRINT", "TRUST", "DEVICE", "SINCE"], "devices list: its first line")
    ok(any(line.startswith(fingerprint) and " revoked " in line for line in listed.splitlines()),
       f"the board has the laptop's key revoked too:\n{listed}")
    refused(board, later, "was revoked", "the revoked laptop's pack, on the board", "--trust-new-device")

    print(f"1..{n_checks}")
finally:
    shutil.rmtree(tmp, ignore_errors=True)
