# tests/tools.mk: contributed sources (see Makefile.am)
