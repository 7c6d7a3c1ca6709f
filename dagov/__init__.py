"""dagov: inspection action plans kept as YAML files under git, checked and reported on."""

__version__ = "0.1.0"
