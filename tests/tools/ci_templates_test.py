"""The CI templates of docs/ci/, run in a temporary git repository so they cannot rot.

Usage: ci_templates_test.py SOURCE_DIR KBCHECK. Parses docs/ci/github-actions.yml and
docs/ci/gitlab-ci.yml as YAML, then runs the GitHub steps that have an `id` and the
GitLab job's `script` (with `kbcheck` on PATH being the built binary) in a clone of a
small KB repository: on a merge request that adds an error (the gate fails on it, and
only on it; the old finding in the baseline stays quiet; the reports are complete) and
on a clean one (everything passes).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

source, kbcheck = sys.argv[1], os.path.abspath(sys.argv[2])
if shutil.which("git") is None:
    print("SKIP: git is not installed")
    sys.exit(0)

with open(os.path.join(source, "docs/ci/github-actions.yml"), encoding="utf-8") as f:
    github = yaml.safe_load(f)
with open(os.path.join(source, "docs/ci/gitlab-ci.yml"), encoding="utf-8") as f:
    gitlab = yaml.safe_load(f)

steps = {s["id"]: s for s in github["jobs"]["kbcheck"]["steps"] if "id" in s}
assert set(steps) == {"gate", "gate-main", "sarif", "diff"}, steps.keys()
uses = [s.get("uses", "") for s in github["jobs"]["kbcheck"]["steps"]]
assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses), uses
assert any(u.startswith("actions/cache@") for u in uses), uses
job = gitlab["kbcheck"]
assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json", job

GITHUB_CONTEXT = {"github.base_ref": "main"}

MANIFEST = "kind: knowledge-base\nid: test-kb\nname: Test KB\nversion: 0.1.0\nformat: 1\n"
RECORDS = {
    "kb/kb.yaml": MANIFEST,
    "kb/genes/CYP19A1.yaml": "kind: gene\nid: CYP19A1\nname: aromatase\n",
    "kb/variants/rs4646.yaml": "kind: variant\nid: rs4646\ngene: CYP19A1\nalleles: [C, A]\n",
    "kb/drugs/anastrozole.yaml": "kind: drug\nid: anastrozole\nname: Anastrozole\n",
    "kb/phenotypes/ttp.yaml": "kind: phenotype\nid: time-to-progression\nlabel: Time to progression\n",
    # The cited PMID's PubMed record, so the KB has a cache and KB3006 stays quiet.
    "kb/citations/pubmed/24065098.xml": (
        '<?xml version="1.0" ?>\n<PubmedArticleSet>\n<PubmedArticle>\n<MedlineCitation>\n'
        '<PMID Version="1">24065098</PMID>\n<Article>\n<Journal><JournalIssue><PubDate><Year>2013</Year>'
        '</PubDate></JournalIssue><Title>A journal</Title></Journal>\n<ArticleTitle>A study.</ArticleTitle>\n'
        '</Article>\n</MedlineCitation>\n</PubmedArticle>\n</PubmedArticleSet>\n'),
}


def evidence(rid, direction):
    return ("kind: evidence\nid: %s\nstatus: accepted\nvariant: rs4646\nallele: A\n"
            "drug: anastrozole\nphenotype: time-to-progression\ncategory: efficacy\n"
            "direction: %s\nlevel: \"3\"\ncitation:\n  pmid: 24065098\n" % (rid, direction))


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def run(argv, cwd, env, check=True):
    r = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
    if check:
        assert r.returncode == 0, (argv, r.returncode, r.stdout, r.stderr)
    return r


def make_repo(tmp, env, pr_record, pr_rebaselines=False):
    """A bare origin with main (a KB with an old error and its baseline) and a clone on a
    PR branch that adds `pr_record` (rel, text), and with `pr_rebaselines` also rewrites
    the baseline to hide what it adds. Returns the clone's path."""
    origin, seed, work = (os.path.join(tmp, n) for n in ("origin.git", "seed", "work"))
    run(["git", "init", "-q", "--bare", origin], tmp, env)
    run(["git", "init", "-q", seed], tmp, env)
    for rel, text in RECORDS.items():
        write(seed, rel, text)
    write(seed, "kb/evidence/EV0001.yaml", evidence("EV0001", "increased"))
    write(seed, "kb/evidence/EV0002.yaml", evidence("EV0002", "up"))  # the old finding
    run([kbcheck, "check", "kb", "--write-baseline", "kb-baseline.json"], seed, env)
    run(["git", "add", "-A"], seed, env)
    run(["git", "commit", "-q", "-m", "base"], seed, env)
    run(["git", "push", "-q", origin, "HEAD:main"], seed, env)
    run(["git", "clone", "-q", origin, work], tmp, env)
    run(["git", "checkout", "-q", "-b", "pr"], work, env)
    write(work, *pr_record)
    if pr_rebaselines:
        run([kbcheck, "check", "kb", "--write-baseline", "kb-baseline.json"], work, env)
    run(["git", "add", "-A"], work, env)
    run(["git", "commit", "-q", "-m", "pr"], work, env)
    return work


def github_env(base_env, step, tmp):
    env = dict(base_env)
    env.update({k: str(v) for k, v in github.get("env", {}).items()})
    for k, v in step.get("env", {}).items():
        env[k] = re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: GITHUB_CONTEXT[m.group(1)], v)
    env["GITHUB_STEP_SUMMARY"] = os.path.join(tmp, "summary.md")
    env["RUNNER_TEMP"] = os.path.join(tmp, "runner-temp")
    os.makedirs(env["RUNNER_TEMP"], exist_ok=True)
    return env


def run_github_step(step_id, work, base_env, tmp):
    step = steps[step_id]
    assert "${{" not in step["run"], (step_id, "keep expressions in env:")
    return run(["bash", "-e", "-c", step["run"]], work, github_env(base_env, step, tmp), check=False)


def run_gitlab_job(work, base_env):
    env = dict(base_env)
    env.update({k: str(v) for k, v in job["variables"].items()})
    env["CI_MERGE_REQUEST_TARGET_BRANCH_NAME"] = "main"
    return run(["bash", "-e", "-c", "\n".join(job["script"])], work, env, check=False)


def scenario(pr_record, expect_gate, pr_rebaselines=False):
    with tempfile.TemporaryDirectory() as tmp:
        bin_dir = os.path.join(tmp, "bin")
        os.makedirs(bin_dir)
        os.symlink(kbcheck, os.path.join(bin_dir, "kbcheck"))
        gitconfig = os.path.join(tmp, "gitconfig")
        with open(gitconfig, "w", encoding="utf-8") as f:
            f.write("[user]\n\tname = kbtest\n\temail = kbtest@example.org\n"
                    "[init]\n\tdefaultBranch = main\n")
        env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"],
                   GIT_CONFIG_GLOBAL=gitconfig, GIT_CONFIG_NOSYSTEM="1", NO_COLOR="1")
        work = make_repo(tmp, env, pr_record, pr_rebaselines)

        gate = run_github_step("gate", work, env, tmp)
        assert gate.returncode == expect_gate, ("gate", gate.returncode, gate.stdout, gate.stderr)
        assert "EV0002" not in gate.stdout, gate.stdout  # old, in the baseline, unchanged
        if expect_gate == 1:
            assert "::error file=kb/evidence/EV0003.yaml" in gate.stdout, gate.stdout
        assert "suppressed by the baseline" in gate.stdout, gate.stdout

        main = run_github_step("gate-main", work, env, tmp)
        assert main.returncode == (0 if pr_rebaselines else expect_gate), ("gate-main", main.stdout, main.stderr)

        sarif = run_github_step("sarif", work, env, tmp)
        assert sarif.returncode == 0, ("sarif", sarif.stdout, sarif.stderr)
        with open(os.path.join(work, "kbcheck.sarif"), encoding="utf-8") as f:
            results = json.load(f)["runs"][0]["results"]
        assert len(results) == 1 + expect_gate, results  # every finding, old ones too

        diff = run_github_step("diff", work, env, tmp)
        assert diff.returncode == 0, ("diff", diff.stdout, diff.stderr)
        with open(os.path.join(tmp, "summary.md"), encoding="utf-8") as f:
            summary = f.read()
        assert summary.startswith("## KB changes against main\n"), summary
        assert "kbcheck diff failed" not in summary, summary
        assert "EV0003" in summary, summary
        assert run(["git", "worktree", "list"], work, env).stdout.count("\n") == 1

        lab = run_gitlab_job(work, env)
        assert lab.returncode == expect_gate, ("gitlab", lab.returncode, lab.stdout, lab.stderr)
        assert "EV0002" not in lab.stdout, lab.stdout
        with open(os.path.join(work, "gl-code-quality-report.json"), encoding="utf-8") as f:
            issues = json.load(f)
        assert len(issues) == 1 + expect_gate, issues
        assert all(i["location"]["path"].startswith("kb/") for i in issues), issues


scenario(("kb/evidence/EV0003.yaml", evidence("EV0003", "sideways")), 1)
scenario(("kb/evidence/EV0003.yaml", evidence("EV0003", "increased")), 0)
# A pull request that adds its new error to the baseline still fails: the gate reads the
# base branch's baseline.
scenario(("kb/evidence/EV0003.yaml", evidence("EV0003", "sideways")), 1, pr_rebaselines=True)
print("ok")
