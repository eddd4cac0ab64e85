# tests/chaos.mk: contributed sources (see Makefile.am)
