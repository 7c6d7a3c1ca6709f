"""The strict floor: start Python, import yaml, parse every YAML file of a tree with libyaml's C loader.

    python bench/floor.py PLANS           # parse and keep nothing: the time reference
    python bench/floor.py --hold PLANS    # keep every parsed document until exit: the memory reference

Nothing else: no validation, no model, no output but the number of files. The cyclic
garbage collector is off while parsing (as dagov turns it off), so the floor pays
nothing a careful reader need pay. Whatever dagov does costs this much at least.

With --hold, every document stays in a list until the process exits: any checker
must keep what it read (cross-file rules need every file at once), so this
process's peak memory is the "held documents" figure that dagov's memory is
compared with.
"""

import gc
import os
import sys

import yaml

args = sys.argv[1:]
hold = "--hold" in args
args = [a for a in args if a != "--hold"]
if len(args) != 1:
    sys.exit("usage: python bench/floor.py [--hold] PLANS")
root = args[0]
gc.disable()
held = []
documents = 0
for folder, subfolders, files in os.walk(root):
    subfolders.sort()
    for name in sorted(files):
        if name.endswith(".yaml"):
            with open(os.path.join(folder, name), "rb") as fh:
                document = yaml.load(fh.read().decode("utf-8"), Loader=yaml.CSafeLoader)
            if hold:
                held.append(document)
            documents += 1
            del document
print(documents)
