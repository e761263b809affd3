"""`apiforge check`: the async checklist as static rules, run on any Python tree.

Stdlib and Typer only, so the command starts fast and generated projects carry the same
package (`tools/apiforge_check/`) to run it in pre-commit and CI without apiforge installed.
"""
