"""The hooks of .pre-commit-hooks.yaml, run as pre-commit would run them.

Usage: pre_commit_hooks_test.py SOURCE_DIR KBCHECK. Parses the hooks file, checks each
hook's keys, then runs its entry (with `kbcheck` replaced by the built binary) from the
source tree: on kb/ (exit 0 expected) and on a copy of kb/ with a broken record (exit 1).
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

import yaml

source, kbcheck = sys.argv[1], sys.argv[2]
with open(os.path.join(source, ".pre-commit-hooks.yaml"), encoding="utf-8") as f:
    hooks = {h["id"]: h for h in yaml.safe_load(f)}
assert set(hooks) == {"kbcheck-lint", "kbcheck-check"}, hooks.keys()
for h in hooks.values():
    for key in ("id", "name", "entry", "language"):
        assert isinstance(h.get(key), str) and h[key], (h["id"], key)
    assert h["language"] == "system", h
assert hooks["kbcheck-lint"].get("pass_filenames", True) is True
assert hooks["kbcheck-check"]["pass_filenames"] is False


def run_hook(hook, cwd):
    """Runs `hook` in `cwd` on every file there that its `files` pattern matches."""
    argv = shlex.split(hook["entry"])
    assert argv[0] == "kbcheck", argv
    argv[0] = kbcheck
    pattern = re.compile(hook.get("files", ""))
    files = []
    for root, _, names in os.walk(os.path.join(cwd, "kb")):
        for n in names:
            rel = os.path.relpath(os.path.join(root, n), cwd).replace(os.sep, "/")
            if pattern.search(rel):
                files.append(rel)
    assert files, "the files pattern matches nothing in kb/"
    if hook.get("pass_filenames", True):
        argv += sorted(files)
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True)


for hook in hooks.values():
    r = run_hook(hook, source)
    assert r.returncode == 0, (hook["id"], r.returncode, r.stdout, r.stderr)

# The hooks can fail: a record with a schema error makes both exit 1.
with tempfile.TemporaryDirectory() as tmp:
    shutil.copytree(os.path.join(source, "kb"), os.path.join(tmp, "kb"))
    with open(os.path.join(tmp, "kb", "genes", "ZZBAD.yaml"), "w", encoding="utf-8") as f:
        f.write("kind: gene\nid: ZZBAD\nbogus_field: 1\n")
    for hook in hooks.values():
        r = run_hook(hook, tmp)
        assert r.returncode == 1, (hook["id"], r.returncode, r.stdout, r.stderr)
        assert "kb/genes/ZZBAD.yaml" in r.stdout, (hook["id"], r.stdout)
print("ok")
