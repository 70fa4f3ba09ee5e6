#!/usr/bin/env python3
# check-sealed-packs.py WALKROUND PACK-UNSEAL.PY PACK-VERIFY.PY
#
# Sealed packs (docs/evidence-pack.md, "Sealed packs"), from the command
# line: a pack sealed for two devices opens with build-aux/pack-unseal.py
# (PyNaCl, not the C code) into a signed pack whose visits' digests are a
# plain export's; each recipient imports it, a third database refuses it
# naming the recipients, and a flipped byte, a cut, swapped or repeated
# part, or bytes added are refused, each with the database unchanged byte
# for byte ("sqlite3 DB .dump"). A team key: made with a passphrase file,
# never over a file, refused with a wrong passphrase, installed, and then
# opening packs sealed for it. A device trusted by its fingerprint before
# its first pack; and the dry run's signer lines for many packs.

import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

WALKROUND, PACK_UNSEAL, PACK_VERIFY = sys.argv[1:4]

try:
    import nacl.bindings  # noqa: F401
except ImportError:
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", os.path.abspath(__file__), *sys.argv[1:]])
    print("1..0 # SKIP PyNaCl (python3-nacl) is not installed")
    sys.exit(0)

MAGIC = b"WALKROUND SEALED PACK\n"
n_checks = 0


def ok(condition, what):
    global n_checks
    n_checks += 1
    what = " | ".join(line for line in what.splitlines() if line.strip())   # one TAP line
    if not condition:
        print(f"not ok {n_checks} - {what}")
        sys.exit(1)
    print(f"ok {n_checks} - {what}")


def run(data_dir, *args):
    return subprocess.run([WALKROUND, *(["--data-dir", data_dir] if data_dir else []), *args], capture_output=True,
                          text=True, stdin=subprocess.DEVNULL)


def must(data_dir, *args):
    done = run(data_dir, *args)
    if done.returncode != 0:
        sys.exit(f"walkround {' '.join(args)} failed ({done.returncode}): {done.stdout}{done.stderr}")
    return done.stdout + done.stderr


def dump(data_dir):
    return subprocess.run(["sqlite3", os.path.join(data_dir, "walkround.db"), ".dump"], capture_output=True,
                          check=True).stdout


def unseal(*args):
    done = subprocess.run([sys.executable, PACK_UNSEAL, *args], capture_output=True)
    return done.returncode, done.stdout, done.stderr.decode()


def digests(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    pairs = re.findall(r'<visit uuid="([0-9a-f-]{36})".*?<digest algorithm="sha256">([0-9a-f]{64})</digest>', text,
                       re.S)
    return dict(pairs)


def fingerprint_of(key_file):
    with open(key_file, encoding="utf-8") as f:
        return re.search(r"^Fingerprint=(.*)$", f.read(), re.M).group(1)


def refused(data_dir, path, why, what, *options):
    before = dump(data_dir)
    done = run(data_dir, "import", *options, path)
    ok(done.returncode == 1 and why in done.stderr,
       f"{what}: refused, exit 1, saying why ({done.returncode}: {done.stderr.strip()[:300]})")
    ok(dump(data_dir) == before, f"{what}: the database is unchanged byte for byte")


def parts(data, n_recipients):
    """The container's header and its parts (length prefix included)."""
    at = len(MAGIC) + 2 + n_recipients * 96 + 24
    header, chunks = data[:at], []
    while at < len(data):
        (n,) = struct.unpack(">I", data[at:at + 4])
        chunks.append(data[at:at + 4 + n])
        at += 4 + n
    return header, chunks


tmp = tempfile.mkdtemp(prefix="walkround-sealed-")
try:
    laptop, hub, quality, stranger = (os.path.join(tmp, name) for name in ("laptop", "hub", "quality", "stranger"))
    must(laptop, "demo", "--visits", "24", "--seed", "5")
    laptop_key, hub_key, quality_key = (os.path.join(tmp, f"{n}.key") for n in ("laptop", "hub", "quality"))
    must(laptop, "devices", "export-key", laptop_key)
    must(hub, "devices", "export-key", hub_key)
    must(quality, "devices", "export-key", quality_key)
    must(stranger, "devices", "list")
    must(hub, "devices", "trust", laptop_key)

    plain = os.path.join(tmp, "plain.xml")
    sealed = os.path.join(tmp, "sealed.walkround")
    must(laptop, "export", "--output", plain)
    said = must(laptop, "export", "--output", sealed, "--seal-for", hub_key, "--seal-for", quality_key)
    ok(fingerprint_of(hub_key) in said and fingerprint_of(quality_key) in said,
       "export names the keys it sealed for")
    with open(sealed, "rb") as f:
        data = f.read()
    ok(data.startswith(MAGIC) and data[len(MAGIC)] == 1 and data[len(MAGIC) + 1] == 2,
       "the sealed pack starts with its magic line, version 1 and 2 recipients")
    ok(b"<visit" not in data and b"evidence-pack" not in data, "nothing of the pack shows in the sealed file")
    ok(os.stat(sealed).st_mode & 0o077 == 0, "the sealed pack is its owner's only")

    # The reference opener, from the documented container, with the hub's secret key.
    code, out, err = unseal("--recipients", sealed)
    ok(code == 0 and out.decode().split("\n")[:2] == [fingerprint_of(hub_key), fingerprint_of(quality_key)],
       f"pack-unseal.py --recipients lists both fingerprints ({out.decode().strip()})")
    opened = os.path.join(tmp, "opened.xml")
    code, out, err = unseal(os.path.join(hub, "walkround.db.device-key"), sealed, opened)
    ok(code == 0, f"pack-unseal.py opens it with the hub's key ({err.strip()})")
    ok(digests(opened) == digests(plain) and len(digests(plain)) == 24,
       "the visits' digests inside are those of a plain export")
    done = subprocess.run([sys.executable, PACK_VERIFY, "--key", laptop_key, opened], capture_output=True, text=True)
    ok(done.returncode == 0, f"the pack inside is signed by the laptop ({done.stdout.strip()}{done.stderr.strip()})")
    code, out, err = unseal(os.path.join(stranger, "walkround.db.device-key"), sealed, os.path.join(tmp, "x"))
    ok(code == 1 and fingerprint_of(hub_key) in err, "pack-unseal.py refuses a key it is not sealed for")

    # Each recipient imports it; their visits are the laptop's.
    done = run(hub, "import", "--dry-run", sealed)
    ok(done.returncode == 0 and done.stdout.startswith("24 new, 0 updated") and
       f"opened with the key {fingerprint_of(hub_key)}" in done.stdout,
       f"the hub's dry run opens it with its own key: {done.stdout.strip()}")
    done = run(hub, "import", sealed)
    ok(done.returncode == 0 and "24 new" in done.stdout, f"the hub imports it: {done.stdout.strip()}")
    done = run(quality, "import", "--trust-new-device", sealed)
    ok(done.returncode == 0 and "24 new" in done.stdout, f"the second recipient imports it: {done.stdout.strip()}")
    back = os.path.join(tmp, "back.xml")
    must(quality, "export", "--output", back)
    ok(digests(back) == digests(plain), "its visits have the digests of the laptop's plain export")

    # A report reads plain packs only, and says so of a sealed one.
    done = run(hub, "report", "--format", "csv", "--output", os.path.join(tmp, "tables"), "--pack", sealed)
    ok(done.returncode == 1 and "is a sealed pack" in done.stderr and not os.path.exists(os.path.join(tmp, "tables")),
       f"report --pack refuses a sealed pack, saying so ({done.stderr.strip()})")

    # A third database: refused, naming the recipients.
    refused(stranger, sealed, fingerprint_of(quality_key), "a pack sealed for others", "--trust-new-device")

    # Damage, on a database that would take the pack.
    fresh = os.path.join(tmp, "fresh")
    shutil.copytree(hub, fresh)
    for name in ("walkround.db-wal", "walkround.db-shm"):
        if os.path.exists(os.path.join(fresh, name)):
            os.remove(os.path.join(fresh, name))
    must(fresh, "conflicts")
    header, chunks = parts(data, 2)
    ok(len(chunks) >= 4 and b"".join([header, *chunks]) == data, f"the pack has {len(chunks)} parts as documented")

    def damaged(name, content, why, what):
        path = os.path.join(tmp, name)
        with open(path, "wb") as f:
            f.write(content)
        refused(fresh, path, why, what, "--trust-new-device")

    flipped = bytearray(data)
    flipped[len(header) + 1000] ^= 0x01
    damaged("flipped.walkround", bytes(flipped), "does not open", "one flipped byte")
    recipients = bytearray(data)
    recipients[len(MAGIC) + 2 + 96 + 3] ^= 0x01   # in the second recipient's sealed key
    damaged("recipients.walkround", bytes(recipients), "does not open", "a changed recipient entry")
    damaged("truncated.walkround", data[:-10], "cut short", "a pack cut short inside its last part")
    damaged("no-final.walkround", b"".join([header, *chunks[:-1]]), "cut short", "a pack without its FINAL part")
    damaged("swapped.walkround", b"".join([header, chunks[1], chunks[0], *chunks[2:]]), "does not open",
            "two parts swapped")
    damaged("repeated.walkround", b"".join([header, chunks[0], *chunks]), "does not open", "a part repeated")
    damaged("extra.walkround", data + b"\n", "after its last part", "bytes after the FINAL part")
    damaged("header.walkround", data[:60], "cut short", "a pack cut short in its header")

    # A team key.
    team = os.path.join(tmp, "team.key")
    team_public = os.path.join(tmp, "team.pub")
    passphrase, wrong = os.path.join(tmp, "passphrase"), os.path.join(tmp, "wrong")
    with open(passphrase, "w") as f:
        f.write("correct horse battery staple\n")
    with open(wrong, "w") as f:
        f.write("incorrect horse battery staple\n")
    said = must(None, "team-key", "create", team, "--name", "Quality team", "--passphrase-file", passphrase)
    team_fingerprint = fingerprint_of(team)
    ok(team_fingerprint in said and os.stat(team).st_mode & 0o777 == 0o600,
       "team-key create makes a key file for its owner only")
    with open(team, "rb") as f:
        team_bytes = f.read()
    done = run(None, "team-key", "create", team, "--passphrase-file", passphrase)
    with open(team, "rb") as f:
        ok(done.returncode == 1 and "already exists" in done.stderr and f.read() == team_bytes,
           "team-key create never replaces a key file")
    done = run(None, "team-key", "create", os.path.join(tmp, "x.key"))
    ok(done.returncode == 1 and "--passphrase-file" in done.stderr and not os.path.exists(os.path.join(tmp, "x.key")),
       "without a terminal or a passphrase file, nothing is made")
    must(None, "team-key", "export-public", team, team_public)
    with open(team_public, encoding="utf-8") as f:
        public_text = f.read()
    ok("Sealed" not in public_text and "Secret" not in public_text and team_fingerprint in public_text,
       "the public team key file has no secret")
    team_sealed = os.path.join(tmp, "team.walkround")
    must(laptop, "export", "--output", team_sealed, "--seal-for", team_public)

    office = os.path.join(tmp, "office")
    must(office, "devices", "trust", laptop_key)
    refused(office, team_sealed, team_fingerprint, "a team's pack before its key is installed")
    before = dump(office)
    done = run(office, "team-key", "install", team, "--passphrase-file", wrong)
    ok(done.returncode == 1 and "passphrase" in done.stderr and dump(office) == before and
       not os.path.exists(os.path.join(office, "walkround.db.team-keys", team_fingerprint.replace(" ", "") + ".key")),
       f"a wrong passphrase is refused and installs nothing ({done.stderr.strip()})")
    done = run(office, "team-key", "install", team_public, "--passphrase-file", passphrase)
    ok(done.returncode == 1 and "public key only" in done.stderr, "a public team key file cannot be installed")
    must(office, "team-key", "install", team, "--passphrase-file", passphrase)
    installed = os.path.join(office, "walkround.db.team-keys", team_fingerprint.replace(" ", "") + ".key")
    ok(os.stat(installed).st_mode & 0o777 == 0o600, "the installed team key is its owner's only")
    ok(team_fingerprint in must(office, "team-key", "list"), "team-key list shows it")
    done = run(office, "import", team_sealed)
    ok(done.returncode == 0 and "24 new" in done.stdout, f"the team's pack opens once installed: {done.stdout.strip()}")
    code, out, err = unseal("--passphrase-file", passphrase, team, team_sealed, os.path.join(tmp, "team.xml"))
    ok(code == 0 and digests(os.path.join(tmp, "team.xml")) == digests(plain),
       "pack-unseal.py opens it with the team key file and its passphrase")
    code, out, err = unseal("--passphrase-file", wrong, team, team_sealed, os.path.join(tmp, "team2.xml"))
    ok(code == 1 and not os.path.exists(os.path.join(tmp, "team2.xml")), "and not with a wrong passphrase")

    # Trust by fingerprint, before the first pack.
    awaiting = os.path.join(tmp, "awaiting")
    laptop_fingerprint = fingerprint_of(laptop_key)
    said = must(awaiting, "devices", "trust", "--fingerprint", laptop_fingerprint.lower().replace(" ", ""))
    ok(laptop_fingerprint in said and laptop_fingerprint in must(awaiting, "devices", "list"),
       "devices trust --fingerprint records the fingerprint, as shown")
    done = run(awaiting, "devices", "trust", "--fingerprint", "not a fingerprint")
    ok(done.returncode == 1 and "not a fingerprint" in done.stderr, "a mistyped fingerprint is refused")
    done = run(awaiting, "import", "--dry-run", plain)
    ok(done.returncode == 0 and done.stdout.startswith("24 new") and "by its fingerprint" in done.stdout,
       f"a dry run says the signer is trusted by its fingerprint: {done.stdout.strip()}")
    done = run(awaiting, "import", plain)
    ok(done.returncode == 0 and "24 new" in done.stdout, f"its first pack is imported without asking: {done.stdout.strip()}")
    listed = must(awaiting, "devices", "list")
    ok(re.search(re.escape(laptop_fingerprint) + r"\s+trusted\s+[0-9a-f-]{36}", listed) is not None and
       "no pack from it yet" not in listed, f"and its key is recorded with its device: {listed.strip()}")

    # The dry run's lines for many packs: each pack's counts, then who signed it.
    many = os.path.join(tmp, "many")
    must(many, "devices", "export-key", os.path.join(tmp, "many.key"))
    must(many, "team-key", "install", team, "--passphrase-file", passphrase)
    done = run(many, "import", "--dry-run", plain, team_sealed, sealed)
    lines = done.stdout.splitlines()
    ok(lines[0] == f"{plain}: 24 new, 0 updated, 0 unchanged, 0 conflicts" and
       lines[1].startswith(f"{plain}: signed by device ") and "unknown here" in lines[1] and
       laptop_fingerprint in lines[1] and "would trust it and import what is said above" in lines[1],
       f"each pack: its counts first, then its signer, unknown, and what trusting it imports: {lines[:2]}")
    ok(f"{team_sealed}: sealed; opened with the key {team_fingerprint}" in lines,
       "a sealed pack says which key here opened it")
    ok(done.returncode == 1 and f"{sealed}: refused" in done.stderr and fingerprint_of(hub_key) in done.stderr,
       "a pack sealed for others is refused among them, naming its recipients")
    must(many, "devices", "trust", laptop_key)
    must(many, "devices", "revoke", laptop_fingerprint)
    done = run(many, "import", "--dry-run", plain, team_sealed)
    ok(f"{plain}: signed by device " in done.stdout and "revoked here" in done.stdout,
       f"a revoked device's pack says so: {done.stdout.strip()}")

    print(f"1..{n_checks}")
finally:
    shutil.rmtree(tmp, ignore_errors=True)
