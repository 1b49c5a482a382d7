"""credscope's data files (taxonomy, cues, trained weights, reference data, the demo sample).

A folder in the repository, installed as the package `credscope_data` so that
`importlib.resources.files("credscope_data")` finds it; code reads it through
`analyzer.paths.data_dir()`.
"""
