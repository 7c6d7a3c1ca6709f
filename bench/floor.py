"""The floor: start Python, import yaml, parse every YAML file of a tree with libyaml's C loader.

    python bench/floor.py PLANS

Nothing else: no validation, no model. Whatever dagov does costs this much at least.
"""

import os
import sys

import yaml

root = sys.argv[1]
documents = 0
for folder, subfolders, files in os.walk(root):
    subfolders.sort()
    for name in sorted(files):
        if name.endswith(".yaml"):
            with open(os.path.join(folder, name), "rb") as fh:
                yaml.load(fh.read().decode("utf-8"), Loader=yaml.CSafeLoader)
            documents += 1
print(documents)
