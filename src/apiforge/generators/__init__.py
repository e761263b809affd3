"""One module per kind of generator, each with one planning function: read what it needs of
the project, render its blueprints (`blueprints/<kind>/`) with `rendering.blueprint_context`,
edit the user's files in memory, and return the changes; nothing is written here.

`add.run` turns those changes into a plan, applies it all at once and reports; the steps the
generators share are in `steps`. The recipe for a new kind is in docs/contributing.md.
"""
