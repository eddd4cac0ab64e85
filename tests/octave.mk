# tests/octave.mk: contributed sources (see Makefile.am)
