#!/usr/bin/env python3
"""Checks the Kubernetes manifests of Documentation/ScaleOut.md field by field.

    python3 Tools/kubernetes/validate.py

No cluster runs here, so this validates what a cluster would be given, not what it does:
each file's apiVersion and kind; the simulation an Indexed Job whose completions are the
shard count, with backoffLimitPerIndex (and no Job-wide backoffLimit that would stop every
shard after a few failures), maxFailedIndexes and restartPolicy Never; the results claim
ReadWriteMany and mounted by every Job; every Job on the image Deploy/Containerfile's header
and the document tag; the re-run Job the simulation's own command with JOB_COMPLETION_INDEX
set; the merge Job reading what the shards write; and the simulation the same as the Slurm
recipe's (exercise, players, seed, runs, shards). The document's blocks equal these files
(Tools/slurm/docblock.py --files, run here too). Needs PyYAML.
"""
import os
import re
import shlex
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOC = os.path.join(ROOT, "Documentation", "ScaleOut.md")
FOLDER = os.path.join(ROOT, "Deploy", "kubernetes")
faults = []


def check(condition, where, message):
    if not condition:
        faults.append(f"{where}: {message}")
    return condition


def load(name):
    path = os.path.join(FOLDER, name)
    with open(path, encoding="utf-8") as f:
        documents = [d for d in yaml.safe_load_all(f) if d is not None]
    if len(documents) != 1:
        sys.exit(f"validate: {path}: expected one manifest, found {len(documents)}")
    return f"Deploy/kubernetes/{name}", documents[0]


def get(value, *keys):
    for key in keys:
        if isinstance(key, int):
            value = value[key] if isinstance(value, list) and len(value) > key else None
        else:
            value = value.get(key) if isinstance(value, dict) else None
    return value


def job(where, manifest, name):
    check(manifest.get("apiVersion") == "batch/v1", where, "apiVersion is not batch/v1")
    check(manifest.get("kind") == "Job", where, "kind is not Job")
    check(get(manifest, "metadata", "name") == name, where, f"metadata.name is not '{name}'")
    pod = get(manifest, "spec", "template", "spec") or {}
    check(pod.get("restartPolicy") == "Never", where, "restartPolicy is not Never")
    containers = pod.get("containers") or []
    check(len(containers) == 1, where, "expected one container")
    return get(manifest, "spec") or {}, pod, (containers or [{}])[0]


def script(where, container):
    """The shell line a container runs: /bin/sh -c and one argument."""
    check(container.get("command") == ["/bin/sh", "-c"], where, "command is not [/bin/sh, -c]")
    args = container.get("args") or []
    check(len(args) == 1, where, "args is not one shell line")
    return " ".join(str(args[0]).split()) if args else ""


def env(container):
    return {e.get("name"): e.get("value") for e in container.get("env") or []}


def mounts(where, pod, container, claim):
    volumes = {v.get("name"): get(v, "persistentVolumeClaim", "claimName") for v in pod.get("volumes") or []}
    mounted = {m.get("name"): m.get("mountPath") for m in container.get("volumeMounts") or []}
    names = [n for n, c in volumes.items() if c == claim]
    check(len(names) == 1, where, f"no volume from the claim '{claim}'")
    return mounted.get(names[0]) if names else None


def options(line, command):
    """The flags of `exec cdx COMMAND POSITIONAL --flag value …` as a dict, with the positional."""
    index = "$((JOB_COMPLETION_INDEX + 1))"  # one word to the shell, three to shlex
    words = [w.replace("@SHARD@", index) for w in shlex.split(line.replace(index, "@SHARD@"))]
    if words[:3] != ["exec", "cdx", command]:
        return None, {}
    positional, flags, i = [], {}, 3
    while i < len(words):
        if words[i].startswith("--") and i + 1 < len(words):
            flags[words[i]] = words[i + 1]
            i += 2
        else:
            positional.append(words[i])
            i += 1
    return positional, flags


def slurm_simulation():
    """The Slurm recipe's simulation: exercise, players, seed and the default runs and shards."""
    with open(os.path.join(ROOT, "Deploy", "slurm", "simulate.sbatch"), encoding="utf-8") as f:
        text = f.read()
    runs = re.search(r"^RUNS=\$\{RUNS:-(\d+)\}$", text, re.M)
    shards = re.search(r"^SHARDS=\$\{SHARDS:-(\d+)\}$", text, re.M)
    line = re.search(r"srun bin/cdx simulate (\S+) \\\n\s+--runs \"\$RUNS\" --players (\S+) --seed (\S+)", text)
    if not (runs and shards and line):
        sys.exit("validate: Deploy/slurm/simulate.sbatch: cannot find RUNS, SHARDS or the simulate line")
    return {"exercise": line.group(1), "players": line.group(2), "seed": line.group(3),
            "runs": runs.group(1), "shards": int(shards.group(1))}


def image_tag():
    """The tag the document's image block builds, which the Containerfile's header repeats."""
    block = subprocess.run([sys.executable, os.path.join(ROOT, "Tools", "slurm", "docblock.py"), DOC, "build:image"],
                           capture_output=True, text=True)
    if block.returncode != 0:
        sys.exit(block.stderr.strip())
    tags = re.findall(r"docker build .*-t (\S+)", block.stdout)
    if len(tags) != 1:
        sys.exit("validate: Documentation/ScaleOut.md: the image block does not build one tagged image")
    with open(os.path.join(ROOT, "Deploy", "Containerfile"), encoding="utf-8") as f:
        check(f"-t {tags[0]} " in f.read(), "Deploy/Containerfile", f"its header does not build '{tags[0]}' as the document does")
    return tags[0]


def main():
    image = image_tag()
    slurm = slurm_simulation()

    where, claim = load("results-claim.yaml")
    check(claim.get("apiVersion") == "v1" and claim.get("kind") == "PersistentVolumeClaim", where, "not a v1 PersistentVolumeClaim")
    claim_name = get(claim, "metadata", "name")
    check(get(claim, "spec", "accessModes") == ["ReadWriteMany"], where, "accessModes is not [ReadWriteMany]")
    check(get(claim, "spec", "resources", "requests", "storage") is not None, where, "no storage request")

    where, manifest = load("simulate-job.yaml")
    spec, pod, container = job(where, manifest, "cdx-simulate-shared-vendor")
    check(spec.get("completionMode") == "Indexed", where, "completionMode is not Indexed")
    check(spec.get("completions") == slurm["shards"], where, f"completions is not the Slurm recipe's {slurm['shards']} shards")
    check(isinstance(spec.get("parallelism"), int) and spec["parallelism"] >= 1, where, "no parallelism")
    check(isinstance(spec.get("backoffLimitPerIndex"), int) and spec["backoffLimitPerIndex"] >= 1, where, "no backoffLimitPerIndex")
    check(isinstance(spec.get("maxFailedIndexes"), int) and 1 <= spec["maxFailedIndexes"] <= spec.get("completions", 0), where,
          "maxFailedIndexes is not between 1 and completions")
    check("backoffLimit" not in spec, where, "a Job-wide backoffLimit stops every shard after that many failures anywhere")
    check(container.get("image") == image, where, f"image is not '{image}' (the document's build)")
    results = mounts(where, pod, container, claim_name)
    simulate = script(where, container)
    positional, flags = options(simulate, "simulate")
    check(positional == [slurm["exercise"]], where, f"does not simulate {slurm['exercise']} as the Slurm recipe does")
    for flag, value in [("--runs", slurm["runs"]), ("--players", slurm["players"]), ("--seed", slurm["seed"]),
                        ("--shard", f"$((JOB_COMPLETION_INDEX + 1))/{slurm['shards']}")]:
        check(flags.get(flag) == value, where, f"{flag} is '{flags.get(flag)}', not '{value}'")
    check(flags.get("--json") == f"{results}/$RUN/shard-$((JOB_COMPLETION_INDEX + 1)).json", where,
          f"--json is not {results}/$RUN/shard-N.json on the results claim")
    check(env(container).get("RUN"), where, "no RUN in env")
    run = env(container).get("RUN")

    where, manifest = load("rerun-shard.yaml")
    spec, pod, container = job(where, manifest, "cdx-simulate-shared-vendor-index-@INDEX@")
    check(spec.get("completionMode", "NonIndexed") == "NonIndexed", where,
          "an Indexed Job would set JOB_COMPLETION_INDEX itself (to 0), not to the shard's index")
    check(spec.get("completions") == 1, where, "completions is not 1")
    check(container.get("image") == image, where, f"image is not '{image}'")
    check(env(container) == {"RUN": run, "JOB_COMPLETION_INDEX": "@INDEX@"}, where,
          f"env is not RUN={run} and JOB_COMPLETION_INDEX=@INDEX@")
    check(script(where, container) == simulate, where, "does not run the simulation Job's command")
    check(mounts(where, pod, container, claim_name) == results, where, f"does not mount the claim at {results}")

    where, manifest = load("merge-job.yaml")
    spec, pod, container = job(where, manifest, "cdx-merge-shared-vendor")
    check(spec.get("backoffLimit") == 0, where, "backoffLimit is not 0 (a refused merge fails the same way again)")
    check(container.get("image") == image, where, f"image is not '{image}'")
    check(env(container) == {"RUN": run}, where, f"env is not RUN={run}")
    check(mounts(where, pod, container, claim_name) == results, where, f"does not mount the claim at {results}")
    check(script(where, container) == f"exec cdx merge {results}/$RUN/shard-*.json --json {results}/$RUN/all.json", where,
          "does not merge the shards' files into all.json beside them")

    same = subprocess.run([sys.executable, os.path.join(ROOT, "Tools", "slurm", "docblock.py"), "--files", DOC],
                          capture_output=True, text=True)
    check(same.returncode == 0, "Documentation/ScaleOut.md", same.stderr.strip())
    for name in ["results-claim.yaml", "simulate-job.yaml", "rerun-shard.yaml", "merge-job.yaml"]:
        check(f"<!-- kubernetes: Deploy/kubernetes/{name} -->" in open(DOC, encoding="utf-8").read(),
              "Documentation/ScaleOut.md", f"does not show Deploy/kubernetes/{name}")

    if faults:
        print("\n".join(faults), file=sys.stderr)
        sys.exit(1)
    print(f"the Kubernetes manifests are consistent: {slurm['shards']} indexed shards with backoffLimitPerIndex, "
          f"a ReadWriteMany claim, {image}, a re-run Job and a merge Job (validated, not run)")


if __name__ == "__main__":
    main()
