# tests/reliability.mk: contributed tests (see Makefile.am)
