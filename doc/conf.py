# SPDX-License-Identifier: GPL-2.0-only
# Sphinx configuration for building the sagin manual on its own (the CTest sagin-manual-html:
# sphinx-build -W -b html doc <out>). In an ns-3 tree the chapter is also part of ns-3's
# model library, whose own conf.py applies there.
project = "sagin"
copyright = "the sagin authors, GPL-2.0-only"
root_doc = "sagin"
# Included into sagin.rst, not documents of their own.
exclude_patterns = ["run-store-schema.rst", "sagin-attributes.rst", "replace.txt"]
highlight_language = "cpp"
extensions = ["sphinx.ext.mathjax"]
