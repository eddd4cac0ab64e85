# tests/support.mk: contributed sources (see Makefile.am)
