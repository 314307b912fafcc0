"""Which requirements of each function the interpreter cannot find (standard library only).

Reads JSON from stdin: [{"id": "<function>", "taskRoot": "<dir>", "names": ["boto3", ...]}]
and prints JSON: {"<function>": ["<missing name>", ...]}. A name counts as present when an
installed distribution has it, looking first in the function's task root (vendored packages, a
`sam build` artifact) as Lambda's sys.path does.
"""
import json
import sys

try:
    from importlib import metadata
except ImportError:  # Python < 3.8
    metadata = None


def missing(task_root, names):
    if metadata is None:
        return []
    path = [task_root] + sys.path
    absent = []
    for name in names:
        found = any(True for _ in metadata.distributions(name=name, path=path))
        if not found:
            absent.append(name)
    return absent


def main():
    functions = json.load(sys.stdin)
    print(json.dumps({f["id"]: missing(f["taskRoot"], f["names"]) for f in functions}))


main()
