"""The wheel's packages: analyzer, crawler, pipelines, and data/ installed as `credscope_data`.

Metadata, dependencies and tool settings live in pyproject.toml. The package layout lives here
because pyproject's `packages` is either a list or a `find` directive, and the wheel needs both:
the code packages found in the checkout, and the data/ folder mapped under the name
`credscope_data` (never a top-level package called `data`). Code finds the data through
`analyzer.paths.data_dir()`.
"""

from setuptools import find_packages, setup

CODE_PACKAGES = find_packages(include=["analyzer*", "crawler*", "pipelines*"])

setup(
    packages=[*CODE_PACKAGES, "credscope_data"],
    package_dir={"credscope_data": "data"},
    package_data={
        # Everything under data/: taxonomy, cues, trained weights, sources, industries,
        # regions and the demo sample. The sample's build script stays in the repository.
        "credscope_data": ["**/*"],
        # Report assets (labels.yaml, report.css) beside the code that reads them.
        "pipelines": ["**/*.yaml", "**/*.css"],
    },
    exclude_package_data={"credscope_data": ["**/*.py", "**/*.py[co]"]},
)
